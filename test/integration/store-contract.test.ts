import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../local/memory-store';
import type { Store } from '../../functions/ports';
import type { Subscriber } from '../../functions/core/model';
import { dueShardOf, subscriberIdFor, DUE_SHARDS } from '../../functions/core/identifiers';
import { subscriber } from '../support/delivery';
import { freshStore } from '../support/stand-ins';

/** One contract, two stores: DynamoStore on dynalite over HTTP, and the in-memory store. */

const T0 = '2026-03-01T00:00:00.000Z';

/** The shared test subscriber, with an id derived from its address as sign-up derives it. */
function sub(n: number, over: Partial<Subscriber> = {}): Subscriber {
  const address = `person${n}@example.com`;
  return subscriber({ id: subscriberIdFor('email', address, 'pepper'), address, createdAt: T0, ...over });
}

const claim = (token: string, leaseUntil = '2026-03-02T06:05:00.000Z') => ({
  day: 1,
  token,
  at: '2026-03-02T06:00:00.000Z',
  leaseUntil,
});

describe.each([
  ['dynalite', () => freshStore()],
  ['memory', async () => new MemoryStore()],
] as [string, () => Promise<Store>][])('Store contract on %s', (_name, make) => {
  it('creates once: a second create with the same id keeps the first', async () => {
    const store = await make();
    const a = sub(1, { status: 'pending', nextSendAt: undefined, expiresAt: 2_000_000_000 });
    expect(await store.createSubscriber(a)).toMatchObject({ id: a.id });
    expect(await store.createSubscriber({ ...a, level: 'active' })).toBeUndefined();
    expect((await store.getSubscriber(a.id))?.level).toBe('gentle');
  });

  it('replaces an expired pending sign-up or an unsubscribed one, only when asked', async () => {
    const store = await make();
    const a = sub(2, { status: 'pending', nextSendAt: undefined, expiresAt: 1_000 });
    await store.createSubscriber(a);
    expect(await store.createSubscriber({ ...a, level: 'active' }, { statuses: [], nowEpochSeconds: 999 })).toBeUndefined();
    expect(await store.createSubscriber({ ...a, level: 'active' }, { statuses: [], nowEpochSeconds: 1_001 })).toBeDefined();
    const b = sub(3, { status: 'unsubscribed', nextSendAt: undefined });
    await store.createSubscriber(b);
    expect(await store.createSubscriber({ ...b, status: 'pending' }, { statuses: ['unsubscribed'], nowEpochSeconds: 0 })).toBeDefined();
  });

  it('applies a conditional update only when the expectation holds, bumping version', async () => {
    const store = await make();
    const a = sub(4, { status: 'pending', nextSendAt: undefined });
    await store.createSubscriber(a);
    const confirmed = await store.updateSubscriber(
      a.id,
      { status: ['pending'] },
      { set: { status: 'active', confirmedAt: T0, nextSendAt: '2026-03-02T06:00:00.000Z' } },
    );
    expect(confirmed).toMatchObject({ status: 'active', version: 1 });
    // A second writer with the same expectation loses.
    expect(await store.updateSubscriber(a.id, { status: ['pending'] }, { set: { status: 'active' } })).toBeUndefined();
    expect(await store.updateSubscriber(a.id, { version: 0 }, { set: { level: 'active' } })).toBeUndefined();
    expect(await store.updateSubscriber('s_missing', {}, { set: { level: 'active' } })).toBeUndefined();
    const removed = await store.updateSubscriber(a.id, { version: 1 }, { set: { status: 'paused' }, remove: ['nextSendAt'] });
    expect(removed?.nextSendAt).toBeUndefined();
  });

  it('keeps the due index sparse: only active subscribers are due, by shard and time', async () => {
    const store = await make();
    const subs = Array.from({ length: 40 }, (_, i) => sub(100 + i, { nextSendAt: `2026-03-02T06:${String(i).padStart(2, '0')}:00.000Z` }));
    for (const s of subs) await store.createSubscriber(s);
    await store.updateSubscriber(subs[0]!.id, {}, { set: { status: 'paused' } });
    const due: string[] = [];
    for (let shard = 0; shard < DUE_SHARDS; shard++) {
      let cursor: string | undefined;
      do {
        const page = await store.queryDue(shard, '2026-03-02T06:19:59.000Z', 3, cursor);
        for (const e of page.items) {
          expect(dueShardOf(e.id)).toBe(shard);
          expect(e.programDay).toBe(1);
          due.push(e.id);
        }
        cursor = page.cursor;
      } while (cursor);
    }
    const expected = subs.slice(1, 20).map((s) => s.id);
    expect(due.sort()).toEqual(expected.sort());
    // Re-activating puts it back in the index.
    await store.updateSubscriber(subs[0]!.id, {}, { set: { status: 'active' } });
    const shard = dueShardOf(subs[0]!.id);
    const page = await store.queryDue(shard, '2026-03-02T06:00:00.000Z', 100);
    expect(page.items.map((e) => e.id)).toContain(subs[0]!.id);
  });

  it('lets one claim win, honours the lease, and completes only with the winning token', async () => {
    const store = await make();
    const a = sub(5);
    await store.createSubscriber(a);
    const now = '2026-03-02T06:00:00.000Z';
    const results = await Promise.all([store.claimSend(a.id, 1, claim('t1'), now), store.claimSend(a.id, 1, claim('t2'), now)]);
    const winners = results.filter(Boolean);
    expect(winners).toHaveLength(1);
    const token = winners[0]!.claim!.token;
    const loser = token === 't1' ? 't2' : 't1';
    expect(await store.claimSend(a.id, 2, claim('t3'), now)).toBeUndefined(); // wrong day
    expect(await store.completeSend(a.id, loser, { set: { programDay: 2 } })).toBeUndefined();
    // After the lease ends another claim may take over; the old token is then useless.
    const later = '2026-03-02T06:06:00.000Z';
    const stolen = await store.claimSend(a.id, 1, claim('t4', '2026-03-02T06:11:00.000Z'), later);
    expect(stolen?.claim?.token).toBe('t4');
    expect(await store.completeSend(a.id, token, { set: { programDay: 2 } })).toBeUndefined();
    const done = await store.completeSend(a.id, 't4', { set: { programDay: 2, nextSendAt: '2026-03-03T06:00:00.000Z' } });
    expect(done).toMatchObject({ programDay: 2, nextSendAt: '2026-03-03T06:00:00.000Z' });
    expect(done?.claim).toBeUndefined();
    expect(await store.releaseClaim(a.id, 't4')).toBe(false);
  });

  it('writes a send record once and tracks its delivery status', async () => {
    const store = await make();
    const rec = {
      subscriberId: 's_abc',
      programDay: 3,
      channel: 'sms' as const,
      providerMessageId: 'SM1',
      at: T0,
      kind: 'daily' as const,
      deliveryStatus: 'sent' as const,
    };
    expect(await store.putSendRecord(rec)).toBe(true);
    expect(await store.putSendRecord({ ...rec, providerMessageId: 'SM2' })).toBe(false);
    expect(await store.updateDeliveryStatus('s_abc', 3, 'daily', 'undelivered', '30003')).toBe(true);
    expect(await store.updateDeliveryStatus('s_abc', 4, 'daily', 'delivered')).toBe(false);
    expect(await store.getSendRecord('s_abc', 3, 'daily')).toMatchObject({ providerMessageId: 'SM1', deliveryStatus: 'undelivered', errorCode: '30003' });
    expect(await store.listSendRecords('s_abc')).toHaveLength(1);
  });

  it('keys records and ratings by run: items without a run are run 1, no run overwrites another', async () => {
    const store = await make();
    const a = sub(7);
    await store.createSubscriber(a);
    const rec = {
      subscriberId: a.id,
      programDay: 1,
      channel: 'email' as const,
      providerMessageId: 'm1',
      at: T0,
      kind: 'daily' as const,
      deliveryStatus: 'sent' as const,
    };
    expect(await store.putSendRecord(rec)).toBe(true);
    expect(await store.getSendRecord(a.id, 1, 'daily', 2)).toBeUndefined();
    expect(await store.putSendRecord({ ...rec, run: 2, providerMessageId: 'm2' })).toBe(true);
    expect(await store.updateDeliveryStatus(a.id, 1, 'daily', 'bounced', undefined, 2)).toBe(true);
    expect(await store.getSendRecord(a.id, 1, 'daily', 1)).toMatchObject({ providerMessageId: 'm1', deliveryStatus: 'sent' });
    expect(await store.getSendRecord(a.id, 1, 'daily', 2)).toMatchObject({ providerMessageId: 'm2', deliveryStatus: 'bounced', run: 2 });
    await store.putRating({ subscriberId: a.id, at: T0, score: 2, source: 'link', programDay: 1, redFlag: false });
    await store.putRating({ subscriberId: a.id, at: T0, score: 8, source: 'link', programDay: 1, redFlag: false, run: 2 });
    expect((await store.listRatings(a.id, 1)).map((r) => r.score)).toEqual([2]);
    expect((await store.listRatings(a.id, 2)).map((r) => r.score)).toEqual([8]);
    expect((await store.listRatings(a.id)).map((r) => r.score)).toEqual([2, 8]);
    await store.removeRating(a.id, 1, 2);
    await store.removeSendRecord(a.id, 1, 'daily', 2);
    expect((await store.listRatings(a.id)).map((r) => r.score)).toEqual([2]);
    expect((await store.listSendRecords(a.id)).map((r) => r.providerMessageId)).toEqual(['m1']);
    await store.putSuppression('h-run', 'deleted-by-request', T0, 4);
    expect(await store.getSuppression('h-run')).toMatchObject({ lastRun: 4 });
  });

  it('keeps one rating per day (the later replaces the earlier) and deletes a whole partition', async () => {
    const store = await make();
    const a = sub(6);
    await store.createSubscriber(a);
    await store.putRating({ subscriberId: a.id, at: T0, score: 6, source: 'link', programDay: 1, redFlag: false });
    await store.putRating({ subscriberId: a.id, at: T0, score: 4, source: 'link', programDay: 1, redFlag: false });
    await store.putRating({ subscriberId: a.id, at: T0, score: 3, source: 'sms', programDay: 2, redFlag: false });
    expect((await store.listRatings(a.id)).map((r) => r.score)).toEqual([4, 3]);
    await store.putSendRecord({ subscriberId: a.id, programDay: 1, channel: 'email', providerMessageId: 'm1', at: T0, kind: 'daily', deliveryStatus: 'sent' });
    expect(await store.deleteSubscriberData(a.id)).toEqual({ profile: true, ratings: 2, sends: 1, other: 0 });
    expect(await store.getSubscriber(a.id)).toBeUndefined();
    expect(await store.listRatings(a.id)).toEqual([]);
    expect(await store.listSendRecords(a.id)).toEqual([]);
  });

  it('keeps suppression hashes and counts rate limits', async () => {
    const store = await make();
    expect(await store.isSuppressed('h1')).toBe(false);
    await store.putSuppression('h1', 'deleted', T0);
    expect(await store.isSuppressed('h1')).toBe(true);
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await store.consumeRateLimit('ip:1:window', 3, 2_000_000_000)).allowed);
    expect(results).toEqual([true, true, true, false]);
  });

  it('pages through every subscriber', async () => {
    const store = await make();
    for (let i = 0; i < 7; i++) await store.createSubscriber(sub(200 + i));
    await store.putRating({ subscriberId: sub(200).id, at: T0, score: 1, source: 'sms', programDay: 1, redFlag: false });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.scanSubscribers(3, cursor);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(7);
  });
});
