import { baseline } from './adaptive';
import { pauseSubscriber } from './enrolment';
import { redactedRef } from './identifiers';
import { runOf, type RatingSource, type Subscriber } from './model';
import { newEscalation, type EscalationRecord } from './escalations';
import { outboxFor, type DomainEvent } from './webhooks';
import { lastSentDay, safetyAllowed, sendNotice, type EnrolmentContext } from './notify';
import { nextSendInstant } from './schedule';

/**
 * Pain ratings and the safety rule. Each rating is one PainRating per (subscriber, program day): a
 * later one the same day replaces the earlier. A score >= 8, a rise of 3+ over the person's baseline,
 * or a red flag pauses the program and sends the safety message (urgent care for bladder/bowel
 * trouble or groin numbness). Never a diagnosis: the copy only says stop and seek care.
 */

/** A score at or above this pauses the program for safety at once. */
const SAFETY_PAUSE_SCORE = 8;
const RISE_OVER_BASELINE = 3;

export type Escalation = 'none' | 'safety' | 'safetyUrgent';
export type EscalationReason = 'high-score' | 'rise' | 'red-flag';

export interface RatingInput {
  score: number;
  source: RatingSource;
  programDay: number;
  redFlag: boolean;
  urgent: boolean;
}

export interface RatingResult {
  escalation: Escalation;
  reasons: EscalationReason[];
}

/** Statuses whose ratings we record: the program is running, paused or just finished. */
export const RATEABLE: readonly Subscriber['status'][] = ['active', 'paused', 'completed'];

function escalationFor(score: number | undefined, base: number | null, redFlag: boolean, urgent: boolean): RatingResult {
  const reasons: EscalationReason[] = [];
  if (score !== undefined && score >= SAFETY_PAUSE_SCORE) reasons.push('high-score');
  if (score !== undefined && base !== null && score - base >= RISE_OVER_BASELINE) reasons.push('rise');
  if (redFlag || urgent) reasons.push('red-flag');
  if (reasons.length === 0) return { escalation: 'none', reasons };
  return { escalation: urgent ? 'safetyUrgent' : 'safety', reasons };
}

/** Stores the rating and decides on escalation (pausing the program if so); sends nothing itself. */
export async function logRating(ctx: EnrolmentContext, sub: Subscriber, input: RatingInput): Promise<RatingResult | undefined> {
  const now = ctx.clock.now();
  const run = runOf(sub);
  const at = new Date(now).toISOString();
  const fact = { subscriberId: sub.id, channel: sub.channel, address: sub.address, at, programDay: input.programDay, key: `${input.programDay}:${at}` };
  const recorded: DomainEvent[] = [{ ...fact, type: 'score.recorded', score: input.score }];
  await ctx.store.putRating(
    { subscriberId: sub.id, run, at, score: input.score, source: input.source, programDay: input.programDay, redFlag: input.redFlag },
    outboxFor(ctx.events, recorded),
  );
  // No transactions: the rating is put, then the profile read again. A deletion removes the profile
  // before it sweeps the partition, so either the sweep sees this rating or this read sees no profile.
  if (!(await ctx.store.getSubscriber(sub.id))) {
    await ctx.store.removeRating(sub.id, input.programDay, run);
    ctx.log?.info('rating dropped: no subscriber', { ref: redactedRef(sub.id) });
    return undefined;
  }
  // The baseline is this run's: a restarted program starts from the person's pain as it is now.
  const earlier = (await ctx.store.listRatings(sub.id, run)).filter((r) => r.programDay !== input.programDay);
  const result = escalationFor(input.score, baseline(earlier), input.redFlag, input.urgent);
  // The score itself is health data: the log says only that a rating arrived and what followed.
  ctx.log?.info('rating logged', { ref: redactedRef(sub.id), source: input.source, escalation: result.escalation });
  await ctx.events?.relay({ subscriberId: sub.id, kind: 'rating', programDay: input.programDay, run }, recorded);
  if (result.escalation !== 'none') {
    const scoreOnly = !result.reasons.includes('red-flag');
    await pauseSubscriber(ctx, sub.id, 'safety', scoreOnly ? input.programDay : undefined);
    const escalation = newEscalation({ subscriberId: sub.id, at, programDay: input.programDay, reasons: result.reasons, urgent: input.urgent });
    await raiseEscalation(ctx, escalation, [{ ...fact, type: 'safety.paused', reasons: result.reasons }]);
  }
  return result;
}

/** A red flag without a score (e.g. "I can't feel my groin"): pause and escalate all the same. */
export async function escalateRedFlag(ctx: EnrolmentContext, sub: Subscriber, urgent: boolean): Promise<RatingResult> {
  const result = escalationFor(undefined, null, true, urgent);
  ctx.log?.info('red flag reported', { ref: redactedRef(sub.id), escalation: result.escalation });
  await pauseSubscriber(ctx, sub.id, 'safety');
  const at = new Date(ctx.clock.now()).toISOString();
  await raiseEscalation(ctx, newEscalation({ subscriberId: sub.id, at, programDay: lastSentDay(sub), reasons: result.reasons, urgent }), [
    { type: 'safety.paused', subscriberId: sub.id, channel: sub.channel, address: sub.address, at, reasons: result.reasons, key: `flag:${at}` },
  ]);
  return result;
}

/** The escalation item records the safety pause for the operator, so it carries safety.paused. */
async function raiseEscalation(ctx: EnrolmentContext, escalation: EscalationRecord, events: DomainEvent[]): Promise<void> {
  if (!ctx.escalations) return;
  const written = await ctx.escalations.putEscalation(escalation, outboxFor(ctx.events, events));
  if (written) await ctx.events?.relay({ subscriberId: escalation.subscriberId, kind: 'escalation', id: escalation.id }, events);
}

/** Sends the safety notice for an escalation (capped per day); true when sent. */
export async function deliverSafety(ctx: EnrolmentContext, sub: Subscriber, escalation: Escalation): Promise<boolean> {
  if (escalation === 'none') return false;
  if (!(await safetyAllowed(ctx, sub))) return false;
  const fresh = (await ctx.store.getSubscriber(sub.id)) ?? sub;
  await sendNotice(ctx, fresh, escalation);
  return true;
}

export type LinkRatingOutcome =
  /** `replaced`: the earlier score of the day whose safety pause this one may undo (resumeAfterCorrection). */
  { kind: 'recorded'; score: number; escalation: Escalation; replaced?: number } | { kind: 'not-found' } | { kind: 'inactive' };

/** POST /rate/:token: the one-tap rating from an email, for the day the link was sent. */
export async function rateFromLink(ctx: EnrolmentContext, subscriberId: string, programDay: number, score: number): Promise<LinkRatingOutcome> {
  const sub = await ctx.store.getSubscriber(subscriberId);
  if (!sub) return { kind: 'not-found' };
  if (!RATEABLE.includes(sub.status)) return { kind: 'inactive' };
  const earlier = sub.status === 'paused' ? (await ctx.store.listRatings(sub.id)).find((x) => x.programDay === programDay) : undefined;
  const r = await logRating(ctx, sub, { score, source: 'link', programDay, redFlag: false, urgent: false });
  if (!r) return { kind: 'not-found' };
  if (r.escalation !== 'none') await deliverSafety(ctx, sub, r.escalation);
  if (r.escalation === 'none' && earlier && (await pausedOnlyBy(ctx, subscriberId, programDay))) {
    return { kind: 'recorded', score, escalation: r.escalation, replaced: earlier.score };
  }
  return { kind: 'recorded', score, escalation: r.escalation };
}

/** True when the program is paused for safety by the score of `programDay` alone (no red flag). */
async function pausedOnlyBy(ctx: EnrolmentContext, id: string, programDay: number): Promise<boolean> {
  const sub = await ctx.store.getSubscriber(id);
  return sub?.status === 'paused' && sub.pausedReason === 'safety' && sub.pausedForDay === programDay;
}

/**
 * "Resume my program" after a mistaken score was replaced the same day: only while the pause still
 * comes from that day's score alone and the day's score no longer escalates. One conditional write.
 */
export async function resumeAfterCorrection(ctx: EnrolmentContext, id: string, programDay: number): Promise<'done' | 'not-allowed'> {
  const sub = await ctx.store.getSubscriber(id);
  if (sub?.status !== 'paused' || sub.pausedReason !== 'safety' || sub.pausedForDay !== programDay) return 'not-allowed';
  const ratings = await ctx.store.listRatings(id);
  const today = ratings.find((x) => x.programDay === programDay);
  const others = ratings.filter((x) => x.programDay !== programDay);
  if (!today || today.redFlag || escalationFor(today.score, baseline(others), false, false).escalation !== 'none') return 'not-allowed';
  const now = ctx.clock.now();
  const updated = await ctx.store.updateSubscriber(
    id,
    { status: ['paused'], version: sub.version },
    {
      set: { status: 'active', nextSendAt: new Date(nextSendInstant(sub.timezone, sub.sendAt, now)).toISOString() },
      remove: ['pausedAt', 'pausedReason', 'pausedForDay'],
    },
  );
  if (!updated) return 'not-allowed';
  ctx.log?.info('resumed after a corrected score', { ref: redactedRef(id) });
  return 'done';
}
