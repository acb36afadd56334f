import { ProviderError } from '../ports';
import { redactedRef, subscriberIdFor, suppressionHash } from './identifiers';
import { confirmationAllowed } from './confirmation-limits';
import { DELETION_REASON } from './data-rights';
import { DEFAULT_BAND, runOf, type OptOutVia, type PendingRejoin, type Status, type Subscriber } from './model';
import { carryOver } from './channel-switch';
import { sendNotice, type EnrolmentContext } from './notify';
import { nextSendInstant } from './schedule';
import type { SignupRequest } from './signup';
import { DEFAULT_SMS_POLICY, takeSmsConfirmation } from './sms-guard';
import { outboxFor, type DomainEvent } from './webhooks';

/**
 * A subscriber's life cycle: sign-up (pending) -> confirm (active) <-> pause/resume -> completed,
 * and unsubscribe from anywhere. Every change is ONE conditional write through the Store (no
 * transactions): a lost race shows up as an unmet condition and is answered, never retried blindly.
 */

const PENDING_TTL_SECONDS = 48 * 3600;
/** List-bombing guard: at most one confirmation per address per 10 minutes. */
const CONFIRMATION_INTERVAL_MS = 10 * 60_000;

export type SignupOutcome =
  | 'confirmation-sent'
  | 'throttled'
  | 'already-enrolled'
  | 'suppressed'
  | 'undeliverable'
  | 'opted-out'
  | 'sms-budget-spent'
  /** The provider refused or failed for the whole account (SES sandbox, outage); the person may retry. */
  | 'not-sent';
export type ConfirmOutcome = 'confirmed' | 'already' | 'expired' | 'not-found' | 'not-pending';
export type ChangeOutcome = 'done' | 'already' | 'not-found' | 'not-allowed';

const iso = (ms: number) => new Date(ms).toISOString();
const ref = (id: string) => redactedRef(id);

function nextSendAt(sub: Pick<Subscriber, 'timezone' | 'sendAt'>, nowMs: number): string {
  return iso(nextSendInstant(sub.timezone, sub.sendAt, nowMs));
}

/**
 * Sign-up. The id is a keyed hash of the address, so a second sign-up hits the same item: it never
 * creates a second subscriber, and it never overwrites a record that holds someone's history or
 * opt-out. Only a missing item or an expired pending one is (re)created; for an unsubscribed email
 * or a completed program the new request waits beside the record (`pendingRejoin`, no TTL) until the
 * person confirms from their own inbox. An SMS number that said STOP gets nothing: only its own START
 * lifts that. Whatever happens, the caller answers the same way, so the form reveals nothing.
 */
export async function signUp(ctx: EnrolmentContext, req: SignupRequest): Promise<SignupOutcome> {
  const { store } = ctx;
  const now = ctx.clock.now();
  const nowSec = Math.floor(now / 1000);
  const id = subscriberIdFor(req.channel, req.address, ctx.pepper);
  // A bounce or complaint is never lifted from a web form; a deletion is, by confirming anew.
  const suppression = await store.getSuppression(suppressionHash(req.channel, req.address, ctx.pepper));
  if (suppression && suppression.reason !== DELETION_REASON) {
    ctx.log?.info('sign-up suppressed', { ref: ref(id) });
    return 'suppressed';
  }
  const existing = await store.getSubscriber(id);
  if (existing && (existing.status === 'active' || existing.status === 'paused' || existing.status === 'suppressed')) {
    ctx.log?.info('sign-up for an enrolled address', { ref: ref(id), status: existing.status });
    return 'already-enrolled';
  }
  if (existing?.status === 'unsubscribed' && existing.channel === 'sms') {
    ctx.log?.info('sign-up for an opted-out number: nothing sent', { ref: ref(id) });
    return 'opted-out';
  }
  const expiredPending = existing?.status === 'pending' && (existing.expiresAt ?? 0) < nowSec;
  const waiting = existing && !expiredPending && (existing.status === 'pending' || existing.pendingRejoin);
  const last = waiting && existing.confirmationSentAt ? Date.parse(existing.confirmationSentAt) : Number.NEGATIVE_INFINITY;
  if (now - last < CONFIRMATION_INTERVAL_MS) {
    ctx.log?.info('confirmation throttled', { ref: ref(id) });
    return 'throttled';
  }
  // Someone who finished the program once confirmed before; everyone else gets a few a week at most.
  if (!(await confirmationAllowed(ctx, req.channel, req.address, now, existing?.status !== 'completed'))) {
    ctx.log?.info('confirmation limit reached', { ref: ref(id) });
    return 'throttled';
  }
  const expiresAt = nowSec + PENDING_TTL_SECONDS;
  if (!existing || expiredPending) {
    const fresh: Subscriber = {
      id,
      channel: req.channel,
      address: req.address,
      timezone: req.timezone,
      sendAt: req.sendAt,
      level: req.level,
      band: req.band ?? DEFAULT_BAND,
      bandChanges: [{ at: iso(now), to: req.band ?? DEFAULT_BAND, via: 'self-check' }],
      ...(req.selfChecked ? { selfChecked: true as const } : {}),
      status: 'pending',
      programDay: 1,
      createdAt: iso(now),
      ...consents(req, now),
      confirmationSentAt: iso(now),
      expiresAt,
      // After a deletion the partition is gone but reports of old sends may still arrive: start past
      // the deleted run so none of them can pass for this run's record.
      ...(suppression ? { rejoinsAfterDeletion: true, run: (suppression.lastRun ?? 1) + 1 } : {}),
      version: 0,
    };
    // Replaces only an expired pending item: never one with history or an opt-out on it.
    const created = await store.createSubscriber(fresh, { statuses: [], nowEpochSeconds: nowSec });
    return created ? sendConfirmationOrRollBack(ctx, created) : 'throttled';
  }
  const settings = { timezone: req.timezone, sendAt: req.sendAt, level: req.level, band: req.band ?? DEFAULT_BAND };
  // Version-conditional: of two sign-ups racing for the same slot, one sends.
  const patch =
    existing.status === 'pending'
      ? { set: { confirmationSentAt: iso(now), ...consents(req, now), ...settings, ...(req.selfChecked ? { selfChecked: true as const } : {}), expiresAt } }
      : { set: { confirmationSentAt: iso(now), pendingRejoin: { ...settings, ...versionsOf(req), requestedAt: iso(now), expiresAt } } };
  const updated = await store.updateSubscriber(id, { status: [existing.status], version: existing.version }, patch);
  if (!updated) return 'throttled';
  return sendConfirmationOrRollBack(ctx, updated);
}

const versionsOf = (req: SignupRequest) => ({ consentVersion: req.consentVersion, healthConsentVersion: req.healthConsentVersion });

/** Both consents as the form gave them: each with its time and the version of its wording. */
function consents(req: SignupRequest, now: number): Pick<Subscriber, 'consentAt' | 'consentVersion' | 'healthConsentAt' | 'healthConsentVersion'> {
  return { consentAt: iso(now), healthConsentAt: iso(now), ...versionsOf(req) };
}

async function sendConfirmationOrRollBack(ctx: EnrolmentContext, sub: Subscriber): Promise<SignupOutcome> {
  if (sub.channel === 'sms') {
    const budget = await takeSmsConfirmation(ctx.store, sub.id, ctx.clock.now(), ctx.smsPolicy ?? DEFAULT_SMS_POLICY);
    if (budget === 'number-limit') {
      ctx.log?.info('confirmation throttled', { ref: ref(sub.id), limit: 'per-number' });
      return 'throttled';
    }
    if (budget === 'budget-spent') {
      // Nothing was sent: free the 10-minute slot so the person can try again once the hour is over.
      ctx.log?.info('sms confirmation budget spent', { ref: ref(sub.id) });
      await ctx.store.updateSubscriber(sub.id, { status: ['pending'], version: sub.version }, { remove: ['confirmationSentAt'] });
      return 'sms-budget-spent';
    }
  }
  try {
    await sendNotice(ctx, sub.pendingRejoin ? { ...sub, level: sub.pendingRejoin.level } : sub, 'confirmation');
    return 'confirmation-sent';
  } catch (err) {
    // A permanent refusal for this recipient (invalid number, carrier opt-out): keep the slot taken,
    // answer like any other sign-up. Anything else frees the 10-minute slot for a retry.
    if (err instanceof ProviderError && err.kind === 'permanent') {
      ctx.log?.info('confirmation undeliverable', { ref: ref(sub.id), code: err.code });
      return 'undeliverable';
    }
    await ctx.store.updateSubscriber(sub.id, { status: [sub.status], version: sub.version }, { remove: ['confirmationSentAt'] });
    // The provider refused or failed (SES sandbox, a suspended account, an outage): an answer for the
    // person, not a 5xx; the operator learns it from the alarm on this log line (infra Observability).
    if (err instanceof ProviderError) {
      ctx.log?.info(CONFIRMATION_NOT_SENT, { ref: ref(sub.id), code: err.code, kind: err.kind });
      return 'not-sent';
    }
    throw err;
  }
}

/** The log message an alarm counts (a metric filter on the api's log group). */
export const CONFIRMATION_NOT_SENT = 'confirmation not sent';

/**
 * Double opt-in: pending -> active, unless the 48 h have passed. The activity for the weekly
 * function score, when the confirmation page names one, is stored in the same write.
 */
export async function confirmSubscriber(ctx: EnrolmentContext, id: string, extra: { functionActivity?: string } = {}): Promise<ConfirmOutcome> {
  const now = ctx.clock.now();
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return 'not-found';
  if (sub.pendingRejoin && (sub.status === 'unsubscribed' || sub.status === 'completed')) return confirmRejoin(ctx, sub, sub.pendingRejoin, now);
  if (sub.status === 'active' || sub.status === 'paused' || sub.status === 'completed') return 'already';
  if (sub.status !== 'pending') return 'not-pending';
  if (sub.expiresAt !== undefined && sub.expiresAt * 1000 < now) return 'expired';
  // A channel switch carries the old item's program over and retires it first (core/channel-switch.ts).
  const carried = sub.movedFrom ? await carryOver(ctx, sub) : undefined;
  const moved = { ...sub, ...carried };
  const start = moved.status === 'paused' ? {} : { status: 'active' as const, nextSendAt: nextSendAt(moved, now) };
  const confirmed: DomainEvent[] = [
    { type: 'subscriber.confirmed', subscriberId: id, channel: sub.channel, address: sub.address, at: iso(now), key: iso(now) },
  ];
  const updated = await ctx.store.updateSubscriber(
    id,
    { status: ['pending'], version: sub.version },
    {
      set: { ...carried, ...start, confirmedAt: iso(now), functionActivity: extra.functionActivity },
      remove: ['expiresAt', 'movedFrom', 'rejoinsAfterDeletion'],
      outbox: outboxFor(ctx.events, confirmed),
    },
  );
  if (!updated) {
    const again = await ctx.store.getSubscriber(id);
    return again?.status === 'active' || again?.status === 'paused' ? 'already' : 'not-pending';
  }
  // The person confirmed from their own inbox or phone: that, and only that, lifts a deletion's suppression.
  if (sub.rejoinsAfterDeletion) await ctx.store.liftSuppression(suppressionHash(sub.channel, sub.address, ctx.pepper), DELETION_REASON);
  ctx.log?.info('subscriber confirmed', { ref: ref(id), channel: sub.channel });
  await ctx.events?.relay({ subscriberId: id, kind: 'profile' }, confirmed);
  return 'confirmed';
}

/**
 * Confirming a sign-up that waited beside an unsubscribed or completed record: a new run from day 1.
 * The run number moves in the same version-conditional write, so two confirmations make one run.
 */
async function confirmRejoin(ctx: EnrolmentContext, sub: Subscriber, rejoin: PendingRejoin, now: number): Promise<ConfirmOutcome> {
  if (rejoin.expiresAt * 1000 < now) return 'expired';
  const settings = { timezone: rejoin.timezone, sendAt: rejoin.sendAt, level: rejoin.level, ...(rejoin.band ? { band: rejoin.band } : {}) };
  const updated = await ctx.store.updateSubscriber(
    sub.id,
    { status: [sub.status], version: sub.version },
    {
      set: {
        ...settings,
        status: 'active',
        programDay: 1,
        run: runOf(sub) + 1,
        consentAt: rejoin.requestedAt,
        ...(rejoin.consentVersion ? { consentVersion: rejoin.consentVersion } : {}),
        ...(rejoin.healthConsentVersion ? { healthConsentAt: rejoin.requestedAt, healthConsentVersion: rejoin.healthConsentVersion } : {}),
        confirmedAt: iso(now),
        nextSendAt: nextSendAt(settings, now),
      },
      remove: [...RUN_STATE, 'pendingRejoin', 'unsubscribedAt', 'unsubscribedVia', 'unsubscribedCode', 'expiresAt'],
    },
  );
  if (!updated) return 'not-pending';
  ctx.log?.info('subscriber rejoined', { ref: ref(sub.id), channel: sub.channel });
  return 'confirmed';
}

const SUBSCRIBED: readonly Status[] = ['pending', 'active', 'paused', 'completed'];
/** What belongs to one run of the program and is cleared when a new run starts. */
const RUN_STATE = ['pausedAt', 'pausedReason', 'repeats', 'effectiveLevel'] as const;

/**
 * Unsubscribe (link, one-click POST, mailto, STOP, "please stop"). The first opt-out's when and how
 * are kept; repeating it changes nothing except dropping a sign-up that waited to be confirmed.
 */
export async function unsubscribe(ctx: EnrolmentContext, id: string, via: OptOutVia = 'link'): Promise<ChangeOutcome> {
  const now = ctx.clock.now();
  // The event rides on the opt-out's own write, so it is built from a read first (only when events are on).
  const before = ctx.events ? await ctx.store.getSubscriber(id) : undefined;
  const optedOut: DomainEvent[] = before
    ? [{ type: 'subscriber.opted_out', subscriberId: id, channel: before.channel, address: before.address, at: iso(now), programDay: before.programDay }]
    : [];
  const updated = await ctx.store.updateSubscriber(
    id,
    { status: SUBSCRIBED },
    {
      set: { status: 'unsubscribed', unsubscribedAt: iso(now), unsubscribedVia: via },
      remove: ['nextSendAt', 'pendingRejoin'],
      outbox: outboxFor(ctx.events, optedOut),
    },
  );
  if (updated) {
    ctx.log?.info('unsubscribed', { ref: ref(id), via });
    if (optedOut.length) await ctx.events?.relay({ subscriberId: id, kind: 'profile' }, optedOut);
    return 'done';
  }
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return 'not-found';
  if (sub.pendingRejoin) await ctx.store.updateSubscriber(id, { status: [sub.status], version: sub.version }, { remove: ['pendingRejoin'] });
  return sub.status === 'unsubscribed' || sub.status === 'suppressed' ? 'already' : 'not-allowed';
}

/** Pause the daily messages (the person's choice, or a safety escalation). */
export async function pauseSubscriber(
  ctx: EnrolmentContext,
  id: string,
  reason: 'self' | 'safety' = 'self',
  /** A safety pause caused by a score alone: the rating's day, so a corrected score can offer resume. */
  scoreDay?: number,
): Promise<ChangeOutcome> {
  const now = ctx.clock.now();
  const updated = await ctx.store.updateSubscriber(
    id,
    { status: ['active'] },
    {
      set: { status: 'paused', pausedAt: iso(now), pausedReason: reason, ...(reason === 'safety' && scoreDay !== undefined ? { pausedForDay: scoreDay } : {}) },
      remove: ['nextSendAt', 'pausedUntil', ...(scoreDay === undefined ? (['pausedForDay'] as const) : [])],
    },
  );
  if (updated) {
    ctx.log?.info('paused', { ref: ref(id), reason });
    return 'done';
  }
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return 'not-found';
  if (sub.status !== 'paused') return 'not-allowed';
  // Already paused: a safety reason wins, and a red flag (no scoreDay) or another day's score means
  // no single score explains the pause any more.
  const keepDay = scoreDay !== undefined && sub.pausedForDay === scoreDay;
  if (reason === 'safety' && (sub.pausedReason !== 'safety' || (sub.pausedForDay !== undefined && !keepDay))) {
    await ctx.store.updateSubscriber(id, { status: ['paused'], version: sub.version }, { set: { pausedReason: 'safety' }, remove: ['pausedForDay'] });
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
      { set: { status: 'active', nextSendAt: nextSendAt(sub, now) }, remove: ['pausedAt', 'pausedReason', 'pausedForDay'] },
    );
    if (!updated) return 'not-allowed';
    ctx.log?.info('resumed', { ref: ref(id) });
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
      set: { status: 'active', programDay: 1, run: runOf(sub) + 1, nextSendAt: nextSendAt(sub, now) },
      remove: [...RUN_STATE, 'unsubscribedAt'],
    },
  );
  if (!updated) return 'not-allowed';
  ctx.log?.info('restarted', { ref: ref(sub.id) });
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
  // YES to a confirmation text for a new run of a finished program.
  if (sub.status === 'completed' && sub.pendingRejoin) {
    const r = await confirmSubscriber(ctx, id);
    return r === 'confirmed' ? 'done' : 'not-allowed';
  }
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
          remove: ['unsubscribedAt', 'unsubscribedVia', 'unsubscribedCode', 'pendingRejoin', 'pausedAt', 'pausedReason', 'expiresAt'],
        },
      );
      if (!updated) return 'not-allowed';
      ctx.log?.info('opted back in', { ref: ref(id) });
      return 'done';
    }
    default:
      return 'not-allowed';
  }
}
