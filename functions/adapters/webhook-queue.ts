import type { SQSClient } from '@aws-sdk/client-sqs';
import type { WebhookDelivery, WebhookHttp } from '../core/webhooks';
import type { Queue } from '../ports';
import { clientOf, type LazyClient } from './lazy-client';

/**
 * Outbound webhooks through a queue (SQS on AWS, the in-process LocalQueue locally). The outbox relay
 * (dynamo-outbox.ts) fans each event out to the endpoints that subscribe to its type and enqueues one
 * delivery each, with the payload already cut down to what that endpoint may see; the webhook-sender
 * handler signs and posts.
 * The queue's redrive policy is the retry bound; each failed attempt pushes the next one back
 * (retryDelaySeconds) through ChangeMessageVisibility.
 */

export class SqsWebhookQueue implements Queue<WebhookDelivery> {
  constructor(private readonly opts: { client: LazyClient<SQSClient>; queueUrl: string }) {}

  private async sqs() {
    const [client, commands] = await Promise.all([clientOf(this.opts.client), import('@aws-sdk/client-sqs')]);
    return { client, ...commands };
  }

  async sendBatch(messages: readonly WebhookDelivery[]): Promise<void> {
    if (messages.length === 0) return;
    const { client, SendMessageBatchCommand } = await this.sqs();
    const out = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: this.opts.queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), MessageBody: JSON.stringify(m) })),
      }),
    );
    if ((out.Failed ?? []).length > 0) throw new Error(`SQS did not take ${out.Failed!.length} webhook deliveries (${out.Failed![0]?.Code})`);
  }

  /** Backoff: the message comes back after `seconds` instead of the queue's visibility timeout. */
  async retryLater(receiptHandle: string, seconds: number): Promise<void> {
    const { client, ChangeMessageVisibilityCommand } = await this.sqs();
    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.opts.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
  }
}

/** Webhook POSTs with fetch and a time limit; a receiver that hangs is a failed attempt. */
export function fetchWebhookHttp(timeoutMs = 10_000): WebhookHttp {
  return {
    async post(url, headers, body) {
      const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      return { status: res.status };
    },
  };
}
