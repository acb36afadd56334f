import type { Brand } from '../../core/brand';
import { esc, layout } from './pages';

/**
 * Pages of the weekly function score (core/function-score.ts): the confirmation page, which also
 * asks for the one activity and how well the person can do it today (the baseline, both optional),
 * and the weekly tap page with eleven buttons. Each button is its own POST form: a mail scanner that
 * opens the link records nothing.
 */

const SCALE_NOTE = '0 means you cannot do it at all, 10 that you can do it as well as before your back trouble.';

export function confirmWithActivityPage(brand: Brand): string {
  const options = ['<option value="">(skip)</option>', ...Array.from({ length: 11 }, (_, n) => `<option value="${n}">${n}</option>`)].join('');
  return layout(
    brand,
    'Confirm your sign-up',
    `<h1>Confirm your sign-up</h1>
<p>Press the button to start ${esc(brand.programName)}: 42 days of short lower-back stretches, one message a day.</p>
<form method="post" action="">
<fieldset><legend>Optional: one activity your back makes hard</legend>
<p class="muted">Once a week we will ask how well you can do it. Name an everyday activity, not a symptom.</p>
<label for="activity">Activity (for example: putting on socks)</label>
<input type="text" id="activity" name="activity" maxlength="60" autocomplete="off">
<label for="baseline">How well can you do it today? ${esc(SCALE_NOTE)}</label>
<select id="baseline" name="baseline">${options}</select>
</fieldset>
<button type="submit">Confirm my sign-up</button></form>`,
  );
}

export function functionRatePage(brand: Brand, activity: string, week: number): string {
  const buttons = Array.from(
    { length: 11 },
    (_, n) =>
      `<form method="post" action=""><input type="hidden" name="score" value="${n}"><button type="submit" aria-label="${n} out of 10">${n}</button></form>`,
  ).join('');
  return layout(
    brand,
    'How well can you do it?',
    `<h1>How well can you do it now?</h1>
<p>Your activity: <strong>${esc(activity)}</strong></p>
<p>Week ${esc(week)}. ${esc(SCALE_NOTE)}</p>
<div class="scale">${buttons}</div>
<p class="muted">A later answer this week replaces this one.</p>`,
  );
}
