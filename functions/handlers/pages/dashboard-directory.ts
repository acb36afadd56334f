import type { SubscriberRow } from '../../core/insights';
import { Channel, Status } from '../../core/model';
import type { DirectoryQuery, DirectoryStatus, StatusCounts } from '../../ports';
import { subscriberRow } from './dashboard';

/**
 * The dashboard's exact part (issue 21): counts by status and week of messages from the status
 * index, and a paged table filtered by status, channel and week, ordered by week either way.
 * Plain GET forms and links: no script, and nothing here changes state.
 */

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const PAGE_SIZE = 50;

export function directoryQuery(params: URLSearchParams): Omit<DirectoryQuery, 'limit'> {
  const status = Status.safeParse(params.get('status'));
  const channel = Channel.safeParse(params.get('channel'));
  const week = Number(params.get('week'));
  const cursor = params.get('cursor');
  return {
    status: status.success ? status.data : 'active',
    ...(channel.success ? { channel: channel.data } : {}),
    ...(Number.isInteger(week) && week >= 1 && week <= 20 ? { week } : {}),
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    ...(cursor && cursor.length < 2048 ? { cursor } : {}),
  };
}

function countsTable(c: StatusCounts): string {
  const statuses: DirectoryStatus[] = [...Status.options, 'expired'];
  const weeks = [...new Set(statuses.flatMap((s) => Object.keys(c.byWeek[s]).map(Number)))].sort((a, b) => a - b);
  const head = `<tr><th scope="col">status</th><th scope="col">all</th>${weeks.map((w) => `<th scope="col">week ${w}</th>`).join('')}</tr>`;
  const rows = statuses
    .map(
      (s) =>
        `<tr data-status="${s}"><th scope="row">${s}</th><td class="n">${c.byStatus[s]}</td>${weeks.map((w) => `<td>${c.byWeek[s][w] ?? 0}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<div class="scroll"><table id="counts"><caption>Every subscriber, exactly: ${c.total} in all. Week = week of messages (week 1 = messages 1-7). Expired = sign-ups not confirmed within 48 hours.</caption>${head}${rows}</table></div>`;
}

function select(name: string, label: string, options: readonly [string, string][], value: string | undefined): string {
  return `<label>${esc(label)} <select name="${name}">${options.map(([v, l]) => `<option value="${esc(v)}"${v === (value ?? '') ? ' selected' : ''}>${esc(l)}</option>`).join('')}</select></label>`;
}

export interface DirectoryView {
  counts: StatusCounts;
  query: Omit<DirectoryQuery, 'limit'>;
  rows: SubscriberRow[];
  nextCursor?: string;
  /** The base path of the page (/dashboard). */
  path: string;
}

export function directoryHtml(v: DirectoryView): string {
  const q = v.query;
  const link = (extra: Record<string, string>) => {
    const p = new URLSearchParams({
      status: q.status,
      order: q.order,
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.week ? { week: String(q.week) } : {}),
      ...extra,
    });
    return `${v.path}?${p.toString()}`;
  };
  const weeks: [string, string][] = [['', 'every week'], ...Array.from({ length: 9 }, (_, i): [string, string] => [String(i + 1), `week ${i + 1}`])];
  const filters = `<form method="get" action="${esc(v.path)}" class="filters">
${select(
  'status',
  'Status',
  Status.options.map((s) => [s, s]),
  q.status,
)}
${select(
  'channel',
  'Channel',
  [
    ['', 'both'],
    ['email', 'email'],
    ['sms', 'sms'],
  ],
  q.channel,
)}
${select('week', 'Week', weeks, q.week ? String(q.week) : '')}
${select(
  'order',
  'Order',
  [
    ['asc', 'week 1 first'],
    ['desc', 'latest week first'],
  ],
  q.order,
)}
<button type="submit">Show</button></form>`;
  const pager = `<p class="pager">${q.cursor ? `<a href="${esc(link({}))}">First page</a> ` : ''}${v.nextCursor ? `<a rel="next" href="${esc(link({ cursor: v.nextCursor }))}">Next ${PAGE_SIZE}</a>` : '<span class="muted">Last page.</span>'}</p>`;
  return `<section id="by-status"><h2>Subscribers by status and week</h2>${countsTable(v.counts)}</section>
<section><h2>Subscribers</h2>${filters}
<p class="muted">${v.counts.byStatus[q.status]} ${esc(q.status)} in all; ${PAGE_SIZE} a page${q.channel ? ` (a page may show fewer: only ${esc(q.channel)} rows of each ${PAGE_SIZE})` : ''}. "responses" = rated days / daily messages sent to that person.</p>
<div class="scroll" tabindex="0" role="region" aria-label="Subscribers (scrolls sideways)"><table id="subscribers"><thead><tr><th>id</th><th>channel</th><th>status</th><th>level</th><th>band</th><th>program day</th><th>baseline</th><th>latest</th><th>responses</th><th>pain trend</th><th>consents</th></tr></thead>
<tbody>${v.rows.map(subscriberRow).join('') || '<tr><td colspan="11" class="muted">None.</td></tr>'}</tbody></table></div>${pager}</section>`;
}
