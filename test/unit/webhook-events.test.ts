import { describe, expect, it } from 'vitest';
import { deliverJob } from '../../functions/core/deliver';
import { PROGRAM_DAYS } from '../../functions/core/model';
import type { DomainEvent } from '../../functions/core/webhooks';
import { subscriber, testDelivery } from '../support/delivery';

describe('program.completed', () => {
  it('is emitted once, when the closing message completes the program, and not for a daily message', async () => {
    const events: DomainEvent[] = [];
    const t = testDelivery();
    const ctx = { ...t.ctx, events: { relay: async (_at: unknown, es: readonly DomainEvent[]) => void events.push(...es) } };
    const daily = subscriber();
    const last = subscriber({ programDay: PROGRAM_DAYS + 1 });
    await t.store.createSubscriber(daily);
    await t.store.createSubscriber(last);
    await deliverJob(ctx, { subscriberId: daily.id, programDay: 1, dueAt: daily.nextSendAt! });
    expect(events).toEqual([]);
    await deliverJob(ctx, { subscriberId: last.id, programDay: PROGRAM_DAYS + 1, dueAt: last.nextSendAt! });
    await deliverJob(ctx, { subscriberId: last.id, programDay: PROGRAM_DAYS + 1, dueAt: last.nextSendAt! });
    expect(events).toEqual([
      {
        type: 'program.completed',
        subscriberId: last.id,
        channel: 'email',
        address: last.address,
        at: '2026-03-02T06:00:00.000Z',
        programDay: PROGRAM_DAYS + 1,
        key: `completed:${PROGRAM_DAYS + 1}`,
      },
    ]);
  });
});
