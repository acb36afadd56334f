import { describeConsent } from '../../core/data-rights';
import { escapeHtml as esc } from '../../core/html-escape';
import type { Insights, SubscriberRow, TrendPoint } from '../../core/insights';

/**
 * The operator dashboard page: plain server-rendered HTML with inline SVG charts (no script, no
 * external assets), so it works behind IAM auth and on a laptop alike.
 */

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)} %`);
const num = (v: number | null) => (v === null ? '–' : v.toFixed(1));

/** A small line chart of pain scores (0-10) by program day. */
function trendSvg(points: readonly TrendPoint[], width = 160, height = 40): string {
  if (points.length === 0) return '<span class="muted">no ratings</span>';
  const maxDay = Math.max(7, ...points.map((p) => p.programDay));
  const x = (d: number) => ((d - 1) / Math.max(1, maxDay - 1)) * (width - 8) + 4;
  const y = (s: number) => height - 4 - (s / 10) * (height - 8);
  const path = points.map((p) => `${x(p.programDay).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  const dots = points
    .map((p) => `<circle cx="${x(p.programDay).toFixed(1)}" cy="${y(p.score).toFixed(1)}" r="2"><title>day ${p.programDay}: ${p.score}</title></circle>`)
    .join('');
  const label = `pain by day: ${points.map((p) => `day ${p.programDay} ${p.score}`).join(', ')}`;
  return `<svg class="trend" role="img" aria-label="${esc(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><polyline points="${path}" fill="none" stroke="#2563eb" stroke-width="1.5"/>${dots}</svg>`;
}

/** The band in force; its latest change after sign-up, and how many came before. */
function bandCell(r: SubscriberRow): string {
  const moves = r.bandChanges.filter((c) => c.from);
  const last = moves.at(-1);
  const more = moves.length > 1 ? `; ${moves.length - 1} earlier` : '';
  const note = last ? ` <span class="muted">(${esc(last.from!)} to ${esc(last.to)}, ${esc(last.via)}, ${esc(last.at.slice(0, 10))}${more})</span>` : '';
  return `<td class="band">${esc(r.band)}${note}</td>`;
}

/** Both consents with their time and wording version; older sign-ups have no record. */
function consentCell(r: SubscriberRow): string {
  return `<td class="consents">messages: ${esc(describeConsent(r.consents.messaging))}<br>health data: ${esc(describeConsent(r.consents.health))}</td>`;
}

export function subscriberRow(r: SubscriberRow): string {
  return `<tr data-subscriber="${esc(r.id)}"><td><code>${esc(r.id)}</code></td><td>${esc(r.channel)}</td><td>${esc(r.status)}</td><td>${esc(r.level)}</td>${bandCell(r)}<td class="day">${r.contentDay}${r.repeats ? ` <span class="muted">(${r.repeats} week${r.repeats > 1 ? 's' : ''} repeated)</span>` : ''}</td><td>${num(r.baseline)}</td><td class="latest">${num(r.latest)}</td><td>${pct(r.responseRate)}</td><td>${trendSvg(r.trend)}</td>${consentCell(r)}</tr>`;
}

/** Bars are SVG rects, not style attributes: the page's CSP allows only the hashed style sheet. */
function statusBars(byStatus: Record<string, number>): string {
  const max = Math.max(1, ...Object.values(byStatus));
  return Object.entries(byStatus)
    .map(
      ([k, v]) =>
        `<div class="bar" data-key="${esc(k)}"><span class="label">${esc(k)}</span><svg width="200" height="12" aria-hidden="true"><rect width="${Math.max(2, (v / max) * 200).toFixed(0)}" height="12" fill="#2563eb"/></svg><span class="v">${v}</span></div>`,
    )
    .join('');
}

export interface DashboardExtras {
  deadLetters?: { id: string; reason: string; at: string }[];
  /** Set when only part of the table was read. */
  truncated?: boolean;
  generatedAt: string;
  /** The local stack links its other pages (inbox, phone, mail replies); unset on AWS. */
  nav?: { label: string; url: string }[];
  /** The local stack's clock, when it runs faster than real time. */
  clockNote?: string;
  /** Exact counts and the paged table (pages/dashboard-directory.ts), in place of the sampled ones. */
  directory?: string;
  /** Every subscriber, exactly (the status index); else the number read. */
  total?: number;
  /** What the sampled figures (response rate, cohort, escalations) are computed over. */
  sampleNote?: string;
}

/** The page's only style sheet; exported so the handler can put its hash in the CSP. */
export const DASHBOARD_STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#111;background:#f6f7f9}
header{background:#0f3d2e;color:#fff;padding:12px 20px}h1{font-size:20px;margin:0}header a{color:#cfe}
main{padding:16px 20px;max-width:1200px}section{background:#fff;border:1px solid #dde;border-radius:8px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 8px}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:0 0 16px}.card{background:#fff;border:1px solid #dde;border-radius:8px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:24px}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:middle}
.bar{display:flex;align-items:center;gap:8px;margin:2px 0}.bar .label{width:110px}
.muted{color:#666}.warn{color:#8a1c1c}code{font-size:12px}nav a{margin-right:12px}
.scroll{overflow-x:auto;max-width:100%}caption{text-align:left;color:#666;padding:0 0 6px}.filters label{margin-right:10px;display:inline-block}
@media (max-width:600px){main{padding:8px}header{padding:10px}.card{min-width:0;flex:1 1 40%}.bar .label{width:80px}.bar svg{width:120px}nav a{display:inline-block}}
`;

export function dashboardHtml(ins: Insights, extras: DashboardExtras): string {
  const dead = extras.deadLetters ?? [];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Limber operator dashboard</title>
<style>${DASHBOARD_STYLE}</style></head><body>
<header><h1>Limber operator dashboard</h1><div>Subscriber health data. Do not share screenshots. <a href="">Refresh</a> (no auto-refresh: WCAG 2.2.1)</div>${
    extras.nav?.length ? `<nav>${extras.nav.map((n) => `<a href="${esc(n.url)}">${esc(n.label)}</a>`).join('')}</nav>` : ''
  }${extras.clockNote ? `<div id="clock">${esc(extras.clockNote)}</div>` : ''}</header>
<main>
<div class="cards">
<div class="card" id="total-subscribers">Subscribers<b>${extras.total ?? ins.totals.subscribers}</b></div>
<div class="card" id="response-rate">Response rate<b>${pct(ins.responseRate)}</b></div>
<div class="card" id="cohort">Reached a 2-point / 30 % reduction<b>${pct(ins.cohort.share)}</b><span class="muted">${ins.cohort.improved} of ${ins.cohort.measured} measured · <a id="report-link" href="dashboard/report">full cohort report</a></span></div>
<div class="card" id="escalation-count">Safety escalations<b>${ins.escalations.length}</b><a id="escalations-link" href="dashboard/escalations">escalation list</a></div>
</div>
${extras.sampleNote ? `<p class="muted" id="denominators">${esc(extras.sampleNote)}</p>` : ''}
${
  extras.directory ??
  `<section><h2>By status</h2>${statusBars(ins.totals.byStatus)}
<h2>Active and paused, by program week</h2>${statusBars(ins.totals.byDay)}</section>
<section><h2>Subscribers</h2>${extras.truncated ? '<p class="warn">Showing the first page of subscribers only.</p>' : ''}
<div class="scroll" tabindex="0" role="region" aria-label="Subscribers (scrolls sideways)"><table id="subscribers"><thead><tr><th>id</th><th>channel</th><th>status</th><th>level</th><th>band</th><th>program day</th><th>baseline</th><th>latest</th><th>responses</th><th>pain trend</th><th>consents</th></tr></thead>
<tbody>${ins.subscribers.map(subscriberRow).join('')}</tbody></table></div></section>`
}
<section id="escalations"><h2>Recent safety escalations</h2>${
    ins.escalations.length
      ? `<table><tr><th>when</th><th>subscriber</th><th>day</th><th>why</th></tr>${ins.escalations.map((e) => `<tr><td>${esc(e.at)}</td><td><code>${esc(e.subscriberId)}</code></td><td>${e.programDay}</td><td>${esc(e.reason)}</td></tr>`).join('')}</table>`
      : '<p class="muted">None.</p>'
  }</section>
<section id="failed"><h2>Failed sends and dead letters</h2>${
    ins.failedSends.length
      ? `<table><tr><th>when</th><th>subscriber</th><th>day</th><th>kind</th><th>status</th><th>code</th></tr>${ins.failedSends.map((f) => `<tr><td>${esc(f.at)}</td><td><code>${esc(f.subscriberId)}</code></td><td>${f.programDay}</td><td>${esc(f.kind)}</td><td>${esc(f.status)}</td><td>${esc(f.errorCode ?? '')}</td></tr>`).join('')}</table>`
      : '<p class="muted">No failed sends.</p>'
  }${
    dead.length
      ? `<h2>Dead-letter queue (${dead.length})</h2><table><tr><th>when</th><th>job</th><th>reason</th></tr>${dead.map((d) => `<tr><td>${esc(d.at)}</td><td><code>${esc(d.id)}</code></td><td>${esc(d.reason)}</td></tr>`).join('')}</table>`
      : '<p class="muted">Dead-letter queue is empty.</p>'
  }</section>
<p class="muted">Generated ${esc(extras.generatedAt)}. Export ratings with <code>limber export --format csv</code>.</p>
</main></body></html>`;
}
