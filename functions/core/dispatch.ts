import * as z from 'zod';
import { DUE_SHARDS } from './identifiers';
import { BandChange, Channel, Instant, Level, MAX_BAND_CHANGES, MAX_PROGRAM_DAY, RangeBand, Run, SendRecord } from './model';
import type { Clock, DeliveryJob, Queue, Store } from '../ports';

/**
 * The dispatcher: every due subscriber-day becomes one job on the queue. It keeps no state of its
 * own. A subscriber stays in the due index (nextSendAt <= now) until its send completes, so a tick
 * that runs out of time, a lost queue message or a job parked in the DLQ is picked up again by a
 * later tick, and two dispatchers at once only enqueue a job twice: the claim in the sender lets one
 * copy through (docs/delivery.md).
 */

const SentEvidenceSchema = z.strictObject({
  channel: Channel,
  kind: SendRecord.shape.kind.unwrap(),
  messageId: z.string().min(1).max(256),
  at: Instant,
  token: z.string().min(1).max(64),
  run: Run.optional(),
  complete: z.strictObject({
    programDay: z.number().int().min(1).max(MAX_PROGRAM_DAY),
    nextSendAt: Instant.optional(),
    repeats: z.number().int().min(0).optional(),
    effectiveLevel: Level.optional(),
    band: RangeBand.optional(),
    bandChanges: z.array(BandChange).max(MAX_BAND_CHANGES).optional(),
  }),
  said: z
    .array(z.enum(['changeNote', 'pausedUntil']))
    .max(2)
    .optional(),
});

export const DeliveryJobSchema = z.object({
  subscriberId: z.string().min(3).max(64),
  programDay: z.number().int().min(1),
  dueAt: z.iso.datetime({ offset: false }),
  sent: SentEvidenceSchema.optional(),
}) satisfies z.ZodType<DeliveryJob>;

/** SQS SendMessageBatch takes at most 10 entries. */
export const QUEUE_BATCH = 10;

export interface DispatchOptions {
  store: Store;
  queue: Queue<DeliveryJob>;
  clock: Clock;
  shards?: number;
  pageSize?: number;
  /** Real milliseconds left for this run (Lambda's getRemainingTimeInMillis); stop below `reserveMs`. */
  timeLeftMs?: () => number;
  reserveMs?: number;
  /** Which shard to start with; rotating it keeps one slow shard from starving the others. */
  startShard?: number;
  /**
   * At most this many jobs per run: what the senders can send before the next tick. Anything more
   * would wait in the queue and be enqueued again by the next tick (the claim makes that harmless,
   * but every extra copy costs a queue message, an invocation slot and a failed claim).
   */
  maxJobs?: number;
}

export interface DispatchResult {
  enqueued: number;
  shardsVisited: number;
  /** False when the time budget ended the run early; the next tick carries on. */
  complete: boolean;
}

/** The identity of a job; SQS FIFO dedup ids and batch entry ids are built from it. */
export function jobKey(job: Pick<DeliveryJob, 'subscriberId' | 'programDay'>): string {
  return `${job.subscriberId}-${job.programDay}`;
}

export async function dispatchDue(opts: DispatchOptions): Promise<DispatchResult> {
  const shards = opts.shards ?? DUE_SHARDS;
  const pageSize = opts.pageSize ?? 100;
  const reserve = opts.reserveMs ?? 5_000;
  const outOfTime = () => (opts.timeLeftMs ? opts.timeLeftMs() < reserve : false);
  const dueBy = new Date(opts.clock.now()).toISOString();
  const start = (((opts.startShard ?? 0) % shards) + shards) % shards;
  const maxJobs = opts.maxJobs ?? Infinity;
  let enqueued = 0;
  let visited = 0;
  for (let i = 0; i < shards; i++) {
    const shard = (start + i) % shards;
    let cursor: string | undefined;
    do {
      if (outOfTime() || enqueued >= maxJobs) return { enqueued, shardsVisited: visited, complete: false };
      const page = await opts.store.queryDue(shard, dueBy, Math.min(pageSize, maxJobs - enqueued), cursor);
      const jobs = page.items.map((e) => ({ subscriberId: e.id, programDay: e.programDay, dueAt: e.nextSendAt }));
      // A page's batches go out together: one after another, 300k due jobs would take minutes.
      const batches: DeliveryJob[][] = [];
      for (let j = 0; j < jobs.length; j += QUEUE_BATCH) batches.push(jobs.slice(j, j + QUEUE_BATCH));
      await Promise.all(batches.map((b) => opts.queue.sendBatch(b)));
      enqueued += jobs.length;
      cursor = page.cursor;
    } while (cursor);
    visited++;
  }
  return { enqueued, shardsVisited: visited, complete: true };
}

/**
 * Jobs one dispatcher run may enqueue: the configured cap, or what the senders can send in one tick
 * (SES MaxSendRate plus Twilio messages per second, times the tick) with 20 % headroom, so a backlog
 * drains over several ticks instead of flooding the queue. Unknown email rate: no cap.
 */
export function dispatchCapacity(p: { configuredCap?: number; emailPerSecond?: number; smsPerSecond: number; tickMs: number }): number | undefined {
  if (p.configuredCap) return p.configuredCap;
  if (p.emailPerSecond === undefined || !Number.isFinite(p.emailPerSecond)) return undefined;
  return Math.ceil((p.emailPerSecond + p.smsPerSecond) * (p.tickMs / 1000) * 1.2);
}
