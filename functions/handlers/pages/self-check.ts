import { defaultSelfCheck, type SelfCheckAnswers } from '../../core/range';
import { esc } from './pages';

/**
 * The range self-check as form fieldsets (radio groups named reach, floor, back), from the data in
 * templates/program/self-check.ts. Every question may be left blank. The sign-up page uses it; the
 * preferences page can post the same fields (SelfCheckFields in core/signup.ts) and call changeBand.
 */
export function selfCheckFieldsets(current: SelfCheckAnswers = {}): string {
  const groups = defaultSelfCheck().map((q) => {
    const options = q.answers
      .map((a) => `<label><input type="radio" name="${q.id}" value="${esc(a.value)}"${current[q.id] === a.value ? ' checked' : ''}> ${esc(a.label)}</label>`)
      .join('\n');
    return `<fieldset aria-describedby="err-${q.id}"><legend>${esc(q.question)}</legend>\n${options}\n<p class="error" id="err-${q.id}" aria-live="polite"></p>\n</fieldset>`;
  });
  return `<section id="self-check"><h2>How you move (optional)</h2>
<p class="muted">Three quick questions so each stretch comes in a form that suits you. Skip any you like; you can change this later.</p>
${groups.join('\n')}
</section>`;
}
