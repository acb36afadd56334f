import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { ENV } from '../../functions/config';
import { INBOUND_PREFIX } from '../../infra/constructs/inbound';
import { functionLogicalId, synthLimber, wired, type Synthesized } from './synth';

let s: Synthesized;
beforeAll(() => {
  s = synthLimber();
});
afterAll(() => s?.cleanup());

const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) => s.stack.resolve(s.stack.getLogicalId(construct.node.defaultChild as never)) as string;

describe.runIf(wired.has('dispatcher'))('dispatcher', () => {
  it('runs every 5 minutes from EventBridge Scheduler, without retries', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: { Arn: getAtt(functionLogicalId(s, 'dispatcher')), RetryPolicy: { MaximumRetryAttempts: 0 } },
    });
  });

  it('ends well before the next tick and knows the queue', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      Timeout: 240,
      Environment: { Variables: Match.objectLike({ [ENV.queueUrl]: { Ref: logicalIdOf(s.stack.delivery.jobs) } }) },
      Description: Match.stringLikeRegexp('^Limber dispatcher'),
    });
  });
});

describe('jobs queue and sender', () => {
  it('sends poison jobs to an encrypted DLQ after maxReceiveCount receives', () => {
    const dlq = logicalIdOf(s.stack.delivery.jobsDlq);
    s.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: getAtt(dlq), maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
      // At least six times the sender's timeout (AWS guidance for Lambda consumers).
      VisibilityTimeout: 360,
    });
    s.template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
  });

  it.runIf(wired.has('sender'))('consumes with partial batch responses and bounded concurrency', () => {
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(logicalIdOf(s.stack.delivery.jobs)),
      FunctionName: { Ref: functionLogicalId(s, 'sender') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    const sender = s.template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('^Limber sender') },
    });
    const [props] = Object.values(sender).map((r) => r.Properties);
    // No reservation by default: Lambda refuses one that leaves < 100 unreserved executions (issue 20).
    expect(props.ReservedConcurrentExecutions).toBeUndefined();
    // Each of the two containers paces itself to half the provider rates.
    expect(props.Environment.Variables[ENV.senderConcurrency]).toBe('2');
    expect(props.Timeout).toBe(60);
    expect(props.Environment.Variables[ENV.sesConfigurationSet]).toEqual({ Ref: logicalIdOf(s.stack.delivery.configurationSet) });
  });

  it.runIf(wired.has('sender'))('reserves concurrency only when an account asks for it', () => {
    const reserved = synthLimber({ senderReservedConcurrency: '4', senderMaxConcurrency: '4' });
    try {
      const fns = reserved.template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Limber sender') },
      });
      expect(Object.values(fns)[0]!.Properties.ReservedConcurrentExecutions).toBe(4);
    } finally {
      reserved.cleanup();
    }
  });
});

describe('SES sending events', () => {
  it('publishes send, delivery, bounce, complaint and reject to the default event bus', () => {
    s.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['send', 'delivery', 'bounce', 'complaint', 'reject']),
        EventBridgeDestination: { EventBusArn: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([':event-bus/default'])]) }) },
      },
    });
    s.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
    });
  });

  it.runIf(wired.has('sesEvents'))('routes those events, for our configuration set only, to ses-events', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Sent', 'Email Delivered', 'Email Bounced', 'Email Complaint Received', 'Email Rejected'],
        detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: logicalIdOf(s.stack.delivery.configurationSet) }] } } },
      },
      Targets: [Match.objectLike({ Arn: getAtt(functionLogicalId(s, 'sesEvents')) })],
    });
  });
});

describe('inbound mail', () => {
  const bucketId = () => logicalIdOf(s.stack.inbound.bucket);

  it('lands in an encrypted, private, TLS-only bucket whose objects expire', () => {
    s.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ Status: 'Enabled', ExpirationInDays: 7 })] },
      },
    });
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject' }),
        ]),
      },
    });
  });

  it.runIf(wired.has('sesInbound'))('is stored by the receipt rule first, then handed to ses-inbound with the SES event', () => {
    s.template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Enabled: true,
        Recipients: ['reply.example.com'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: { BucketName: { Ref: bucketId() }, ObjectKeyPrefix: INBOUND_PREFIX } },
          { LambdaAction: { FunctionArn: getAtt(functionLogicalId(s, 'sesInbound')), InvocationType: 'Event' } },
        ],
      },
    });
    s.template.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'Limber-inbound' });
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Limber sesInbound'),
      Environment: { Variables: Match.objectLike({ [ENV.inboundBucket]: { Ref: bucketId() } }) },
    });
  });
});

describe('alarms and failure queues', () => {
  it('alarm on any message in either dead-letter queue', () => {
    for (const queue of [s.stack.delivery.jobsDlq, s.stack.delivery.failedEvents]) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(logicalIdOf(queue), 'QueueName') }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('alarm on errors and throttles of every function', () => {
    for (const handler of wired) {
      for (const metric of ['Errors', 'Throttles']) {
        s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: metric,
          Namespace: 'AWS/Lambda',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(s, handler) } }],
        });
      }
    }
  });

  it('send async failures (SES events, inbound mail) to the failed-events queue', () => {
    for (const handler of (['sesEvents', 'sesInbound'] as const).filter((h) => wired.has(h))) {
      s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionLogicalId(s, handler) },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: getAtt(logicalIdOf(s.stack.delivery.failedEvents)) } },
      });
    }
  });

  it('notify by email only when an address is configured', () => {
    s.template.resourceCountIs('AWS::SNS::Topic', 0);
    const withEmail = synthLimber({ alarmEmail: 'ops@limber.test' });
    try {
      withEmail.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@limber.test' });
      const alarms = Object.values(withEmail.template.findResources('AWS::CloudWatch::Alarm'));
      expect(alarms.every((a) => (a.Properties.AlarmActions ?? []).length === 1)).toBe(true);
    } finally {
      withEmail.cleanup();
    }
  });
});
