import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaEntry, type Build } from '../app/entry';
import { SENDER_BATCH_SIZE } from '../config';
import { deliverBatch, type BatchItem } from '../core/deliver-batch';
import type { DeliveryContext } from '../core/deliver';
import { DeliveryJobSchema } from '../core/dispatch';
import { redactedRef } from '../core/identifiers';

/**
 * SQS consumer with partial batch responses: claim -> render -> send -> complete per job
 * (functions/core/deliver.ts), every job of the batch at once (SENDER_BATCH_SIZE; the token buckets
 * pace the provider calls). A job that fails comes back after the visibility timeout and lands in
 * the DLQ after maxReceiveCount; the message holds only subscriber id, day and due time (and, after a
 * failed completeSend, the evidence of the send: core/complete-later.ts).
 * An account-level provider error (sending paused, credentials refused) fails the whole invocation.
 */

export class SendingStoppedError extends Error {
  override name = 'SendingStoppedError';
}

/** `context` is asked once per invocation: the Wiring keeps what lasts and follows rotated secrets. */
export function createSenderHandler(context: () => Promise<DeliveryContext>, concurrency = SENDER_BATCH_SIZE) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const ctx = await context();
    const items: BatchItem[] = [];
    const invalid: string[] = [];
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = undefined;
      }
      const job = DeliveryJobSchema.safeParse(body);
      if (job.success) items.push({ id: record.messageId, job: job.data });
      else {
        ctx.log?.error('malformed job', { messageRef: redactedRef(record.messageId) });
        invalid.push(record.messageId);
      }
    }
    const result = await deliverBatch(ctx, items, concurrency);
    if (result.stoppedBy) {
      ctx.log?.error('sending stopped: account-level provider error', { code: result.stoppedBy.code });
      throw new SendingStoppedError(`sending stopped: ${result.stoppedBy.code}`);
    }
    return { batchItemFailures: [...invalid, ...result.failures].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

export const buildSenderHandler: Build<SQSEvent, SQSBatchResponse> = async (w) => createSenderHandler(() => w.deliveryContext());

export const handler = lambdaEntry(buildSenderHandler);
