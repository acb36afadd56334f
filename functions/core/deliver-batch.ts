import { redactedRef } from './identifiers';
import { deliverJob, type DeliveryContext, type JobOutcome } from './deliver';
import { mapConcurrent } from './pacing';
import { ProviderError, type DeliveryJob } from '../ports';

/**
 * One sender invocation works through a batch of jobs with bounded concurrency (the token buckets in
 * the context pace the provider calls). An account-level provider error stops the batch: jobs not yet
 * started are not attempted, so a suspended account or a revoked credential does not burn through
 * every subscriber, and the caller fails loudly.
 */

export interface BatchItem {
  /** The queue's id for the message (SQS messageId), reported back in batchItemFailures. */
  id: string;
  job: DeliveryJob;
}

export type ItemResult = JobOutcome | { kind: 'error'; error: string } | { kind: 'not-attempted' };

export interface BatchResult {
  /** Ids to hand back to the queue (SQS partial batch response). */
  failures: string[];
  results: ItemResult[];
  /** Set when an account-level error stopped the batch. */
  stoppedBy?: ProviderError;
}

export async function deliverBatch(ctx: DeliveryContext, items: readonly BatchItem[], concurrency: number): Promise<BatchResult> {
  let stoppedBy: ProviderError | undefined;
  const results = await mapConcurrent(
    items,
    concurrency,
    async (item): Promise<ItemResult> => {
      try {
        return await deliverJob(ctx, item.job);
      } catch (err) {
        if (err instanceof ProviderError && err.kind === 'account') {
          stoppedBy ??= err;
          return { kind: 'error', error: `account:${err.code}` };
        }
        // No message text: provider and SDK messages can quote an address.
        const name = err instanceof Error ? err.name : typeof err;
        ctx.log?.error('delivery failed', { ref: redactedRef(item.job.subscriberId), day: item.job.programDay, error: name });
        return { kind: 'error', error: name };
      }
    },
    () => stoppedBy !== undefined,
  );
  const filled: ItemResult[] = results.map((r) => r ?? { kind: 'not-attempted' });
  const failures = items
    .filter((_, i) => {
      const r = filled[i]!;
      return r.kind === 'error' || r.kind === 'not-attempted' || r.kind === 'retry';
    })
    .map((item) => item.id);
  return { failures, results: filled, ...(stoppedBy ? { stoppedBy } : {}) };
}
