import * as copy from '../../templates/messages/copy';
import { optBackIn, unsubscribe } from './enrolment';
import { redactedRef, subscriberIdFor } from './identifiers';
import { ratingAckText, smsHelpText, smsMovedText, smsSettingsText, smsStartText, smsStopText, smsWelcomeText } from './reply-messages';
import { preferencesLinkFor } from './links';
import { isSettingsKeyword } from './preferences';
import type { Subscriber } from './model';
import { lastSentDay, noticeText, safetyAllowed, sendNotice, type EnrolmentContext } from './notify';
import { localDateOf } from './schedule';
import { deliverSafety, escalateRedFlag, logRating, RATEABLE, type Escalation } from './ratings';
import { parseReply, type ParsedReply } from './replies';
import { functionAckText, handleFunctionReply } from './function-rating';
import { parseFunctionReply } from './function-score';
import { answerSmsSelfCheck, selfCheckOpen, startSmsSelfCheck } from './sms-self-check';
import { applyBandFeedback, bandFeedbackText, parseBandFeedback } from './band-changes';
import { copyFor } from '../../templates/messages/copy';

/**
 * Replies by SMS and by email, after the edge has authenticated them (Twilio signature; SES verdicts
 * plus the reply token checked against From).
 *
 * SMS follows the carrier rules (CTIA): HELP is always answered; STOP gets exactly one confirmation
 * and then nothing at all until START (or YES); when Twilio's Advanced Opt-Out has already answered a
 * keyword (it sends OptOutType), we change state but add no second answer.
 */

export interface SmsInbound {
  /** E.164, as Twilio sends it. */
  from: string;
  body: string;
  /** Twilio Advanced Opt-Out: STOP, START or HELP when Twilio itself answered the keyword. */
  optOutType?: string;
}

export type InboundOutcome =
  | 'help'
  | 'unsubscribed'
  | 'already-unsubscribed'
  | 'opted-in'
  | 'rated'
  | 'red-flag'
  | 'ignored'
  | 'unknown-sender'
  | 'settings'
  | 'self-check'
  | 'band-feedback';

export interface SmsInboundResult {
  outcome: InboundOutcome;
  parsed: ParsedReply;
  /** Text to answer with in TwiML (several: one <Message> each); absent means an empty <Response/>. */
  reply?: string | readonly string[];
  escalation?: Escalation;
}

export async function handleSmsInbound(ctx: EnrolmentContext, msg: SmsInbound): Promise<SmsInboundResult> {
  const parsed = parseReply(msg.body, 'sms');
  const twilioAnswered = Boolean(msg.optOutType);
  const id = subscriberIdFor('sms', msg.from, ctx.pepper);
  const sub = await ctx.store.getSubscriber(id);
  const b = copyFor(ctx.brand);
  const log = (outcome: InboundOutcome) => ctx.log?.info('sms reply', { ref: redactedRef(id), intent: parsed.intent, outcome, redFlag: parsed.redFlag });

  if (parsed.intent === 'help') {
    log('help');
    return { outcome: 'help', parsed, ...(twilioAnswered ? {} : { reply: smsHelpText(b) }) };
  }
  if (sub?.channel !== 'sms') {
    log('unknown-sender');
    return { outcome: 'unknown-sender', parsed };
  }
  if (parsed.intent === 'stop') {
    const r = await unsubscribe(ctx, id, parsed.stopBy ?? 'words');
    const outcome: InboundOutcome = r === 'done' ? 'unsubscribed' : 'already-unsubscribed';
    log(outcome);
    // One confirmation, only on the change itself: a second STOP is met with silence.
    return { outcome, parsed, ...(r === 'done' && !twilioAnswered ? { reply: smsStopText(b) } : {}) };
  }
  if (sub.status === 'unsubscribed' || sub.status === 'suppressed') {
    if ((parsed.intent === 'start' || parsed.intent === 'confirm') && sub.status === 'unsubscribed') {
      const r = await optBackIn(ctx, id);
      log(r === 'done' ? 'opted-in' : 'ignored');
      return { outcome: r === 'done' ? 'opted-in' : 'ignored', parsed, ...(r === 'done' && !twilioAnswered ? { reply: smsStartText(b) } : {}) };
    }
    log('ignored');
    return { outcome: 'ignored', parsed };
  }
  if (isSettingsKeyword(msg.body) && RATEABLE.includes(sub.status)) {
    log('settings');
    return { outcome: 'settings', parsed, reply: smsSettingsText(preferencesLinkFor(ctx.linkKeys, ctx.baseUrl, id, ctx.clock.now()), b) };
  }
  const fn = parsed.redFlag ? undefined : parseFunctionReply(msg.body);
  // The self-check's letters and words come before keywords ("yes" answers a question), never
  // before a pain score, a red flag or a function reply, which keep their meaning at any time.
  if (selfCheckOpen(sub) && parsed.intent !== 'pain' && !parsed.redFlag && !fn) {
    const r = await answerSmsSelfCheck(ctx, sub, msg.body);
    if (r) {
      log('self-check');
      return { outcome: 'self-check', parsed, reply: r.reply };
    }
  }
  if (parsed.intent === 'start' || parsed.intent === 'confirm') {
    if (sub.status === 'active') {
      log('ignored');
      return { outcome: 'ignored', parsed };
    }
    if (parsed.intent === 'confirm' && sub.status === 'completed' && !sub.pendingRejoin) return { outcome: 'ignored', parsed };
    const r = await optBackIn(ctx, id);
    log(r === 'done' ? 'opted-in' : 'ignored');
    const text = sub.status === 'pending' ? (sub.movedFrom ? smsMovedText(b) : smsWelcomeText(b)) : smsStartText(b);
    if (r !== 'done') return { outcome: 'ignored', parsed };
    // A new sign-up confirmed: the range self-check follows the welcome (core/sms-self-check.ts).
    const question = sub.status === 'pending' && !sub.movedFrom ? await startSmsSelfCheck(ctx, id) : undefined;
    const replies = [...(twilioAnswered ? [] : [text]), ...(question ? [question] : [])];
    return { outcome: 'opted-in', parsed, ...(replies.length ? { reply: replies } : {}) };
  }
  if (!RATEABLE.includes(sub.status)) {
    log('ignored');
    return { outcome: 'ignored', parsed };
  }
  const feedback = parsed.redFlag ? undefined : parseBandFeedback(msg.body);
  if (feedback) {
    const r = await applyBandFeedback(ctx, id, feedback);
    log('band-feedback');
    return { outcome: 'band-feedback', parsed, reply: `${b.programName}: ${bandFeedbackText(r, 'sms')}` };
  }
  if (fn) {
    const r = await handleFunctionReply(ctx, sub, fn, 'sms');
    log(r === 'recorded' || r === 'activity-set' ? 'rated' : 'ignored');
    return { outcome: r === 'recorded' || r === 'activity-set' ? 'rated' : 'ignored', parsed, reply: functionAckText(r, fn, b) };
  }
  if (parsed.intent === 'pain' && parsed.score !== undefined) {
    const r = await logReply(ctx, sub, parsed, parsed.score, 'sms');
    if (!r) return { outcome: 'unknown-sender', parsed };
    log('rated');
    if (r.escalation === 'none') return { outcome: 'rated', parsed, reply: ratingAckText(parsed.score, b), escalation: r.escalation };
    return { outcome: 'rated', parsed, escalation: r.escalation, reply: await safetyReply(ctx, sub, r.escalation) };
  }
  if (parsed.redFlag) {
    const r = await escalateRedFlag(ctx, sub, parsed.urgent);
    log('red-flag');
    return { outcome: 'red-flag', parsed, escalation: r.escalation, reply: await safetyReply(ctx, sub, r.escalation) };
  }
  log('ignored');
  return { outcome: 'ignored', parsed };
}

async function safetyReply(ctx: EnrolmentContext, sub: Subscriber, escalation: Escalation): Promise<string | undefined> {
  if (escalation === 'none' || !(await safetyAllowed(ctx, sub))) return undefined;
  return noticeText(ctx, sub, escalation);
}

export interface EmailReplyResult {
  outcome: InboundOutcome;
  parsed: ParsedReply;
  escalation?: Escalation;
}

/** An email reply, already mapped to its subscriber (reply token checked against From): its text, or the reply `readEmail` read. */
/** `reply` is the mail's text, or the reader's answer for it with `text` (the body) beside it. */
export async function handleEmailReply(ctx: EnrolmentContext, sub: Subscriber, reply: string | ParsedReply, body?: string): Promise<EmailReplyResult> {
  const parsed = typeof reply === 'string' ? parseReply(reply, 'email') : reply;
  const text = typeof reply === 'string' ? reply : (body ?? '');
  const log = (outcome: InboundOutcome) => ctx.log?.info('email reply', { ref: redactedRef(sub.id), intent: parsed.intent, outcome, redFlag: parsed.redFlag });
  if (parsed.intent === 'stop') {
    const r = await unsubscribe(ctx, sub.id, parsed.stopBy ?? 'words');
    log(r === 'done' ? 'unsubscribed' : 'already-unsubscribed');
    return { outcome: r === 'done' ? 'unsubscribed' : 'already-unsubscribed', parsed };
  }
  if (parsed.intent === 'start' || parsed.intent === 'confirm') {
    if (sub.status === 'active' || (parsed.intent === 'confirm' && sub.status === 'completed' && !sub.pendingRejoin)) {
      log('ignored');
      return { outcome: 'ignored', parsed };
    }
    const r = await optBackIn(ctx, sub.id);
    log(r === 'done' ? 'opted-in' : 'ignored');
    return { outcome: r === 'done' ? 'opted-in' : 'ignored', parsed };
  }
  if (!RATEABLE.includes(sub.status)) {
    log('ignored');
    return { outcome: 'ignored', parsed };
  }
  const fn = parsed.redFlag ? undefined : parseFunctionReply(text);
  if (fn) {
    const r = await handleFunctionReply(ctx, sub, fn, 'email');
    log(r === 'recorded' || r === 'activity-set' ? 'rated' : 'ignored');
    return { outcome: r === 'recorded' || r === 'activity-set' ? 'rated' : 'ignored', parsed };
  }
  if (parsed.intent === 'pain' && parsed.score !== undefined) {
    const r = await logReply(ctx, sub, parsed, parsed.score, 'email');
    if (!r) return { outcome: 'unknown-sender', parsed };
    if (r.escalation !== 'none') await deliverSafety(ctx, sub, r.escalation);
    else await answerReply(ctx, sub, 'replyAck', parsed.score);
    log('rated');
    return { outcome: 'rated', parsed, escalation: r.escalation };
  }
  if (parsed.redFlag) {
    const r = await escalateRedFlag(ctx, sub, parsed.urgent);
    await deliverSafety(ctx, sub, r.escalation);
    log('red-flag');
    return { outcome: 'red-flag', parsed, escalation: r.escalation };
  }
  if (parsed.intent === 'unknown') await answerReply(ctx, sub, 'noScore');
  log(parsed.intent === 'help' ? 'help' : 'ignored');
  return { outcome: parsed.intent === 'help' ? 'help' : 'ignored', parsed };
}

/**
 * Answers an email reply: at most one of each kind per subscriber and local day, so a mail loop
 * (an auto-responder without RFC 3834 headers) meets one answer, not a stream. Auto-replies never
 * get here (handlers/ses-inbound.ts drops them). A failed answer is logged, never retried: the
 * score is already saved.
 */
async function answerReply(ctx: EnrolmentContext, sub: Subscriber, kind: 'replyAck' | 'noScore', score?: number): Promise<void> {
  const now = ctx.clock.now();
  const d = localDateOf(sub.timezone, now);
  const key = `reply-answer#${kind}#${sub.id}#${d.year}-${d.month}-${d.day}`;
  const allowed = await ctx.store.consumeRateLimit(key, 1, Math.floor(now / 1000) + 2 * 86_400);
  if (!allowed.allowed) return;
  try {
    await sendNotice(ctx, (await ctx.store.getSubscriber(sub.id)) ?? sub, kind, score !== undefined ? { score } : {});
  } catch (err) {
    ctx.log?.info('reply answer not sent', { ref: redactedRef(sub.id), kind, error: err instanceof Error ? err.name : 'Error' });
  }
}

/** A score from a reply counts for the last message the person got. */
function logReply(ctx: EnrolmentContext, sub: Subscriber, parsed: ParsedReply, score: number, source: 'sms' | 'email') {
  return logRating(ctx, sub, { score, source, programDay: lastSentDay(sub), redFlag: parsed.redFlag, urgent: parsed.urgent });
}
