import { lambdaEntry, type Build } from '../app/entry';
import type { Clock, Log, OutboxSweep } from '../ports';

/**
 * EventBridge Scheduler, every 5 minutes: publishes the webhook events that are still in an outbox a
 * minute after they were written (the relay right after the write failed: the queue refused, or
 * the function stopped), and removes them there (adapters/dynamo-outbox.ts). One Query per shard of
 * the sparse outbox index, which holds only items with something pending. Logs counts only.
 */

/** Older than this, an entry was not relayed by the request that wrote it. */
export const OUTBOX_GRACE_MS = 60_000;
/** Items per run; what is left waits for the next run. */
const SWEEP_LIMIT = 500;

type OutboxSwept = Awaited<ReturnType<OutboxSweep['sweepOutbox']>>;

export interface OutboxSweepDeps {
  outbox: OutboxSweep | undefined;
  clock: Clock;
  log?: Log;
}

export function createWebhookOutboxHandler(deps: () => OutboxSweepDeps) {
  return async (): Promise<OutboxSwept> => {
    const d = deps();
    if (!d.outbox) return { items: 0, published: 0, failed: 0 };
    const before = new Date(d.clock.now() - OUTBOX_GRACE_MS).toISOString();
    const swept = await d.outbox.sweepOutbox(before, SWEEP_LIMIT);
    if (swept.items > 0) d.log?.info('webhook outbox swept', swept);
    return swept;
  };
}

export const buildWebhookOutboxHandler: Build<unknown, OutboxSwept> = async (w) =>
  createWebhookOutboxHandler(() => ({ outbox: w.events, clock: w.clock, log: w.log }));

export const handler = lambdaEntry(buildWebhookOutboxHandler);
