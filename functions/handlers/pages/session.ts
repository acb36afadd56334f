import * as text from '../../../templates/messages/copy';
import type { ExerciseView } from '../../core/messages';
import type { SessionView } from '../../core/session';
import type { Brand } from '../../core/brand';
import { copyFor } from '../../../templates/messages/copy';
import { esc, layout } from './pages';

/**
 * The "today's session" page: each exercise with its start and end pictures (1x and 2x, fixed size,
 * alt text from the step each shows) and the numbered steps beside them (below on a phone). No form,
 * no script: opening it records nothing. Without an image host the steps stand alone. The rate page
 * shows the rated day's exercises with the same exerciseSections.
 */
export function sessionPage(brand: Brand, view: SessionView, imageBaseUrl?: string): string {
  return layout(
    brand,
    text.session.title,
    `<h1>${esc(view.heading)}</h1>
<p class="muted">${esc(view.subheading)}</p>
<p>${esc(view.intro)}</p>
${exerciseSections(view.items, imageBaseUrl)}
<p class="warn">${esc(text.common.safetyLine)}</p>
<p class="muted">${esc(copyFor(brand).disclaimer)}</p>`,
  );
}

/** The exercises with their pictures and steps: one markup for the session page and the rate page. */
export function exerciseSections(items: readonly ExerciseView[], imageBaseUrl?: string): string {
  return items
    .map((ex, i) => {
      const pictures =
        imageBaseUrl && ex.frames.length > 0
          ? `<div class="frames" aria-label="${esc(text.session.pictures)}">${ex.frames
              .map(
                (f) =>
                  `<img src="${esc(imageBaseUrl + f.file)}" srcset="${esc(`${imageBaseUrl}${f.file2x} 2x`)}" width="${f.width}" height="${f.height}" alt="${esc(f.alt)}">`,
              )
              .join('')}</div>`
          : '';
      const badge = ex.isNew ? ` <span class="badge">${esc(text.daily.newBadge)}</span>` : '';
      const cautions = ex.cautions.map((c) => `<p class="caution">${esc(text.daily.takeCare)} ${esc(c)}</p>`).join('');
      const alternatives = ex.alternatives ? `<p class="muted">${esc(ex.alternatives)}</p>` : '';
      return `<section class="exercise">
<h2>${i + 1}. ${esc(ex.name)}${badge}</h2>
<p class="dose">${esc(ex.dose)}</p>
<p class="muted">${esc(ex.purpose)}</p>
${ex.change ? `<p><strong>${esc(text.daily.yourForm)}</strong> ${esc(ex.change)}</p>\n` : ''}<div class="session-row">${pictures}<ol class="steps">${ex.steps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol></div>
${cautions}${alternatives}
</section>`;
    })
    .join('\n');
}
