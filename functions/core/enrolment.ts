import { ProviderError } from '../ports';
import { redactedRef, subscriberIdFor, suppressionHash } from './keys';
import type { Status, Subscriber } from './model';
import { sendNotice, type EnrolmentContext } from './notify';
import { nextSendInstant } from './schedule';
import type { SignupRequest } from './signup';

/**
 * A subscriber's life cycle: sign-up (pending) -> confirm (active) <-> pause/resume -> completed,
 * and unsubscribe from anywhere. Every change is ONE conditional write through the Store (no
 * transactions): a lost race shows up as an unmet condition and is answered, never retried blindly.
 */

export const PENDING_TTL_SECONDS = 48 * 3600;
/** List-bombing guard: at most one confirmation per address per 10 minutes. */
export const CONFIRMATION_INTERVAL_MS = 10 * 60_000;

/** `not-sent`: the provider refused or failed for the whole account (SES sandbox, outage); the person may retry. */
export type SignupOutcome = 'confirmation-sent' | 'throttled' | 'already-enrolled' | 'suppressed' | 'undeliverable' | 'not-sent';
export type ConfirmOutcome = 'confirmed' | 'already' | 'expired' | 'not-found' | 'not-pending';
export type ChangeOutcome = 'done' | 'already' | 'not-found' | 'not-allowed';

const iso = (ms: number) => new Date(ms).toISOString();
const ref = (id: string) => redactedRef(id);

function nextSendAt(sub: Pick<Subscriber, 'timezone' | 'sendAt'>, nowMs: number): string {
  return iso(nextSendInstant(sub.timezone, sub.sendAt, nowMs));
}

/**
 * Sign-up. The id is a keyed hash of the address, so a second sign-up hits the same item: it never
 * creates a second subscriber. A new pending item replaces an expired pending one, an unsubscribed
 * one or a completed one. Whatever happens, the caller answers the same way ("check your inbox"),
 * so the form does not tell anyone whether an address is subscribed.
 */
export async function signUp(ctx: EnrolmentContext, req: SignupRequest): Promise<SignupOutcome> {
  const { store } = ctx;
  const now = ctx.clock.now();
  const nowSec = Math.floor(now / 1000);
  const id = subscriberIdFor(req.channel, req.address, ctx.pepper);
  // A suppressed address (data deleted, bounced, complained) is not contacted again from a form post.
  if (await store.isSuppressed(suppressionHash(req.channel, req.address, ctx.pepper))) {
    ctx.log?.('sign-up suppressed', { ref: ref(id) });
    return 'suppressed';
  }
  const fresh: Subscriber = {
    id,
    channel: req.channel,
    address: req.address,
    timezone: req.timezone,
    sendAt: req.sendAt,
    level: req.level,
    status: 'pending',
    programDay: 1,
    createdAt: iso(now),
    consentAt: iso(now),
    confirmationSentAt: iso(now),
    expiresAt: nowSec + PENDING_TTL_SECONDS,
    version: 0,
  };
  const created = await store.createSubscriber(fresh, { statuses: ['unsubscribed', 'completed'], nowEpochSeconds: nowSec });
  if (created) return sendConfirmationOrRollBack(ctx, created);

  const existing = await store.getSubscriber(id);
  if (!existing) return 'throttled';
  if (existing.status !== 'pending') {
    ctx.log?.('sign-up for an enrolled address', { ref: ref(id), status: existing.status });
    return 'already-enrolled';
  }
  const last = existing.confirmationSentAt ? Date.parse(existing.confirmationSentAt) : Number.NEGATIVE_INFINITY;
  if (now - last < CONFIRMATION_INTERVAL_MS) {
    ctx.log?.('confirmation throttled', { ref: ref(id) });
    return 'throttled';
  }
  // Version-conditional: of two sign-ups racing for the same slot, one sends.
  const updated = await store.updateSubscriber(
    id,
    { status: ['pending'], version: existing.version },
    {
      set: {
        confirmationSentAt: iso(now),
        consentAt: iso(now),
        timezone: req.timezone,
        sendAt: req.sendAt,
        level: req.level,
        expiresAt: nowSec + PENDING_TTL_SECONDS,
      },
    },
  );
  if (!updated) return 'throttled';
  return sendConfirmationOrRollBack(ctx, updated);
}

async function sendConfirmationOrRollBack(ctx: EnrolmentContext, sub: Subscriber): Promise<SignupOutcome> {
  try {
    await sendNotice(ctx, sub, 'confirmation');
    return 'confirmation-sent';
  } catch (err) {
    // A permanent refusal for this recipient (invalid number, carrier opt-out): keep the slot taken,
    // answer like any other sign-up. Anything else frees the 10-minute slot for a retry.
    if (err instanceof ProviderError && err.kind === 'permanent') {
      ctx.log?.('confirmation undeliverable', { ref: ref(sub.id), code: err.code });
      return 'undeliverable';
    }
    await ctx.store.updateSubscriber(sub.id, { status: ['pending'], version: sub.version }, { remove: ['confirmationSentAt'] });
    // The provider refused or failed (SES sandbox, a suspended account, an outage): an answer for the
    // person, not a 5xx; the operator learns it from the alarm on this log line (infra Observability).
    if (err instanceof ProviderError) {
      ctx.log?.(CONFIRMATION_NOT_SENT, { ref: ref(sub.id), code: err.code, kind: err.kind });
      return 'not-sent';
    }
    throw err;
  }
}

/** The log message an alarm counts (a metric filter on the api's log group). */
export const CONFIRMATION_NOT_SENT = 'confirmation not sent';

/** Double opt-in: pending -> active, unless the 48 h have passed. */
export async function confirmSubscriber(ctx: EnrolmentContext, id: string): Promise<ConfirmOutcome> {
  const now = ctx.clock.now();
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return 'not-found';
  if (sub.status === 'active' || sub.status === 'paused' || sub.status === 'completed') return 'already';
  if (sub.status !== 'pending') return 'not-pending';
  if (sub.expiresAt !== undefined && sub.expiresAt * 1000 < now) return 'expired';
  const updated = await ctx.store.updateSubscriber(
    id,
    { status: ['pending'], version: sub.version },
    { set: { status: 'active', confirmedAt: iso(now), nextSendAt: nextSendAt(sub, now) }, remove: ['expiresAt'] },
  );
  if (!updated) {
    const again = await ctx.store.getSubscriber(id);
    return again?.status === 'active' ? 'already' : 'not-pending';
  }
  ctx.log?.('subscriber confirmed', { ref: ref(id), channel: sub.channel });
  return 'confirmed';
}

const SUBSCRIBED: readonly Status[] = ['pending', 'active', 'paused', 'completed'];

/** Unsubscribe (link, one-click POST, STOP, "please stop"). Repeating it is harmless. */
export async function unsubscribe(ctx: EnrolmentContext, id: string, reason = 'request'): Promise<ChangeOutcome> {
  const now = ctx.clock.now();
  const updated = await ctx.store.updateSubscriber(
    id,
    { status: SUBSCRIBED },
    { set: { status: 'unsubscribed', unsubscribedAt: iso(now) }, remove: ['nextSendAt'] },
  );
  if (updated) {
    ctx.log?.('unsubscribed', { ref: ref(id), reason });
    return 'done';
  }
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return 'not-found';
  return sub.status === 'unsubscribed' || sub.status === 'suppressed' ? 'already' : 'not-allowed';
}

/** Pause the daily messages (the person's choice, or a safety escalation). */
export async function pauseSubscriber(ctx: EnrolmentContext, id: string, reason: 'self' | 'safety' = 'self'): Promise<ChangeOutcome> {
  const now = ctx.clock.now();
  const updated = await ctx.store.updateSubscriber(
    id,
    { status: ['active'] },
    { set: { status: 'paused', pausedAt: iso(now), pausedReason: reason }, remove: ['nextSendAt'] },
  );
  if (updated) {
    ctx.log?.('paused', { ref: ref(id), reason });
    return 'done';
  }
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return 'not-found';
  if (sub.status !== 'paused') return 'not-allowed';
  if (reason === 'safety' && sub.pausedReason !== 'safety') {
    await ctx.store.updateSubscriber(id, { status: ['paused'], version: sub.version }, { set: { pausedReason: 'safety' } });
  }
  return 'already';
}

/**
 * Resume: paused -> active at the same program day. A completed program starts again from day 1
 * (the closing message's "start again" button and START both land here).
 */
export async function resumeSubscriber(ctx: EnrolmentContext, id: string): Promise<ChangeOutcome> {
  const now = ctx.clock.now();
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return 'not-found';
  if (sub.status === 'active') return 'already';
  if (sub.status === 'paused') {
    const updated = await ctx.store.updateSubscriber(
      id,
      { status: ['paused'], version: sub.version },
      { set: { status: 'active', nextSendAt: nextSendAt(sub, now) }, remove: ['pausedAt', 'pausedReason'] },
    );
    if (!updated) return 'not-allowed';
    ctx.log?.('resumed', { ref: ref(id) });
    return 'done';
  }
  if (sub.status === 'completed') return restart(ctx, sub, now);
  return 'not-allowed';
}

async function restart(ctx: EnrolmentContext, sub: Subscriber, now: number): Promise<ChangeOutcome> {
  const updated = await ctx.store.updateSubscriber(
    sub.id,
    { status: [sub.status], version: sub.version },
    {
      set: { status: 'active', programDay: 1, nextSendAt: nextSendAt(sub, now) },
      remove: ['pausedAt', 'pausedReason', 'repeats', 'effectiveLevel', 'unsubscribedAt'],
    },
  );
  if (!updated) return 'not-allowed';
  ctx.log?.('restarted', { ref: ref(sub.id) });
  return 'done';
}

/**
 * START / YES by SMS, or "start" by email reply: the one way back in after STOP. Pending -> confirm;
 * unsubscribed -> active again where they left off; paused -> resume; completed -> day 1.
 */
export async function optBackIn(ctx: EnrolmentContext, id: string): Promise<ChangeOutcome> {
  const now = ctx.clock.now();
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return 'not-found';
  switch (sub.status) {
    case 'pending': {
      const r = await confirmSubscriber(ctx, id);
      return r === 'confirmed' ? 'done' : r === 'already' ? 'already' : 'not-allowed';
    }
    case 'paused':
    case 'completed':
      return resumeSubscriber(ctx, id);
    case 'active':
      return 'already';
    case 'unsubscribed': {
      const updated = await ctx.store.updateSubscriber(
        id,
        { status: ['unsubscribed'], version: sub.version },
        {
          set: { status: 'active', nextSendAt: nextSendAt(sub, now), ...(sub.confirmedAt ? {} : { confirmedAt: iso(now) }) },
          remove: ['unsubscribedAt', 'pausedAt', 'pausedReason', 'expiresAt'],
        },
      );
      if (!updated) return 'not-allowed';
      ctx.log?.('opted back in', { ref: ref(id) });
      return 'done';
    }
    default:
      return 'not-allowed';
  }
}
