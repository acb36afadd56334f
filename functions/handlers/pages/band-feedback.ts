import * as text from '../../../templates/messages/copy';
import { BandFeedback } from '../../core/band-changes';
import type { Brand } from '../../core/brand';
import type { RangeBand } from '../../core/model';
import { esc, layout } from './pages';

/**
 * The weekly "too easy, right or too hard?" page behind the summary email's three links. Opening it
 * records nothing (mail scanners open every link): each answer is a button that POSTs. The link's
 * answer is only shown first; the person still presses it.
 */
export function bandFeedbackPage(brand: Brand, o: { band: RangeBand; tapped?: BandFeedback; said?: string }): string {
  const f = text.bandFeedback;
  const order = o.tapped ? [o.tapped, ...BandFeedback.options.filter((a) => a !== o.tapped)] : BandFeedback.options;
  const buttons = order
    .map(
      (a, i) =>
        `<form method="post" action=""><input type="hidden" name="answer" value="${a}"><button type="submit"${i > 0 && o.tapped ? ' class="secondary"' : ''}>${esc(f.buttons[a])}</button></form>`,
    )
    .join('\n');
  const said = o.said ? `<div class="warn" role="status"><p>${esc(o.said)}</p></div>` : '';
  return layout(
    brand,
    f.pageTitle,
    `<h1>${esc(f.question)}</h1>${said}
<p>${esc(f.pageIntro)}</p>
<p class="muted">Now: ${esc(text.bands.page[o.band])}</p>
${o.said ? '' : buttons}
<p class="warn">${esc(text.common.safetyLine)}</p>`,
  );
}
