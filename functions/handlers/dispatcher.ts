import type { Context } from 'aws-lambda';
import { lambdaEntry, type Build } from '../app/entry';
import type { Wiring } from '../app/wiring';
import { DUE_SHARDS } from '../core/identifiers';
import { dispatchCapacity, dispatchDue, type DispatchResult } from '../core/dispatch';

/** EventBridge Scheduler, every 5 minutes: enqueue every due subscriber-day (functions/core/dispatch.ts). */

const TICK_MS = 5 * 60_000;

export function createDispatcherHandler(wiring: () => Wiring, shards = DUE_SHARDS) {
  return async (_event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<DispatchResult> => {
    const w = wiring();
    const result = await dispatchDue({
      maxJobs: await jobsPerTick(w),
      store: w.store,
      queue: w.queue,
      clock: w.clock,
      shards,
      timeLeftMs: context ? () => context.getRemainingTimeInMillis() : undefined,
      // Each tick starts at another shard, so a run cut short by its budget favours no shard.
      startShard: Math.floor(w.clock.now() / TICK_MS) % shards,
    });
    w.log.info('dispatched', { ...result });
    return result;
  };
}

/** The provider rates the capacity rule needs; an unknown SES rate leaves the run uncapped. */
async function jobsPerTick(w: Wiring): Promise<number | undefined> {
  const emailPerSecond = await w.mailer.maxSendRate().catch(() => undefined);
  return dispatchCapacity({ configuredCap: w.config.dispatchMaxPerTick, emailPerSecond, smsPerSecond: w.config.twilioMps, tickMs: TICK_MS });
}

export const buildDispatcherHandler: Build<unknown, DispatchResult> = async (w) => createDispatcherHandler(() => w);

export const handler = lambdaEntry(buildDispatcherHandler);
