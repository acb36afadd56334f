import type { Log } from '../ports';
import { cohortReport, cohortReportCsv, loadCohort } from '../core/cohort-report';
import { loadEscalations, overdue } from '../core/escalations';
import { escalationsHtml, ESCALATIONS_STYLE } from './pages/escalations';
import { computeInsights, loadHistories } from '../core/insights';
import { sampleNote } from '../core/dashboard-figures';
import type { Clock, Escalations, FunctionScores, StatusCounts, Store, SubscriberDirectory } from '../ports';
import { directoryHtml, directoryQuery, PAGE_SIZE } from './pages/dashboard-directory';
import { cohortReportHtml, REPORT_STYLE } from './pages/cohort-report';
import { lambdaEntry, type Build } from '../app/entry';
import { DASHBOARD_STYLE, dashboardHtml, type DashboardExtras } from './pages/dashboard';
import { htmlResponse, httpHandler, HttpError, jsonResponse, textResponse, type HttpRequest, type HttpResult } from './http';

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
  /** Subscribers read at most per request, for the sampled figures (the counts and table are exact). */
  maxSubscribers?: number;
  /** Exact counts and pages (the status index); defaults to the store when it serves them (MemoryStore). */
  directory?: SubscriberDirectory;
  /** The local stack shows its dead-letter queue, links to its other pages and its clock. */
  local?: () => Pick<DashboardExtras, 'deadLetters' | 'nav' | 'clockNote'>;
  log?: Log;
}

export function createDashboardHandler(opts: DashboardOptions): (event: unknown) => Promise<HttpResult> {
  const store = opts.store as DashboardOptions['store'] & Partial<SubscriberDirectory>;
  const directory = opts.directory ?? (store.countByStatus && store.listByStatus ? (store as SubscriberDirectory) : undefined);

  /** One page of the exact table: the page's profiles, then their ratings and sends. */
  async function directoryPart(dir: SubscriberDirectory, counts: StatusCounts, req: HttpRequest) {
    const query = directoryQuery(req.query);
    const page = await dir.listByStatus({ ...query, limit: PAGE_SIZE });
    const rows = computeInsights(
      await Promise.all(
        page.items.map(async (subscriber) => ({
          subscriber,
          ratings: await opts.store.listRatings(subscriber.id),
          sends: await opts.store.listSendRecords(subscriber.id),
        })),
      ),
    ).subscribers;
    return { directory: directoryHtml({ counts, query, rows, path: '/dashboard', ...(page.cursor ? { nextCursor: page.cursor } : {}) }) };
  }

  async function handle(req: HttpRequest): Promise<HttpResult> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', undefined, { allow: 'GET, HEAD' });
    const path = req.path.replace(/\/+$/, '');
    if (path === '/dashboard/report' || path === '/dashboard/report.csv') return report(path.endsWith('.csv'));
    if (path === '/dashboard/escalations') return escalationList();
    if (path !== '/dashboard' && path !== '/dashboard/insights.json') throw new HttpError(404, 'not-found');
    const now = opts.clock.now();
    const { histories, truncated } = await loadHistories(opts.store, opts.maxSubscribers ?? 500);
    const insights = computeInsights(histories);
    const generatedAt = new Date(now).toISOString();
    const counts = directory ? await directory.countByStatus(Math.floor(now / 1000)) : undefined;
    opts.log?.info('dashboard read', { subscribers: histories.length, truncated });
    if (path === '/dashboard/insights.json') return jsonResponse(200, { generatedAt, truncated, ...insights, ...(counts ? { counts } : {}) });
    const extra = directory && counts ? await directoryPart(directory, counts, req) : {};
    const note = counts ? { sampleNote: sampleNote(histories, counts.total, truncated), total: counts.total } : {};
    const html = dashboardHtml(insights, { generatedAt, truncated, ...extra, ...note, ...(opts.local?.() ?? {}) });
    return htmlResponse(200, html, { styles: [DASHBOARD_STYLE] });
  }
  async function report(csv: boolean): Promise<HttpResult> {
    const { members, truncated } = await loadCohort(opts.store, opts.functionScores, opts.maxSubscribers ?? 500);
    const r = cohortReport(members);
    opts.log?.info('cohort report read', { subscribers: members.length, truncated });
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

export const buildDashboardHandler: Build<unknown, HttpResult> = async (w) =>
  createDashboardHandler({
    store: w.store,
    directory: w.directory,
    functionScores: w.functionScores,
    escalations: w.escalations,
    escalationAlarmMinutes: w.config.escalationAlarmMinutes,
    clock: w.clock,
    log: w.log,
    ...(w.dashboardExtras ? { local: w.dashboardExtras } : {}),
  });

/** The Lambda entry: adapters built once per container, on first use. */
export const handler = lambdaEntry(buildDashboardHandler);
