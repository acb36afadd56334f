import { cohortReport, cohortReportCsv, loadCohort } from '../core/cohort-report';
import { loadEscalations, overdue } from '../core/escalations';
import { escalationsHtml, ESCALATIONS_STYLE } from './pages/escalations';
import { computeInsights, loadHistories } from '../core/insights';
import type { Clock, Escalations, FunctionScores, Store } from '../ports';
import { cohortReportHtml, REPORT_STYLE } from './pages/cohort-report';
import { wiringFromEnv, type Wiring } from '../adapters/wiring';
import { DASHBOARD_STYLE, dashboardHtml, type DashboardExtras } from './pages/dashboard';
import { htmlResponse, httpHandler, HttpError, jsonResponse, textResponse, type HttpRequest, type HttpResult, type Logger } from './http';

/**
 * The operator dashboard (HTTP API payload v2), behind IAM auth on AWS and on 127.0.0.1 locally:
 *   GET /dashboard                 the page (functions/handlers/pages/dashboard.ts)
 *   GET /dashboard/insights.json   the same numbers as JSON
 *   GET /dashboard/report[.csv]    the cohort report (pages/cohort-report.ts), HTML or CSV
 *   GET /dashboard/escalations     the escalation list with its audit trail (pages/escalations.ts)
 * It reads the table with a paged Scan (operator-only, rare) and never writes.
 */

export interface DashboardOptions {
  store: Pick<Store, 'scanSubscribers' | 'listRatings' | 'listSendRecords'>;
  clock: Clock;
  /** Weekly function ratings, for the cohort report. */
  functionScores?: Pick<FunctionScores, 'listFunctionRatings'>;
  escalations?: Pick<Escalations, 'listEscalations'>;
  /** Open escalations older than this many minutes count as overdue (the CloudWatch alarm's setting). */
  escalationAlarmMinutes?: number;
  /** Subscribers read at most per request. */
  maxSubscribers?: number;
  /** The local stack shows its dead-letter queue, links to its other pages and its clock. */
  local?: () => Pick<DashboardExtras, 'deadLetters' | 'nav' | 'clockNote'>;
  log?: Logger;
}

export function createDashboardHandler(opts: DashboardOptions): (event: unknown) => Promise<HttpResult> {
  async function handle(req: HttpRequest): Promise<HttpResult> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', undefined, { allow: 'GET, HEAD' });
    const path = req.path.replace(/\/+$/, '');
    if (path === '/dashboard/report' || path === '/dashboard/report.csv') return report(path.endsWith('.csv'));
    if (path === '/dashboard/escalations') return escalationList();
    if (path !== '/dashboard' && path !== '/dashboard/insights.json') throw new HttpError(404, 'not-found');
    const { histories, truncated } = await loadHistories(opts.store, opts.maxSubscribers ?? 500);
    const insights = computeInsights(histories);
    const generatedAt = new Date(opts.clock.now()).toISOString();
    opts.log?.('info', 'dashboard read', { subscribers: histories.length, truncated });
    if (path === '/dashboard/insights.json') return jsonResponse(200, { generatedAt, truncated, ...insights });
    const html = dashboardHtml(insights, { generatedAt, truncated, ...(opts.local?.() ?? {}) });
    return htmlResponse(200, html, { styles: [DASHBOARD_STYLE] });
  }
  async function report(csv: boolean): Promise<HttpResult> {
    const { members, truncated } = await loadCohort(opts.store, opts.functionScores, opts.maxSubscribers ?? 500);
    const r = cohortReport(members);
    opts.log?.('info', 'cohort report read', { subscribers: members.length, truncated });
    if (csv) return textResponse(200, cohortReportCsv(r), 'text/csv; charset=utf-8');
    return htmlResponse(200, cohortReportHtml(r, { generatedAt: new Date(opts.clock.now()).toISOString(), truncated }), { styles: [REPORT_STYLE] });
  }
  async function escalationList(): Promise<HttpResult> {
    if (!opts.escalations) throw new HttpError(404, 'not-found');
    const { list, truncated } = await loadEscalations(opts.store, opts.escalations, opts.maxSubscribers ?? 500);
    const minutes = opts.escalationAlarmMinutes ?? 60;
    const now = opts.clock.now();
    const html = escalationsHtml(list, { generatedAt: new Date(now).toISOString(), overdueMinutes: minutes, overdue: overdue(list, now, minutes), truncated });
    return htmlResponse(200, html, { styles: [ESCALATIONS_STYLE] });
  }
  return httpHandler(handle, { log: opts.log });
}

let wiring: Wiring | undefined;
let built: ((event: unknown) => Promise<HttpResult>) | undefined;

/** The Lambda entry: adapters built once per container, on first use. */
export async function handler(event: unknown): Promise<HttpResult> {
  if (!built) {
    wiring ??= wiringFromEnv();
    const w = wiring;
    built = createDashboardHandler({
      store: w.store,
      clock: w.clock,
      functionScores: w.functionScores,
      escalations: w.escalations,
      escalationAlarmMinutes: w.config.escalationAlarmMinutes,
      log: (level, message, fields) => w.logger[level](message, fields ?? {}),
    });
  }
  return built(event);
}
