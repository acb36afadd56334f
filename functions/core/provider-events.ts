import { runOf, type DeliveryStatus, type Status, type Subscriber } from './model';
import { redactedRef, suppressionHash } from './identifiers';
import type { SendKey } from './send-key';
import type { Store } from '../ports';
import type { Log } from '../ports';

/**
 * What provider events do to our data. The provider's report of a send (SES Send event, Twilio status
 * callback) creates the day's SendRecord: the send history, and the evidence the sender's
 * reconciliation looks for before it sends a day again. The sender itself writes only the subscriber
 * item (claim, complete), so a message costs one record write, made here. Later reports update the
 * record's delivery status, and a hard bounce or a complaint suppresses the subscriber: no more mail,
 * and a suppression entry (a keyed hash, no address) so a new sign-up with that address is refused.
 */

export interface ProviderEventContext {
  store: Store;
  /** The address pepper; without it no suppression entry is written (the status change still is). */
  pepper?: string;
  log?: Log;
}

export interface EmailEvent {
  type: 'send' | 'delivery' | 'bounce' | 'complaint' | 'reject';
  key: SendKey;
  messageId: string;
  /** When SES accepted the mail (the event's mail.timestamp). */
  sentAt: string;
  /** When this event happened. */
  at: string;
  /** SES bounceType: Permanent, Transient or Undetermined. */
  bounceType?: string;
}

export type EventOutcome = 'recorded' | 'suppressed' | 'unsubscribed';

const STOPPABLE: readonly Status[] = ['pending', 'active', 'paused', 'completed'];

async function stopSubscriber(
  ctx: ProviderEventContext,
  subscriberId: string,
  status: 'suppressed' | 'unsubscribed',
  reason: string,
  at: string,
): Promise<Subscriber | undefined> {
  const updated = await ctx.store.updateSubscriber(
    subscriberId,
    { status: STOPPABLE },
    {
      set: { status, ...(status === 'unsubscribed' ? { unsubscribedAt: at, unsubscribedVia: 'provider' as const, unsubscribedCode: reason } : {}) },
      remove: ['nextSendAt', 'pendingRejoin'],
    },
  );
  if (updated && ctx.pepper) {
    await ctx.store.putSuppression(suppressionHash(updated.channel, updated.address, ctx.pepper), reason, at);
  }
  ctx.log?.warn('subscriber stopped by provider event', { ref: redactedRef(subscriberId), status, reason });
  return updated;
}

export interface SendReport {
  key: SendKey;
  channel: Subscriber['channel'];
  messageId: string;
  /** When the provider accepted the message. */
  sentAt: string;
  status: DeliveryStatus;
  errorCode?: string;
}

/**
 * Records what the provider reported about a send, each step one conditional write. Reports arrive in
 * any order: 'sent' only ever creates the record (it never overwrites a later outcome), a later
 * outcome updates the record or creates it. A report for someone whose data was deleted since brings
 * no record back.
 */
export async function recordSendReport(ctx: Pick<ProviderEventContext, 'store'>, r: SendReport): Promise<void> {
  const { subscriberId, programDay, kind } = r.key;
  const run = runOf(r.key);
  const update = () => ctx.store.updateDeliveryStatus(subscriberId, programDay, kind, r.status, r.errorCode, run);
  if (r.status !== 'sent' && (await update())) return;
  const rec = {
    subscriberId,
    programDay,
    kind,
    ...(run === 1 ? {} : { run }),
    channel: r.channel,
    providerMessageId: r.messageId,
    at: r.sentAt,
    deliveryStatus: r.status,
    ...(r.errorCode ? { errorCode: r.errorCode } : {}),
  };
  const created = await ctx.store.putSendRecord(rec);
  // Put, then check: a deletion removes the profile before it sweeps, so a report for someone whose
  // data was deleted meanwhile takes its record back out instead of leaving it behind.
  if (!(await ctx.store.getSubscriber(subscriberId))) {
    if (created) await ctx.store.removeSendRecord(subscriberId, programDay, kind, run);
    return;
  }
  // Lost a race with another report of the same send: an outcome still lands on the record.
  if (!created && r.status !== 'sent') await update();
}

const EMAIL_STATUS: Record<EmailEvent['type'], DeliveryStatus> = {
  send: 'sent',
  delivery: 'delivered',
  bounce: 'bounced',
  complaint: 'complained',
  reject: 'failed',
};

export async function applyEmailEvent(ctx: ProviderEventContext, ev: EmailEvent): Promise<EventOutcome> {
  const { key } = ev;
  const hard = ev.type === 'complaint' || (ev.type === 'bounce' && ev.bounceType === 'Permanent');
  // A transient bounce is SES still trying: it shows the mail was sent, the outcome is not known yet.
  const status = ev.type === 'bounce' && !hard ? 'sent' : EMAIL_STATUS[ev.type];
  await recordSendReport(ctx, { key, channel: 'email', messageId: ev.messageId, sentAt: ev.sentAt, status });
  if (!hard) return 'recorded';
  await stopSubscriber(ctx, key.subscriberId, 'suppressed', ev.type === 'bounce' ? 'hard-bounce' : 'complaint', ev.at);
  return 'suppressed';
}

export interface SmsStatusEvent {
  key: SendKey;
  messageSid: string;
  /** Twilio MessageStatus: queued, sending, sent, delivered, undelivered, failed, ... */
  status: string;
  errorCode?: string;
  at: string;
}

/** Carrier errors that end texting a number: 21610 opted out; 30005 unknown number; 30006 landline. */
const SMS_STOP: Record<string, 'unsubscribed' | 'suppressed'> = { '21610': 'unsubscribed', '30005': 'suppressed', '30006': 'suppressed' };

/** Twilio's final statuses; every other one (queued, sending, sent, ...) means Twilio accepted the message. */
const SMS_OUTCOME: Record<string, DeliveryStatus> = { delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' };

export async function applySmsStatus(ctx: ProviderEventContext, ev: SmsStatusEvent): Promise<EventOutcome> {
  const { key } = ev;
  const status = Object.hasOwn(SMS_OUTCOME, ev.status) ? SMS_OUTCOME[ev.status]! : 'sent';
  await recordSendReport(ctx, { key, channel: 'sms', messageId: ev.messageSid, sentAt: ev.at, status, ...(ev.errorCode ? { errorCode: ev.errorCode } : {}) });
  const stop = ev.errorCode ? SMS_STOP[ev.errorCode] : undefined;
  if (!stop || status === 'sent' || status === 'delivered') return 'recorded';
  await stopSubscriber(ctx, key.subscriberId, stop, `twilio-${ev.errorCode}`, ev.at);
  return stop;
}
