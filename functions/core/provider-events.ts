import type { DeliveryStatus, Status, Subscriber } from './model';
import { redactedRef, suppressionHash } from './keys';
import type { SendKey } from './send-key';
import type { ProviderEvent, Store } from '../ports';
import type { DeliveryLog } from './deliver';

/**
 * What provider events do to our data. Every event is recorded as evidence under its send key (the
 * sender's reconciliation looks for it before sending a day again), delivery outcomes update the
 * SendRecord, and a hard bounce or a complaint suppresses the subscriber: no more mail, and a
 * suppression entry (a keyed hash, no address) so a new sign-up with that address is refused.
 */

export interface ProviderEventContext {
  store: Store;
  /** The address pepper; without it no suppression entry is written (the status change still is). */
  pepper?: string;
  log?: DeliveryLog;
}

export interface EmailEvent {
  type: 'send' | 'delivery' | 'bounce' | 'complaint' | 'reject';
  key: SendKey;
  messageId: string;
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
    { set: { status, ...(status === 'unsubscribed' ? { unsubscribedAt: at } : {}) }, remove: ['nextSendAt'] },
  );
  if (updated && ctx.pepper) {
    await ctx.store.putSuppression(suppressionHash(updated.channel, updated.address, ctx.pepper), reason, at);
  }
  ctx.log?.warn('subscriber stopped by provider event', { ref: redactedRef(subscriberId), status, reason });
  return updated;
}

function evidence(key: SendKey, type: ProviderEvent['type'], messageId: string, at: string, detail?: string): ProviderEvent {
  return { subscriberId: key.subscriberId, programDay: key.programDay, kind: key.kind, type, providerMessageId: messageId, at, ...(detail ? { detail } : {}) };
}

/**
 * Sets a send's delivery status. A fast provider can report before the sender has written its
 * SendRecord; then the record is created here (the sender's own write is conditional and keeps it).
 */
async function setDeliveryStatus(
  ctx: ProviderEventContext,
  key: SendKey,
  channel: Subscriber['channel'],
  messageId: string,
  at: string,
  status: DeliveryStatus,
  errorCode?: string,
): Promise<void> {
  const { subscriberId, programDay, kind } = key;
  if (await ctx.store.updateDeliveryStatus(subscriberId, programDay, kind, status, errorCode)) return;
  // Not for someone whose data was deleted since: a late event must not bring a record back.
  if (!(await ctx.store.getSubscriber(subscriberId))) return;
  const rec = { subscriberId, programDay, kind, channel, providerMessageId: messageId, at, deliveryStatus: status, ...(errorCode ? { errorCode } : {}) };
  if (await ctx.store.putSendRecord(rec)) return;
  await ctx.store.updateDeliveryStatus(subscriberId, programDay, kind, status, errorCode);
}

const EMAIL_STATUS: Partial<Record<EmailEvent['type'], DeliveryStatus>> = {
  delivery: 'delivered',
  bounce: 'bounced',
  complaint: 'complained',
  reject: 'failed',
};

export async function applyEmailEvent(ctx: ProviderEventContext, ev: EmailEvent): Promise<EventOutcome> {
  const { key } = ev;
  await ctx.store.recordProviderEvent(evidence(key, ev.type, ev.messageId, ev.at, ev.bounceType));
  const status = EMAIL_STATUS[ev.type];
  const hard = ev.type === 'complaint' || (ev.type === 'bounce' && ev.bounceType === 'Permanent');
  // A transient bounce is SES still trying: the record keeps 'sent'.
  if (status && (ev.type !== 'bounce' || hard)) await setDeliveryStatus(ctx, key, 'email', ev.messageId, ev.at, status);
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

export async function applySmsStatus(ctx: ProviderEventContext, ev: SmsStatusEvent): Promise<EventOutcome> {
  const { key } = ev;
  await ctx.store.recordProviderEvent(evidence(key, 'status', ev.messageSid, ev.at, ev.status));
  const status: DeliveryStatus | undefined =
    ev.status === 'delivered' ? 'delivered' : ev.status === 'undelivered' ? 'undelivered' : ev.status === 'failed' ? 'failed' : undefined;
  if (status) await setDeliveryStatus(ctx, key, 'sms', ev.messageSid, ev.at, status, ev.errorCode);
  const stop = ev.errorCode ? SMS_STOP[ev.errorCode] : undefined;
  if (!stop || !status || status === 'delivered') return 'recorded';
  await stopSubscriber(ctx, key.subscriberId, stop, `twilio-${ev.errorCode}`, ev.at);
  return stop;
}
