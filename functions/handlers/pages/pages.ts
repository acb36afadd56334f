/**
 * The link pages (confirm, rate, unsubscribe, pause/resume, my data) as data: static HTML with no
 * external assets. Inline style and script are allowed by their sha256 in the CSP (handlers/http.ts),
 * so they must stay constant strings: the style sheet is one per brand colour (light mode; dark mode
 * keeps its own light accent). Every dynamic value goes through esc().
 */

const styleSheet = (accent: string) => `
:root{color-scheme:light dark;--fg:#1b1f23;--bg:#fff;--muted:#4a5560;--accent:${accent};--line:#c9d1d9;--warn:#8a1c1c}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#b1bac4;--accent:#79b8ff;--line:#30363d;--warn:#ffa198}}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:36rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
p,li{color:var(--fg)}
.muted{color:var(--muted);font-size:.95rem}
.warn{border-left:4px solid var(--warn);padding:.5rem .75rem;margin:1rem 0}
.score{font-size:3rem;font-weight:700;margin:.5rem 0}
button,.button{display:inline-block;min-height:44px;padding:.6rem 1.1rem;border-radius:6px;border:2px solid var(--accent);background:var(--accent);color:var(--bg);font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary{background:transparent;color:var(--accent)}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
form{margin:1rem 0}
fieldset{border:1px solid var(--line);border-radius:6px;margin:0 0 1rem;padding:.75rem}
legend{font-weight:600;padding:0 .25rem}
label{display:block;margin:.35rem 0}
.pose{display:block;margin:.25rem 0 .5rem 1.6rem;max-width:100%;height:auto}
input[type=email],input[type=tel],input[type=text],input[type=time],select{width:100%;min-height:44px;padding:.5rem;font:inherit;border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--fg)}
input[type=radio],input[type=checkbox]{width:1.2rem;height:1.2rem;margin-right:.5rem;vertical-align:middle}
.error{color:var(--warn);font-weight:600;margin:.25rem 0}
[hidden]{display:none!important}
.picker{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem}
.picker a,.picker strong{display:inline-block;min-width:44px;min-height:44px;line-height:44px;text-align:center;border:1px solid var(--line);border-radius:6px}
.exercise{border-top:1px solid var(--line);padding-top:.75rem;margin-top:1rem}
.dose{font-weight:700;color:var(--accent);margin:.25rem 0}
.badge{font-size:.8rem;font-weight:700;color:var(--bg);background:var(--accent);border-radius:3px;padding:0 .4rem;vertical-align:middle}
.caution{color:var(--warn)}
.frames img{display:block;max-width:100%;height:auto;margin:0 0 .5rem;background:#f6f2ec;color:#1f2a2a;font-size:.85rem}
@media (min-width:52rem){main:has(.exercise){max-width:60rem}.session-row{display:flex;gap:1.25rem;align-items:flex-start}.frames{flex:0 0 260px}}
`;

const sheets = new Map<string, string>();
/** The pages' style sheet in the brand colour (core/brand.ts: AA contrast with white, checked at start). */
export function pageStyle(brand: Pick<Brand, 'colour'>): string {
  let sheet = sheets.get(brand.colour);
  if (!sheet) sheets.set(brand.colour, (sheet = styleSheet(brand.colour)));
  return sheet;
}

export { escapeHtml as esc } from '../../core/html-escape';
import { escapeHtml as esc } from '../../core/html-escape';
import { supportContacts, type Brand } from '../../core/brand';
import { describeConsent, type ConsentRecords } from '../../core/data-rights';

/** Who runs the program, on every page: its name, how to reach a person, the privacy policy and terms. */
function siteFooter(brand: Brand): string {
  const contacts = supportContacts(brand)
    .map((c) => (c.includes('@') ? `<a href="mailto:${esc(c)}">${esc(c)}</a>` : `<a href="tel:${esc(c)}">${esc(c)}</a>`))
    .join(' or ');
  return `<footer class="muted"><p>${esc(brand.programName)} · Questions? ${contacts} · <a href="${esc(brand.privacyUrl)}">Privacy</a> · <a href="${esc(brand.termsUrl)}">Terms</a></p></footer>`;
}

export function layout(brand: Brand, title: string, main: string, script?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} · ${esc(brand.programName)}</title>
<style>${pageStyle(brand)}</style>
</head>
<body>
<main id="main">
${main}
${siteFooter(brand)}
</main>
${script ? `<script>${script}</script>` : ''}
</body>
</html>`;
}

const paragraphs = (ps: readonly string[]) => ps.map((p) => `<p>${esc(p)}</p>`).join('\n');

/** A page whose action happens only when the person presses the button (a POST to the same URL). */
export function actionPage(
  brand: Brand,
  o: { title: string; heading: string; text: readonly string[]; button: string; fields?: Record<string, string> },
): string {
  const hidden = Object.entries(o.fields ?? {})
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return layout(
    brand,
    o.title,
    `<h1>${esc(o.heading)}</h1>
${paragraphs(o.text)}
<form method="post" action="">${hidden}<button type="submit">${esc(o.button)}</button></form>`,
  );
}

export function messagePage(brand: Brand, o: { title: string; heading: string; text: readonly string[]; warn?: readonly string[] }): string {
  const warn = o.warn?.length ? `<div class="warn" role="alert">${paragraphs(o.warn)}</div>` : '';
  return layout(brand, o.title, `<h1>${esc(o.heading)}</h1>\n${warn}\n${paragraphs(o.text)}`);
}

/**
 * The one-tap rating page. It records nothing by itself: link scanners run scripts and hide
 * navigator.webdriver, so only the person's press of "Save my score" (a POST) stores a score.
 * "Pick another number" links are GETs to this same page: opening them changes nothing either.
 * `exercises`: the rated day's exercises with their pictures (session.ts exerciseSections), below.
 */
export function ratePage(brand: Brand, score: number, exercises = ''): string {
  const others = Array.from({ length: 11 }, (_, n) =>
    n === score ? `<li><strong aria-current="true">${n}</strong></li>` : `<li><a href="?score=${n}">${n}</a></li>`,
  ).join('');
  return layout(
    brand,
    'Save your pain score',
    `<h1>Your pain today</h1>
<p class="score" aria-label="${esc(score)} out of 10">${esc(score)}<span class="muted">/10</span></p>
<form id="rate" method="post" action=""><input type="hidden" name="score" value="${esc(score)}"><button type="submit">Save my score</button></form>
<p class="muted">Nothing is saved until you press the button. A later score today replaces this one.</p>
<nav aria-label="Pick another number"><p>Pick another number:</p><ul class="picker">${others}</ul></nav>${exercises ? `\n<h2>The exercises this score is for</h2>\n${exercises}` : ''}`,
  );
}

export function dataPage(brand: Brand, consents?: ConsentRecords): string {
  const consent = consents
    ? `<h2>Your consents</h2>
<ul><li>To receive the messages: ${esc(describeConsent(consents.messaging))}</li>
<li>To us keeping your pain and activity scores: ${esc(describeConsent(consents.health))}</li></ul>`
    : '';
  return layout(
    brand,
    'Your data',
    `<h1>Your data</h1>
<p>Download the pain scores you have given us, or delete everything we hold about you.</p>
${consent}
<form method="post" action=""><input type="hidden" name="action" value="export"><input type="hidden" name="format" value="csv"><button type="submit">Download my scores (CSV)</button></form>
<form method="post" action=""><input type="hidden" name="action" value="export"><input type="hidden" name="format" value="json"><button type="submit" class="secondary">Download everything (JSON)</button></form>
<h2>Delete my data</h2>
<p>This removes your sign-up, your scores and our record of the messages we sent. We keep only a one-way code of your address so that we do not contact it again unless you sign up anew and confirm. This cannot be undone.</p>
<form method="post" action=""><input type="hidden" name="action" value="delete">
<label><input type="checkbox" name="confirm" value="yes" required> Yes, delete all my data</label>
<button type="submit">Delete my data</button></form>`,
  );
}

export const copy = {
  invalid: { title: 'Link not valid', heading: 'This link is not valid', text: ['Please use the latest link from your messages.'] },
  expired: { title: 'Link expired', heading: 'This link has expired', text: ['Please use the link in a more recent message.'] },
  expiredConfirm: {
    title: 'Link expired',
    heading: 'This confirmation link has expired',
    text: ['Sign-ups that are not confirmed within 48 hours are removed. Please sign up again.'],
  },
  notFound: { title: 'Not found', heading: 'Page not found', text: ['There is nothing at this address.'] },
  confirmed: { title: 'Confirmed', heading: "You're in", text: ['Your first stretches arrive at the time you chose. You can stop at any time.'] },
  notPending: { title: 'Not pending', heading: 'Nothing to confirm', text: ['This sign-up is no longer waiting for confirmation. Sign up again to rejoin.'] },
  unsubscribe: (name: string) => ({
    title: 'Unsubscribe',
    heading: `Unsubscribe from ${name}?`,
    text: ['Press the button and we will send you no more messages.'],
    button: 'Unsubscribe',
  }),
  unsubscribed: (name: string) => ({ title: 'Unsubscribed', heading: "You're unsubscribed", text: [`You will get no more messages from ${name}.`] }),
  pause: {
    title: 'Pause',
    heading: 'Pause your messages?',
    text: ['No daily messages arrive while paused. You can resume at any time.'],
    button: 'Pause my messages',
  },
  paused: { title: 'Paused', heading: 'Your messages are paused', text: ['Resume whenever you are ready, from the link in your last message.'] },
  resume: { title: 'Resume', heading: 'Resume your messages?', text: ['Your program carries on from where you left it.'], button: 'Resume my messages' },
  resumed: { title: 'Resumed', heading: 'Welcome back', text: ['Your next message arrives at your usual time.'] },
  cannotChange: { title: 'Not possible', heading: 'That is not possible right now', text: ['Your subscription is not in a state where this applies.'] },
  thanks: (score: number) => ({ title: 'Thank you', heading: 'Thank you', text: [`We saved ${score} out of 10 for today.`] }),
  inactive: { title: 'Not subscribed', heading: 'You are not subscribed', text: ['We did not save a score, because this subscription has ended.'] },
  safety: [
    'That score is high for you. Please stop the exercises for now and talk to a doctor or another healthcare professional about your back.',
    'We have paused your program and sent you a message about it.',
  ],
  safetyUrgent: ['Please get urgent medical care now: call your local emergency number or go to an emergency department.'],
  deleteNeedsConfirm: { title: 'Please confirm', heading: 'Please tick the box', text: ['Tick "Yes, delete all my data" to confirm.'] },
  deleted: (found: readonly string[]) => ({
    title: 'Deleted',
    heading: 'Deletion done',
    text: [...found, 'We keep only a one-way code of your address, so we do not contact it again unless you sign up anew and confirm.'],
  }),
  badScore: { title: 'Not a score', heading: 'That is not a score', text: ['The score must be a whole number from 0 (no pain) to 10 (the worst pain).'] },
  badBand: {
    title: 'Not a band',
    heading: 'That link is not right',
    text: ['band: must be one of chair, easier, standard or fuller. Please use the link from your message.'],
  },
  error: { title: 'Something went wrong', heading: 'Something went wrong', text: ['Please try again in a few minutes.'] },
} as const;
