import * as copy from '../../templates/messages/copy';
import { BandFeedback } from './band-changes';
import type { Block, RenderRequest } from './messages';

/**
 * The weekly "too easy, right or too hard?" question, which rides on the weekly summary (no extra
 * message). By email: three links, each to a page with the question and buttons (opening one
 * records nothing; the button's POST does). By SMS: "Reply EASY, RIGHT or HARD".
 */

export function bandQuestionEmail(req: RenderRequest): Block | undefined {
  const url = req.links.bandFeedback;
  if (!url) return undefined;
  return {
    type: 'choices',
    text: copy.bandFeedback.question,
    choices: BandFeedback.options.map((a) => ({ label: copy.bandFeedback.buttons[a], url: url(a) })),
  };
}

export function bandQuestionSms(): string {
  return copy.bandFeedback.sms;
}
