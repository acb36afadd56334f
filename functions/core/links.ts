import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Signed links and tokens: HMAC-SHA256 over a small JSON payload. Several keys are accepted at once
 * (the first signs, all verify) so a key can be rotated without breaking links already sent.
 * Token: base64url(payload) "." keyId "." base64url(mac). Comparison is constant-time.
 *
 * Links only carry intent; a GET on any of them shows a page, the change happens on POST
 * (mail scanners open every link).
 */

export const LinkAction = z.enum(['confirm', 'rate', 'unsubscribe', 'pause', 'resume', 'data', 'reply']);
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
  data: 30 * 24 * 3600,
  reply: undefined,
};

function mac(secret: string, keyId: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`${keyId}.${body}`).digest();
}

export function signToken(keys: LinkKeys, payload: LinkPayload): string {
  const key = keys[0];
  if (!key) throw new Error('no link-signing key configured');
  const body = Buffer.from(JSON.stringify(Payload.parse(payload))).toString('base64url');
  return `${body}.${key.id}.${mac(key.secret, key.id, body).toString('base64url')}`;
}

/** Signs a link payload with the default expiry for its action. */
export function linkToken(
  keys: LinkKeys,
  action: LinkAction,
  subscriberId: string,
  nowMs: number,
  programDay?: number,
): string {
  const ttl = LINK_TTL[action];
  return signToken(keys, {
    a: action,
    s: subscriberId,
    ...(programDay !== undefined ? { d: programDay } : {}),
    ...(ttl !== undefined ? { e: Math.floor(nowMs / 1000) + ttl } : {}),
  });
}

export type VerifyResult =
  | { ok: true; payload: LinkPayload }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-action' };

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

/** Everything a daily message links to, signed for this subscriber and day. */
export function messageLinksFor(keys: LinkKeys, baseUrl: string, subscriberId: string, programDay: number, nowMs: number) {
  const rate = linkToken(keys, 'rate', subscriberId, nowMs, programDay);
  return {
    rate: (score: number) => linkUrl(baseUrl, 'rate', rate, score),
    unsubscribe: linkUrl(baseUrl, 'unsubscribe', linkToken(keys, 'unsubscribe', subscriberId, nowMs)),
    myData: linkUrl(baseUrl, 'data', linkToken(keys, 'data', subscriberId, nowMs)),
    pauseResume: linkUrl(baseUrl, 'pause', linkToken(keys, 'pause', subscriberId, nowMs)),
  };
}

/** The Reply-To address that routes an email reply back to its subscriber: reply+TOKEN@domain. */
export function replyAddress(keys: LinkKeys, replyDomain: string, subscriberId: string, nowMs: number): string {
  return `reply+${linkToken(keys, 'reply', subscriberId, nowMs)}@${replyDomain}`;
}
