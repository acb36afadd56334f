import * as z from 'zod';
import type { Log } from '../ports';
import { cohortReport, cohortReportCsv, loadCohort } from '../core/cohort-report';
import { EscalationState, escalationFormToken, loadEscalations, moveEscalation, overdue, verifyEscalationFormToken } from '../core/escalations';
import type { LinkKeys } from '../core/links';
import { ROUTES } from '../routes';
import { escalationsHtml, ESCALATIONS_STYLE } from './pages/escalations';
import { computeInsights, loadHistories } from '../core/insights';
import { sampleNote } from '../core/dashboard-figures';
import type { Clock, Escalations, FunctionScores, StatusCounts, Store, SubscriberDirectory } from '../ports';
import { directoryHtml, directoryQuery, PAGE_SIZE } from './pages/dashboard-directory';
import { cohortReportHtml, REPORT_STYLE } from './pages/cohort-report';
import { lambdaEntry, type Build } from '../app/entry';
import { DASHBOARD_STYLE, dashboardHtml, type DashboardExtras } from './pages/dashboard';
import { formFields, htmlResponse, httpHandler, HttpError, jsonResponse, textResponse, type HttpRequest, type HttpResult } from './http';

/**
 * The operator dashboard (HTTP API payload v2), behind IAM auth on AWS and on 127.0.0.1 locally:
 *   GET /dashboard                 the page (functions/handlers/pages/dashboard.ts)
 *   GET /dashboard/insights.json   the same numbers as JSON
 *   GET /dashboard/report[.csv]    the cohort report (pages/cohort-report.ts), HTML or CSV
 *   GET /dashboard/escalations     the escalation list with its audit trail (pages/escalations.ts)
 *   POST /dashboard/escalations/move   an operator's button press: one escalation's next state
 * It reads the table with a paged Scan (operator-only, rare). Its one write is that POST, refused
 * unless it is same-origin and carries the form token bound to the operator who signed the request.
 */

const MoveForm = z.object({
  subscriber: z.string().min(3).max(64),
  id: z.string().min(1).max(64),
  version: z.coerce.number().int().min(0),
  state: EscalationState,
  token: z.string().min(8).max(256),
});

/**
 * Fetch metadata and Origin, when the browser sends them, must say same-origin. The form token is
 * the defence that does not depend on the browser; this one refuses a cross-site post early.
 */
function refuseCrossSite(req: HttpRequest): void {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new HttpError(403, 'cross-site-request');
  const origin = req.headers.origin;
  // "null" is what a browser sends for a post from our own pages (they set Referrer-Policy: no-referrer).
  if (origin !== undefined && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (!host || host !== req.headers.host) throw new HttpError(403, 'cross-site-request');
  }
}

export interface DashboardOptions {
  store: Pick<Store, 'scanSubscribers' | 'listRatings' | 'listSendRecords'>;
  clock: Clock;
  /** Weekly function ratings, for the cohort report. */
  functionScores?: Pick<FunctionScores, 'listFunctionRatings'>;
  escalations?: Pick<Escalations, 'listEscalations' | 'getEscalation' | 'moveEscalation'>;
  /** Keys for the escalation forms' tokens (the link keys); without them the list has no buttons to press. */
  formKeys?: LinkKeys;
  /** Who acts when no IAM identity signed the request: the local stack's fixed operator; never set on AWS. */
  localOperator?: string;
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

  /** The IAM identity API Gateway verified (userArn); locally, the stack's fixed operator. */
  function operatorOf(req: HttpRequest): string {
    const who = req.iamUserArn ?? opts.localOperator;
    if (!who) throw new HttpError(403, 'no-operator-identity');
    return who;
  }

  async function handle(req: HttpRequest): Promise<HttpResult> {
    const path = req.path.replace(/\/+$/, '');
    if (path === ROUTES.dashboardEscalationMove) {
      if (req.method !== 'POST') throw new HttpError(405, 'method-not-allowed', undefined, { allow: 'POST' });
      return moveFromForm(req);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', undefined, { allow: 'GET, HEAD' });
    if (path === '/dashboard/report' || path === '/dashboard/report.csv') return report(path.endsWith('.csv'));
    if (path === '/dashboard/escalations') return escalationList(req);
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
  async function escalationList(req: HttpRequest): Promise<HttpResult> {
    if (!opts.escalations) throw new HttpError(404, 'not-found');
    const operator = operatorOf(req);
    const keys = opts.formKeys;
    const { list, truncated } = await loadEscalations(opts.store, opts.escalations, opts.maxSubscribers ?? 500);
    const minutes = opts.escalationAlarmMinutes ?? 60;
    const now = opts.clock.now();
    const html = escalationsHtml(list, {
      generatedAt: new Date(now).toISOString(),
      overdueMinutes: minutes,
      overdue: overdue(list, now, minutes),
      truncated,
      operator,
      tokenFor: (e) => (keys ? escalationFormToken(keys, operator, e) : ''),
    });
    return htmlResponse(200, html, { styles: [ESCALATIONS_STYLE] });
  }

  async function moveFromForm(req: HttpRequest): Promise<HttpResult> {
    if (!opts.escalations || !opts.formKeys) throw new HttpError(404, 'not-found');
    refuseCrossSite(req);
    const operator = operatorOf(req);
    const parsed = MoveForm.safeParse(Object.fromEntries(formFields(req)));
    if (!parsed.success) throw new HttpError(400, 'invalid-field', { field: String(parsed.error.issues[0]?.path[0] ?? 'form') });
    const f = parsed.data;
    const shown = { subscriberId: f.subscriber, id: f.id, version: f.version };
    if (!verifyEscalationFormToken(opts.formKeys, f.token, operator, shown)) throw new HttpError(403, 'invalid-form-token');
    const at = new Date(opts.clock.now()).toISOString();
    const r = await moveEscalation(opts.escalations, f.subscriber, f.id, f.state, operator, at, f.version);
    opts.log?.info('escalation moved from the dashboard', { outcome: r.kind, state: f.state });
    if (r.kind === 'not-found') throw new HttpError(404, 'escalation-not-found');
    if (r.kind === 'not-allowed') throw new HttpError(409, 'move-not-allowed', { from: r.state, to: f.state });
    if (r.kind === 'conflict') throw new HttpError(409, 'changed-since-shown');
    // POST, then GET the list again: reloading the page does not repeat the move.
    return { statusCode: 303, headers: { location: `${ROUTES.dashboard}/escalations`, 'cache-control': 'no-store' }, body: '' };
  }
  return httpHandler(handle, { log: opts.log });
}

/** The operator the local stack's dashboard acts as (127.0.0.1 has no IAM). */
export const LOCAL_OPERATOR = 'local-operator';

export const buildDashboardHandler: Build<unknown, HttpResult> = async (w) =>
  createDashboardHandler({
    store: w.store,
    directory: w.directory,
    functionScores: w.functionScores,
    escalations: w.escalations,
    formKeys: await w.linkKeys(),
    ...(w.isLocal ? { localOperator: LOCAL_OPERATOR } : {}),
    escalationAlarmMinutes: w.config.escalationAlarmMinutes,
    clock: w.clock,
    log: w.log,
    ...(w.dashboardExtras ? { local: w.dashboardExtras } : {}),
  });

/** The Lambda entry: adapters built once per container, on first use. */
export const handler = lambdaEntry(buildDashboardHandler);
