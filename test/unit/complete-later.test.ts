import { describe, expect, it } from 'vitest';
import { deliverJob } from '../../functions/core/deliver';
import { deliverBatch } from '../../functions/core/deliver-batch';
import { COMPLETE_RETRY_S } from '../../functions/core/complete-later';
import { DeliveryJobSchema } from '../../functions/core/dispatch';
import type { DeliveryJob } from '../../functions/ports';
import { LocalQueue } from '../../local/local-queue';
import { FaultPlan, seededRandom, StoreOutage } from '../../local/simulation-faults';
import { subscriber, testDelivery } from '../support/delivery';

const LEASE = 3 * 60_000;
const job = (s: { id: string; nextSendAt?: string }) => ({ subscriberId: s.id, programDay: 1, dueAt: s.nextSendAt! });

/**
 * The store fails every call for a window that opens the moment the provider accepted the message,
 * and the provider's report is lost with it (`reports: false`): the worst case of issue 18 item 5.
 */
function outageAfterAccept(channel: 'email' | 'sms', windowMs: number, opts: { queueDown?: boolean } = {}) {
  const base = testDelivery({ reports: false, now: '2026-03-02T09:00:00.000Z' });
  const outage = new StoreOutage(base.clock, new FaultPlan(0, seededRandom(1)), LEASE);
  const queue = new LocalQueue<DeliveryJob>({ clock: base.clock, faults: { unreachable: () => opts.queueDown === true } });
  const ctx = { ...base.ctx, store: outage.wrap(base.store), requeue: queue };
  base.mailer.afterAccept = () => outage.begin(windowMs);
  base.sms.afterAccept = () => outage.begin(windowMs);
  const s = subscriber({ channel, nextSendAt: '2026-03-02T09:00:00.000Z', sendAt: '10:00', ...(channel === 'sms' ? { address: '+14155550142' } : {}) });
  /** Takes the next visible job off the queue, as the SQS poller would, and parses it as the sender does. */
  const next = (): DeliveryJob | undefined => {
    const [record] = queue.receive(1);
    if (!record) return undefined;
    queue.delete(record.receiptHandle);
    return DeliveryJobSchema.parse(JSON.parse(record.body));
  };
  return { ...base, ctx, queue, s, next, sentCount: () => base.mailer.sent.length + base.sms.sent.length };
}

describe('completeSend fails after the provider accepted the message (store outage)', () => {
  it.each(['email', 'sms'] as const)('%s: the job comes back with the evidence and completes the day from it, sent once', async (channel) => {
    const t = outageAfterAccept(channel, LEASE);
    await t.store.createSubscriber(t.s);
    const first = await deliverJob(t.ctx, job(t.s));
    expect(first.kind).toBe('deferred');
    expect(t.next()).toBeUndefined(); // delayed, not visible yet

    // Every 30 s while the store is down the job finds it down and puts itself back.
    let hops = 0;
    for (let at = COMPLETE_RETRY_S * 1000; at < LEASE; at += COMPLETE_RETRY_S * 1000) {
      t.clock.set(Date.parse('2026-03-02T09:00:00.000Z') + at);
      const again = t.next();
      expect(again?.sent).toMatchObject({ channel, token: expect.any(String), complete: { programDay: 2 } });
      expect((await deliverJob(t.ctx, again!)).kind).toBe('deferred');
      hops++;
    }
    expect(hops).toBe(LEASE / (COMPLETE_RETRY_S * 1000) - 1);

    // The store is back when the lease ends: the day completes from the job's evidence, not by a send.
    t.clock.set(Date.parse('2026-03-02T09:00:00.000Z') + LEASE);
    const last = t.next()!;
    const outcome = await deliverJob(t.ctx, last);
    expect(outcome).toMatchObject({ kind: 'reconciled', evidence: 'job', messageId: last.sent!.messageId });
    expect(await t.store.getSubscriber(t.s.id)).toMatchObject({ programDay: 2, nextSendAt: '2026-03-03T09:00:00.000Z' });
    expect((await t.store.getSubscriber(t.s.id))?.claim).toBeUndefined();
    // The report the outage swallowed is replaced: history and the evidence for any later attempt.
    expect(await t.store.getSendRecord(t.s.id, 1, 'daily')).toMatchObject({ channel, providerMessageId: last.sent!.messageId, deliveryStatus: 'sent' });

    // The dispatcher's copy of the job, after the lease: nothing more goes out.
    t.clock.set(Date.parse('2026-03-02T09:00:00.000Z') + LEASE + 5 * 60_000);
    expect(await deliverJob(t.ctx, job(t.s))).toEqual({ kind: 'skipped', reason: 'done' });
    expect(t.sentCount()).toBe(1);
    expect(t.next()).toBeUndefined();
  });

  it('an outage longer than the lease: the evidence job and a plain copy at once still send one message', async () => {
    const t = outageAfterAccept('email', LEASE + 60_000);
    await t.store.createSubscriber(t.s);
    expect((await deliverJob(t.ctx, job(t.s))).kind).toBe('deferred');
    t.clock.set(Date.parse('2026-03-02T09:00:00.000Z') + LEASE + 60_000);
    const evidence = t.next()!;
    // Both at once, as two senders would: the plain copy takes over the expired claim.
    const [a, b] = await Promise.all([deliverJob(t.ctx, evidence), deliverJob(t.ctx, job(t.s))]);
    expect([a.kind, b.kind].every((k) => k === 'reconciled' || k === 'skipped')).toBe(true);
    expect(t.sentCount()).toBe(1);
    expect(await t.store.getSubscriber(t.s.id)).toMatchObject({ programDay: 2 });
  });

  it('when the queue is unreachable too, the job fails and keeps its claim: retried later, nothing lost', async () => {
    const t = outageAfterAccept('email', LEASE, { queueDown: true });
    await t.store.createSubscriber(t.s);
    const batch = await deliverBatch(t.ctx, [{ id: 'm1', job: job(t.s) }], 1);
    expect(batch.failures).toEqual(['m1']);
    expect(batch.results[0]).toEqual({ kind: 'error', error: 'SimulatedStoreOutage' });
    expect(await t.store.getSubscriber(t.s.id)).toMatchObject({ programDay: 1, claim: { day: 1 } });
  });

  it('a job that carries evidence never sends, even when the day is already done', async () => {
    const t = outageAfterAccept('email', 60_000);
    await t.store.createSubscriber(t.s);
    expect((await deliverJob(t.ctx, job(t.s))).kind).toBe('deferred');
    t.clock.set(Date.parse('2026-03-02T09:00:00.000Z') + 60_000);
    const evidence = t.next()!;
    expect((await deliverJob(t.ctx, evidence)).kind).toBe('reconciled');
    expect(await deliverJob(t.ctx, evidence)).toEqual({ kind: 'skipped', reason: 'done' });
    expect(t.sentCount()).toBe(1);
  });
});

describe('a deferred job survives the queue with everything its completion needs', () => {
  it('run, band change and the one-time fields pass the job schema (a strict schema would dead-letter them)', async () => {
    const { DeliveryJobSchema } = await import('../../functions/core/dispatch');
    const { completionPatch } = await import('../../functions/core/complete-later');
    const sent = {
      channel: 'email' as const,
      kind: 'daily' as const,
      messageId: 'm-1',
      at: '2026-03-02T09:00:00.000Z',
      token: 'tok',
      run: 2,
      complete: {
        programDay: 9,
        nextSendAt: '2026-03-03T09:00:00.000Z',
        band: 'easier' as const,
        bandChanges: [{ at: '2026-03-02T09:00:00.000Z', from: 'standard' as const, to: 'easier' as const, via: 'pain' as const }],
      },
      said: ['changeNote' as const],
    };
    const job = { subscriberId: 's_abc', programDay: 8, dueAt: '2026-03-02T09:00:00.000Z', sent };
    const parsed = DeliveryJobSchema.parse(JSON.parse(JSON.stringify(job)));
    expect(parsed.sent).toMatchObject({ run: 2, said: ['changeNote'], complete: { band: 'easier' } });
    expect(completionPatch(parsed.sent!.complete, parsed.sent!.said)).toMatchObject({ set: { programDay: 9, band: 'easier' }, remove: ['changeNote'] });
  });
});
