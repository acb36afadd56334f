import { DEFINITIONS, type CohortReport, type Fraction } from '../../core/cohort-report';

/**
 * The cohort report as one self-contained HTML page: one style sheet (hashed into the dashboard's
 * CSP), inline SVG charts, no script, no external asset, so the file `limber report --format html`
 * writes opens anywhere. Every figure carries its definition and its denominator next to it.
 */

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 1000) / 10} %`);
const ofText = (f: Fraction) => `${f.n} of ${f.of} (${pct(f.share)})`;

/** Published SMS programmes reach about 80 % weekly reply rates (Axén 2012): drawn as a reference line. */
const PUBLISHED_REPLY_RATE = 0.8;

export const REPORT_STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#111;background:#f6f7f9}
header{background:#0f3d2e;color:#fff;padding:12px 20px}h1{font-size:20px;margin:0}
main{padding:16px 20px;max-width:1000px}figure,section{background:#fff;border:1px solid #dde;border-radius:8px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 8px}figcaption,.def{color:#444;font-size:13px;margin-top:6px}
table{border-collapse:collapse}th,td{text-align:left;padding:4px 10px;border-bottom:1px solid #eee}td.n{text-align:right;font-variant-numeric:tabular-nums}
.warn{background:#fff4d6;border-color:#e8c56b}svg text{font:12px system-ui,sans-serif;fill:#111}
`;

interface Bar {
  label: string;
  value: number;
  max: number;
  text: string;
}

function hbars(title: string, bars: readonly Bar[]): string {
  const row = 26;
  const labelW = 170;
  const barW = 480;
  const h = bars.length * row + 8;
  const body = bars
    .map((b, i) => {
      const y = i * row + 4;
      const w = b.max ? Math.max(1, (b.value / b.max) * barW) : 0;
      return `<text x="0" y="${y + 15}">${esc(b.label)}</text><rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="18" fill="#2563eb"/><text x="${labelW + w + 6}" y="${y + 15}">${esc(b.text)}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="${esc(title)}" width="${labelW + barW + 160}" height="${h}" viewBox="0 0 ${labelW + barW + 160} ${h}">${body}</svg>`;
}

function funnel(r: CohortReport): string {
  const max = r.enrolled;
  const bars: Bar[] = [
    { label: 'enrolled', value: r.enrolled, max, text: String(r.enrolled) },
    { label: 'confirmed', value: r.confirmed.n, max, text: `${r.confirmed.n} (${pct(r.confirmed.share)} of enrolled)` },
    ...r.activeAt.map((a) => ({ label: `active at day ${a.day}`, value: a.active.n, max, text: `${a.active.n} (${pct(a.active.share)} of confirmed)` })),
    { label: 'completed', value: r.completed.n, max, text: `${r.completed.n} (${pct(r.completed.share)} of confirmed)` },
  ];
  const notYet = r.activeAt.map((a) => `day ${a.day}: ${a.notYetReached}`).join(', ');
  return `<figure id="funnel"><h2>Enrolment funnel</h2>${hbars('enrolment funnel', bars)}
<figcaption><b>Enrolled:</b> ${esc(DEFINITIONS.enrolled)} <b>Confirmed:</b> ${esc(DEFINITIONS.confirmed)} <b>Active at day N:</b> ${esc(DEFINITIONS.active)} Still in the program, not yet at the day: ${esc(notYet)} (${r.inProgress} in progress in all). <b>Completed:</b> ${esc(DEFINITIONS.completed)}</figcaption></figure>`;
}

function replyChart(r: CohortReport): string {
  const weeks = r.weeklyReplies;
  const W = 560;
  const H = 180;
  const left = 36;
  const bw = weeks.length ? Math.min(60, (W - left) / weeks.length - 10) : 0;
  const y = (share: number) => H - 24 - share * (H - 40);
  const bars = weeks
    .map((w, i) => {
      const x = left + 8 + i * (bw + 10);
      const top = y(w.share ?? 0);
      return `<rect x="${x}" y="${top.toFixed(1)}" width="${bw.toFixed(1)}" height="${(H - 24 - top).toFixed(1)}" fill="#2563eb"><title>week ${w.week}: ${w.replied} of ${w.sent}</title></rect><text x="${x}" y="${H - 8}">wk ${w.week}</text><text x="${x}" y="${(top - 4).toFixed(1)}">${pct(w.share)}</text>`;
    })
    .join('');
  const ref = y(PUBLISHED_REPLY_RATE);
  const axis = `<line x1="${left}" y1="${H - 24}" x2="${W}" y2="${H - 24}" stroke="#999"/><text x="0" y="${y(1) + 4}">100 %</text><text x="0" y="${H - 20}">0 %</text>`;
  const refLine = `<line x1="${left}" y1="${ref}" x2="${W}" y2="${ref}" stroke="#c2410c" stroke-dasharray="4 3"/><text x="${W - 150}" y="${ref - 4}">80 % (Axén 2012)</text>`;
  const rows = weeks
    .map((w) => `<tr><td>week ${w.week}</td><td class="n">${w.replied}</td><td class="n">${w.sent}</td><td class="n">${pct(w.share)}</td></tr>`)
    .join('');
  return `<figure id="replies"><h2>Weekly reply rate</h2><svg role="img" aria-label="weekly reply rate" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${axis}${bars}${refLine}</svg>
<table><tr><th>week</th><th>replied</th><th>sent</th><th>rate</th></tr>${rows}</table>
<figcaption>${esc(DEFINITIONS.weeklyReplies)} The dashed line is the rate published SMS programmes reach (about 80 %, Axén 2012), for comparison only.</figcaption></figure>`;
}

function outcomes(r: CohortReport): string {
  const p = r.pain;
  const fn = r.function;
  const bars: Bar[] = [
    { label: 'improved, completers', value: p.completers.improved.share ?? 0, max: 1, text: ofText(p.completers.improved) },
    { label: 'improved, everyone', value: p.everyone.improved.share ?? 0, max: 1, text: ofText(p.everyone.improved) },
    { label: 'pain 0, completers', value: p.completers.painFree.share ?? 0, max: 1, text: ofText(p.completers.painFree) },
    { label: 'pain 0, everyone', value: p.everyone.painFree.share ?? 0, max: 1, text: ofText(p.everyone.painFree) },
    { label: 'function +2, completers', value: fn.completers.improved.share ?? 0, max: 1, text: ofText(fn.completers.improved) },
    { label: 'function +2, everyone', value: fn.everyone.improved.share ?? 0, max: 1, text: ofText(fn.everyone.improved) },
  ];
  return `<figure id="outcomes"><h2>Outcomes</h2>${hbars('outcomes', bars)}
<table><tr><th></th><th>with a baseline</th><th>with a follow-up</th><th>improved</th><th>pain 0</th></tr>
<tr><td>pain, completers</td><td class="n">${p.completers.withBaseline}</td><td class="n">${p.completers.withFollowUp}</td><td class="n">${ofText(p.completers.improved)}</td><td class="n">${ofText(p.completers.painFree)}</td></tr>
<tr><td>pain, everyone with a baseline</td><td class="n">${p.everyone.withBaseline}</td><td class="n">${p.everyone.withFollowUp}</td><td class="n">${ofText(p.everyone.improved)}</td><td class="n">${ofText(p.everyone.painFree)}</td></tr>
<tr><td>function, completers</td><td class="n">${fn.completers.withBaseline}</td><td class="n">${fn.completers.withFollowUp}</td><td class="n">${ofText(fn.completers.improved)}</td><td></td></tr>
<tr><td>function, everyone with a baseline</td><td class="n">${fn.everyone.withBaseline}</td><td class="n">${fn.everyone.withFollowUp}</td><td class="n">${ofText(fn.everyone.improved)}</td><td></td></tr></table>
<figcaption><b>Improved (pain):</b> ${esc(DEFINITIONS.painImproved)} <b>Pain 0:</b> ${esc(DEFINITIONS.painFree)} <b>Function +2:</b> ${esc(DEFINITIONS.functionImproved)} ${p.completersWithoutBaseline} completer(s) never rated and are in neither pain denominator. The completer figures describe people who stayed; the "everyone" figures are the ones to quote.</figcaption></figure>`;
}

function dropoutChart(r: CohortReport): string {
  const W = 560;
  const H = 180;
  const left = 36;
  const total = r.confirmed.n;
  const pts = [{ week: -1, remaining: total }, ...r.dropout];
  const x = (i: number) => left + 10 + (i / Math.max(1, pts.length - 1)) * (W - left - 30);
  const y = (v: number) => H - 24 - (total ? v / total : 0) * (H - 52);
  const line = pts.map((p, i) => `${x(i).toFixed(1)},${y(p.remaining).toFixed(1)}`).join(' ');
  const labels = pts
    .map(
      (p, i) =>
        `<text x="${(x(i) - 10).toFixed(1)}" y="${H - 8}">${p.week < 0 ? 'start' : `wk ${p.week}`}</text><circle cx="${x(i).toFixed(1)}" cy="${y(p.remaining).toFixed(1)}" r="3" fill="#2563eb"><title>${p.remaining} remaining</title></circle><text x="${(x(i) - 6).toFixed(1)}" y="${(y(p.remaining) - 8).toFixed(1)}">${p.remaining}</text>`,
    )
    .join('');
  const rows = r.dropout.map((d) => `<tr><td>week ${d.week}</td><td class="n">${d.stopped}</td><td class="n">${d.remaining} of ${total}</td></tr>`).join('');
  return `<figure id="dropout"><h2>Dropout by week</h2><svg role="img" aria-label="people remaining by week" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><line x1="${left}" y1="${H - 24}" x2="${W}" y2="${H - 24}" stroke="#999"/><polyline points="${line}" fill="none" stroke="#2563eb" stroke-width="2"/>${labels}</svg>
<table><tr><th>last rating in</th><th>stopped</th><th>remaining</th></tr>${rows}</table>
<figcaption>${esc(DEFINITIONS.dropout)}</figcaption></figure>`;
}

function groups(r: CohortReport): string {
  const rows = r.groups
    .map(
      (g) =>
        `<tr><td>${esc(g.by)}</td><td>${esc(g.group)}</td><td class="n">${g.enrolled}</td><td class="n">${g.confirmed}</td><td class="n">${g.completed}</td><td class="n">${ofText(g.improved)}</td></tr>`,
    )
    .join('');
  return `<section id="groups"><h2>By level and channel</h2><table><tr><th>by</th><th>group</th><th>enrolled</th><th>confirmed</th><th>completed</th><th>improved (of those with a baseline)</th></tr>${rows}</table>
<p class="def">${esc(DEFINITIONS.groups)} Small groups give unstable shares: read the counts.</p></section>`;
}

export function cohortReportHtml(r: CohortReport, meta: { generatedAt: string; truncated?: boolean }): string {
  const warn = meta.truncated ? '<section class="warn">Only part of the table was read: these figures cover the first subscribers only.</section>' : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Limber cohort report</title><style>${REPORT_STYLE}</style></head>
<body><header><h1>Limber cohort report</h1><div>Generated ${esc(meta.generatedAt)} · counts, not only shares · every share states its denominator</div></header><main>${warn}
${funnel(r)}${replyChart(r)}${outcomes(r)}${dropoutChart(r)}${groups(r)}
<section><h2>What this report does not show</h2><p class="def">People who deleted their data are not in any count. Ratings are self-reported and unblinded; there is no control group, so an improvement here is not evidence that the program caused it. See docs/outcomes.md.</p></section>
</main></body></html>`;
}
