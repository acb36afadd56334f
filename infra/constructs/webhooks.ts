import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config';
import { LimberFunction, type FunctionDeps } from './limber-function';

export interface WebhooksProps {
  readonly deps: FunctionDeps;
  /** Attempts before a delivery moves to the webhook DLQ (the backoff grows 10 s .. 15 min between them). */
  readonly maxReceiveCount: number;
}

const SENDER_TIMEOUT = Duration.seconds(30);

/**
 * Outbound webhooks (docs/outcomes.md): the functions that change a subscriber's state enqueue one
 * delivery per subscribed endpoint on `queue`; webhook-sender signs (Standard Webhooks) and posts
 * them. A failed attempt is retried after a growing delay (ChangeMessageVisibility, which the event
 * source grants) and lands in `dlq` after maxReceiveCount. Endpoints and their whsec_ secrets live in
 * the webhookEndpoints secret (JSON, functions/core/webhooks.ts WebhookEndpoint).
 */
export class Webhooks extends Construct {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
  readonly sender?: LimberFunction;

  constructor(scope: Construct, id: string, props: WebhooksProps) {
    super(scope, id);
    const defaults = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;
    this.dlq = new sqs.Queue(this, 'Dlq', { ...defaults, retentionPeriod: Duration.days(14) });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...defaults,
      visibilityTimeout: Duration.seconds(SENDER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: props.maxReceiveCount },
    });
    if (props.deps.wired.has('webhookSender')) {
      this.sender = new LimberFunction(this, 'WebhookSender', {
        name: 'webhookSender',
        deps: props.deps,
        timeout: SENDER_TIMEOUT,
        environment: { [ENV.webhookQueueUrl]: this.queue.queueUrl },
      });
      this.sender.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }));
    }
  }

  /** A function that emits events: it may enqueue deliveries, and learns the queue's URL. */
  grantEmit(fn: LimberFunction): void {
    fn.addEnvironment(ENV.webhookQueueUrl, this.queue.queueUrl);
    this.queue.grantSendMessages(fn);
  }
}
