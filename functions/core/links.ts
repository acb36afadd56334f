import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { normaliseEmail, subscriberIdFor } from './identifiers';
import { DEFAULT_BAND, Level, PROGRAM_DAYS, type RangeBand } from './model';

/**
 * Signed links and tokens: HMAC-SHA256 over a small JSON payload. Several keys are accepted at once
 * (the first signs, all verify) so a key can be rotated without breaking links already sent.
 * Token: base64url(payload) "." keyId "." base64url(mac). Comparison is constant-time.
 *
 * Links only carry intent; a GET on any of them shows a page, the change happens on POST
 * (mail scanners open every link).
 */

export const LinkAction = z.enum(['confirm', 'rate', 'unsubscribe', 'pause', 'resume', 'data', 'reply', 'preferences', 'function', 'session', 'band']);
export type LinkAction = z.infer<typeof LinkAction>;

export const LinkKey = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'key id: 1-16 of A-Z a-z 0-9 _ -'),
  secret: z.string().min(32, 'link-signing secrets need at least 32 characters'),
});
export type LinkKey = z.infer<typeof LinkKey>;
/** The first key signs; every key verifies. */
export const LinkKeys = z.array(LinkKey).min(1).max(4);
export type LinkKeys = z.infer<typeof LinkKeys>;

const Payload = z.object({
  a: LinkAction,
  s: z.string().min(3).max(64),
  d: z.number().int().min(0).max(999).optional(),
  /** Expiry, epoch seconds. */
  e: z.number().int().optional(),
});
export type LinkPayload = z.infer<typeof Payload>;

/** How long each kind of link stays valid (seconds); unsubscribe never expires (RFC 8058 links must keep working). */
export const LINK_TTL: Record<LinkAction, number | undefined> = {
  confirm: 48 * 3600,
  rate: 7 * 24 * 3600,
  unsubscribe: undefined,
  pause: 30 * 24 * 3600,
  resume: 30 * 24 * 3600,
  // A bearer link to health data, sent in every mail: a week, and each new mail carries a fresh one.
  data: 7 * 24 * 3600,
  // Session links are their own short tokens (sessionToken below) and show no personal data.
  session: undefined,
  reply: undefined,
  preferences: 30 * 24 * 3600,
  /** The weekly function score's tap page; `d` is the program week. */
  function: 7 * 24 * 3600,
  /** The weekly "too easy, right or too hard?" page; `d` is the program week. */
  band: 7 * 24 * 3600,
};

function mac(secret: string, keyId: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`${keyId}.${body}`).digest();
}

export function signToken(keys: LinkKeys, payload: LinkPayload): string {
  const key = keys[0];
  if (!key) throw new Error('no link-signing key configured');
  // The payload type is checked at compile time; verifyToken validates what comes back.
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${key.id}.${mac(key.secret, key.id, body).toString('base64url')}`;
}

/** Signs a link payload with the default expiry for its action. */
export function linkToken(keys: LinkKeys, action: LinkAction, subscriberId: string, nowMs: number, programDay?: number): string {
  const ttl = LINK_TTL[action];
  return signToken(keys, {
    a: action,
    s: subscriberId,
    ...(programDay !== undefined ? { d: programDay } : {}),
    ...(ttl !== undefined ? { e: Math.floor(nowMs / 1000) + ttl } : {}),
  });
}

export type VerifyResult = { ok: true; payload: LinkPayload } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-action' };

export function verifyToken(keys: LinkKeys, token: string, nowMs: number, expected?: LinkAction): VerifyResult {
  if (typeof token !== 'string' || token.length > 512) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [body, keyId, sig] = parts as [string, string, string];
  const key = keys.find((k) => k.id === keyId);
  if (!key) return { ok: false, reason: 'bad-signature' };
  const expectedMac = mac(key.secret, key.id, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expectedMac.length || !timingSafeEqual(given, expectedMac)) {
    return { ok: false, reason: 'bad-signature' };
  }
  let payload: LinkPayload;
  try {
    payload = Payload.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (payload.e !== undefined && payload.e * 1000 < nowMs) return { ok: false, reason: 'expired' };
  if (expected && payload.a !== expected) return { ok: false, reason: 'wrong-action' };
  return { ok: true, payload };
}

/** The URL paths of the link pages (served by functions/handlers/api.ts). */
export function linkUrl(baseUrl: string, action: LinkAction, token: string, score?: number): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (action === 'rate') return `${base}/rate/${token}${score !== undefined ? `?score=${score}` : ''}`;
  return `${base}/${action}/${token}`;
}

/**
 * Everything a message links to, signed for this subscriber and day. The footer's pause/resume link
 * is the preferences page (it offers Pause or Resume, whichever applies when it is opened); a paused
 * subscriber's notices (safety, closing) get a direct resume link for their button.
 */
export function messageLinksFor(keys: LinkKeys, baseUrl: string, subscriberId: string, programDay: number, nowMs: number, opts: { paused?: boolean } = {}) {
  const rate = linkToken(keys, 'rate', subscriberId, nowMs, programDay);
  const preferences = preferencesLinkFor(keys, baseUrl, subscriberId, nowMs);
  return {
    rate: (score: number) => linkUrl(baseUrl, 'rate', rate, score),
    ratePrefix: linkUrl(baseUrl, 'rate', rate, 0).slice(0, -1),
    unsubscribe: linkUrl(baseUrl, 'unsubscribe', linkToken(keys, 'unsubscribe', subscriberId, nowMs)),
    myData: linkUrl(baseUrl, 'data', linkToken(keys, 'data', subscriberId, nowMs)),
    pauseResume: opts.paused ? linkUrl(baseUrl, 'resume', linkToken(keys, 'resume', subscriberId, nowMs)) : preferences,
    preferences,
  };
}

/** The preferences page (functions/handlers/pages/preferences.ts). */
export function preferencesLinkFor(keys: LinkKeys, baseUrl: string, subscriberId: string, nowMs: number): string {
  return linkUrl(baseUrl, 'preferences', linkToken(keys, 'preferences', subscriberId, nowMs));
}

/**
 * Today's-session tokens name no one: the level's initial and the content day the message showed,
 * signed with a truncated HMAC (72 bits: enough for a page of program content, which is all a forgery
 * could open) and short enough for an SMS: "m12.<12 chars>". They never expire: nothing personal.
 */
const SESSION_MAC_CHARS = 12;
const SESSION_TOKEN = /^([a-z])([0-9]{1,2})\.([A-Za-z0-9_-]{12})$/;
const levelOfInitial = (c: string | undefined) => Level.options.find((l) => l[0] === c);

function sessionMac(key: LinkKey, level: Level, day: number): string {
  return createHmac('sha256', key.secret).update(`session.${level}.${day}`).digest('base64url').slice(0, SESSION_MAC_CHARS);
}

export function sessionToken(keys: LinkKeys, level: Level, day: number): string {
  const key = keys[0];
  if (!key) throw new Error('no link-signing key configured');
  return `${level[0]}${day}.${sessionMac(key, level, day)}`;
}

/** The level and day of a session token signed by any of the keys, or undefined. */
export function verifySessionToken(keys: LinkKeys, token: string): { level: Level; day: number } | undefined {
  const m = typeof token === 'string' ? SESSION_TOKEN.exec(token) : null;
  const level = levelOfInitial(m?.[1]);
  const day = Number(m?.[2]);
  if (!m || !level || day < 1 || day > PROGRAM_DAYS) return undefined;
  const given = Buffer.from(m[3]!);
  const ok = keys.some((key) => {
    const expected = Buffer.from(sessionMac(key, level, day));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  return ok ? { level, day } : undefined;
}

/**
 * The band rides as `?band=` (omitted for the forms as written): it is program content, not a
 * person's data, so it needs no signature; the page refuses an unknown one.
 */
export function sessionLinkFor(keys: LinkKeys, baseUrl: string, level: Level, day: number, band: RangeBand = DEFAULT_BAND): string {
  const url = linkUrl(baseUrl, 'session', sessionToken(keys, level, day));
  return band === DEFAULT_BAND ? url : `${url}?band=${band}`;
}

/** The summary email's three links to the weekly band question, one per answer (links.ts `band`). */
export function bandFeedbackLinksFor(keys: LinkKeys, baseUrl: string, subscriberId: string, nowMs: number, week: number): (answer: string) => string {
  const url = linkUrl(baseUrl, 'band', linkToken(keys, 'band', subscriberId, nowMs, week));
  return (answer) => `${url}?answer=${encodeURIComponent(answer)}`;
}

/** The double opt-in link of a confirmation email. */
export function confirmLinkFor(keys: LinkKeys, baseUrl: string, subscriberId: string, nowMs: number): string {
  return linkUrl(baseUrl, 'confirm', linkToken(keys, 'confirm', subscriberId, nowMs));
}

/**
 * Reply tokens. RFC 5321 caps an address's local part at 64 octets, so a full link token does not
 * fit: the reply token is the subscriber id plus a truncated HMAC (96 bits), "reply+ID.MAC@domain",
 * about 51 characters. It never expires (people reply to old mail); the inbound handler also checks
 * that the From address hashes to the same id, so a leaked token alone routes nothing.
 */
const REPLY_MAC_CHARS = 16;
const LOCAL_PART_MAX = 64;
const ID_CHARS = /^[A-Za-z0-9_-]{3,40}$/;

function replyMac(key: LinkKey, subscriberId: string): string {
  return createHmac('sha256', key.secret).update(`reply.${subscriberId}`).digest('base64url').slice(0, REPLY_MAC_CHARS);
}

export function replyToken(keys: LinkKeys, subscriberId: string): string {
  const key = keys[0];
  if (!key) throw new Error('no link-signing key configured');
  if (!ID_CHARS.test(subscriberId)) throw new RangeError('subscriber id unfit for an address local part');
  return `${subscriberId}.${replyMac(key, subscriberId)}`;
}

/** The Reply-To address that routes an email reply back to its subscriber: reply+TOKEN@domain. */
export function replyAddress(keys: LinkKeys, replyDomain: string, subscriberId: string): string {
  const local = `reply+${replyToken(keys, subscriberId)}`;
  if (local.length > LOCAL_PART_MAX) throw new RangeError('reply address local part exceeds 64 characters');
  return `${local}@${replyDomain}`;
}

/** Equal when equal ignoring ASCII case, compared in constant time. */
function equalIgnoringCase(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Maps an inbound reply to its subscriber: the subscriber the sender's address hashes to, when one of
 * the recipients is that subscriber's reply address. The comparison ignores case: RFC 5321 makes a
 * local part case-sensitive, but some mail systems fold it, and a folded token still carries ~84 bits
 * of MAC (16 base64url characters over 38 case-folded symbols) on top of the From check.
 */
export function replySender(keys: LinkKeys, pepper: string, replyDomain: string, recipients: readonly string[], from: string): string | undefined {
  if (typeof from !== 'string' || from.length > 320) return undefined;
  const id = subscriberIdFor('email', normaliseEmail(from), pepper);
  const ours = keys.map((key) => `reply+${id}.${replyMac(key, id)}@${replyDomain}`);
  for (const r of recipients) {
    if (typeof r !== 'string' || r.length > 320) continue;
    if (ours.some((address) => equalIgnoringCase(r.trim(), address))) return id;
  }
  return undefined;
}

/**
 * The subscriber a reply+<id>.<mac>@ recipient names, when the MAC is ours (any key), without From:
 * what the inbound handler checks before it reads the mail at all.
 */
export function replyRecipient(keys: LinkKeys, replyDomain: string, recipients: readonly string[]): string | undefined {
  for (const r of recipients) {
    if (typeof r !== 'string' || r.length > 320) continue;
    const m = /^reply\+(s_[A-Za-z0-9_-]{1,40})\.([A-Za-z0-9_-]{1,40})@(.+)$/i.exec(r.trim());
    if (!m || m[3]!.toLowerCase() !== replyDomain.toLowerCase()) continue;
    const id = m[1]!;
    // Some mail systems fold local parts to lower case; the id is then recovered from whichever key matches.
    for (const key of keys) {
      if (equalIgnoringCase(`${id}.${m[2]}`, `${id}.${replyMac(key, id)}`)) return id;
    }
  }
  return undefined;
}

/** Link keys as kept in the secret: a JSON array [{ id, secret }], first one signing. */
/**
 * Reads the link-keys secret: a JSON list `[{id, secret}, ...]` (first signs, all verify), or a single
 * `{id, secret}` object, which is what Secrets Manager generates on the first deploy.
 */
export function parseLinkKeys(json: string): LinkKeys {
  const value: unknown = JSON.parse(json);
  return LinkKeys.parse(Array.isArray(value) ? value : [value]);
}
