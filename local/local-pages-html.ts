import { escapeHtml as esc } from '../functions/core/html-escape';
/**
 * Pages that exist only in the local stack (local/local-pages.ts): a phone that shows the texts
 * each number got and can answer them, a mail-reply page, and the clock. Plain HTML forms, no script.
 */

export const LOCAL_STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#111;background:#f6f7f9}
header{background:#0f3d2e;color:#fff;padding:10px 20px}header a{color:#cfe;margin-right:12px}h1{font-size:19px;margin:0 0 4px}
main{padding:16px 20px;max-width:900px}section{background:#fff;border:1px solid #dde;border-radius:8px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 8px}.msg{max-width:75%;padding:6px 10px;border-radius:12px;margin:4px 0;white-space:pre-wrap;word-wrap:break-word}.mms{display:block;max-width:100%;height:auto;border-radius:8px;margin:0 0 4px}
.out{background:#e8eefc}.in{background:#d9f2e3;margin-left:auto}.meta{font-size:12px;color:#666}.thread{display:flex;flex-direction:column}
form.reply{display:flex;gap:8px;margin-top:8px}form.reply input[type=text],textarea{flex:1;font:inherit;padding:6px}
button{font:inherit;padding:6px 12px}form.inline{display:inline}.muted{color:#666}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 6px;border-bottom:1px solid #eee;vertical-align:top}
`;

export interface LocalNav {
  signup: string;
  inbox: string;
  mail: string;
  phone: string;
  dashboard: string;
  clock: string;
}

export function localPage(title: string, nav: LocalNav, body: string, clockNote: string): string {
  const links: [string, string][] = [
    ['Sign up', nav.signup],
    ['Email inbox', nav.inbox],
    ['Reply to email', nav.mail],
    ['Phone', nav.phone],
    ['Dashboard', nav.dashboard],
    ['Clock', nav.clock],
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} - Limber local</title><style>${LOCAL_STYLE}</style></head><body>
<header><h1>${esc(title)}</h1><nav>${links.map(([l, u]) => `<a href="${esc(u)}">${esc(l)}</a>`).join('')}</nav><div id="clock" class="meta">${esc(clockNote)}</div></header>
<main>${body}</main></body></html>`;
}

export interface PhoneMessage {
  direction: 'outbound' | 'inbound';
  body: string;
  at: string;
  status: string;
  /** MMS pictures (MediaUrl), shown above the text as a phone would. */
  media?: readonly string[];
}

export interface PhoneThread {
  number: string;
  messages: PhoneMessage[];
}

/** One section per phone number: the texts it got (left) and sent (right), and a reply box. */
export function phoneBody(threads: readonly PhoneThread[], notice?: string): string {
  const intro = `<section><p>Each phone number that signed up by SMS gets a thread here. A reply is posted to the real
<code>/twilio/inbound</code> handler as a webhook signed with the local Twilio auth token, exactly as Twilio would.</p>
${notice ? `<p id="notice"><b>${esc(notice)}</b></p>` : ''}</section>`;
  if (threads.length === 0) return `${intro}<section><p class="muted" id="no-threads">No texts yet. Sign up with a mobile number first.</p></section>`;
  const thread = (t: PhoneThread) => `<section class="phone" data-number="${esc(t.number)}"><h2>${esc(t.number)}</h2><div class="thread">${t.messages
    .map(
      (m) =>
        `<div class="msg ${m.direction === 'inbound' ? 'in' : 'out'}" data-direction="${m.direction}">${(m.media ?? [])
          .map((u) => `<img class="mms" src="${esc(u)}" width="260" height="160" alt="Exercise picture (MMS)">`)
          .join('')}${esc(m.body)}<div class="meta">${esc(m.at)} · ${esc(m.status)}</div></div>`,
    )
    .join('')}</div>
<form class="reply" method="post" action="/phone/send"><input type="hidden" name="from" value="${esc(t.number)}">
<input type="text" name="body" aria-label="Reply from ${esc(t.number)}" placeholder="Reply (a score 0-10, YES, STOP, HELP...)" required maxlength="1600">
<button type="submit">Send</button></form></section>`;
  return intro + threads.map(thread).join('');
}

export interface MailSummary {
  messageId: string;
  to: string;
  replyTo?: string;
  subject: string;
  at: string;
}

/** Stored mails with a reply box for those that carry a reply+TOKEN@ address. */
export function mailBody(mails: readonly MailSummary[], inboxUrl: string, notice?: string): string {
  const intro = `<section><p>Replying here builds a raw email from the recipient to the message's Reply-To address, stores it
where the SES receipt rule would (an S3 stand-in) and invokes the real <code>ses-inbound</code> handler.
Read the messages themselves in the <a href="${esc(inboxUrl)}">email inbox</a>.</p>
${notice ? `<p id="notice"><b>${esc(notice)}</b></p>` : ''}</section>`;
  const rows = mails.map(
    (m) =>
      `<tr data-message="${esc(m.messageId)}"><td class="meta">${esc(m.at)}</td><td>${esc(m.to)}</td><td>${esc(m.subject)}</td><td>${
        m.replyTo
          ? `<form class="reply" method="post" action="/mail/reply"><input type="hidden" name="messageId" value="${esc(m.messageId)}">
<input type="text" name="body" aria-label="Reply to ${esc(m.subject)}" placeholder="e.g. 4" required maxlength="2000"><label><input type="checkbox" name="auto" value="yes"> as an auto-reply</label><button type="submit">Reply</button></form>`
          : '<span class="muted">no Reply-To</span>'
      }</td></tr>`,
  );
  return `${intro}<section><table id="mails"><tr><th>sent</th><th>to</th><th>subject</th><th>reply</th></tr>${rows.join('') || '<tr><td colspan="4" class="muted">No mail yet.</td></tr>'}</table></section>`;
}

export function clockBody(nowIso: string, speed: number): string {
  const button = (label: string, ms: number) =>
    `<form class="inline" method="post" action="/clock"><input type="hidden" name="advance" value="${ms}"><button type="submit">${esc(label)}</button></form> `;
  return `<section><p>Local time of the whole stack: <b id="now">${esc(nowIso)}</b>, running at ${speed === 0 ? 'a standstill (moves only by hand)' : `${speed}x real time`}.
Moving the clock runs the dispatcher and the sender at once, so messages that fall due arrive right away.</p>
<p>${button('+1 hour', 3_600_000)}${button('+6 hours', 21_600_000)}${button('+1 day', 86_400_000)}${button('+1 week', 604_800_000)}</p>
<p class="muted">From a terminal: <code>npx limber clock --advance 1d</code>. JSON: <code>GET /clock.json</code>.</p></section>`;
}
