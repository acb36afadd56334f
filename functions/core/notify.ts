import type { Clock, Escalations, Events, FunctionScores, Mailer, Sms, Store, Log } from '../ports';
import { redactedRef } from './identifiers';
import { confirmLinkFor, messageLinksFor, replyAddress, type LinkKeys } from './links';
import type { MessageKind } from './messages';
import type { Renderer } from '../ports';
import { PROGRAM_DAYS, runOf, type SendRecord, type Subscriber } from './model';
import type { SmsPolicy } from './sms-guard';
import type { Brand } from './brand';
import { formatSendKey, SEND_KEY_TAG, statusCallbackUrl } from './send-key';

/**
 * What enrolment, ratings and replies need from the outside world, passed in (never imported).
 * Handlers build one per container; tests build one over MemoryStore or dynalite.
 */
export interface EnrolmentContext {
  store: Store;
  clock: Clock;
  renderer: Renderer;
  mailer?: Mailer;
  sms?: Sms;
  linkKeys: LinkKeys;
  /** Keyed-hash pepper for subscriber ids and suppression hashes (core/identifiers.ts). */
  pepper: string;
  /** Public base URL of the link pages (functions/handlers/api.ts). */
  baseUrl: string;
  /** Domain of reply+TOKEN@ addresses; without it emails carry no Reply-To. */
  replyDomain?: string;
  /** SMS pumping guards (core/sms-guard.ts); DEFAULT_SMS_POLICY when absent. */
  smsPolicy?: SmsPolicy;
  /** The operator's brand: named in every message and page; its contacts answer HELP. */
  brand: Brand;
  /** The program's SMS number (E.164), named where a page tells someone to text START. */
  smsNumber?: string;
  log?: Log;
  /** Outbound webhooks (core/webhooks.ts); absent = none configured. */
  events?: Events;
  /** The escalation list (core/escalations.ts): every safety pause opens one. */
  escalations?: Escalations;
  /** Weekly function ratings (core/function-score.ts). */
  functionScores?: FunctionScores;
}

export type NoticeKind = Extract<MessageKind, 'confirmation' | 'safety' | 'safetyUrgent' | 'replyAck' | 'noScore'>;

const HOUR = 3600_000;

/** The program day a reply refers to: the last message sent (programDay is the next one). */
export function lastSentDay(sub: Subscriber): number {
  return Math.max(0, sub.programDay - 1);
}

function renderDay(day: number): number {
  return Math.min(PROGRAM_DAYS, Math.max(1, day));
}

/** Renders and sends one notice (confirmation or safety) on the subscriber's channel. */
export async function sendNotice(ctx: EnrolmentContext, sub: Subscriber, kind: NoticeKind, extra: { score?: number } = {}): Promise<string> {
  const now = ctx.clock.now();
  const day = kind === 'confirmation' ? 0 : lastSentDay(sub);
  const answer = kind === 'replyAck' || kind === 'noScore';
  const paused = (kind !== 'confirmation' && !answer) || sub.status === 'paused';
  const links = {
    ...messageLinksFor(ctx.linkKeys, ctx.baseUrl, sub.id, day, now, { paused }),
    ...(kind === 'confirmation' ? { confirm: confirmLinkFor(ctx.linkKeys, ctx.baseUrl, sub.id, now) } : {}),
  };
  const level = sub.effectiveLevel ?? sub.level;
  const msg = await ctx.renderer.render({ kind, channel: sub.channel, level, programDay: renderDay(day), links, ...extra });
  const recordKind: SendRecord['kind'] = kind === 'confirmation' ? 'confirmation' : answer ? 'reply' : 'safety';
  // The send key lets provider events (SES tags, Twilio status callbacks) map back to this notice:
  // the same (subscriber, day, kind) as its record, so a report lands on that record.
  // A re-sign-up's confirmation belongs to the run it would start.
  const run = kind === 'confirmation' && sub.pendingRejoin ? runOf(sub) + 1 : runOf(sub);
  const key = { subscriberId: sub.id, programDay: day, kind: recordKind, run };
  let messageId: string;
  if (sub.channel === 'email') {
    if (!ctx.mailer) throw new Error('no mailer configured');
    const reply = ctx.replyDomain && kind !== 'confirmation' ? replyAddress(ctx.linkKeys, ctx.replyDomain, sub.id) : undefined;
    const headers: Record<string, string> =
      kind === 'confirmation'
        ? {}
        : {
            'List-Unsubscribe': `<${links.unsubscribe}>${reply ? `, <mailto:${reply}?subject=unsubscribe>` : ''}`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            // RFC 3834: an answer to a person's mail, so their auto-responder must not answer it.
            ...(answer ? { 'Auto-Submitted': 'auto-replied' } : {}),
          };
    const sent = await ctx.mailer.send({
      to: sub.address,
      subject: msg.subject ?? ctx.brand.programName,
      html: msg.html ?? '',
      text: msg.text,
      ...(reply ? { replyTo: reply } : {}),
      headers,
      tags: { [SEND_KEY_TAG]: formatSendKey(key) },
    });
    messageId = sent.messageId;
  } else {
    if (!ctx.sms) throw new Error('no SMS sender configured');
    messageId = (await ctx.sms.send({ to: sub.address, body: msg.text, statusCallback: statusCallbackUrl(ctx.baseUrl, key) })).messageId;
  }
  // One record per (subscriber, day, kind); a repeat (a second safety notice that day) keeps the first.
  const created = await ctx.store.putSendRecord({
    subscriberId: sub.id,
    programDay: day,
    channel: sub.channel,
    providerMessageId: messageId,
    at: new Date(now).toISOString(),
    kind: recordKind,
    deliveryStatus: 'sent',
    ...(run === 1 ? {} : { run }),
  });
  // Put, then check (as for ratings): never leave a record behind for someone deleted meanwhile.
  if (created && !(await ctx.store.getSubscriber(sub.id))) await ctx.store.removeSendRecord(sub.id, day, recordKind, run);
  ctx.log?.info('notice sent', { ref: redactedRef(sub.id), kind, channel: sub.channel });
  return messageId;
}

/** The SMS text of a notice, for answering an inbound SMS in TwiML instead of sending a new message. */
export async function noticeText(ctx: EnrolmentContext, sub: Subscriber, kind: NoticeKind): Promise<string> {
  const now = ctx.clock.now();
  const day = lastSentDay(sub);
  const links = messageLinksFor(ctx.linkKeys, ctx.baseUrl, sub.id, day, now, { paused: true });
  const msg = await ctx.renderer.render({ kind, channel: 'sms', level: sub.level, programDay: renderDay(day), links });
  return msg.text;
}

/** Safety notices are capped per subscriber per day, so a run of high scores is not a run of messages. */
export async function safetyAllowed(ctx: EnrolmentContext, sub: Subscriber, perDay = 3): Promise<boolean> {
  const now = ctx.clock.now();
  const dayKey = new Date(now).toISOString().slice(0, 10);
  const r = await ctx.store.consumeRateLimit(`safety#${sub.id}#${dayKey}`, perDay, Math.floor((now + 48 * HOUR) / 1000));
  return r.allowed;
}
