import type { SQSClient } from '@aws-sdk/client-sqs';
import { jobKey, QUEUE_BATCH } from '../core/dispatch';
import type { DeliveryJob, Queue } from '../ports';
import { clientOf, type LazyClient } from './lazy-client';

/**
 * The delivery queue on SQS: SendMessageBatch, at most 10 entries a call. Entries SQS reports as
 * failed are sent again with backoff; after that the call throws and the dispatcher's next tick
 * enqueues the job again (it is still due). On a FIFO queue the job key (subscriber + day) is the
 * deduplication id, so two dispatchers within five minutes enqueue it once. A job re-enqueued with
 * the evidence of a send (core/complete-later.ts) gets an id of its own, so that dedup never drops it;
 * FIFO queues take no per-message delay (only the queue's own), standard queues do.
 */

export interface SqsQueueOptions {
  client: LazyClient<SQSClient>;
  queueUrl: string;
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** SQS batch entry ids: alphanumerics, hyphens and underscores, at most 80 characters. */
function entryId(job: DeliveryJob): string {
  const key = job.sent ? `${jobKey(job)}-sent-${job.sent.token}` : jobKey(job);
  return key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}

export class SqsQueue implements Queue<DeliveryJob> {
  private readonly fifo: boolean;

  constructor(private readonly opts: SqsQueueOptions) {
    this.fifo = opts.queueUrl.endsWith('.fifo');
  }

  async sendBatch(messages: readonly DeliveryJob[], opts: { delaySeconds?: number } = {}): Promise<void> {
    // Entry ids must be distinct within one call.
    const unique = [...new Map(messages.map((m) => [entryId(m), m])).values()];
    const delay = this.fifo || !opts.delaySeconds ? undefined : Math.min(900, Math.max(0, Math.round(opts.delaySeconds)));
    for (let i = 0; i < unique.length; i += QUEUE_BATCH) await this.sendChunk(unique.slice(i, i + QUEUE_BATCH), delay);
  }

  private async sendChunk(jobs: DeliveryJob[], delaySeconds: number | undefined): Promise<void> {
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    let pending = jobs;
    const attempts = this.opts.attempts ?? 4;
    const [client, { SendMessageBatchCommand }] = await Promise.all([clientOf(this.opts.client), import('@aws-sdk/client-sqs')]);
    for (let attempt = 0; attempt < attempts && pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.floor(Math.random() * Math.min(2_000, 100 * 2 ** attempt)));
      const out = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.opts.queueUrl,
          Entries: pending.map((job) => ({
            Id: entryId(job),
            MessageBody: JSON.stringify(job),
            ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}),
            ...(this.fifo ? { MessageDeduplicationId: entryId(job), MessageGroupId: job.subscriberId } : {}),
          })),
        }),
      );
      const failed = new Set((out.Failed ?? []).filter((f) => !f.SenderFault).map((f) => f.Id));
      const senderFaults = (out.Failed ?? []).filter((f) => f.SenderFault);
      if (senderFaults.length > 0) throw new Error(`SQS rejected ${senderFaults.length} entries (${senderFaults[0]?.Code})`);
      pending = pending.filter((job) => failed.has(entryId(job)));
    }
    if (pending.length > 0) throw new Error(`SQS did not take ${pending.length} entries`);
  }
}
