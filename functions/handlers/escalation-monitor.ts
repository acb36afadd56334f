import { lambdaEntry, type Build } from '../app/entry';
import type { Clock, Escalations } from '../ports';

/**
 * EventBridge Scheduler, every 5 minutes: counts open escalations raised more than
 * LIMBER_ESCALATION_ALARM_MINUTES ago (one Query of the sparse ESCOPEN index partition) and
 * publishes the count as the CloudWatch metric Limber/OpenEscalationsOverdue in the embedded metric
 * format. The alarm on it (infra/constructs/escalations.ts) fires while the count is 1 or more.
 * The log line holds the count only.
 */

export const METRIC_NAMESPACE = 'Limber';
export const OVERDUE_METRIC = 'OpenEscalationsOverdue';

export interface MonitorDeps {
  escalations: Pick<Escalations, 'listOpenBefore'>;
  clock: Clock;
  minutes: number;
  /** Where the EMF line goes: stdout in Lambda (CloudWatch Logs extracts the metric). */
  write: (line: string) => void;
}

/** At most this many are counted; the alarm needs "any", the page shows them all. */
const COUNT_CAP = 1000;

export function createEscalationMonitorHandler(deps: () => MonitorDeps) {
  return async (): Promise<{ overdue: number }> => {
    const d = deps();
    const now = d.clock.now();
    const before = new Date(now - d.minutes * 60_000).toISOString();
    const overdue = (await d.escalations.listOpenBefore(before, COUNT_CAP)).length;
    d.write(
      JSON.stringify({
        _aws: {
          Timestamp: now,
          CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [['Service']], Metrics: [{ Name: OVERDUE_METRIC, Unit: 'Count' }] }],
        },
        Service: 'limber',
        [OVERDUE_METRIC]: overdue,
        minutes: d.minutes,
      }),
    );
    return { overdue };
  };
}

export const buildEscalationMonitorHandler: Build<unknown, { overdue: number }> = async (w) =>
  createEscalationMonitorHandler(() => ({
    escalations: w.escalations,
    clock: w.clock,
    minutes: w.config.escalationAlarmMinutes,
    write: (line) => process.stdout.write(`${line}\n`),
  }));

export const handler = lambdaEntry(buildEscalationMonitorHandler);
