import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaEntry, type Build } from '../app/entry';
import { redactedRef } from '../core/identifiers';
import { deliverWebhook, WebhookDelivery, type WebhookSenderDeps } from '../core/webhooks';

/**
 * SQS consumer of the webhook queue: sign (Standard Webhooks) and POST each delivery
 * (core/webhooks.ts deliverWebhook). A failed attempt is a batch item failure whose next attempt is
 * pushed back by retryDelaySeconds; after the queue's maxReceiveCount it lands in the webhook DLQ.
 * Logs hold the endpoint id, the event type's outcome and status codes: never the body.
 */

export function createWebhookSenderHandler(deps: () => Promise<WebhookSenderDeps>) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const d = await deps();
    const endpoints = await d.endpoints();
    const failures: string[] = [];
    await Promise.all(
      event.Records.map(async (record) => {
        let parsed: ReturnType<typeof WebhookDelivery.safeParse>;
        try {
          parsed = WebhookDelivery.safeParse(JSON.parse(record.body));
        } catch {
          parsed = WebhookDelivery.safeParse(undefined);
        }
        if (!parsed.success) {
          d.log?.error('malformed webhook delivery', { messageRef: redactedRef(record.messageId) });
          return; // dropped: retrying cannot fix it
        }
        const attempt = Number(record.attributes.ApproximateReceiveCount ?? '1');
        const outcome = await deliverWebhook({ endpoints, http: d.http, now: d.now }, parsed.data, attempt);
        d.log?.info('webhook', {
          endpoint: parsed.data.endpointId,
          outcome: outcome.kind,
          attempt,
          ...('status' in outcome && outcome.status ? { status: outcome.status } : {}),
        });
        if (outcome.kind === 'retry') {
          failures.push(record.messageId);
          await d.retryLater(record.receiptHandle, outcome.delaySeconds).catch(() => undefined);
        }
      }),
    );
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

export const buildWebhookSenderHandler: Build<SQSEvent, SQSBatchResponse> = async (w) => createWebhookSenderHandler(() => w.webhookSenderDeps());

export const handler = lambdaEntry(buildWebhookSenderHandler);
