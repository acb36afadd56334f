import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { ENV } from '../../functions/config';
import { functionLogicalId, synthLimber, type Synthesized } from './synth';

let s: Synthesized;
beforeAll(() => {
  s = synthLimber({ escalationAlarmMinutes: 30, alarmEmail: 'ops@example.com' });
});
afterAll(() => s?.cleanup());

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) => s.stack.resolve(s.stack.getLogicalId(construct.node.defaultChild as never)) as string;

describe('webhooks', () => {
  it('queue has a DLQ after 8 attempts; webhook-sender consumes it with partial batch failures', () => {
    s.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(s.stack.webhooks.dlq), 'Arn'] }, maxReceiveCount: 8 },
    });
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionLogicalId(s, 'webhookSender') },
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(s.stack.webhooks.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmDescription: Match.stringLikeRegexp('WebhooksDlq') });
  });

  it('emitters know the webhook queue; every function knows the endpoints secret by name only', () => {
    for (const h of ['api', 'sender', 'twilioInbound', 'sesInbound'] as const) {
      const fn = s.template.findResources('AWS::Lambda::Function')[functionLogicalId(s, h)]!;
      expect(fn.Properties.Environment.Variables[ENV.webhookQueueUrl]).toEqual({ Ref: logicalIdOf(s.stack.webhooks.queue) });
      expect(fn.Properties.Environment.Variables[ENV.secretWebhookEndpoints]).toBe('Limber/webhook-endpoints');
    }
  });

  it('the outbox sweep runs every 5 minutes over a sparse keys-only index', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [functionLogicalId(s, 'webhookOutbox'), 'Arn'] } }),
    });
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: 'outbox',
          KeySchema: [
            { AttributeName: 'gsi3pk', KeyType: 'HASH' },
            { AttributeName: 'gsi3sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ]),
    });
  });
});

describe('escalation alarm', () => {
  it('fires when an escalation is open longer than the setting, and when the monitor goes silent', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Limber',
      MetricName: 'OpenEscalationsOverdue',
      Dimensions: [{ Name: 'Service', Value: 'limber' }],
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmDescription: Match.stringLikeRegexp('more than 30 minutes'),
      AlarmActions: [Match.anyValue()],
    });
    const fn = s.template.findResources('AWS::Lambda::Function')[functionLogicalId(s, 'escalationMonitor')]!;
    expect(fn.Properties.Environment.Variables[ENV.escalationAlarmMinutes]).toBe('30');
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [functionLogicalId(s, 'escalationMonitor'), 'Arn'] } }),
    });
  });
});
