import * as copy from '../../templates/messages/copy';
import type { Copy } from '../../templates/messages/copy';
import type { EmailContent, RenderRequest } from './messages';
import { toGsm7 } from './gsm7';

/**
 * The answers to an email reply (issue 21): a short thank-you for a saved score, and "we could not
 * find a score" with the day's rating buttons. Composed like every other email (core/messages.ts);
 * the second uses the daily layout only for its 0..10 buttons. Also the SMS answers to keywords
 * (HELP, STOP, START, YES, SETTINGS) and to a score, in the operator's brand (copyFor).
 */

export type ReplyKind = 'replyAck' | 'noScore';

/** The daily layout's pain question with its 0..10 buttons and the safety line: daily emails and "no score found". */
export function painQuestionPanel(links: RenderRequest['links']): NonNullable<EmailContent['daily']> {
  return {
    safetyLine: copy.common.safetyLine,
    painQuestion: copy.common.painQuestion,
    painScale: copy.common.painScale,
    painLow: copy.common.painLow,
    painHigh: copy.common.painHigh,
    ratingUrls: Array.from({ length: 11 }, (_, n) => links.rate(n)),
  };
}

export function replyEmail(req: RenderRequest & { kind: ReplyKind }, footer: EmailContent['footer']): EmailContent {
  if (req.kind === 'replyAck') {
    const score = req.score ?? 0;
    const c = copy.replies;
    return {
      layout: 'notice',
      subject: c.ackSubject(score),
      preview: c.ackPreview,
      heading: c.ackHeading,
      blocks: c.ack(score).map((text) => ({ type: 'paragraph', text })),
      footer,
    };
  }
  const c = copy.replies;
  return {
    layout: 'daily',
    subject: c.noScoreSubject,
    preview: c.noScorePreview,
    heading: c.noScoreHeading,
    blocks: c.noScore.map((text) => ({ type: 'paragraph', text })),
    daily: painQuestionPanel(req.links),
    footer,
  };
}

/** Not sent by SMS (an SMS reply is answered in TwiML); kept for completeness of composeSms. */
export function replySms(req: RenderRequest & { kind: ReplyKind }, b: Copy): string {
  return req.kind === 'replyAck' ? b.keywords.ratingAck(req.score ?? 0) : b.noScoreSms;
}

/** Reply to SETTINGS: the preferences page's link. */
export function smsSettingsText(url: string, b: Copy): string {
  return b.keywords.settings(url);
}

/** Reply to YES that confirms a switch from email to text. */
export function smsMovedText(b: Copy): string {
  return b.keywords.moved;
}

/** Reply to HELP (CTIA: program name, frequency, rates, opt-out and the support contacts). */
export function smsHelpText(b: Copy): string {
  return toGsm7(b.keywords.help);
}

/** Reply to STOP: the one confirmation CTIA allows after an opt-out. */
export function smsStopText(b: Copy): string {
  return b.keywords.stop;
}

/** Reply to START after STOP. */
export function smsStartText(b: Copy): string {
  return b.keywords.start;
}

/** Reply to YES that confirms a new SMS sign-up (double opt-in). */
export function smsWelcomeText(b: Copy): string {
  return b.keywords.welcome;
}

/** Reply to a pain score 0..10. */
export function ratingAckText(score: number, b: Copy): string {
  if (!Number.isInteger(score) || score < 0 || score > 10) throw new RangeError(`score must be 0..10, got ${score}`);
  return b.keywords.ratingAck(score);
}
