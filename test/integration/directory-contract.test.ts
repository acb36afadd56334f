import { describe, expect, it } from 'vitest';
import { DynamoDirectory } from '../../functions/adapters/dynamo-directory';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import type { Store, SubscriberDirectory } from '../../functions/ports';
import { MemoryStore } from '../../local/memory-store';
import { subscriber } from '../support/delivery';
import { freshTable } from '../support/stand-ins';

/** The status index (SubscriberDirectory) on dynalite and in memory: counts follow every status change. */

const NOW_S = Date.parse('2026-03-10T00:00:00Z') / 1000;

describe.each([
  [
    'dynalite',
    async (): Promise<[Store, SubscriberDirectory]> => {
      const { client, tableName } = await freshTable();
      return [new DynamoStore({ client, tableName }), new DynamoDirectory({ client, tableName })];
    },
  ],
  [
    'memory',
    async (): Promise<[Store, SubscriberDirectory]> => {
      const m = new MemoryStore();
      return [m, m];
    },
  ],
] as const)('SubscriberDirectory on %s', (_name, make) => {
  it('counts by status and week, moves with status changes and weeks, tells expired sign-ups apart', async () => {
    const [store, dir] = await make();
    const a = subscriber({ id: 's_aaaa', programDay: 3 });
    const b = subscriber({ id: 's_bbbb', programDay: 9 });
    const p = subscriber({ id: 's_pend', status: 'pending', programDay: 1, nextSendAt: undefined, expiresAt: NOW_S - 1 });
    for (const s of [a, b, p]) await store.createSubscriber(s);
    let c = await dir.countByStatus(NOW_S);
    expect(c.byStatus).toMatchObject({ active: 2, expired: 1, pending: 0 });
    expect(c.byWeek.active).toEqual({ 1: 1, 2: 1 });

    await store.updateSubscriber(a.id, {}, { set: { status: 'paused' }, remove: ['nextSendAt'] });
    await store.updateSubscriber(b.id, {}, { set: { programDay: 15 } });
    c = await dir.countByStatus(NOW_S);
    expect(c.byStatus).toMatchObject({ active: 1, paused: 1 });
    expect(c.byWeek.active).toEqual({ 3: 1 });
    expect(c.total).toBe(3);
  });

  it('pages one status in week order, either way, with a filter', async () => {
    const [store, dir] = await make();
    for (let i = 0; i < 7; i++)
      await store.createSubscriber(
        subscriber({ id: `s_p${i}`, programDay: 1 + i * 7, channel: i % 2 ? 'sms' : 'email', address: i % 2 ? `+4477009000${i}` : `p${i}@example.com` }),
      );
    const first = await dir.listByStatus({ status: 'active', order: 'asc', limit: 3 });
    expect(first.items.map((s) => s.programDay)).toEqual([1, 8, 15]);
    const second = await dir.listByStatus({ status: 'active', order: 'asc', limit: 3, cursor: first.cursor });
    expect(second.items.map((s) => s.programDay)).toEqual([22, 29, 36]);
    const desc = await dir.listByStatus({ status: 'active', order: 'desc', limit: 2 });
    expect(desc.items.map((s) => s.programDay)).toEqual([43, 36]);
    expect((await dir.listByStatus({ status: 'active', order: 'asc', limit: 10, week: 4 })).items.map((s) => s.id)).toEqual(['s_p3']);
    expect((await dir.listByStatus({ status: 'active', order: 'asc', limit: 10, channel: 'sms' })).items).toHaveLength(3);
  });
});
