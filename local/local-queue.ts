import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Clock, Queue } from '../functions/ports';

/**
 * An in-process queue with SQS's delivery semantics, for the local stack and the simulation:
 * at-least-once (a received message comes back after the visibility timeout unless deleted), a DLQ
 * after `maxReceives` receives, and SQS-shaped batch events for the real sender handler, which
 * answers with a partial batch response. Time comes from the injected Clock, so a fake clock moves
 * redelivery along with the program.
 *
 * Fault hooks reproduce what SQS may do: `duplicate` enqueues a message twice (standard queues may
 * deliver a message more than once), `concurrent` hands one batch to two consumers at the same time,
 * `unreachable` makes a send fail.
 */

export interface DeadLetter {
  messageId: string;
  body: string;
  receiveCount: number;
  /** Error name from the last failed attempt (never a message text). */
  lastError?: string;
  deadAt: number;
}

export interface LocalQueueOptions {
  clock: Clock;
  visibilityTimeoutMs?: number;
  maxReceives?: number;
  faults?: { duplicate?: () => boolean; concurrent?: () => boolean; unreachable?: () => boolean };
  queueArn?: string;
}

interface Entry {
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
  receipt?: string;
  firstReceiveAt?: number;
  lastError?: string;
}

export type BatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export class LocalQueue<T> implements Queue<T> {
  private entries: Entry[] = [];
  readonly dlq: DeadLetter[] = [];
  readonly counts = { sent: 0, duplicated: 0, concurrent: 0, received: 0, deleted: 0, handlerErrors: 0 };
  private readonly visibility: number;
  private readonly maxReceives: number;
  private readonly arn: string;

  constructor(private readonly opts: LocalQueueOptions) {
    this.visibility = opts.visibilityTimeoutMs ?? 60_000;
    this.maxReceives = opts.maxReceives ?? 5;
    this.arn = opts.queueArn ?? 'arn:aws:sqs:local:000000000000:limber-delivery';
  }

  /** `delaySeconds` hides the messages that long, as SQS DelaySeconds does. */
  async sendBatch(messages: readonly T[], opts: { delaySeconds?: number } = {}): Promise<void> {
    if (messages.length > 10) throw new Error('SendMessageBatch takes at most 10 entries');
    if (this.opts.faults?.unreachable?.()) throw new Error('queue unreachable');
    const now = this.opts.clock.now();
    const visibleAt = now + Math.min(900, Math.max(0, opts.delaySeconds ?? 0)) * 1000;
    for (const m of messages) {
      const body = JSON.stringify(m);
      const copies = this.opts.faults?.duplicate?.() ? 2 : 1;
      if (copies === 2) this.counts.duplicated++;
      for (let i = 0; i < copies; i++) {
        this.entries.push({ messageId: randomUUID(), body, sentAt: now, receiveCount: 0, visibleAt });
        this.counts.sent++;
      }
    }
  }

  /** Messages waiting or in flight (not in the DLQ). */
  get size(): number {
    return this.entries.length;
  }

  /** When the next invisible message becomes visible again, if any. */
  nextVisibleAt(): number | undefined {
    const now = this.opts.clock.now();
    const later = this.entries.filter((e) => e.visibleAt > now).map((e) => e.visibleAt);
    return later.length ? Math.min(...later) : undefined;
  }

  /** Receives up to `max` visible messages, hiding them for the visibility timeout. */
  receive(max = 10): SQSRecord[] {
    const now = this.opts.clock.now();
    const out: SQSRecord[] = [];
    for (const e of [...this.entries]) {
      if (out.length >= max) break;
      if (e.visibleAt > now) continue;
      if (e.receiveCount >= this.maxReceives) {
        this.toDlq(e, now);
        continue;
      }
      e.receiveCount++;
      e.firstReceiveAt ??= now;
      e.visibleAt = now + this.visibility;
      e.receipt = randomUUID();
      this.counts.received++;
      out.push(this.record(e));
    }
    return out;
  }

  delete(receiptHandle: string): boolean {
    const i = this.entries.findIndex((e) => e.receipt === receiptHandle);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    this.counts.deleted++;
    return true;
  }

  /** SQS ChangeMessageVisibility: an in-flight message comes back `ms` from now (backoff). */
  changeVisibility(receiptHandle: string, ms: number): boolean {
    const e = this.entries.find((x) => x.receipt === receiptHandle);
    if (!e) return false;
    e.visibleAt = this.opts.clock.now() + ms;
    return true;
  }

  private toDlq(e: Entry, now: number): void {
    this.entries = this.entries.filter((x) => x !== e);
    this.dlq.push({ messageId: e.messageId, body: e.body, receiveCount: e.receiveCount, lastError: e.lastError, deadAt: now });
  }

  private record(e: Entry): SQSRecord {
    return {
      messageId: e.messageId,
      receiptHandle: e.receipt!,
      body: e.body,
      attributes: {
        ApproximateReceiveCount: String(e.receiveCount),
        SentTimestamp: String(e.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(e.firstReceiveAt ?? e.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(e.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: 'local',
    };
  }

  /** One receive and one handler call, as Lambda's SQS poller does; returns how many were received. */
  async pollOnce(handler: BatchHandler, batchSize = 10): Promise<number> {
    const records = this.receive(batchSize);
    if (records.length === 0) return 0;
    const event: SQSEvent = { Records: records };
    const twice = this.opts.faults?.concurrent?.() ?? false;
    if (twice) this.counts.concurrent++;
    const calls = twice ? [handler(event), handler({ Records: records.map((r) => ({ ...r })) })] : [handler(event)];
    const settled = await Promise.allSettled(calls);
    const first = settled[0]!;
    if (first.status === 'rejected') {
      // The whole batch failed: every message comes back after the visibility timeout.
      this.counts.handlerErrors++;
      const name = first.reason instanceof Error ? first.reason.name : 'Error';
      for (const r of records) this.noteError(r.receiptHandle, name);
      return records.length;
    }
    const failed = new Set((first.value?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    for (const r of records) {
      if (failed.has(r.messageId)) this.noteError(r.receiptHandle, 'BatchItemFailure');
      else this.delete(r.receiptHandle);
    }
    return records.length;
  }

  private noteError(receipt: string, name: string): void {
    const e = this.entries.find((x) => x.receipt === receipt);
    if (e) e.lastError = name;
  }

  /** Polls with `consumers` concurrent pollers until no message is visible; returns messages handled. */
  async drain(handler: BatchHandler, opts: { batchSize?: number; consumers?: number } = {}): Promise<number> {
    let total = 0;
    const consumer = async () => {
      for (;;) {
        const n = await this.pollOnce(handler, opts.batchSize ?? 10);
        if (n === 0) return;
        total += n;
      }
    };
    await Promise.all(Array.from({ length: opts.consumers ?? 1 }, consumer));
    return total;
  }
}
