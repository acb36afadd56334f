import * as z from 'zod';
import { isValidTimeZone } from './schedule';

/** The zod schemas here are the single source of the domain types (z.infer below). */

export const Channel = z.enum(['email', 'sms']);
export type Channel = z.infer<typeof Channel>;

export const Level = z.enum(['gentle', 'moderate', 'active']);
export type Level = z.infer<typeof Level>;

/**
 * Range band: which form of each exercise a person gets (functions/core/range.ts). Ordered from the
 * smallest range to the fullest; `chair` means nothing on the floor. `standard` is the form as written.
 */
export const RangeBand = z.enum(['chair', 'easier', 'standard', 'fuller']);
export type RangeBand = z.infer<typeof RangeBand>;
export const DEFAULT_BAND: RangeBand = 'standard';

/** Why a band changed: the sign-up self-check, the person's own choice, the weekly question, a hard week. */
export const BandChange = z.object({
  at: z.iso.datetime({ offset: false }),
  from: RangeBand.optional(),
  to: RangeBand,
  via: z.enum(['self-check', 'preferences', 'feedback', 'pain']),
});
export type BandChange = z.infer<typeof BandChange>;
/** The subscriber item keeps its latest band changes, oldest first (dashboard and exports show them). */
export const MAX_BAND_CHANGES = 12;
/**
 * The SMS self-check in progress (core/sms-self-check.ts): the question out now, the smallest band
 * the answers so far allow, and the band it started from. The answers themselves are not kept.
 */
const SmsSelfCheck = z.object({ asking: z.string().min(1).max(16), cap: RangeBand, from: RangeBand });
export type SmsSelfCheck = z.infer<typeof SmsSelfCheck>;

export const Status = z.enum(['pending', 'active', 'paused', 'completed', 'unsubscribed', 'suppressed']);
export type Status = z.infer<typeof Status>;

export const RatingSource = z.enum(['sms', 'email', 'link']);
export type RatingSource = z.infer<typeof RatingSource>;

/** An instant in UTC, ISO-8601 with a Z suffix, e.g. 2026-03-29T06:30:00.000Z. */
export const Instant = z.iso.datetime({ offset: false });

/** Local wall-clock time HH:MM, 00:00..23:59. */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (00:00-23:59)');

export const TimeZone = z.string().refine(isValidTimeZone, 'not an IANA time zone');

/** Days of content; contentDay runs 1..PROGRAM_DAYS (see adaptive.ts). */
export const PROGRAM_DAYS = 42;
export const WEEK = 7;
/** A hard week may be repeated, at most this many times in all. */
export const MAX_REPEATS = 2;
/**
 * programDay counts daily messages: content days plus repeated weeks, plus one for the closing
 * message, plus one because completing the closing message moves programDay past it.
 */
export const MAX_PROGRAM_DAY = PROGRAM_DAYS + WEEK * MAX_REPEATS + 2;

/**
 * A run is one enrolment of a subscriber: "start again", a confirmed re-sign-up and a sign-up after a
 * data deletion each start a new one from day 1, under the same id. Send keys, send records and ratings
 * carry it, so one run's records are never evidence, summaries or baseline of another.
 */
export const Run = z.number().int().min(1).max(999);
/** Items written before runs existed have no run: they belong to run 1. */
export function runOf(item: { run?: number | undefined }): number {
  return item.run ?? 1;
}

/** A send in progress: set by claimSend, cleared by completeSend (see docs/delivery.md). */
/** How a person opted out: a STOP keyword, their own words, a link or one-click POST, a mailto, a provider's code. */
export const OptOutVia = z.enum(['keyword', 'words', 'link', 'mailto', 'provider', 'preferences']);
export type OptOutVia = z.infer<typeof OptOutVia>;

/**
 * A new sign-up for an address that already has a record (unsubscribed, completed): kept beside the
 * record, which it never overwrites, until the person confirms from their own inbox or phone.
 */
/** A consent wording's version, e.g. "health-2026-12-02". */
const ConsentVersion = z.string().regex(/^[a-z]+-[0-9a-z-]{1,40}$/);

export const PendingRejoin = z.object({
  timezone: TimeZone,
  sendAt: LocalTime,
  level: Level,
  band: RangeBand.optional(),
  requestedAt: Instant,
  /** The consent wordings ticked with this request (their time is requestedAt). */
  consentVersion: ConsentVersion.optional(),
  healthConsentVersion: ConsentVersion.optional(),
  /** Epoch seconds; after this the confirmation link no longer applies it. Not a TTL. */
  expiresAt: z.number().int(),
});
export type PendingRejoin = z.infer<typeof PendingRejoin>;

export const SendClaim = z.object({
  day: z.number().int().min(1),
  token: z.string().min(1),
  at: Instant,
  leaseUntil: Instant,
});
export type SendClaim = z.infer<typeof SendClaim>;

export const Subscriber = z.object({
  id: z.string().min(3),
  channel: Channel,
  /** E.164 phone number or lower-cased email address. */
  address: z.string().min(3).max(254),
  timezone: TimeZone,
  sendAt: LocalTime,
  level: Level,
  status: Status,
  /** Sequence number of the next daily message (1..); keys claims, sends and ratings. */
  programDay: z.number().int().min(1).max(MAX_PROGRAM_DAY),
  /** When the next message is due; present only while status is active. */
  nextSendAt: Instant.optional(),
  createdAt: Instant,
  /** When the person ticked the messaging consent box on the form, and which wording (templates/messages/consent.ts). */
  consentAt: Instant.optional(),
  consentVersion: ConsentVersion.optional(),
  /** Explicit consent to keeping health data (GDPR Art. 9): when, and which wording. Absent on older records. */
  healthConsentAt: Instant.optional(),
  healthConsentVersion: ConsentVersion.optional(),
  /** When the double opt-in was completed. */
  confirmedAt: Instant.optional(),
  /** When the last confirmation message was sent (list-bombing guard). */
  confirmationSentAt: Instant.optional(),
  unsubscribedAt: Instant.optional(),
  /** How the opt-out arrived; kept until the person themselves lifts it. */
  unsubscribedVia: OptOutVia.optional(),
  /** The provider's code for a provider opt-out (e.g. Twilio 21610). */
  unsubscribedCode: z.string().max(32).optional(),
  pendingRejoin: PendingRejoin.optional(),
  /** Set on a sign-up after a data deletion: confirming it lifts the deletion suppression. */
  rejoinsAfterDeletion: z.boolean().optional(),
  pausedAt: Instant.optional(),
  pausedReason: z.string().max(64).optional(),
  /** A safety pause caused by a score alone (no red flag): that rating's program day (issue 21). */
  pausedForDay: z.number().int().min(0).max(MAX_PROGRAM_DAY).optional(),
  /** A break chosen on the preferences page: still active, nextSendAt is this instant (issue 21). */
  pausedUntil: Instant.optional(),
  /** What the person changed, said once in the next message, then removed (core/preferences.ts). */
  changeNote: z.string().max(300).optional(),
  /** A pending item made by a channel switch: the id it moves from (core/channel-switch.ts). */
  movedFrom: z.string().min(3).max(64).optional(),
  /** Pending sign-ups expire (48 h): epoch seconds, also the DynamoDB TTL attribute. */
  expiresAt: z.number().int().optional(),
  claim: SendClaim.optional(),
  /** Adaptive program state (issue 7): the week being repeated, the level in force. */
  effectiveLevel: Level.optional(),
  /** Weeks repeated so far; the content day is programDay - 7 * repeats. */
  repeats: z.number().int().min(0).max(MAX_REPEATS).optional(),
  /** The one activity the person named for the weekly function score (core/function-score.ts). */
  functionActivity: z.string().min(1).max(60).optional(),
  /** Range band chosen by the self-check or the person (absent: DEFAULT_BAND); the one in force. */
  band: RangeBand.optional(),
  bandChanges: z.array(BandChange).max(MAX_BAND_CHANGES).optional(),
  smsSelfCheck: SmsSelfCheck.optional(),
  /** The self-check was answered at sign-up (the web form): the SMS self-check after YES is skipped. */
  selfChecked: z.literal(true).optional(),
  /** Which enrolment this is (issue 17): every restart from day 1 starts a new run; see runOf. */
  run: Run.optional(),
  /** Bumped by every write; lets callers detect lost updates. */
  version: z.number().int().min(0),
});
export type Subscriber = z.infer<typeof Subscriber>;

export const PainRating = z.object({
  subscriberId: z.string().min(3),
  at: Instant,
  score: z.number().int().min(0).max(10),
  source: RatingSource,
  programDay: z.number().int().min(0).max(MAX_PROGRAM_DAY),
  redFlag: z.boolean().default(false),
  run: Run.optional(),
});
export type PainRating = z.infer<typeof PainRating>;

export const DeliveryStatus = z.enum(['sent', 'delivered', 'undelivered', 'failed', 'bounced', 'complained']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const SendRecord = z.object({
  subscriberId: z.string().min(3),
  programDay: z.number().int().min(0).max(MAX_PROGRAM_DAY),
  channel: Channel,
  providerMessageId: z.string().min(1),
  at: Instant,
  /** What kind of message: the daily lesson, the closing message, a weekly summary, a safety notice. */
  kind: z.enum(['daily', 'closing', 'summary', 'safety', 'confirmation', 'reply']).default('daily'),
  deliveryStatus: DeliveryStatus.default('sent'),
  errorCode: z.string().max(32).optional(),
  run: Run.optional(),
});
export type SendRecord = z.infer<typeof SendRecord>;
