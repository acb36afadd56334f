import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CONFIRMATION_NOT_SENT } from '../../functions/core/enrolment';
import type { LimberFunction } from './limber-function';

export interface ObservabilityProps {
  readonly functions: readonly LimberFunction[];
  /** Queues that should always be empty (dead letters). */
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  readonly httpApi: apigwv2.HttpApi;
  /** Without it, alarms are created without actions (visible in the console only). */
  readonly alarmEmail?: string;
}

/**
 * Alarms that mean "a person should look": anything in a dead-letter queue, any function error or
 * throttle, API 5xx. The SNS topic exists only when an address to notify is configured.
 */
export class Observability extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'Alarms', { displayName: 'Limber alarms', enforceSSL: true });
      Validations.of(this.topic).acknowledge({
        id: 'HIPAA.Security-SNSEncryptedKMS',
        reason: 'Alarm notifications name an alarm and a count, never personal data; a KMS key would need a key policy for CloudWatch to publish.',
      });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    const period = Duration.minutes(5);
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string, threshold = 1) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (this.topic) {
        a.addAlarmAction(new cwActions.SnsAction(this.topic));
        a.addOkAction(new cwActions.SnsAction(this.topic));
      }
      if (!this.topic) {
        Validations.of(a).acknowledge({
          id: 'HIPAA.Security-CloudWatchAlarmAction',
          reason: 'No alarmEmail configured: the alarm shows in the console only. Set alarmEmail for a real deployment (limber doctor reports it).',
        });
      }
      this.alarms.push(a);
      return a;
    };

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}Depth`,
        queue.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM }),
        `Messages in ${name}: see docs/deploy.md (operations) to inspect and redrive.`,
      );
    }
    for (const fn of props.functions) {
      const id = fn.node.id;
      alarm(`${id}Errors`, fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }), `${fn.handlerName} threw (see its logs).`);
      alarm(
        `${id}Throttles`,
        fn.metricThrottles({ period, statistic: cloudwatch.Stats.SUM }),
        `${fn.handlerName} was throttled: account concurrency or its reserved concurrency is too low.`,
      );
    }
    // Sign-up answers a plain "try again later" page when the provider refuses (never a 5xx), so the
    // API alarm cannot see it: count the api's log line instead.
    const api = props.functions.find((f) => f.handlerName === 'api');
    if (api) {
      const filter = new logs.MetricFilter(this, 'ConfirmationsNotSentFilter', {
        logGroup: api.logGroup,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', CONFIRMATION_NOT_SENT),
        metricNamespace: `Limber/${Stack.of(this).stackName}`,
        metricName: 'ConfirmationsNotSent',
        metricValue: '1',
      });
      alarm(
        'ConfirmationsNotSent',
        filter.metric({ period, statistic: cloudwatch.Stats.SUM }),
        'Sign-up confirmations could not be sent (SES sandbox, unverified identity, suspended account or outage): run `limber doctor --aws`.',
      );
    }
    alarm(
      'Api5xx',
      props.httpApi.metricServerError({ period, statistic: cloudwatch.Stats.SUM }),
      'The HTTP API answered 5xx: handlers are meant to answer 2xx/4xx only.',
    );
  }
}
