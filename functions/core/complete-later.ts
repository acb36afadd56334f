import { redactedRef } from './identifiers';
import { recordSendReport } from './provider-events';
import type { DeliveryContext, JobOutcome } from './deliver';
import type { DeliveryJob, SentEvidence, SubscriberPatch } from '../ports';

/**
 * When the provider has accepted a message and completeSend then fails (a store outage), the
 * provider's report of the send may fail with it (SES's Send event is retried for three minutes, then
 * parked in FailedEvents; Twilio does not retry status callbacks), so a later attempt at the day
 * could find no evidence and send again. Instead the sender puts the job back on the queue carrying
 * what it knows (message id, claim token, the completeSend patch), delayed by `COMPLETE_RETRY_S`, and
 * lets the original job go. That job first writes the SendRecord the lost report would have written
 * (so a sender that takes the claim over meanwhile reconciles from it), then completes under the old
 * token. While the store is still down it puts itself back again, for up to `COMPLETE_GIVE_UP_MS`.
 * Only the failure path writes more: the normal send path stays at claim + complete.
 */

/** Short enough to complete inside the claim's lease when the store comes back within it. */
export const COMPLETE_RETRY_S = 30;
/** Past this the job fails like any other (queue redelivery, then the DLQ); it still carries the evidence. */
const COMPLETE_GIVE_UP_MS = 60 * 60_000;

export function completionPatch(c: SentEvidence['complete'], said: SentEvidence['said'] = []): SubscriberPatch {
  const { nextSendAt, ...set } = c;
  return nextSendAt ? { set: { ...set, nextSendAt }, remove: said } : { set, remove: ['nextSendAt', ...said] };
}

/** Re-enqueues the job with its evidence; rethrows `cause` when that is not possible (queue down too). */
export async function completeLater(ctx: DeliveryContext, job: DeliveryJob, sent: SentEvidence, cause: unknown): Promise<JobOutcome> {
  if (!ctx.requeue || ctx.clock.now() - Date.parse(sent.at) > COMPLETE_GIVE_UP_MS) throw cause;
  try {
    await ctx.requeue.sendBatch([{ subscriberId: job.subscriberId, programDay: job.programDay, dueAt: job.dueAt, sent }], { delaySeconds: COMPLETE_RETRY_S });
  } catch {
    // Queue unreachable as well: the job fails and comes back without the evidence (docs/delivery.md).
    throw cause;
  }
  ctx.log?.warn('completion deferred', { ref: redactedRef(job.subscriberId), day: job.programDay, error: cause instanceof Error ? cause.name : 'Error' });
  return { kind: 'deferred', messageId: sent.messageId };
}

/** Handles a job that carries the evidence of its send: record, complete, never send. */
export async function completeFromEvidence(ctx: DeliveryContext, job: DeliveryJob & { sent: SentEvidence }): Promise<JobOutcome> {
  const { sent } = job;
  const ref = redactedRef(job.subscriberId);
  try {
    await recordSendReport(ctx, {
      key: { subscriberId: job.subscriberId, programDay: job.programDay, kind: sent.kind, ...(sent.run && sent.run !== 1 ? { run: sent.run } : {}) },
      channel: sent.channel,
      messageId: sent.messageId,
      sentAt: sent.at,
      status: 'sent',
    });
    const done = await ctx.store.completeSend(job.subscriberId, sent.token, completionPatch(sent.complete, sent.said));
    if (!done) {
      // Completed meanwhile, or taken over after the lease by a sender that found the record above.
      ctx.log?.info('deferred completion found the claim gone', { ref, day: job.programDay });
      return { kind: 'skipped', reason: 'done' };
    }
    if (sent.kind === 'closing') await ctx.store.updateSubscriber(job.subscriberId, { status: ['active'] }, { set: { status: 'completed' } });
  } catch (err) {
    return completeLater(ctx, job, sent, err);
  }
  ctx.log?.info('completed from deferred evidence', { ref, day: job.programDay });
  return { kind: 'reconciled', messageId: sent.messageId, evidence: 'job' };
}
