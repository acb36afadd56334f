import { Arn, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, SENDER_BATCH_SIZE } from '../../functions/config';
import { iam5ResourceFinding, LimberFunction, type FunctionDeps } from './limber-function';

export interface DeliveryProps {
  readonly deps: FunctionDeps;
  readonly fromEmail: string;
  readonly manageEmailIdentity: boolean;
  readonly senderMaxConcurrency: number;
  readonly senderReservedConcurrency: number;
  readonly maxReceiveCount: number;
}

const SENDER_TIMEOUT = Duration.seconds(60);

/** The SES events we record (docs/delivery.md): evidence of a send, and the ones that suppress. */
const SES_EVENT_DETAIL_TYPES = ['Email Sent', 'Email Delivered', 'Email Bounced', 'Email Complaint Received', 'Email Rejected'];

/**
 * Dispatcher (EventBridge Scheduler, every 5 minutes) -> SQS jobs queue (+ DLQ) -> sender, and the SES
 * side of sending: domain identity, configuration set, its events on the default bus -> ses-events.
 */
export class Delivery extends Construct {
  readonly jobs: sqs.Queue;
  readonly jobsDlq: sqs.Queue;
  /** Async invocations (SES events, inbound mail) that failed every retry land here. */
  readonly failedEvents: sqs.Queue;
  readonly configurationSet: ses.ConfigurationSet;
  readonly identity?: ses.EmailIdentity;
  readonly dispatcher?: LimberFunction;
  readonly sender?: LimberFunction;
  readonly sesEvents?: LimberFunction;
  readonly schedule?: scheduler.Schedule;
  private readonly senderDomain: string;
  private readonly fromEmail: string;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    const { deps } = props;
    const senderDomain = props.fromEmail.split('@')[1]!;

    const queueDefaults = {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    } as const;
    this.jobsDlq = new sqs.Queue(this, 'JobsDlq', { ...queueDefaults, retentionPeriod: Duration.days(14) });
    this.jobs = new sqs.Queue(this, 'Jobs', {
      ...queueDefaults,
      // AWS guidance for Lambda consumers: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(SENDER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.jobsDlq, maxReceiveCount: props.maxReceiveCount },
    });
    this.failedEvents = new sqs.Queue(this, 'FailedEvents', { ...queueDefaults, retentionPeriod: Duration.days(14) });

    // --- SES sending: identity (Easy DKIM), configuration set, events -> default bus.
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // Messages carry health content: never deliver them over a plaintext SMTP hop.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    if (props.manageEmailIdentity) {
      this.identity = new ses.EmailIdentity(this, 'SenderDomain', {
        identity: ses.Identity.domain(senderDomain),
        configurationSet: this.configurationSet,
      });
    }
    // SES publishes to the default bus only.
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(defaultBus),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
      ],
    });

    if (deps.wired.has('dispatcher')) [this.dispatcher, this.schedule] = this.addDispatcher(deps);
    if (deps.wired.has('sender')) this.sender = this.addSender(deps, props);
    if (deps.wired.has('sesEvents')) this.sesEvents = this.addSesEvents(deps);

    this.senderDomain = senderDomain;
    this.fromEmail = props.fromEmail;

    Validations.of(this.failedEvents).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the on-failure destination of the asynchronous handlers (Lambda destinations, which cdk-nag does not recognise as a DLQ).',
    });
  }

  /**
   * Every 5 minutes. A missed tick is harmless (the next one picks the backlog up), so the schedule
   * does not retry; a slow run ends before the next tick by its own time budget.
   */
  private addDispatcher(deps: FunctionDeps): [LimberFunction, scheduler.Schedule] {
    const dispatcher = new LimberFunction(this, 'Dispatcher', {
      name: 'dispatcher',
      deps,
      timeout: Duration.minutes(4),
      environment: { [ENV.queueUrl]: this.jobs.queueUrl },
    });
    this.jobs.grantSendMessages(dispatcher);
    // It caps a run at what the senders can send before the next tick (functions/handlers/dispatcher.ts).
    dispatcher.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadSendQuota', actions: ['ses:GetAccount'], resources: ['*'] }));
    const role = new iam.Role(this, 'DispatchScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    const schedule = new scheduler.Schedule(this, 'DispatchSchedule', {
      description: 'Limber: enqueue due sends',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
      target: new schedulerTargets.LambdaInvoke(dispatcher, { role, retryAttempts: 0, maxEventAge: Duration.minutes(4) }),
    });
    Validations.of(role).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason: 'The schedule role has one inline statement: lambda:InvokeFunction on the dispatcher (CDK grantInvoke).',
    });
    Validations.of(role).acknowledge({
      id: iam5ResourceFinding(this, `${dispatcher.functionArn}:*`),
      reason: 'lambda:InvokeFunction on the dispatcher and its versions/aliases (CDK grantInvoke); nothing else.',
    });
    return [dispatcher, schedule];
  }

  /** SQS consumer with partial batch responses and bounded concurrency (provider rates). */
  private addSender(deps: FunctionDeps, props: DeliveryProps): LimberFunction {
    const sender = new LimberFunction(this, 'Sender', {
      name: 'sender',
      deps,
      timeout: SENDER_TIMEOUT,
      memorySize: 1024,
      reservedConcurrentExecutions: props.senderReservedConcurrency > 0 ? props.senderReservedConcurrency : undefined,
      // Each container paces to its share of the provider rates (functions/adapters/wiring.ts).
      // The queue URL: a job whose completeSend failed after the send goes back with its evidence.
      environment: { [ENV.senderConcurrency]: String(props.senderMaxConcurrency), [ENV.queueUrl]: this.jobs.queueUrl },
    });
    this.jobs.grantSendMessages(sender);
    sender.addEventSource(
      new SqsEventSource(this.jobs, {
        batchSize: SENDER_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(2),
        reportBatchItemFailures: true,
        maxConcurrency: props.senderMaxConcurrency,
      }),
    );
    // It paces itself to the account's MaxSendRate (GetAccount has no resource-level permission).
    sender.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadSendQuota', actions: ['ses:GetAccount'], resources: ['*'] }));
    return sender;
  }

  /** Asynchronous (EventBridge): failures after Lambda's retries go to failedEvents. */
  private addSesEvents(deps: FunctionDeps): LimberFunction {
    const fn = new LimberFunction(this, 'SesEvents', {
      name: 'sesEvents',
      deps,
      timeout: Duration.seconds(30),
      retryAttempts: 2,
      onFailure: new SqsDestination(this.failedEvents),
    });
    new events.Rule(this, 'SesEventsRule', {
      description: 'Limber: SES configuration-set events -> ses-events handler',
      eventPattern: {
        source: ['aws.ses'],
        detailType: SES_EVENT_DETAIL_TYPES,
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new eventTargets.LambdaFunction(fn, { retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
    return fn;
  }

  /**
   * ses:SendEmail as the configured From address only, through our configuration set only (so every
   * message produces the events ses-events records), and the set's name in the environment.
   */
  grantSendEmail(fn: LimberFunction): void {
    const stack = Stack.of(this);
    const sesArn = (resource: string, resourceName: string) => Arn.format({ service: 'ses', resource, resourceName }, stack);
    fn.addEnvironment(ENV.sesConfigurationSet, this.configurationSet.configurationSetName);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SendAsLimberOnly',
        actions: ['ses:SendEmail'],
        resources: [sesArn('identity', this.senderDomain), sesArn('configuration-set', this.configurationSet.configurationSetName)],
        conditions: { StringEquals: { 'ses:FromAddress': this.fromEmail } },
      }),
    );
  }
}
