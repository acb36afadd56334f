import * as text from '../../../templates/messages/copy';
import { DEFAULT_BAND, type Subscriber } from '../../core/model';
import { describeState, formsAtBand, MAX_BREAK_DAYS, type FieldErrors } from '../../core/preferences';
import { selfCheckGroups } from './self-check';
import { timeZoneNames } from '../../core/time-zones';
import type { Brand } from '../../core/brand';
import { esc, layout } from './pages';
import type { SelfCheckAnswers } from '../../core/range';

/**
 * The preferences page behind every message's footer link (issue 21) and the pages that offer a way
 * back (pause link, a corrected score). Opening any of them changes nothing: every form POSTs to the
 * same URL and names its action. No script: the zone list is a plain <datalist>.
 */

const LEVELS = [
  ['gentle', 'Gentle: I am stiff or in pain most days'],
  ['moderate', 'Moderate: I walk and move without much trouble'],
  ['active', 'Active: I exercise regularly'],
] as const;

let zoneOptions: string | undefined;
function zones(): string {
  zoneOptions ??= timeZoneNames()
    .map((z) => `<option value="${esc(z)}"></option>`)
    .join('');
  return zoneOptions;
}

const error = (fields: FieldErrors | undefined, name: string) =>
  fields?.[name] ? `<p class="error" id="err-${name}" role="alert">${esc(fields[name])}</p>` : '';
const invalid = (fields: FieldErrors | undefined, name: string) => (fields?.[name] ? ' aria-invalid="true"' : '');
const button = (action: string, label: string, secondary = false) =>
  `<form method="post" action=""><input type="hidden" name="action" value="${action}"><button type="submit"${secondary ? ' class="secondary"' : ''}>${esc(label)}</button></form>`;

export interface PreferencesView {
  sub: Subscriber;
  nowMs: number;
  /** What the last POST did, in plain words. */
  said?: string;
  fields?: FieldErrors;
  /** Values to show back after a refused POST. */
  values?: { sendAt?: string; timezone?: string; answers?: SelfCheckAnswers };
}

export function preferencesPage(brand: Brand, v: PreferencesView): string {
  const { sub, fields } = v;
  const name = esc(brand.programName);
  const canChange = sub.status === 'active' || sub.status === 'paused' || sub.status === 'completed';
  const saved = v.said ? `<div class="warn" role="status"><p>${esc(v.said)}</p></div>` : '';
  const problems =
    fields && Object.keys(fields).length ? `<div class="warn" role="alert"><p>Nothing was changed. Please check the field marked below.</p></div>` : '';
  const head = `<h1>Your ${name} settings</h1>${saved}${problems}
<p>${esc(describeState(sub, v.nowMs))}</p>
<p class="muted">Messages go to ${sub.channel === 'email' ? 'your email address' : 'your mobile number'}. Changes apply from your next message.</p>`;
  if (!canChange) return layout(brand, 'Your settings', head);
  const paused = sub.status === 'paused' || (sub.pausedUntil !== undefined && Date.parse(sub.pausedUntil) > v.nowMs);
  const resume = paused
    ? `<h2>Resume</h2>${button('resume', 'Resume my program')}`
    : sub.status === 'completed'
      ? `<h2>Start again</h2>${button('resume', 'Start again from day 1')}`
      : '';
  const breakForm =
    sub.status === 'active' || (sub.status === 'paused' && sub.pausedReason !== 'safety')
      ? `<h2>Take a break</h2>
${sub.status === 'active' && !paused ? button('pause', 'Pause my messages') : ''}
<form method="post" action=""><input type="hidden" name="action" value="break">
<label for="days">Pause for this many days (1 to ${MAX_BREAK_DAYS})</label>
<input id="days" name="days" type="text" inputmode="numeric" maxlength="2"${invalid(fields, 'days')}>${error(fields, 'days')}
<label for="until">or restart my messages on</label>
<input id="until" name="until" type="date"${invalid(fields, 'until')}>${error(fields, 'until')}
<button type="submit">Pause for these days</button></form>`
      : '';
  const level = sub.effectiveLevel ?? sub.level;
  return layout(
    brand,
    'Your settings',
    `${head}
${resume}
<h2>When</h2>
<form method="post" action=""><input type="hidden" name="action" value="schedule">
<label for="sendAt">Send my message at</label>
<input id="sendAt" name="sendAt" type="time" value="${esc(v.values?.sendAt ?? sub.sendAt)}" required${invalid(fields, 'sendAt')}>${error(fields, 'sendAt')}
<label for="timezone">Your time zone (type to search, e.g. Paris or New York)</label>
<input id="timezone" name="timezone" type="text" list="zones" maxlength="64" value="${esc(v.values?.timezone ?? sub.timezone)}" required${invalid(fields, 'timezone')}>
<datalist id="zones">${zones()}</datalist>${error(fields, 'timezone')}
<button type="submit">Save my time</button></form>
<h2>Level</h2>
<form method="post" action=""><input type="hidden" name="action" value="level">
<fieldset><legend>How active are you now?</legend>
${LEVELS.map(([value, label]) => `<label><input type="radio" name="level" value="${value}"${value === level ? ' checked' : ''}> ${esc(label)}</label>`).join('\n')}
</fieldset>${error(fields, 'level')}
<button type="submit">Save my level</button></form>
${bandForm(sub, fields, v.values?.answers)}
${breakForm}
${sub.status === 'active' ? switchForm(sub, fields, name) : ''}
<h2>Stop</h2>
<p>Stop every message from ${name}. You can sign up again later.</p>
${button('stop', 'Stop all messages', true)}`,
  );
}

/**
 * The range band in plain words, what it changes, and the self-check to answer again: the way to
 * move band (and the only way off chair forms). Each answer with a picture shows its position.
 */
function bandForm(sub: Subscriber, fields: FieldErrors | undefined, answers: SelfCheckAnswers = {}): string {
  const band = sub.band ?? DEFAULT_BAND;
  const changes = formsAtBand(band);
  const list = changes.length ? `<p>What this changes:</p>\n<ul>${changes.map((c) => `<li>${esc(c.name)} becomes ${esc(c.change)}</li>`).join('')}</ul>` : '';
  return `<h2>How you move</h2>
<p id="band-now">Your stretches now: ${esc(text.bands.page[band])}</p>
${list}
<form method="post" action=""><input type="hidden" name="action" value="band">
<p class="muted">Answer these again to move your stretches to the forms that suit you now. Changes apply from your next message.</p>
${selfCheckGroups(answers, { withPictures: true, errors: fields })}
<button type="submit">Save my answers</button></form>`;
}

const smsTerms = (name: string) =>
  `${name} sends 1 text a day until the program ends. Msg & data rates may apply. Reply HELP for help, STOP to cancel at any time.`;

/** Switching channel: the new address or number confirms first; until then nothing changes. */
function switchForm(sub: Subscriber, fields: FieldErrors | undefined, name: string): string {
  const body =
    sub.channel === 'email'
      ? `<h2>Switch to text messages</h2>
<form method="post" action=""><input type="hidden" name="action" value="channel"><input type="hidden" name="channel" value="sms">
<label for="phone">Mobile number, with your country code (e.g. +44 7700 900123)</label>
<input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="40"${invalid(fields, 'phone')}>${error(fields, 'phone')}
<p class="muted">${smsTerms(name)}</p>
<label><input type="checkbox" name="consent" value="on"${invalid(fields, 'consent')}> I agree to receive ${name} text messages as described above.</label>${error(fields, 'consent')}
<button type="submit">Text me to confirm</button></form>`
      : `<h2>Switch to email</h2>
<form method="post" action=""><input type="hidden" name="action" value="channel"><input type="hidden" name="channel" value="email">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="email" maxlength="254"${invalid(fields, 'email')}>${error(fields, 'email')}
<label><input type="checkbox" name="consent" value="on"${invalid(fields, 'consent')}> I agree to receive ${name} emails instead of texts.</label>${error(fields, 'consent')}
<button type="submit">Email me to confirm</button></form>`;
  return `${body}\n<p class="muted">Your messages keep coming as now until you confirm from the new ${sub.channel === 'email' ? 'phone' : 'inbox'}. Your program carries on at the same day.</p>`;
}

/** The pause link's page: Pause while the program runs, Resume once it is paused. */
export function pauseLinkPage(brand: Brand, sub: Subscriber | undefined, nowMs: number, said?: string): string {
  const saved = said ? `<div class="warn" role="status"><p>${esc(said)}</p></div>` : '';
  if (sub?.status === 'paused') {
    return layout(
      brand,
      'Paused',
      `<h1>Your messages are paused</h1>${saved}
<p>${esc(describeState(sub, nowMs))}</p>
<p>Resume whenever you are ready: press the button below (this link keeps working), or reply START.</p>
<form method="post" action=""><input type="hidden" name="do" value="resume"><button type="submit">Resume my messages</button></form>`,
    );
  }
  if (sub?.status === 'active') {
    return layout(
      brand,
      'Pause',
      `<h1>Pause your messages?</h1>${saved}
<p>No daily messages arrive while paused. You can resume at any time from this same link.</p>
<form method="post" action=""><input type="hidden" name="do" value="pause"><button type="submit">Pause my messages</button></form>`,
    );
  }
  return layout(
    brand,
    'Not possible',
    `<h1>That is not possible right now</h1><p>${esc(sub ? describeState(sub, nowMs) : 'Please use the latest link from your messages.')}</p>`,
  );
}

/** A score that replaced the one that paused the program: say why it paused, offer the way back. */
export function correctedScorePage(brand: Brand, o: { score: number; replaced: number }): string {
  return layout(
    brand,
    'Thank you',
    `<h1>Thank you</h1>
<p>We saved ${esc(o.score)} out of 10 for today. It replaces the ${esc(o.replaced)} out of 10 you gave earlier.</p>
<div class="warn"><p>Your program was paused because of that ${esc(o.replaced)} out of 10: a high score pauses it for your safety.</p>
<p>If the ${esc(o.replaced)} was a mistake, you can resume now. Your next message comes at your usual time.</p></div>
<form method="post" action=""><input type="hidden" name="do" value="resume"><input type="hidden" name="score" value="${esc(o.score)}"><button type="submit">Resume my program</button></form>
<p class="muted">If your back really is that bad, leave the program paused and talk to a doctor or another healthcare professional.</p>`,
  );
}
