import { describe, expect, it } from 'vitest';
import { deliverJob, nextSendAfter } from '../../functions/core/deliver';
import { deliverBatch } from '../../functions/core/deliver-batch';
import { PROGRAM_DAYS } from '../../functions/core/model';
import { localDateOf } from '../../functions/core/schedule';
import { ProviderError } from '../../functions/ports';
import { subscriber, testDelivery } from '../support/delivery';

const job = (s: { id: string; nextSendAt?: string }, day = 1) => ({ subscriberId: s.id, programDay: day, dueAt: s.nextSendAt! });
const throttled = () => new ProviderError('throttled', 'ses-TooManyRequestsException', 'throttled');

describe('deliverJob: claim -> render -> send -> complete', () => {
  it('sends once, moves to the next local day, and the Send report records it', async () => {
    const t = testDelivery();
    const s = subscriber();
    await t.store.createSubscriber(s);
    expect(await deliverJob(t.ctx, job(s))).toEqual({ kind: 'sent', messageId: 'ses-1' });
    const after = await t.store.getSubscriber(s.id);
    expect(after).toMatchObject({ programDay: 2, nextSendAt: '2026-03-03T06:00:00.000Z' });
    expect(after?.claim).toBeUndefined();
    expect(await t.store.getSendRecord(s.id, 1, 'daily')).toMatchObject({ providerMessageId: 'ses-1', channel: 'email' });
    const mail = t.mailer.sent[0]!;
    expect(mail.tags).toEqual({ limber_send: `${s.id}.1.daily` });
    expect(mail.headers!['List-Unsubscribe']).toMatch(
      /^<https:\/\/limber\.test\/unsubscribe\/[^>]+>, <mailto:reply\+[^>]+@reply\.limber\.test\?subject=unsubscribe>$/,
    );
    expect(mail.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.replyTo).toMatch(/^reply\+.+@reply\.limber\.test$/);
  });

  it('a job delivered twice, or to two senders at once, sends one message', async () => {
    const t = testDelivery();
    const s = subscriber();
    await t.store.createSubscriber(s);
    const outcomes = await Promise.all([deliverJob(t.ctx, job(s)), deliverJob(t.ctx, job(s))]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['sent', 'skipped']);
    expect(await deliverJob(t.ctx, job(s))).toEqual({ kind: 'skipped', reason: 'done' });
    expect(t.mailer.sent).toHaveLength(1);
  });

  it('leaves a live claim alone and skips subscribers who are not active', async () => {
    const t = testDelivery();
    const busy = subscriber({ claim: { day: 1, token: 'x', at: '2026-03-02T06:00:00.000Z', leaseUntil: '2026-03-02T06:02:00.000Z' } });
    const paused = subscriber({ status: 'paused', nextSendAt: undefined });
    await t.store.createSubscriber(busy);
    await t.store.createSubscriber(paused);
    expect(await deliverJob(t.ctx, job(busy))).toEqual({ kind: 'skipped', reason: 'claimed-elsewhere' });
    expect(await deliverJob(t.ctx, { subscriberId: paused.id, programDay: 1, dueAt: busy.nextSendAt! })).toEqual({ kind: 'skipped', reason: 'inactive' });
    expect(await deliverJob(t.ctx, { subscriberId: 's_missing1', programDay: 1, dueAt: busy.nextSendAt! })).toEqual({ kind: 'skipped', reason: 'missing' });
    expect(t.mailer.sent).toHaveLength(0);
  });

  it('gives a stray job back when the day is not due yet', async () => {
    const t = testDelivery({ now: '2026-03-02T05:00:00.000Z' });
    const s = subscriber();
    await t.store.createSubscriber(s);
    expect(await deliverJob(t.ctx, job(s))).toEqual({ kind: 'skipped', reason: 'not-due' });
    expect((await t.store.getSubscriber(s.id))?.claim).toBeUndefined();
  });
});

describe('an expired claim is reconciled before any resend', () => {
  const stale = { day: 1, token: 'dead', at: '2026-03-02T06:00:00.000Z', leaseUntil: '2026-03-02T06:03:00.000Z' };

  /** A sender that dies right after SES accepted the day's mail: nothing after the accept runs. */
  async function diesAfterAccept(t: ReturnType<typeof testDelivery>) {
    const s = subscriber();
    await t.store.createSubscriber(s);
    t.mailer.afterAccept = () => {
      throw new Error('process died');
    };
    await expect(deliverJob(t.ctx, job(s))).rejects.toThrow('process died');
    t.mailer.afterAccept = undefined;
    return s;
  }

  it('the sender died after the provider accepted: its Send report completes the day without sending', async () => {
    const t = testDelivery();
    const s = await diesAfterAccept(t);
    // The claim survives (unknown error: maybe sent); SES's Send event created the day's record.
    expect((await t.store.getSubscriber(s.id))?.claim).toBeDefined();
    expect(await t.store.getSendRecord(s.id, 1, 'daily')).toMatchObject({ providerMessageId: 'ses-1', deliveryStatus: 'sent' });
    t.clock.advance(10 * 60_000);
    expect(await deliverJob(t.ctx, job(s))).toEqual({ kind: 'reconciled', messageId: 'ses-1', evidence: 'record' });
    expect(t.mailer.sent).toHaveLength(1);
    expect(await t.store.getSubscriber(s.id)).toMatchObject({ programDay: 2, nextSendAt: '2026-03-03T06:00:00.000Z' });
  });

  it('without any report of the lost send, the day is sent again once the lease ends (the window docs/delivery.md names)', async () => {
    const t = testDelivery({ reports: false });
    const s = await diesAfterAccept(t);
    expect(await deliverJob(t.ctx, job(s))).toEqual({ kind: 'skipped', reason: 'claimed-elsewhere' });
    t.clock.advance(10 * 60_000);
    expect(await deliverJob(t.ctx, job(s))).toEqual({ kind: 'sent', messageId: 'ses-2' });
    expect(await t.store.listSendRecords(s.id)).toEqual([]);
  });

  it('uses the SendRecord a provider report created when the sender died before completeSend', async () => {
    const t = testDelivery({ now: '2026-03-02T06:10:00.000Z' });
    const s = subscriber({ claim: stale });
    await t.store.createSubscriber(s);
    await t.store.putSendRecord({
      subscriberId: s.id,
      programDay: 1,
      channel: 'email',
      providerMessageId: 'ses-9',
      at: stale.at,
      kind: 'daily',
      deliveryStatus: 'sent',
    });
    expect(await deliverJob(t.ctx, job(s))).toMatchObject({ kind: 'reconciled', evidence: 'record', messageId: 'ses-9' });
    expect(t.mailer.sent).toHaveLength(0);
  });

  it('finds an SMS in the provider list by its body, and sends when nothing matches', async () => {
    const t = testDelivery({ now: '2026-03-02T06:10:00.000Z' });
    const a = subscriber({ channel: 'sms', address: '+4915100000001', timezone: 'Asia/Tokyo', sendAt: '15:00', claim: stale });
    const b = subscriber({ channel: 'sms', address: '+4915100000002', timezone: 'Asia/Tokyo', sendAt: '15:00', claim: stale });
    await t.store.createSubscriber(a);
    await t.store.createSubscriber(b);
    const body = (
      await t.ctx.renderer.render({
        kind: 'daily',
        channel: 'sms',
        level: 'gentle',
        programDay: 1,
        links: (await import('../../functions/core/links')).messageLinksFor(t.ctx.linkKeys, t.ctx.publicBaseUrl, a.id, 1, Date.parse(a.nextSendAt!)),
      })
    ).text;
    t.sms.sent.push({ to: a.address, body, messageId: `SM${'1'.repeat(32)}`, at: '2026-03-02T06:00:02.000Z' });
    t.sms.sent.push({ to: b.address, body: 'a different text', messageId: `SM${'2'.repeat(32)}`, at: '2026-03-02T06:00:02.000Z' });
    expect(await deliverJob(t.ctx, job(a))).toMatchObject({ kind: 'reconciled', evidence: 'provider-list' });
    expect(await deliverJob(t.ctx, job(b))).toMatchObject({ kind: 'sent' });
    expect(t.sms.sent.filter((m) => m.to === a.address)).toHaveLength(1);
    expect(t.sms.sent.filter((m) => m.to === b.address)).toHaveLength(2);
  });
});

describe('provider failures', () => {
  it('retries throttling with full-jitter backoff, then sends', async () => {
    const t = testDelivery();
    const s = subscriber();
    await t.store.createSubscriber(s);
    t.mailer.fail.push(throttled(), new ProviderError('transient', 'ses-500', '5xx'));
    expect(await deliverJob(t.ctx, job(s))).toMatchObject({ kind: 'sent' });
    // random() = 0.5: half of min(cap, base * 2^attempt)
    expect(t.sleeps).toEqual([50, 100]);
  });

  it('gives the job back (claim released) when throttling outlasts the retries', async () => {
    const t = testDelivery();
    const s = subscriber();
    await t.store.createSubscriber(s);
    t.mailer.fail.push(throttled(), throttled(), throttled(), throttled());
    expect(await deliverJob(t.ctx, job(s))).toEqual({ kind: 'retry', code: 'ses-TooManyRequestsException', claimKept: false });
    expect((await t.store.getSubscriber(s.id))?.claim).toBeUndefined();
    expect(await deliverJob(t.ctx, job(s))).toMatchObject({ kind: 'sent' });
  });

  it('keeps the claim after an ambiguous failure (the provider may have the message)', async () => {
    const t = testDelivery();
    const s = subscriber();
    await t.store.createSubscriber(s);
    t.mailer.fail.push(new ProviderError('transient', 'ambiguous', 'timeout'));
    expect(await deliverJob(t.ctx, job(s))).toEqual({ kind: 'retry', code: 'ambiguous', claimKept: true });
    expect((await t.store.getSubscriber(s.id))?.claim).toBeDefined();
  });

  it('stops a recipient on a permanent error and never retries it', async () => {
    const t = testDelivery();
    const s = subscriber({ channel: 'sms', address: '+4915100000003', timezone: 'Asia/Tokyo', sendAt: '15:00' });
    await t.store.createSubscriber(s);
    t.sms.fail.push(new ProviderError('permanent', 'twilio-21610', 'opted out', 'unsubscribed'));
    expect(await deliverJob(t.ctx, job(s))).toMatchObject({ kind: 'recipient-stopped', status: 'unsubscribed' });
    const after = await t.store.getSubscriber(s.id);
    expect(after).toMatchObject({ status: 'unsubscribed', programDay: 1 });
    expect(after?.nextSendAt).toBeUndefined();
    expect(after?.claim).toBeUndefined();
  });

  it('an account-level error stops the whole batch and releases the claim', async () => {
    const t = testDelivery();
    const subs = [subscriber(), subscriber(), subscriber()];
    for (const s of subs) await t.store.createSubscriber(s);
    t.mailer.fail.push(new ProviderError('account', 'ses-SendingPausedException', 'paused'));
    const result = await deliverBatch(
      t.ctx,
      subs.map((s, i) => ({ id: `m${i}`, job: job(s) })),
      1,
    );
    expect(result.stoppedBy?.code).toBe('ses-SendingPausedException');
    expect(result.failures).toEqual(['m0', 'm1', 'm2']);
    expect(result.results.map((r) => r.kind)).toEqual(['error', 'not-attempted', 'not-attempted']);
    expect(t.mailer.sent).toHaveLength(0);
    expect((await t.store.getSubscriber(subs[0]!.id))?.claim).toBeUndefined();
  });
});

describe('quiet hours, closing, next send', () => {
  it('holds an SMS due outside 08:00-21:00 local time until 08:00', async () => {
    // 21:30 in Berlin (CET, UTC+1)
    const t = testDelivery({ now: '2026-03-02T20:30:00.000Z' });
    const s = subscriber({ channel: 'sms', address: '+4915100000004', sendAt: '21:30', nextSendAt: '2026-03-02T20:30:00.000Z' });
    await t.store.createSubscriber(s);
    expect(await deliverJob(t.ctx, job(s))).toEqual({ kind: 'held', until: '2026-03-03T07:00:00.000Z' });
    expect(t.sms.sent).toHaveLength(0);
    t.clock.set(Date.parse('2026-03-03T07:00:00.000Z'));
    expect(await deliverJob(t.ctx, job(s))).toMatchObject({ kind: 'sent' });
    // The next one is clamped into the window on the next local date, not pushed a day further.
    expect((await t.store.getSubscriber(s.id))?.nextSendAt).toBe('2026-03-04T07:00:00.000Z');
  });

  it(`after day ${PROGRAM_DAYS} sends one closing message and completes`, async () => {
    const t = testDelivery();
    const s = subscriber({ programDay: PROGRAM_DAYS + 1 });
    await t.store.createSubscriber(s);
    expect(await deliverJob(t.ctx, job(s, PROGRAM_DAYS + 1))).toMatchObject({ kind: 'sent' });
    expect(t.mailer.sent[0]!.text).toMatch(/^closing/);
    const after = await t.store.getSubscriber(s.id);
    expect(after?.status).toBe('completed');
    expect(after?.nextSendAt).toBeUndefined();
    expect(await t.store.getSendRecord(s.id, PROGRAM_DAYS + 1, 'closing')).toBeDefined();
  });

  it('never schedules the next send in the past, and never twice on one local date', () => {
    const sub = { channel: 'email' as const, timezone: 'America/New_York', sendAt: '09:00' };
    const sent = Date.parse('2026-03-02T14:00:00Z'); // 09:00 EST
    expect(new Date(nextSendAfter(sub, sent, sent)).toISOString()).toBe('2026-03-03T14:00:00.000Z');
    // A backlog three days old: the next instant after now, not the missed ones.
    const now = Date.parse('2026-03-05T15:00:00Z');
    const next = nextSendAfter(sub, sent, now);
    expect(next).toBeGreaterThan(now);
    expect(new Date(next).toISOString()).toBe('2026-03-06T14:00:00.000Z');
    // Across the spring-forward change (Mar 8): still 09:00 local.
    expect(new Date(nextSendAfter(sub, Date.parse('2026-03-07T14:00:00Z'), 0)).toISOString()).toBe('2026-03-08T13:00:00.000Z');
    const late = Date.parse('2026-03-02T04:59:00Z'); // 23:59 local on Mar 1
    const d1 = localDateOf(sub.timezone, late);
    const d2 = localDateOf(sub.timezone, nextSendAfter(sub, late, late));
    expect(d2.day).not.toBe(d1.day);
  });
});
