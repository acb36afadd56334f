import { redactedRef, subscriberIdFor, suppressionHash } from './identifiers';
import type { Channel, Subscriber } from './model';
import { sendNotice, type EnrolmentContext } from './notify';
import { parseSignup, type FieldErrors } from './signup';

/**
 * Switching channel (issue 21): email to text or back. A subscriber's id is a keyed hash of its
 * address, so the new address is a new item. No transactions, so each step is one conditional
 * write and every step can be repeated:
 *   1. request: a pending item at the new id (program state copied, `movedFrom` = old id), and the
 *      usual double opt-in to the NEW address (confirm link, or reply YES). Nothing else changes:
 *      messages keep coming on the old channel until then.
 *   2. confirm (enrolment.ts confirmSubscriber -> carryOver): copy the old item's current program
 *      state and ratings, retire the old item (unsubscribed, reason moved), then activate the new.
 *      A crash between the steps leaves the new one pending; confirming again finishes the move.
 * Only an active program moves: a paused one (above all a safety pause) resumes first.
 */

export type SwitchParse = { ok: true; channel: Channel; address: string } | { ok: false; fields: FieldErrors };

/** Reads the switch form with the sign-up rules, so the address and consent errors read the same. */
export function parseSwitch(fields: { get(name: string): string | null | undefined }, current: Pick<Subscriber, 'timezone' | 'sendAt' | 'level'>): SwitchParse {
  const channel = fields.get('channel');
  const r = parseSignup({
    channel,
    ...(channel === 'sms'
      ? { phone: fields.get('phone') ?? '', ...(fields.get('country') ? { country: fields.get('country') } : {}) }
      : { email: fields.get('email') ?? '' }),
    timezone: current.timezone,
    sendAt: current.sendAt,
    level: current.level,
    consent: fields.get('consent') === 'on' || fields.get('consent') === 'yes',
    // Not asked again: the program moves with the consent to keeping scores it already has (or its
    // lack of a record); only the address is read from this parse.
    healthConsent: true,
  });
  if (!r.ok) return { ok: false, fields: r.fields };
  return { ok: true, channel: r.request.channel, address: r.request.address };
}

export type SwitchResult = { ok: true; said: string } | { ok: false; said: string };

const PENDING_SECONDS = 48 * 3600;

export async function requestChannelSwitch(ctx: EnrolmentContext, sub: Subscriber, to: { channel: Channel; address: string }): Promise<SwitchResult> {
  if (sub.status !== 'active') return { ok: false, said: 'Please resume your program first; then you can switch how we reach you.' };
  if (to.channel === sub.channel && to.address === sub.address) return { ok: false, said: 'That is where your messages go already.' };
  if (await ctx.store.isSuppressed(suppressionHash(to.channel, to.address, ctx.pepper))) {
    return { ok: false, said: 'We cannot send messages to that address. Please choose another one.' };
  }
  const now = ctx.clock.now();
  const iso = new Date(now).toISOString();
  const nowSec = Math.floor(now / 1000);
  const id = subscriberIdFor(to.channel, to.address, ctx.pepper);
  const moving: Subscriber = {
    id,
    channel: to.channel,
    address: to.address,
    timezone: sub.timezone,
    sendAt: sub.sendAt,
    level: sub.level,
    ...(sub.effectiveLevel ? { effectiveLevel: sub.effectiveLevel } : {}),
    ...(sub.repeats !== undefined ? { repeats: sub.repeats } : {}),
    status: 'pending',
    programDay: sub.programDay,
    createdAt: iso,
    consentAt: iso,
    // The same person: their consent to keeping scores moves with the program.
    ...(sub.healthConsentAt ? { healthConsentAt: sub.healthConsentAt } : {}),
    ...(sub.healthConsentVersion ? { healthConsentVersion: sub.healthConsentVersion } : {}),
    confirmationSentAt: iso,
    expiresAt: nowSec + PENDING_SECONDS,
    movedFrom: sub.id,
    version: 0,
  };
  let pending = await ctx.store.createSubscriber(moving, { statuses: ['unsubscribed', 'completed'], nowEpochSeconds: nowSec });
  if (!pending) {
    const existing = await ctx.store.getSubscriber(id);
    // A repeated request for the same move sends again, at most every 10 minutes.
    const last = existing?.confirmationSentAt ? Date.parse(existing.confirmationSentAt) : 0;
    if (existing?.status !== 'pending' || existing.movedFrom !== sub.id) {
      return { ok: false, said: `That address already has a ${ctx.brand.programName} subscription. Use its own messages, or choose another address.` };
    }
    if (now - last < 10 * 60_000) return { ok: true, said: sentText(to) };
    pending = await ctx.store.updateSubscriber(
      id,
      { status: ['pending'], version: existing.version },
      { set: { confirmationSentAt: iso, expiresAt: nowSec + PENDING_SECONDS } },
    );
    if (!pending) return { ok: true, said: sentText(to) };
  }
  await sendNotice(ctx, pending, 'confirmation');
  ctx.log?.info('channel switch requested', { ref: redactedRef(sub.id), to: to.channel });
  return { ok: true, said: sentText(to) };
}

function sentText(to: { channel: Channel; address: string }): string {
  return to.channel === 'sms'
    ? `We texted ${to.address}. Reply YES from that phone within 48 hours to move your messages there. Until then they keep coming by email.`
    : `We emailed ${to.address}. Confirm from that inbox within 48 hours to move your messages there. Until then they keep coming by text.`;
}

/**
 * Step 2, called by confirmSubscriber before it activates a moved item: the old item's program
 * state to carry (its current day, not the one at request time), its ratings copied, then the old
 * item retired. Returns undefined when the old item is gone (data deleted): the move starts fresh.
 */
export async function carryOver(ctx: EnrolmentContext, moving: Subscriber): Promise<Partial<Subscriber> | undefined> {
  if (!moving.movedFrom) return undefined;
  const old = await ctx.store.getSubscriber(moving.movedFrom);
  if (!old) return undefined;
  for (const r of await ctx.store.listRatings(old.id)) await ctx.store.putRating({ ...r, subscriberId: moving.id });
  const now = new Date(ctx.clock.now()).toISOString();
  await ctx.store.updateSubscriber(
    old.id,
    { status: ['active', 'paused', 'completed', 'pending'] },
    { set: { status: 'unsubscribed', unsubscribedAt: now, pausedReason: 'moved' }, remove: ['nextSendAt'] },
  );
  ctx.log?.info('channel switch completed', { ref: redactedRef(old.id) });
  // A pause (above all a safety pause) that began after the request moves with the program.
  const paused = old.status === 'paused' ? { status: 'paused' as const, pausedAt: old.pausedAt ?? now, pausedReason: old.pausedReason ?? 'self' } : {};
  return {
    ...paused,
    programDay: old.programDay,
    level: old.level,
    sendAt: old.sendAt,
    timezone: old.timezone,
    ...(old.effectiveLevel ? { effectiveLevel: old.effectiveLevel } : {}),
    ...(old.repeats !== undefined ? { repeats: old.repeats } : {}),
  };
}
