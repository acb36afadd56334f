import { frameViews } from '../../core/illustrations';
import { loadProgram } from '../../core/program';
import { defaultSelfCheck, type SelfCheckAnswers, type SelfCheckQuestion } from '../../core/range';
import { esc } from './pages';

/**
 * The range self-check as form fieldsets (radio groups named reach, floor, back), from the data in
 * templates/program/self-check.ts. On the sign-up page every question may be left blank; the
 * preferences page asks them all again (core/preferences.ts, action=band) and draws, beside each
 * answer that has one, a picture of the position (the exercise's own frame, inline SVG).
 */

const PICTURE_WIDTH = 156;
const pictures = new Map<string, string>();

/** The answer's picture as inline SVG, small, with the frame's alt text; '' when there is none. */
function answerPicture(a: SelfCheckQuestion['answers'][number]): string {
  const p = a.picture;
  if (!p) return '';
  const key = `${p.exercise}/${p.frame}`;
  let svg = pictures.get(key);
  if (svg === undefined) {
    const program = loadProgram();
    const exercise = program.exercises.get(p.exercise);
    const ill = program.illustrations[p.exercise];
    const view = exercise && ill ? frameViews(exercise, ill).find((f) => f.frame === p.frame) : undefined;
    svg = view
      ? view.svg.replace(
          /^<svg ([^>]*?)width="(\d+)" height="(\d+)">/,
          (_m, attrs: string, w: string, h: string) =>
            `<svg ${attrs}width="${PICTURE_WIDTH}" height="${Math.round((PICTURE_WIDTH * Number(h)) / Number(w))}" role="img" aria-label="${esc(view.alt)}" class="pose">`,
        )
      : '';
    pictures.set(key, svg);
  }
  return svg;
}

/** The radio groups, one fieldset per question. */
export function selfCheckGroups(current: SelfCheckAnswers = {}, opts: { withPictures?: boolean; errors?: Record<string, string> } = {}): string {
  const groups = defaultSelfCheck().map((q) => {
    const options = q.answers
      .map(
        (a) =>
          `<label><input type="radio" name="${q.id}" value="${esc(a.value)}"${current[q.id] === a.value ? ' checked' : ''}> ${esc(a.label)}${opts.withPictures ? answerPicture(a) : ''}</label>`,
      )
      .join('\n');
    const error = opts.errors?.[q.id];
    return `<fieldset aria-describedby="err-${q.id}"${error ? ' aria-invalid="true"' : ''}><legend>${esc(q.question)}</legend>\n${options}\n<p class="error" id="err-${q.id}" aria-live="polite">${error ? esc(error) : ''}</p>\n</fieldset>`;
  });
  return groups.join('\n');
}

/** The sign-up form's optional section. */
export function selfCheckFieldsets(current: SelfCheckAnswers = {}): string {
  return `<section id="self-check"><h2>How you move (optional)</h2>
<p class="muted">Three quick questions so each stretch comes in a form that suits you. Skip any you like; you can change this later.</p>
${selfCheckGroups(current)}
</section>`;
}
