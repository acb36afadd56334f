import { describe, expect, it } from 'vitest';
import { decideAfterDay } from '../../functions/core/adaptive';
import { applyBandFeedback, changeBand, decideFeedback } from '../../functions/core/band-changes';
import { deliverJob } from '../../functions/core/deliver';
import type { RenderRequest } from '../../functions/core/messages';
import type { PainRating } from '../../functions/core/model';
import { ManualClock } from '../../local/manual-clock';
import { MemoryStore } from '../../local/memory-store';
import { subscriber, testDelivery, textRenderer } from '../support/delivery';

const rating = (programDay: number, score: number): PainRating => ({
  subscriberId: 's_x',
  programDay,
  score,
  at: '2026-03-01T08:00:00.000Z',
  source: 'link',
  redFlag: false,
});
const hardWeek = [1, 2, 3, 4, 5, 6, 7].map((d) => rating(d, d === 3 ? 7 : 3));
const DAY = 24 * 3600 * 1000;

describe('a hard week steps positions down before it repeats the week', () => {
  it('standard band: the next week goes on with easier positions, not a repeat', () => {
    const d = decideAfterDay({ programDay: 7, level: 'moderate', band: 'standard' }, hardWeek);
    expect(d).toMatchObject({ kind: 'step-down', band: 'easier' });
  });

  it('fuller steps to standard; easier and chair repeat the week as before', () => {
    expect(decideAfterDay({ programDay: 7, level: 'moderate', band: 'fuller' }, hardWeek)).toMatchObject({ kind: 'step-down', band: 'standard' });
    expect(decideAfterDay({ programDay: 7, level: 'moderate', band: 'easier' }, hardWeek)).toMatchObject({ kind: 'repeat', repeats: 1 });
    expect(decideAfterDay({ programDay: 7, level: 'moderate', band: 'chair' }, hardWeek)).toMatchObject({ kind: 'repeat', repeats: 1 });
    expect(decideAfterDay({ programDay: 7, level: 'moderate' }, hardWeek)).toMatchObject({ kind: 'repeat' });
  });

  it('through the sender: week 3 is sent at the easier band, the change is recorded, a second hard week repeats', async () => {
    const t = testDelivery();
    const requests: RenderRequest[] = [];
    t.ctx.renderer = { render: (req) => (requests.push(req), textRenderer.render(req)) };
    const s = subscriber({ level: 'moderate', band: 'standard' });
    await t.store.createSubscriber(s);
    for (let i = 0; i < 24; i++) {
      const sub = (await t.store.getSubscriber(s.id))!;
      t.clock.set(Date.parse(sub.nextSendAt!));
      expect((await deliverJob(t.ctx, { subscriberId: s.id, programDay: sub.programDay, dueAt: sub.nextSendAt! })).kind).toBe('sent');
      const score = sub.programDay === 10 || sub.programDay === 17 ? 7 : 3;
      await t.store.putRating({
        subscriberId: s.id,
        programDay: sub.programDay,
        score,
        at: new Date(t.clock.now()).toISOString(),
        source: 'link',
        redFlag: false,
      });
    }
    const daily = requests.filter((r) => r.kind === 'daily');
    expect(daily[13]).toMatchObject({ programDay: 14, band: 'standard' });
    expect(daily[14]).toMatchObject({ programDay: 15, band: 'easier', level: 'moderate' });
    expect(daily[14]!.note).toMatch(/easier positions/);
    // Week 3 was hard too, at the easier band: now the week repeats, still at easier.
    expect(daily[21]).toMatchObject({ programDay: 15, band: 'easier', level: 'gentle' });
    const after = (await t.store.getSubscriber(s.id))!;
    expect(after.band).toBe('easier');
    expect(after.repeats).toBe(1);
    expect(after.bandChanges).toEqual([{ at: expect.any(String), from: 'standard', to: 'easier', via: 'pain' }]);
  });
});

describe('the weekly "too easy, right or too hard?" question', () => {
  const at = (ms: number) => new Date(ms).toISOString();
  const now = Date.parse('2026-03-20T08:00:00.000Z');

  it('moves one band per answer, none for "right"', () => {
    expect(decideFeedback({ band: 'standard' }, 'too-easy', now)).toEqual({ kind: 'moved', from: 'standard', to: 'fuller' });
    expect(decideFeedback({ band: 'standard' }, 'too-hard', now)).toEqual({ kind: 'moved', from: 'standard', to: 'easier' });
    expect(decideFeedback({}, 'right', now)).toEqual({ kind: 'kept', band: 'standard', reason: 'right' });
    expect(decideFeedback({ band: 'fuller' }, 'too-easy', now)).toMatchObject({ kind: 'kept', reason: 'at-limit' });
  });

  it('at most one step in seven days', () => {
    const recent = {
      band: 'easier' as const,
      bandChanges: [{ at: at(now - 6 * DAY), from: 'standard' as const, to: 'easier' as const, via: 'feedback' as const }],
    };
    expect(decideFeedback(recent, 'too-hard', now)).toMatchObject({ kind: 'kept', reason: 'once-a-week' });
    const older = { ...recent, bandChanges: [{ ...recent.bandChanges[0]!, at: at(now - 7 * DAY) }] };
    expect(decideFeedback(older, 'too-hard', now)).toEqual({ kind: 'moved', from: 'easier', to: 'chair' });
  });

  it('SAFETY: "too easy" never lifts a person off chair forms', () => {
    expect(decideFeedback({ band: 'chair' }, 'too-easy', now)).toMatchObject({ kind: 'kept', reason: 'chair' });
  });

  it('applies with one conditional write and records the change; a second answer the same week changes nothing', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock(now);
    const s = subscriber({ band: 'standard' });
    await store.createSubscriber(s);
    expect(await applyBandFeedback({ store, clock }, s.id, 'too-hard')).toEqual({ kind: 'moved', from: 'standard', to: 'easier' });
    clock.set(now + 2 * DAY);
    expect(await applyBandFeedback({ store, clock }, s.id, 'too-hard')).toMatchObject({ kind: 'kept', reason: 'once-a-week' });
    const after = (await store.getSubscriber(s.id))!;
    expect(after.band).toBe('easier');
    expect(after.bandChanges).toEqual([{ at: at(now), from: 'standard', to: 'easier', via: 'feedback' }]);
    expect(await applyBandFeedback({ store, clock }, 'nobody', 'right')).toEqual({ kind: 'not-found' });
  });

  it('changeBand (for the preferences page) sets any band, one write, and loses a race cleanly', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock(now);
    const s = subscriber({ band: 'chair' });
    await store.createSubscriber(s);
    expect(await changeBand({ store, clock }, s.id, 'standard')).toEqual({ kind: 'moved', from: 'chair', to: 'standard' });
    expect((await store.getSubscriber(s.id))!.bandChanges).toEqual([{ at: at(now), from: 'chair', to: 'standard', via: 'preferences' }]);
    const stale = (await store.getSubscriber(s.id))!;
    const racing = { ...store, getSubscriber: async () => ({ ...stale, version: stale.version - 1 }) } as unknown as MemoryStore;
    racing.updateSubscriber = store.updateSubscriber.bind(store);
    expect(await changeBand({ store: racing, clock }, s.id, 'fuller')).toEqual({ kind: 'conflict' });
  });
});
