import { escapeHtml } from './html-escape';
import { randomUUID } from 'node:crypto';
import { planMessage, startsNewWeek, type MessagePlan } from './adaptive';
import type { LinkKeys } from './links';
import { bandFeedbackLinksFor, linkToken, linkUrl, messageLinksFor, replyAddress, sessionLinkFor } from './links';
import { functionWeekOf } from './function-score';
import type { RenderedMessage } from './messages';
import type { Renderer, Log } from '../ports';
import { bandChangeSet } from './band-changes';
import { runOf, type SendClaim, type Subscriber } from './model';
import { clampToSmsWindow, smsHoldUntil } from './quiet-hours';
import { followingSendInstant, nextSendInstant } from './schedule';
import { formatSendKey, SEND_KEY_TAG, statusCallbackUrl, type SendKind } from './send-key';
import { isRetryable, withRetries, type RetryPolicy, type TokenBucket } from './pacing';
import { redactedRef } from './identifiers';
import { mmsCountry } from './sms-picture';
import { completeFromEvidence, completeLater } from './complete-later';
import { recordSendReport } from './provider-events';
import { ProviderError, type Clock, type DeliveryJob, type Events, type Mailer, type Queue, type Sms, type Store, type SubscriberPatch } from '../ports';
import { outboxFor, type DomainEvent } from './webhooks';

/**
 * The sender's work for one job: claim -> render -> send -> complete, each state change a single
 * conditional write on the subscriber item (docs/delivery.md has the argument and the windows that
 * remain). The send's record is not ours to write: the provider's report of it (SES Send event, Twilio
 * status callback) creates it (core/provider-events.ts), which keeps a message at four write units.
 *
 * - The first claim attempt only succeeds on a subscriber with no claim at all, so the common case
 *   costs one write and no read. Only when it fails do we read the item to learn why.
 * - A claim whose lease ran out belongs to a sender that died or stalled somewhere between claim and
 *   complete. Before sending again we look for evidence that its message went out: the SendRecord
 *   the provider's report created for this send key or, for SMS, Twilio's message list for that
 *   number since the old claim. Evidence completes the day with the message id found; only without
 *   it do we send.
 * - Links are signed with the day's due time, not the send time, so a re-render gives the same SMS body
 *   and the Twilio list can be matched on it.
 */

export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {} };

export interface DeliveryContext {
  store: Store;
  mailer: Mailer;
  sms: Sms;
  renderer: Renderer;
  clock: Clock;
  linkKeys: LinkKeys;
  publicBaseUrl: string;
  replyDomain: string;
  /** How long a claim protects a send; must exceed the sender's own timeout. */
  leaseMs?: number;
  /** In-place retries of throttling and 5xx (real sleeps in production: adapters/timers.ts). */
  retry: RetryPolicy;
  pace?: { email?: TokenBucket; sms?: TokenBucket };
  /** Outbound webhooks: program.completed (core/webhooks.ts). */
  events?: Events;
  newToken?: () => string;
  log?: Log;
  /** The delivery queue, for a job whose completeSend failed after the send (core/complete-later.ts). */
  requeue?: Queue<DeliveryJob>;
}

const DEFAULT_LEASE_MS = 3 * 60_000;
const NO_CLAIM_ALLOWED = '0000-01-01T00:00:00.000Z';

export type SkipReason = 'missing' | 'inactive' | 'done' | 'claimed-elsewhere' | 'not-due';
/** 'job': the sender's own, carried by a job whose completeSend had failed (core/complete-later.ts). */
export type Evidence = 'record' | 'provider-list' | 'job';

export type JobOutcome =
  | { kind: 'sent'; messageId: string }
  | { kind: 'reconciled'; messageId: string; evidence: Evidence }
  | { kind: 'skipped'; reason: SkipReason }
  | { kind: 'held'; until: string }
  /** Sent, but completeSend failed: the job went back on the queue with the evidence. */
  | { kind: 'deferred'; messageId: string }
  | { kind: 'recipient-stopped'; status: 'unsubscribed' | 'suppressed'; code: string }
  /** Not sent this time; the job should come back. `claimKept` when the provider may have accepted it. */
  | { kind: 'retry'; code: string; claimKept: boolean };

const iso = (ms: number) => new Date(ms).toISOString();

/** The next send after one that went out at `sentMs`: a later local date, never at or before `nowMs`. */
export function nextSendAfter(sub: Pick<Subscriber, 'channel' | 'timezone' | 'sendAt'>, sentMs: number, nowMs: number): number {
  const adjust = (ms: number) => (sub.channel === 'sms' ? clampToSmsWindow(sub.timezone, ms) : ms);
  let due = sentMs;
  for (let i = 0; i < 400; i++) {
    due = followingSendInstant(sub.timezone, sub.sendAt, due);
    const next = adjust(due);
    if (next > nowMs) return next;
  }
  return adjust(nextSendInstant(sub.timezone, sub.sendAt, nowMs));
}

type ClaimResult = { sub: Subscriber; previous?: SendClaim } | { skip: SkipReason };

async function claim(ctx: DeliveryContext, job: DeliveryJob, token: string, nowMs: number): Promise<ClaimResult> {
  const nowIso = iso(nowMs);
  const mine: SendClaim = { day: job.programDay, token, at: nowIso, leaseUntil: iso(nowMs + (ctx.leaseMs ?? DEFAULT_LEASE_MS)) };
  for (let attempt = 0; attempt < 3; attempt++) {
    const fresh = await ctx.store.claimSend(job.subscriberId, job.programDay, mine, NO_CLAIM_ALLOWED);
    if (fresh) return { sub: fresh };
    const current = await ctx.store.getSubscriber(job.subscriberId);
    if (!current) return { skip: 'missing' };
    if (current.status !== 'active') return { skip: 'inactive' };
    if (current.programDay !== job.programDay) return { skip: 'done' };
    if (!current.claim) continue; // released or completed between our two calls: try again
    if (current.claim.leaseUntil >= nowIso) return { skip: 'claimed-elsewhere' };
    const taken = await ctx.store.claimSend(job.subscriberId, job.programDay, mine, nowIso);
    if (taken) return { sub: taken, previous: current.claim };
  }
  return { skip: 'claimed-elsewhere' };
}

type Links = ReturnType<typeof messageLinksFor>;

/** Signed with the day's due time so a re-render is identical (the SMS reconciliation matches bodies). */
function linksFor(ctx: DeliveryContext, sub: Subscriber, day: number): Links {
  const linkTime = Date.parse(sub.nextSendAt ?? sub.claim?.at ?? iso(ctx.clock.now()));
  return messageLinksFor(ctx.linkKeys, ctx.publicBaseUrl, sub.id, day, linkTime);
}

/** The adaptive plan (core/adaptive.ts) picks the content day, the level and the note of a repeated week. */
function render(ctx: DeliveryContext, sub: Subscriber, plan: MessagePlan, links: Links): Promise<RenderedMessage> {
  return ctx.renderer.render({
    kind: plan.kind,
    channel: sub.channel,
    level: plan.level,
    ...(plan.band ? { band: plan.band } : {}),
    programDay: plan.contentDay,
    // The session page shows what this message shows: the content day and level the plan picked.
    links: plan.kind === 'daily' ? { ...links, session: sessionLinkFor(ctx.linkKeys, ctx.publicBaseUrl, plan.level, plan.contentDay, plan.band) } : links,
    ...(noteFor(sub, plan) ? { note: noteFor(sub, plan) } : {}),
  });
}

/** A change made on the preferences page is said once, in the next message (core/preferences.ts). */
function noteFor(sub: Subscriber, plan: MessagePlan): string | undefined {
  return [sub.changeNote, plan.note].filter(Boolean).join(' ') || undefined;
}

/**
 * The weekly summary goes out just before the first message of a new week. It is a courtesy: it is
 * sent once (the SendRecord its provider report created is checked first; a job comes back no
 * sooner than the queue's visibility timeout or a claim's lease, minutes after that report), and a
 * failure never holds back the day's message.
 */
async function sendSummary(ctx: DeliveryContext, sub: Subscriber, plan: MessagePlan, links: Links): Promise<void> {
  const s = plan.summary;
  if (!s || (await ctx.store.getSendRecord(sub.id, s.programDay, 'summary', runOf(sub)))) return;
  try {
    const { programDay, ...summary } = s;
    // The weekly function-score question rides on the summary (core/function-question.ts).
    const activity = sub.functionActivity;
    const functionRate = activity
      ? linkUrl(ctx.publicBaseUrl, 'function', linkToken(ctx.linkKeys, 'function', sub.id, ctx.clock.now(), functionWeekOf(sub.programDay - 1)))
      : undefined;
    const message = await ctx.renderer.render({
      kind: 'summary',
      channel: sub.channel,
      level: plan.level,
      programDay: plan.contentDay,
      // So does the weekly "too easy, right or too hard?" question (core/band-question.ts).
      links: { ...links, functionRate, bandFeedback: bandFeedbackLinksFor(ctx.linkKeys, ctx.publicBaseUrl, sub.id, ctx.clock.now(), s.week) },
      summary: { ...summary, activity, askActivity: !activity && sub.channel === 'sms' && s.week === 1 },
    });
    await send(ctx, sub, programDay, 'summary', message, links);
  } catch (err) {
    const error = err instanceof ProviderError ? err.code : err instanceof Error ? err.name : 'Error';
    ctx.log?.warn('weekly summary not sent', { ref: redactedRef(sub.id), day: s.programDay, error });
  }
}

async function findEvidence(
  ctx: DeliveryContext,
  sub: Subscriber,
  day: number,
  kind: SendKind,
  previous: SendClaim,
  message: RenderedMessage,
): Promise<{ messageId: string; at: string; evidence: Evidence } | undefined> {
  // This run's record only: an earlier run's record of the same day is not evidence for this one.
  const record = await ctx.store.getSendRecord(sub.id, day, kind, runOf(sub));
  if (record) return { messageId: record.providerMessageId, at: record.at, evidence: 'record' };
  if (sub.channel === 'sms') {
    const sent = await ctx.sms.listSentSince(sub.address, previous.at);
    const match = sent.find((m) => m.body === message.text);
    if (match) return { messageId: match.messageId, at: match.at, evidence: 'provider-list' };
  }
  return undefined;
}

function plainHtml(text: string): string {
  return `<!doctype html><html><body><pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(text)}</pre></body></html>`;
}

async function send(ctx: DeliveryContext, sub: Subscriber, day: number, kind: SendKind, message: RenderedMessage, links: Links): Promise<string> {
  const key = { subscriberId: sub.id, programDay: day, kind, run: runOf(sub) };
  const bucket = sub.channel === 'email' ? ctx.pace?.email : ctx.pace?.sms;
  const call = async () => {
    await bucket?.take();
    if (sub.channel === 'sms') {
      // The picture goes only where Twilio delivers MMS; elsewhere the text (with its session link) stands alone.
      const media = message.mediaUrl && mmsCountry(sub.address) ? { mediaUrl: [message.mediaUrl] } : {};
      const out = await ctx.sms.send({ to: sub.address, body: message.text, statusCallback: statusCallbackUrl(ctx.publicBaseUrl, key), ...media });
      return out.messageId;
    }
    const reply = replyAddress(ctx.linkKeys, ctx.replyDomain, sub.id);
    const out = await ctx.mailer.send({
      to: sub.address,
      subject: message.subject ?? message.text.split('\n', 1)[0]!, // the renderer always gives one; never a program name here
      html: message.html ?? plainHtml(message.text),
      text: message.text,
      replyTo: reply,
      headers: {
        // RFC 8058: an https URI for one-click POST, plus mailto for clients that only do mail.
        'List-Unsubscribe': `<${links.unsubscribe}>, <mailto:${reply}?subject=unsubscribe>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      tags: { [SEND_KEY_TAG]: formatSendKey(key) },
    });
    return out.messageId;
  };
  const messageId = await withRetries(ctx.retry, call, (err, attempt) => {
    if (err.kind === 'throttled') bucket?.slowDown();
    ctx.log?.warn('provider retry', { ref: redactedRef(sub.id), day, code: err.code, attempt });
  });
  bucket?.speedUp();
  return messageId;
}

/** Completes the day; when the write fails the job goes back with the evidence (the 'deferred' outcome). */
async function finish(
  ctx: DeliveryContext,
  job: DeliveryJob,
  sub: Subscriber,
  token: string,
  kind: SendKind,
  sent: { messageId: string; at: string },
  adaptive: MessagePlan['set'] = {},
): Promise<JobOutcome | undefined> {
  const nowMs = ctx.clock.now();
  const day = job.programDay;
  // The change note and a break's end date have been said and served once the message is out.
  const said = [...(sub.changeNote ? (['changeNote'] as const) : []), ...(sub.pausedUntil ? (['pausedUntil'] as const) : [])];
  const complete = {
    ...adaptive,
    ...bandChangeSet(sub, adaptive.band, 'pain', sent.at),
    programDay: day + 1,
    ...(kind === 'closing' ? {} : { nextSendAt: iso(nextSendAfter(sub, Date.parse(sent.at), nowMs)) }),
  };
  const patch: SubscriberPatch = kind === 'closing' ? { set: complete, remove: ['nextSendAt', ...said] } : { set: complete, remove: said };
  let done: Subscriber | undefined;
  try {
    done = await ctx.store.completeSend(sub.id, token, patch);
  } catch (err) {
    const run = runOf(sub);
    const evidence = {
      channel: sub.channel,
      kind,
      messageId: sent.messageId,
      at: sent.at,
      token,
      complete,
      ...(run === 1 ? {} : { run }),
      ...(said.length ? { said: [...said] } : {}),
    };
    return completeLater(ctx, job, evidence, err);
  }
  if (!done) {
    // Our lease ran out and another sender holds the claim; it will find the provider's record of our send.
    ctx.log?.warn('claim lost before complete', { ref: redactedRef(sub.id), day });
    return undefined;
  }
  if (kind === 'closing') {
    // Separate write so an unsubscribe that landed during the send is not overwritten; it carries the event.
    const completedEvents: DomainEvent[] = [
      { type: 'program.completed', subscriberId: sub.id, channel: sub.channel, address: sub.address, at: iso(nowMs), programDay: day, key: `completed:${day}` },
    ];
    const outbox = outboxFor(ctx.events, completedEvents);
    const completed = await ctx.store.updateSubscriber(sub.id, { status: ['active'] }, { set: { status: 'completed' }, outbox });
    if (completed) await ctx.events?.relay({ subscriberId: sub.id, kind: 'profile' }, completedEvents);
  }
  return undefined;
}

async function stopRecipient(ctx: DeliveryContext, sub: Subscriber, token: string, err: ProviderError): Promise<JobOutcome> {
  const status = err.recipientStatus ?? 'suppressed';
  const nowIso = iso(ctx.clock.now());
  await ctx.store.completeSend(sub.id, token, {
    set: { status, ...(status === 'unsubscribed' ? { unsubscribedAt: nowIso } : {}) },
    remove: ['nextSendAt'],
  });
  ctx.log?.warn('recipient stopped by provider', { ref: redactedRef(sub.id), code: err.code, status });
  return { kind: 'recipient-stopped', status, code: err.code };
}

/**
 * Delivers one job. Throws a ProviderError of kind 'account' (after releasing the claim) when the
 * provider refuses the whole account, and rethrows unexpected errors (the queue retries, then DLQ).
 */
export async function deliverJob(ctx: DeliveryContext, job: DeliveryJob): Promise<JobOutcome> {
  if (job.sent) return completeFromEvidence(ctx, { ...job, sent: job.sent });
  const token = (ctx.newToken ?? randomUUID)();
  const nowMs = ctx.clock.now();
  const claimed = await claim(ctx, job, token, nowMs);
  if ('skip' in claimed) return { kind: 'skipped', reason: claimed.skip };
  const { sub, previous } = claimed;
  const day = job.programDay;
  // Ratings are read once a week, when the week that just ended is decided.
  const plan = planMessage(sub, startsNewWeek(sub) ? await ctx.store.listRatings(sub.id, runOf(sub)) : []);
  const kind: SendKind = plan.kind;
  const release = () => ctx.store.releaseClaim(sub.id, token);

  // Not due (a stray copy of the job) or an SMS outside quiet hours: give the slot back unsent.
  const gate = async (): Promise<JobOutcome | undefined> => {
    if (sub.nextSendAt && sub.nextSendAt > iso(nowMs)) {
      await release();
      return { kind: 'skipped', reason: 'not-due' };
    }
    const hold = sub.channel === 'sms' ? smsHoldUntil(sub.timezone, nowMs) : undefined;
    if (hold === undefined) return undefined;
    const until = iso(hold);
    await ctx.store.completeSend(sub.id, token, { set: { nextSendAt: until } });
    ctx.log?.info('sms held for quiet hours', { ref: redactedRef(sub.id), day, until });
    return { kind: 'held', until };
  };
  if (!previous) {
    const gated = await gate();
    if (gated) return gated;
  }

  const links = linksFor(ctx, sub, day);
  let message: RenderedMessage;
  try {
    message = await render(ctx, sub, plan, links);
  } catch (err) {
    await release();
    throw err;
  }

  if (previous) {
    const found = await findEvidence(ctx, sub, day, kind, previous, message);
    if (found) {
      // A text found only in Twilio's list has no record when both status callbacks were lost
      // (Twilio does not retry them): write the one its report would have written.
      if (found.evidence === 'provider-list') {
        const run = runOf(sub);
        await recordSendReport(ctx, {
          key: { subscriberId: sub.id, programDay: day, kind, ...(run === 1 ? {} : { run }) },
          channel: sub.channel,
          messageId: found.messageId,
          sentAt: found.at,
          status: 'sent',
        });
      }
      const deferred = await finish(ctx, job, sub, token, kind, found, plan.set);
      if (deferred) return deferred;
      ctx.log?.info('reconciled expired claim', { ref: redactedRef(sub.id), day, evidence: found.evidence });
      return { kind: 'reconciled', messageId: found.messageId, evidence: found.evidence };
    }
    const gated = await gate();
    if (gated) return gated;
  }

  await sendSummary(ctx, sub, plan, links);
  let messageId: string;
  try {
    messageId = await send(ctx, sub, day, kind, message, links);
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err; // unknown: maybe sent; the claim stays for reconciliation
    if (err.kind === 'permanent') return stopRecipient(ctx, sub, token, err);
    if (err.kind === 'account') {
      await release();
      throw err;
    }
    if (isRetryable(err)) {
      await release();
      return { kind: 'retry', code: err.code, claimKept: false };
    }
    return { kind: 'retry', code: err.code, claimKept: true };
  }
  return (await finish(ctx, job, sub, token, kind, { messageId, at: iso(ctx.clock.now()) }, plan.set)) ?? { kind: 'sent', messageId };
}
