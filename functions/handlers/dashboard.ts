import { computeInsights, loadHistories } from '../core/insights';
import type { Clock, Store } from '../ports';
import { lambdaEntry, type Build } from '../app/entry';
import { DASHBOARD_STYLE, dashboardHtml, type DashboardExtras } from './pages/dashboard';
import { htmlResponse, httpHandler, HttpError, jsonResponse, type HttpRequest, type HttpResult, type Logger } from './http';

/**
 * The operator dashboard (HTTP API payload v2), behind IAM auth on AWS and on 127.0.0.1 locally:
 *   GET /dashboard                 the page (functions/handlers/pages/dashboard.ts)
 *   GET /dashboard/insights.json   the same numbers as JSON
 * It reads the table with a paged Scan (operator-only, rare) and never writes.
 */

export interface DashboardOptions {
  store: Pick<Store, 'scanSubscribers' | 'listRatings' | 'listSendRecords'>;
  clock: Clock;
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
    if (path !== '/dashboard' && path !== '/dashboard/insights.json') throw new HttpError(404, 'not-found');
    const { histories, truncated } = await loadHistories(opts.store, opts.maxSubscribers ?? 500);
    const insights = computeInsights(histories);
    const generatedAt = new Date(opts.clock.now()).toISOString();
    opts.log?.('info', 'dashboard read', { subscribers: histories.length, truncated });
    if (path === '/dashboard/insights.json') return jsonResponse(200, { generatedAt, truncated, ...insights });
    const html = dashboardHtml(insights, { generatedAt, truncated, ...(opts.local?.() ?? {}) });
    return htmlResponse(200, html, { styles: [DASHBOARD_STYLE] });
  }
  return httpHandler(handle, { log: opts.log });
}

export const buildDashboardHandler: Build<unknown, HttpResult> = async (w) =>
  createDashboardHandler({ store: w.store, clock: w.clock, log: w.httpLog, ...(w.dashboardExtras ? { local: w.dashboardExtras } : {}) });

/** The Lambda entry: adapters built once per container, on first use. */
export const handler = lambdaEntry(buildDashboardHandler);
