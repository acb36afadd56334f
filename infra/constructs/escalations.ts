import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config';
import { METRIC_NAMESPACE, OVERDUE_METRIC } from '../../functions/handlers/escalation-monitor';
import { iam5ResourceFinding, LimberFunction, type FunctionDeps } from './limber-function';

export interface EscalationsProps {
  readonly deps: FunctionDeps;
  /** Open escalations older than this raise the alarm. */
  readonly alarmMinutes: number;
}

/**
 * The escalation alarm (docs/outcomes.md): every 5 minutes escalation-monitor counts open escalations
 * raised more than `alarmMinutes` ago and publishes Limber/OpenEscalationsOverdue; the alarm fires
 * while it is 1 or more. Missing data (the monitor did not run) is breaching: silence must not look
 * like "nobody waiting".
 */
export class EscalationAlarm extends Construct {
  readonly monitor?: LimberFunction;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EscalationsProps) {
    super(scope, id);
    if (props.deps.wired.has('escalationMonitor')) {
      this.monitor = new LimberFunction(this, 'EscalationMonitor', {
        name: 'escalationMonitor',
        deps: props.deps,
        timeout: Duration.seconds(30),
        environment: { [ENV.escalationAlarmMinutes]: String(props.alarmMinutes) },
      });
      const role = new iam.Role(this, 'ScheduleRole', {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      });
      new scheduler.Schedule(this, 'Schedule', {
        description: 'Limber: count overdue open escalations',
        schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
        target: new schedulerTargets.LambdaInvoke(this.monitor, { role, retryAttempts: 0, maxEventAge: Duration.minutes(4) }),
      });
      Validations.of(role).acknowledge({
        id: 'HIPAA.Security-IAMNoInlinePolicy',
        reason: 'The schedule role has one inline statement: lambda:InvokeFunction on the escalation monitor (CDK grantInvoke).',
      });
      Validations.of(role).acknowledge({
        id: iam5ResourceFinding(this, `${this.monitor.functionArn}:*`),
        reason: 'lambda:InvokeFunction on the escalation monitor and its versions/aliases (CDK grantInvoke); nothing else.',
      });
    }
    this.alarm = new cloudwatch.Alarm(this, 'OpenEscalationsOverdue', {
      metric: new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: OVERDUE_METRIC,
        dimensionsMap: { Service: 'limber' },
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `An escalation has been open for more than ${props.alarmMinutes} minutes: see /dashboard/escalations and limber escalations list --state open.`,
    });
  }
}
