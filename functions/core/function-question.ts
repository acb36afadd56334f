import * as copy from '../../templates/messages/copy';
import type { RenderRequest } from './messages';
import { toGsm7 } from './gsm7';

/**
 * The weekly function-score question that rides on the weekly summary (no extra message): by email a
 * sentence and a button to the tap page, by SMS a sentence asking for "F0".."F10", or, for an SMS
 * subscriber who has not named an activity yet, how to name one ("ACT ...").
 */

export function functionQuestionEmail(req: RenderRequest): { text: string; button: { label: string; url: string } } | undefined {
  const activity = req.summary?.activity;
  const url = req.links.functionRate;
  if (!activity || !url) return undefined;
  return { text: copy.functionScore.question(activity), button: { label: copy.functionScore.button, url } };
}

export function functionQuestionSms(req: RenderRequest): string {
  const s = req.summary;
  if (s?.activity) return toGsm7(copy.functionScore.sms(s.activity));
  return s?.askActivity ? copy.functionScore.smsAskActivity : '';
}
