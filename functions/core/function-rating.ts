import type { Copy } from '../../templates/messages/copy';
import { redactedRef } from './identifiers';
import { RATEABLE } from './ratings';
import { cleanActivity, type FunctionReply, functionWeekOf } from './function-score';
import { runOf, type RatingSource, type Subscriber } from './model';
import { outboxFor, type DomainEvent } from './webhooks';
import { lastSentDay, type EnrolmentContext } from './notify';

/**
 * Recording the weekly function score (core/function-score.ts) and the activity it is about. A
 * function rating never pauses the program (it is not a safety signal); it is stored as its own kind,
 * one per program week, and reported as function_score.recorded.
 */

export type FunctionOutcome = 'recorded' | 'activity-set' | 'no-activity' | 'inactive' | 'not-found' | 'unavailable';

async function logFunctionRating(
  ctx: EnrolmentContext,
  sub: Subscriber,
  input: { week: number; score: number; source: RatingSource },
): Promise<FunctionOutcome> {
  if (!ctx.functionScores) return 'unavailable';
  if (!RATEABLE.includes(sub.status)) return 'inactive';
  if (!sub.functionActivity) return 'no-activity';
  const at = new Date(ctx.clock.now()).toISOString();
  const recorded: DomainEvent[] = [
    {
      type: 'function_score.recorded',
      subscriberId: sub.id,
      channel: sub.channel,
      address: sub.address,
      at,
      week: input.week,
      score: input.score,
      key: `${input.week}:${at}`,
    },
  ];
  const rating = { subscriberId: sub.id, run: runOf(sub), week: input.week, score: input.score, source: input.source, at };
  await ctx.functionScores.putFunctionRating(rating, outboxFor(ctx.events, recorded));
  ctx.log?.info('function rating logged', { ref: redactedRef(sub.id), source: input.source });
  await ctx.events?.relay({ subscriberId: sub.id, kind: 'function', week: input.week, run: runOf(sub) }, recorded);
  return 'recorded';
}

/** Names (or renames) the activity: one conditional write on the subscriber. */
async function setFunctionActivity(ctx: EnrolmentContext, sub: Subscriber, raw: string): Promise<FunctionOutcome> {
  const activity = cleanActivity(raw);
  if (!activity) return 'no-activity';
  const updated = await ctx.store.updateSubscriber(sub.id, { status: ['pending', 'active', 'paused', 'completed'] }, { set: { functionActivity: activity } });
  return updated ? 'activity-set' : 'inactive';
}

/** An SMS or email reply that is about the function score ("ACT ...", "F7"). */
export async function handleFunctionReply(ctx: EnrolmentContext, sub: Subscriber, reply: FunctionReply, source: 'sms' | 'email'): Promise<FunctionOutcome> {
  if (reply.kind === 'activity') return setFunctionActivity(ctx, sub, reply.activity);
  return logFunctionRating(ctx, sub, { week: functionWeekOf(lastSentDay(sub)), score: reply.score, source });
}

/** POST /function/:token (the tap from the weekly summary email, or the confirmation page's baseline). */
export async function rateFunctionFromLink(ctx: EnrolmentContext, subscriberId: string, week: number, score: number): Promise<FunctionOutcome> {
  const sub = await ctx.store.getSubscriber(subscriberId);
  if (!sub) return 'not-found';
  return logFunctionRating(ctx, sub, { week, score, source: 'link' });
}

/** The SMS answer to a function-score reply (GSM-7, one segment). */
export function functionAckText(outcome: FunctionOutcome, reply: FunctionReply, b: Copy): string | undefined {
  if (outcome === 'activity-set') return b.functionAck.activitySet;
  if (outcome === 'recorded' && reply.kind === 'score') return b.functionAck.recorded(reply.score);
  if (outcome === 'no-activity') return b.functionAck.noActivity;
  return undefined;
}
