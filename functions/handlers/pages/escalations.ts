import { canMove, type EscalationRecord, type EscalationState } from '../../core/escalations';
import { ROUTES } from '../../routes';

/**
 * The escalation list: every safety pause with its reason codes, when it was raised, its state and
 * the audit trail of who moved it when. No score and no words of the person: only codes. Each row
 * has a POST button per allowed move (no script: the operator presses it), carrying the version
 * shown and a token bound to the operator (core/escalations.ts escalationFormToken).
 */

const MOVES: readonly { to: EscalationState; label: string }[] = [
  { to: 'contacted', label: 'Mark contacted' },
  { to: 'closed', label: 'Close' },
  { to: 'open', label: 'Reopen' },
];

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const ESCALATIONS_STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#111;background:#f6f7f9}header{background:#0f3d2e;color:#fff;padding:12px 20px}h1{font-size:20px;margin:0}
main{padding:16px 20px;max-width:1200px}table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
.open{color:#b91c1c;font-weight:600}.contacted{color:#b45309}.closed{color:#166534}.trail{font-size:13px;color:#444;margin:0;padding-left:16px}
form.move{display:inline;margin:0 4px 0 0}form.move button{font:inherit;font-size:13px;padding:2px 8px}.who{font-size:13px;color:#444}
`;

function moveForms(e: EscalationRecord, token: string): string {
  return MOVES.filter((m) => canMove(e.state, m.to))
    .map(
      (m) =>
        `<form class="move" method="post" action="${ROUTES.dashboardEscalationMove}"><input type="hidden" name="subscriber" value="${esc(e.subscriberId)}"><input type="hidden" name="id" value="${esc(e.id)}"><input type="hidden" name="version" value="${e.version}"><input type="hidden" name="state" value="${m.to}"><input type="hidden" name="token" value="${esc(token)}"><button type="submit">${m.label}</button></form>`,
    )
    .join('');
}

export function escalationsHtml(
  list: readonly EscalationRecord[],
  meta: { generatedAt: string; overdueMinutes: number; overdue: number; truncated?: boolean; operator: string; tokenFor: (e: EscalationRecord) => string },
): string {
  const rows = list
    .map(
      (e) =>
        `<tr data-subscriber="${esc(e.subscriberId)}" data-state="${esc(e.state)}"><td><code>${esc(e.subscriberId)}</code></td><td><code>${esc(e.id)}</code></td><td>${esc(e.at)}</td><td>${e.programDay}</td><td>${esc(e.reasons.join(', '))}${e.urgent ? ' (urgent care advised)' : ''}</td><td class="${esc(e.state)}">${esc(e.state)}</td><td>${moveForms(e, meta.tokenFor(e))}</td><td><ul class="trail">${e.history
          .map((h) => `<li>${esc(h.state)} by ${esc(h.by)} at ${esc(h.at)}</li>`)
          .join('')}</ul></td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Limber escalations</title><style>${ESCALATIONS_STYLE}</style></head><body>
<header><h1>Escalations</h1><div>Generated ${esc(meta.generatedAt)} · <span class="who">you are ${esc(meta.operator)}</span> · <span id="overdue">${meta.overdue} open longer than ${meta.overdueMinutes} minutes</span></div></header><main>
${meta.truncated ? '<p>Only part of the table was read.</p>' : ''}
<p>Every safety pause: a score of 8 or more, a rise of 3 over the baseline, or a red-flag symptom. Reasons are codes; the person's words and scores are not shown. Move one with its buttons (recorded under your identity) or with <code>limber escalations set --subscriber ID --id ESCALATION --state contacted|closed|open --by NAME</code>; every change is kept in its trail.</p>
<table id="escalations"><tr><th>subscriber</th><th>escalation</th><th>raised</th><th>day</th><th>reasons</th><th>state</th><th>move</th><th>audit trail</th></tr>${rows || '<tr><td colspan="8">none</td></tr>'}</table></main></body></html>`;
}
