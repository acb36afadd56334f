import { optBackIn, unsubscribe } from './enrolment';
import { redactedRef, subscriberIdFor } from './keys';
import { ratingAckText, smsHelpText, smsStartText, smsStopText, smsWelcomeText } from './messages';
import type { Subscriber } from './model';
import { lastSentDay, noticeText, safetyAllowed, type EnrolmentContext } from './notify';
import { deliverSafety, escalateRedFlag, logRating, RATEABLE, type Escalation } from './ratings';
import { parseReply, type ParsedReply } from './replies';
import { functionAckText, handleFunctionReply } from './function-rating';
import { parseFunctionReply } from './function-score';

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
  | 'unknown-sender';

export interface SmsInboundResult {
  outcome: InboundOutcome;
  parsed: ParsedReply;
  /** Text to answer with in TwiML; absent means an empty <Response/>. */
  reply?: string;
  escalation?: Escalation;
}

export async function handleSmsInbound(ctx: EnrolmentContext, msg: SmsInbound): Promise<SmsInboundResult> {
  const parsed = parseReply(msg.body, 'sms');
  const twilioAnswered = Boolean(msg.optOutType);
  const id = subscriberIdFor('sms', msg.from, ctx.pepper);
  const sub = await ctx.store.getSubscriber(id);
  const log = (outcome: InboundOutcome) =>
    ctx.log?.('sms reply', { ref: redactedRef(id), intent: parsed.intent, outcome, redFlag: parsed.redFlag });

  if (parsed.intent === 'help') {
    log('help');
    return { outcome: 'help', parsed, ...(twilioAnswered ? {} : { reply: smsHelpText(ctx.helpContact) }) };
  }
  if (!sub || sub.channel !== 'sms') {
    log('unknown-sender');
    return { outcome: 'unknown-sender', parsed };
  }
  if (parsed.intent === 'stop') {
    const r = await unsubscribe(ctx, id, 'sms-stop');
    const outcome: InboundOutcome = r === 'done' ? 'unsubscribed' : 'already-unsubscribed';
    log(outcome);
    // One confirmation, only on the change itself: a second STOP is met with silence.
    return { outcome, parsed, ...(r === 'done' && !twilioAnswered ? { reply: smsStopText() } : {}) };
  }
  if (sub.status === 'unsubscribed' || sub.status === 'suppressed') {
    if ((parsed.intent === 'start' || parsed.intent === 'confirm') && sub.status === 'unsubscribed') {
      const r = await optBackIn(ctx, id);
      log(r === 'done' ? 'opted-in' : 'ignored');
      return { outcome: r === 'done' ? 'opted-in' : 'ignored', parsed, ...(r === 'done' && !twilioAnswered ? { reply: smsStartText() } : {}) };
    }
    log('ignored');
    return { outcome: 'ignored', parsed };
  }
  if (parsed.intent === 'start' || parsed.intent === 'confirm') {
    if (sub.status === 'active') {
      log('ignored');
      return { outcome: 'ignored', parsed };
    }
    if (parsed.intent === 'confirm' && sub.status === 'completed') return { outcome: 'ignored', parsed };
    const r = await optBackIn(ctx, id);
    log(r === 'done' ? 'opted-in' : 'ignored');
    const text = sub.status === 'pending' ? smsWelcomeText() : smsStartText();
    return { outcome: r === 'done' ? 'opted-in' : 'ignored', parsed, ...(r === 'done' && !twilioAnswered ? { reply: text } : {}) };
  }
  if (!RATEABLE.includes(sub.status)) {
    log('ignored');
    return { outcome: 'ignored', parsed };
  }
  const fn = parsed.redFlag ? undefined : parseFunctionReply(msg.body);
  if (fn) {
    const r = await handleFunctionReply(ctx, sub, fn, 'sms');
    log(r === 'recorded' || r === 'activity-set' ? 'rated' : 'ignored');
    return { outcome: r === 'recorded' || r === 'activity-set' ? 'rated' : 'ignored', parsed, reply: functionAckText(r, fn) };
  }
  if (parsed.intent === 'pain' && parsed.score !== undefined) {
    const r = await logReply(ctx, sub, parsed, parsed.score, 'sms');
    log('rated');
    if (r.escalation === 'none') return { outcome: 'rated', parsed, reply: ratingAckText(parsed.score), escalation: r.escalation };
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

/** An email reply, already mapped to its subscriber (reply token checked against From). */
export async function handleEmailReply(ctx: EnrolmentContext, sub: Subscriber, text: string): Promise<EmailReplyResult> {
  const parsed = parseReply(text, 'email');
  const log = (outcome: InboundOutcome) =>
    ctx.log?.('email reply', { ref: redactedRef(sub.id), intent: parsed.intent, outcome, redFlag: parsed.redFlag });
  if (parsed.intent === 'stop') {
    const r = await unsubscribe(ctx, sub.id, 'email-reply');
    log(r === 'done' ? 'unsubscribed' : 'already-unsubscribed');
    return { outcome: r === 'done' ? 'unsubscribed' : 'already-unsubscribed', parsed };
  }
  if (parsed.intent === 'start' || parsed.intent === 'confirm') {
    if (sub.status === 'active' || (parsed.intent === 'confirm' && sub.status === 'completed')) {
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
    if (r.escalation !== 'none') await deliverSafety(ctx, sub, r.escalation);
    log('rated');
    return { outcome: 'rated', parsed, escalation: r.escalation };
  }
  if (parsed.redFlag) {
    const r = await escalateRedFlag(ctx, sub, parsed.urgent);
    await deliverSafety(ctx, sub, r.escalation);
    log('red-flag');
    return { outcome: 'red-flag', parsed, escalation: r.escalation };
  }
  log(parsed.intent === 'help' ? 'help' : 'ignored');
  return { outcome: parsed.intent === 'help' ? 'help' : 'ignored', parsed };
}

/** A score from a reply counts for the last message the person got. */
function logReply(ctx: EnrolmentContext, sub: Subscriber, parsed: ParsedReply, score: number, source: 'sms' | 'email') {
  return logRating(ctx, sub, { score, source, programDay: lastSentDay(sub), redFlag: parsed.redFlag, urgent: parsed.urgent });
}
