import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config';
import { iam5ResourceFinding, LimberFunction, type FunctionDeps } from './limber-function';

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
 * the webhookEndpoints secret (JSON, functions/core/webhooks.ts WebhookEndpoint). Events reach the
 * queue through an outbox on the item that records the fact; every 5 minutes webhook-outbox publishes
 * what the relay right after the write could not (adapters/dynamo-outbox.ts).
 */
export class Webhooks extends Construct {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
  readonly sender?: LimberFunction;
  readonly outboxSweep?: LimberFunction;

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
    if (props.deps.wired.has('webhookOutbox')) this.outboxSweep = this.scheduledOutboxSweep(props.deps);
  }

  private scheduledOutboxSweep(deps: FunctionDeps): LimberFunction {
    const fn = new LimberFunction(this, 'WebhookOutbox', { name: 'webhookOutbox', deps, timeout: Duration.seconds(60) });
    const role = new iam.Role(this, 'OutboxScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
    });
    new scheduler.Schedule(this, 'OutboxSchedule', {
      description: 'Limber: publish webhook events the relay after their write could not',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
      target: new schedulerTargets.LambdaInvoke(fn, { role, retryAttempts: 0, maxEventAge: Duration.minutes(4) }),
    });
    Validations.of(role).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason: 'The schedule role has one inline statement: lambda:InvokeFunction on the outbox sweep (CDK grantInvoke).',
    });
    Validations.of(role).acknowledge({
      id: iam5ResourceFinding(this, `${fn.functionArn}:*`),
      reason: 'lambda:InvokeFunction on the outbox sweep and its versions/aliases (CDK grantInvoke); nothing else.',
    });
    return fn;
  }

  /** A function that emits events: it may enqueue deliveries, and learns the queue's URL. */
  grantEmit(fn: LimberFunction): void {
    fn.addEnvironment(ENV.webhookQueueUrl, this.queue.queueUrl);
    this.queue.grantSendMessages(fn);
  }
}
