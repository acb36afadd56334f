import { describe, expect, it } from 'vitest';
import { changePreferences, isSettingsKeyword, parsePreferenceChange } from '../../functions/core/preferences';
import { rateFromLink, resumeAfterCorrection } from '../../functions/core/ratings';
import { checkTimeZone } from '../../functions/core/time-zones';
import { memoryFixture, subscriber } from '../support/enrolment-fixture';

/** core/preferences.ts and the corrected-score resume, on MemoryStore with a ManualClock (T0 = Monday 2 March 2026, 09:00 UTC). */

const form = (o: Record<string, string>) => new URLSearchParams(o);

describe('preferences', () => {
  it('moves the next send to the new time on the same local day, never two in a day', async () => {
    const f = memoryFixture();
    const sub = subscriber({ channel: 'email', address: 'a@example.com' }); // next: Tuesday 07:30 London
    await f.store.createSubscriber(sub);
    const r = await changePreferences(f.ctx, sub.id, { kind: 'schedule', sendAt: '18:30', timezone: 'Europe/Paris' });
    expect(r.ok && r.sub.nextSendAt).toBe('2026-03-03T17:30:00.000Z'); // Tuesday, not Monday evening
    expect(r.ok && r.said).toMatch(/Tuesday 3 March at 18:30 \(Europe\/Paris\)/);
    expect(r.ok && r.sub.changeNote).toMatch(/18:30/);
  });

  it('a break restarts by itself on the day it names; not after a safety pause', async () => {
    const f = memoryFixture();
    const sub = subscriber({ channel: 'email', address: 'b@example.com' });
    await f.store.createSubscriber(sub);
    const r = await changePreferences(f.ctx, sub.id, { kind: 'break', days: 2 });
    expect(r.ok && r.sub.status).toBe('active');
    expect(r.ok && r.sub.nextSendAt).toBe('2026-03-05T07:30:00.000Z'); // Tuesday's send + 2 days
    expect(r.ok && r.sub.pausedUntil).toBe('2026-03-05T07:30:00.000Z');

    const safe = subscriber({ channel: 'email', address: 'c@example.com', status: 'paused', pausedReason: 'safety', nextSendAt: undefined });
    await f.store.createSubscriber(safe);
    expect(await changePreferences(f.ctx, safe.id, { kind: 'break', days: 2 })).toMatchObject({ ok: false, reason: 'safety-pause' });
    expect(await changePreferences(f.ctx, safe.id, { kind: 'break', until: '2026-01-01' })).toMatchObject({ ok: false });
  });

  it('refuses a lost race instead of overwriting (version-conditional write)', async () => {
    const f = memoryFixture();
    const sub = subscriber({ channel: 'email', address: 'd@example.com' });
    await f.store.createSubscriber(sub);
    const real = f.store.updateSubscriber.bind(f.store);
    // Someone else writes between our read and our write.
    f.store.updateSubscriber = async (id, expect, patch) => {
      await real(id, {}, { set: { level: 'moderate' } });
      f.store.updateSubscriber = real;
      return real(id, expect, patch);
    };
    expect(await changePreferences(f.ctx, sub.id, { kind: 'level', level: 'active' })).toMatchObject({ ok: false, reason: 'busy' });
    expect((await f.store.getSubscriber(sub.id))?.level).toBe('moderate');
  });

  it('names the field in plain words', () => {
    expect(parsePreferenceChange(form({ action: 'schedule', sendAt: '7', timezone: 'EST' }))).toEqual({
      ok: false,
      fields: { sendAt: expect.stringMatching(/^Send time: .*07:30/), timezone: expect.stringMatching(/^Time zone: .*America\/New_York/) },
    });
    expect(parsePreferenceChange(form({ action: 'break', days: '500' }))).toMatchObject({ ok: false, fields: { days: expect.stringMatching(/^Days:/) } });
    expect(checkTimeZone('Etc/GMT+5').ok).toBe(false);
    expect(checkTimeZone('America/Argentina/Buenos_Aires').ok).toBe(true);
    expect(isSettingsKeyword(' Settings ')).toBe(true);
    expect(isSettingsKeyword('settings are confusing, stop')).toBe(false);
  });
});

describe('a corrected score', () => {
  it("offers resume only when that day's score alone paused the program", async () => {
    const f = memoryFixture();
    const sub = subscriber({ channel: 'email', address: 'e@example.com' });
    await f.store.createSubscriber(sub);
    expect(await rateFromLink(f.ctx, sub.id, 4, 9)).toMatchObject({ escalation: 'safety' });
    expect((await f.store.getSubscriber(sub.id))?.pausedForDay).toBe(4);
    expect(await rateFromLink(f.ctx, sub.id, 4, 3)).toMatchObject({ kind: 'recorded', replaced: 9 });
    expect(await resumeAfterCorrection(f.ctx, sub.id, 3)).toBe('not-allowed'); // another day's link
    expect(await resumeAfterCorrection(f.ctx, sub.id, 4)).toBe('done');
    expect((await f.store.getSubscriber(sub.id))?.status).toBe('active');
  });

  it('never after a red flag', async () => {
    const f = memoryFixture();
    const sub = subscriber({ channel: 'email', address: 'f@example.com' });
    await f.store.createSubscriber(sub);
    const { escalateRedFlag } = await import('../../functions/core/ratings');
    await rateFromLink(f.ctx, sub.id, 4, 9);
    await escalateRedFlag(f.ctx, (await f.store.getSubscriber(sub.id))!, false);
    expect((await f.store.getSubscriber(sub.id))?.pausedForDay).toBeUndefined();
    const r = await rateFromLink(f.ctx, sub.id, 4, 3);
    expect(r).toMatchObject({ kind: 'recorded' });
    expect(r).not.toHaveProperty('replaced');
    expect(await resumeAfterCorrection(f.ctx, sub.id, 4)).toBe('not-allowed');
  });
});

describe('switching channel', () => {
  it('moves nothing until the new number confirms; a safety pause taken meanwhile moves with it', async () => {
    const { requestChannelSwitch } = await import('../../functions/core/channel-switch');
    const { confirmSubscriber } = await import('../../functions/core/enrolment');
    const { subscriberIdFor } = await import('../../functions/core/identifiers');
    const { PEPPER } = await import('../support/enrolment-fixture');
    const f = memoryFixture();
    const sub = subscriber({ channel: 'email', address: 'g@example.com', programDay: 9 });
    await f.store.createSubscriber(sub);
    expect(await requestChannelSwitch(f.ctx, sub, { channel: 'sms', address: '+447700900123' })).toMatchObject({ ok: true });
    const newId = subscriberIdFor('sms', '+447700900123', PEPPER);
    expect((await f.store.getSubscriber(newId))?.status).toBe('pending');
    expect((await f.store.getSubscriber(sub.id))?.status).toBe('active');

    await rateFromLink(f.ctx, sub.id, 8, 9); // the old program pauses for safety before the confirm
    expect(await confirmSubscriber(f.ctx, newId)).toBe('confirmed');
    const moved = await f.store.getSubscriber(newId);
    expect(moved).toMatchObject({ status: 'paused', pausedReason: 'safety', programDay: 9 });
    expect(moved?.movedFrom).toBeUndefined();
    expect((await f.store.listRatings(newId)).map((r) => r.score)).toEqual([9]);
    expect((await f.store.getSubscriber(sub.id))?.status).toBe('unsubscribed');
  });

  it('refuses an address that has its own subscription, and a paused program', async () => {
    const { requestChannelSwitch } = await import('../../functions/core/channel-switch');
    const f = memoryFixture();
    const a = subscriber({ channel: 'email', address: 'h@example.com' });
    const b = subscriber({ channel: 'sms', address: '+447700900124' });
    await f.store.createSubscriber(a);
    await f.store.createSubscriber(b);
    expect(await requestChannelSwitch(f.ctx, a, { channel: 'sms', address: '+447700900124' })).toMatchObject({
      ok: false,
      said: expect.stringMatching(/already has/),
    });
    expect((await f.store.getSubscriber(b.id))?.status).toBe('active');
    const paused = { ...a, status: 'paused' as const };
    expect(await requestChannelSwitch(f.ctx, paused, { channel: 'sms', address: '+447700900125' })).toMatchObject({ ok: false });
  });
});
