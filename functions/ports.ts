import type { AuditEntry, EscalationRecord, EscalationState } from './core/escalations';
import type { FunctionRating } from './core/function-score';
import type { DomainEvent } from './core/webhooks';
import type { RenderedMessage, RenderRequest } from './core/messages';
import type { Channel, PainRating, SendClaim, SendRecord, Status, Subscriber, DeliveryStatus } from './core/model';

/**
 * The ports the core needs. Adapters in functions/adapters implement them for AWS and for the
 * local stand-ins; the core and the handlers see only these interfaces.
 */

/** Time is a port: the core never reads the wall clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** A subscriber's place in the due index: enough to enqueue a job without reading the item. */
export interface DueEntry {
  id: string;
  programDay: number;
  nextSendAt: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

/** What a caller expects of the stored item for a conditional write to apply. */
export interface SubscriberExpectation {
  status?: readonly Status[];
  version?: number;
  programDay?: number;
  /** Require that no send claim is stored. */
  noClaim?: boolean;
}

/** Attributes to set (undefined values are ignored) and attributes to remove. */
export interface SubscriberPatch {
  set?: Partial<Omit<Subscriber, 'id' | 'version'>>;
  remove?: readonly (keyof Omit<Subscriber, 'id' | 'version' | 'channel' | 'address' | 'status'>)[];
  /** Events this change reports, added to the item's outbox in the same write (core/webhooks.ts). */
  outbox?: OutboxWrite;
}

/** Outbox entries (core/webhooks.ts outboxEntry) and when they were written (the sweep's clock). */
export interface OutboxWrite {
  at: string;
  entries: readonly string[];
}

/** What a data deletion found and removed, by kind. */
export interface DeletedItems {
  profile: boolean;
  ratings: number;
  sends: number;
  other: number;
}

export interface Suppression {
  reason: string;
  at: string;
  lastRun?: number;
}

/** Keyed counters for rate limits and guards. */
export interface RateLimitResult {
  allowed: boolean;
  count: number;
}

/**
 * Persistence, one port per aggregate, so a core function (and a test's fake) asks only for what it
 * uses. Every state change is ONE conditional write on one item: our DynamoDB stand-in has no
 * transactions, and on AWS a transaction costs twice the write units. `Store` is all of them: the
 * DynamoDB adapter (and local/memory-store.ts) implements every port on one table.
 */

/** Subscribers, their send claims and the due index. */
export interface SubscriberStore {
  getSubscriber(id: string): Promise<Subscriber | undefined>;
  /**
   * Creates the subscriber unless an item with its id exists. When `replaceIf` is given, an existing
   * item in one of those statuses (or a pending one whose expiresAt has passed `nowEpochSeconds`)
   * is overwritten instead. Returns the stored item, or undefined when the existing one was kept.
   */
  createSubscriber(sub: Subscriber, replaceIf?: { statuses: readonly Status[]; nowEpochSeconds: number }): Promise<Subscriber | undefined>;
  /** One conditional update. Returns the new item, or undefined when the expectation failed. */
  updateSubscriber(id: string, expect: SubscriberExpectation, patch: SubscriberPatch): Promise<Subscriber | undefined>;
  /**
   * Claims the send of `day`: succeeds only if the subscriber is active, on that day, and holds no
   * claim or one whose lease ended before `nowIso`. Returns the item as stored after the claim.
   */
  claimSend(id: string, day: number, claim: SendClaim, nowIso: string): Promise<Subscriber | undefined>;
  /** Completes a claimed send: applies `patch` and clears the claim, only if `token` still holds it. */
  completeSend(id: string, token: string, patch: SubscriberPatch): Promise<Subscriber | undefined>;
  /** Drops a claim (send failed before the provider accepted it), only if `token` still holds it. */
  releaseClaim(id: string, token: string): Promise<boolean>;
  /** Active subscribers of one due shard with nextSendAt <= dueBy, oldest first. */
  queryDue(shard: number, dueBy: string, limit: number, cursor?: string): Promise<Page<DueEntry>>;
  /** Every subscriber, a page at a time (operator views and exports). */
  scanSubscribers(limit: number, cursor?: string): Promise<Page<Subscriber>>;
  /**
   * Deletes the subscriber's profile first, then every other item of its partition, whether or not a
   * profile exists. Profile first: a writer that still saw the profile wrote before the sweep read.
   */
  deleteSubscriberData(id: string): Promise<DeletedItems>;
}

/** What was sent, per subscriber, day and kind, and how delivery went. */
export interface SendRecordStore {
  /**
   * Send records and ratings belong to one run of the program (model.ts `runOf`): every lookup below
   * takes the run, and a missing `run` argument or attribute means run 1 (items from before runs).
   *
   * Writes the record unless one exists for (subscriber, run, day, kind). True when written. Daily
   * messages get theirs from the provider's report (SES Send event, Twilio status callback:
   * core/provider-events.ts), so the send path itself writes only the subscriber item.
   */
  putSendRecord(rec: SendRecord): Promise<boolean>;
  getSendRecord(subscriberId: string, programDay: number, kind: SendRecord['kind'], run?: number): Promise<SendRecord | undefined>;
  /** Updates a record's delivery status; false when there is no such record. */
  updateDeliveryStatus(
    subscriberId: string,
    programDay: number,
    kind: SendRecord['kind'],
    status: DeliveryStatus,
    errorCode?: string,
    run?: number,
  ): Promise<boolean>;
  /** Every run's records (history, export). */
  listSendRecords(subscriberId: string): Promise<SendRecord[]>;
  /** Undo of a send record written for someone whose profile turned out to be gone. */
  removeSendRecord(subscriberId: string, programDay: number, kind: SendRecord['kind'], run?: number): Promise<void>;
}

/** Pain ratings: health data. */
export interface RatingStore {
  /** One rating per subscriber, run and program day: a later one replaces the earlier. */
  /** `outbox`: the score's events, in the same put. */
  putRating(r: PainRating, outbox?: OutboxWrite): Promise<void>;
  /** The ratings of one run (baselines, summaries), or of every run when `run` is omitted (export). */
  listRatings(subscriberId: string, run?: number): Promise<PainRating[]>;
  /** Undo of a rating written for someone whose profile turned out to be gone. */
  removeRating(subscriberId: string, programDay: number, run?: number): Promise<void>;
}

/** Suppressions and rate limits: what keeps us from sending where we must not. */
export interface GuardStore {
  /**
   * Suppression entries hold only a keyed hash of the address, and for a deletion the run it ended
   * (`lastRun`), so a sign-up after it starts a later run than any report still in flight names.
   */
  putSuppression(addressHash: string, reason: string, at: string, lastRun?: number): Promise<void>;
  isSuppressed(addressHash: string): Promise<boolean>;
  getSuppression(addressHash: string): Promise<Suppression | undefined>;
  /** Removes the entry only if its reason is `reason` (a deletion is lifted; a complaint never is). */
  liftSuppression(addressHash: string, reason: string): Promise<boolean>;

  /** Increments a counter that lives until `expiresAtEpochSeconds`; allowed while count <= limit. */
  consumeRateLimit(key: string, limit: number, expiresAtEpochSeconds: number): Promise<RateLimitResult>;
}

export interface Store extends SubscriberStore, SendRecordStore, RatingStore, GuardStore {}
/** A status as the dashboard counts it: pending sign-ups past their 48 hours are 'expired'. */
export type DirectoryStatus = Status | 'expired';

export interface StatusCounts {
  total: number;
  byStatus: Record<DirectoryStatus, number>;
  /** Per status, subscribers by week of messages (1 = messages 1-7). */
  byWeek: Record<DirectoryStatus, Record<number, number>>;
}

export interface DirectoryQuery {
  status: Status;
  channel?: Channel;
  /** Only this week of messages. */
  week?: number;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/** Exact counts and pages of subscribers by status, at any size (the status index; operator dashboard). */
export interface SubscriberDirectory {
  countByStatus(nowEpochSeconds: number): Promise<StatusCounts>;
  /** Subscribers in one status by week of messages; a page may hold fewer than `limit` when filtered. */
  listByStatus(query: DirectoryQuery): Promise<Page<Subscriber>>;
}

/** The weekly function score (core/function-score.ts): its own rating kind, one per program week. */
export interface FunctionScores {
  putFunctionRating(r: FunctionRating, outbox?: OutboxWrite): Promise<void>;
  /** Every run's ratings, or one run's. */
  listFunctionRatings(subscriberId: string, run?: number): Promise<FunctionRating[]>;
}

/** The item whose write recorded a fact, and so holds its events until they are published. */
export type OutboxItem =
  | { subscriberId: string; kind: 'profile' }
  | { subscriberId: string; kind: 'rating'; programDay: number; run: number }
  | { subscriberId: string; kind: 'function'; week: number; run: number }
  | { subscriberId: string; kind: 'escalation'; id: string };

/**
 * Outbound events (core/webhooks.ts). The core writes a fact's events into the outbox of the item
 * that records it (SubscriberPatch.outbox, putRating, putFunctionRating), then asks for them to be
 * relayed: published to the webhook queue, then removed from that outbox. Never throws into the
 * caller (a person's reply must not fail because a webhook queue is down): what it could not
 * publish stays in the outbox for the sweep (`sweepOutbox`).
 */
export interface Events {
  relay(item: OutboxItem, events: readonly DomainEvent[]): Promise<void>;
}

/** The periodic retry of outboxes the fast path could not empty (functions/handlers/webhook-outbox.ts). */
export interface OutboxSweep {
  /** Publishes the entries written before `before` that are still pending; counts what it did. */
  sweepOutbox(before: string, limit: number): Promise<{ items: number; published: number; failed: number }>;
}

/** The escalation list (core/escalations.ts): items in the subscriber's partition, open ones in a sparse index. */
export interface Escalations {
  /** Creates it unless one with the same (subscriber, id) exists. True when written. */
  putEscalation(e: EscalationRecord, outbox?: OutboxWrite): Promise<boolean>;
  getEscalation(subscriberId: string, id: string): Promise<EscalationRecord | undefined>;
  listEscalations(subscriberId: string): Promise<EscalationRecord[]>;
  /** One conditional write: only if state and version are still as read; appends `entry` to history. */
  moveEscalation(
    subscriberId: string,
    id: string,
    expect: { state: EscalationState; version: number },
    entry: AuditEntry,
  ): Promise<EscalationRecord | undefined>;
  /** Open escalations raised at or before `beforeIso`, oldest first (a sparse index: only open ones are in it). */
  listOpenBefore(beforeIso: string, limit: number): Promise<{ subscriberId: string; id: string; at: string }[]>;
}

/** Provider failures, classified in the adapters; the core decides what to do with each class. */
export type ProviderErrorKind = 'throttled' | 'transient' | 'permanent' | 'account';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    readonly code: string,
    message: string,
    /** For permanent per-recipient errors: what the subscriber's status becomes. */
    readonly recipientStatus?: 'unsubscribed' | 'suppressed',
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface OutboundEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  replyTo?: string;
  /** Extra headers such as List-Unsubscribe; values must hold no CR or LF. */
  headers?: Record<string, string>;
  /** SES EmailTags; carries the send key so provider events map back to a send. */
  tags?: Record<string, string>;
}

export interface Mailer {
  send(email: OutboundEmail): Promise<{ messageId: string }>;
  /** Messages per second the account may send (SES GetAccount MaxSendRate). */
  maxSendRate(): Promise<number>;
}

export interface OutboundSms {
  to: string;
  body: string;
  statusCallback?: string;
  /** Public URLs Twilio fetches and attaches (MMS); absent: a plain SMS. */
  mediaUrl?: string[];
}

export interface SentSms {
  messageId: string;
  to: string;
  body: string;
  at: string;
  status: string;
}

export interface Sms {
  send(sms: OutboundSms): Promise<{ messageId: string; segments: number }>;
  /** Messages sent to `to` on or after `sinceIso` (Twilio's message list, To and DateSent> filters). */
  listSentSince(to: string, sinceIso: string): Promise<SentSms[]>;
}

/**
 * What a sender knows when the provider accepted a message but completeSend failed (a store outage):
 * the claim it holds and the write it could not make. A job carrying it completes the day from this
 * evidence instead of sending again (core/complete-later.ts).
 */
export interface SentEvidence {
  channel: Subscriber['channel'];
  kind: SendRecord['kind'];
  messageId: string;
  /** When the provider accepted the message. */
  at: string;
  /** The claim token the send was made under. */
  token: string;
  /** The run the message belongs to (model.ts runOf); absent means run 1. */
  run?: number;
  /** The completeSend patch that failed; `nextSendAt` absent means it is removed (closing message). */
  complete: {
    programDay: number;
    nextSendAt?: string;
    repeats?: number;
    effectiveLevel?: Subscriber['effectiveLevel'];
    band?: Subscriber['band'];
    bandChanges?: Subscriber['bandChanges'];
  };
  /** One-time fields the message has said (a change note, a break's end): removed on completion. */
  said?: ('changeNote' | 'pausedUntil')[];
}

/** One job per subscriber-day; `sent` only on a job the sender re-enqueued after a failed completeSend. */
export interface DeliveryJob {
  subscriberId: string;
  programDay: number;
  dueAt: string;
  sent?: SentEvidence;
}

export interface Queue<T> {
  /** `delaySeconds` (0..900, SQS DelaySeconds) hides the messages that long. */
  sendBatch(messages: readonly T[], opts?: { delaySeconds?: number }): Promise<void>;
}

export interface Secrets {
  get(name: string): Promise<string>;
}

/** Renders a composed message: MJML email (adapters/mjml-renderer.ts), SMS text. */
export interface Renderer {
  render(req: RenderRequest): Promise<RenderedMessage>;
}

export interface Timer {
  /** Monotonic milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * The one log contract, for the core, the handlers and the adapters. Fields hold refs, counts and
 * outcomes only: never an address, a phone number or a pain score.
 */
export interface Log {
  info(message: string, attrs?: Record<string, unknown>): void;
  warn(message: string, attrs?: Record<string, unknown>): void;
  error(message: string, attrs?: Record<string, unknown>): void;
}

export interface InboundMailStore {
  /** The raw mail; 'too-large' (without downloading it) when it is over `maxBytes`. */
  get(key: string, maxBytes?: number): Promise<Buffer | undefined | 'too-large'>;
  delete(key: string): Promise<void>;
}
