import { unsubscribe, type ChangeOutcome } from './enrolment';
import { redactedRef } from './identifiers';
import type { EnrolmentContext } from './notify';
import { parseReply } from './replies';

/**
 * Which inbound mail may change a subscriber's state, and what is too big to read at all.
 *
 * Trust: the reply+TOKEN@ address names the subscriber (its MAC is ours), but From is what says the
 * mail came from them, and From is forgeable unless the From domain vouches for it. So only mail that
 * passes DMARC, or carries a DKIM signature that passes and is aligned with the From domain, may log a
 * rating, START or resume. A STOP is honoured from any mail that reaches the reply address: a forged
 * stop costs the attacker's target nothing they cannot undo, a missed one is a compliance violation.
 * A virus FAIL is never read.
 *
 * Caps (checked on the raw bytes, before the MIME parser sees them): object size and MIME part count.
 * Decoded text cannot exceed the raw size (base64 and quoted-printable only shrink), so the size cap
 * also bounds what the parser decodes. Over a cap the mail is unreadable: dropped, logged by reason.
 */

export const INBOUND_MAIL_LIMITS = { maxBytes: 4 * 1024 * 1024, maxParts: 50, maxHeaderBytes: 64 * 1024 } as const;
export type MailLimits = typeof INBOUND_MAIL_LIMITS;

export interface Verdicts {
  spamVerdict?: { status: string };
  virusVerdict?: { status: string };
  spfVerdict?: { status: string };
  dkimVerdict?: { status: string };
  dmarcVerdict?: { status: string };
}

const status = (v: { status: string } | undefined) => v?.status?.toUpperCase();

export function virusFound(r: Verdicts): boolean {
  return status(r.virusVerdict) === 'FAIL';
}

/** Why the raw mail is too big to parse, or undefined. */
export function overCap(raw: Buffer, limits: MailLimits = INBOUND_MAIL_LIMITS): 'too-large' | 'too-many-parts' | undefined {
  if (raw.length > limits.maxBytes) return 'too-large';
  const text = raw.toString('latin1');
  const boundaries = new Set<string>();
  for (const m of text.matchAll(/boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^;\s]{1,200}))/gi)) {
    boundaries.add(m[1] ?? m[2]!);
    if (boundaries.size > limits.maxParts) return 'too-many-parts';
  }
  let parts = 0;
  for (const b of boundaries) {
    const escaped = b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const _ of text.matchAll(new RegExp(`^--${escaped}(?!--)`, 'gm'))) {
      if (++parts > limits.maxParts) return 'too-many-parts';
    }
  }
  return undefined;
}

/** The first Authentication-Results header: SES prepends its own, so anything below it is the sender's. */
function sesAuthenticationResults(raw: Buffer, limits: MailLimits): string | undefined {
  const head = raw.subarray(0, limits.maxHeaderBytes).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const first = /^authentication-results:\s*(.*)$/im.exec(unfolded)?.[1];
  return first && /^amazonses\.com\s*;/i.test(first) ? first : undefined;
}

/** Relaxed alignment (RFC 7489 3.1.1), without a public-suffix list: same domain or one under the other. */
function aligned(signer: string, fromDomain: string): boolean {
  const d = signer.toLowerCase().replace(/\.$/, '');
  const f = fromDomain.toLowerCase();
  if (!d.includes('.')) return false;
  return d === f || f.endsWith(`.${d}`) || d.endsWith(`.${f}`);
}

/** True when the From address is vouched for by its domain: DMARC pass, or an aligned DKIM pass. */
export function senderAuthenticated(r: Verdicts, raw: Buffer, from: string | undefined, limits: MailLimits = INBOUND_MAIL_LIMITS): boolean {
  if (!from || status(r.spamVerdict) === 'FAIL') return false;
  if (status(r.dmarcVerdict) === 'PASS') return true;
  if (status(r.dkimVerdict) !== 'PASS') return false;
  const fromDomain = from.slice(from.lastIndexOf('@') + 1);
  const results = sesAuthenticationResults(raw, limits) ?? '';
  for (const m of results.matchAll(/\bdkim=pass\b[^;]*?\bheader\.[di]=@?([A-Za-z0-9.-]{1,253})/gi)) {
    if (aligned(m[1]!, fromDomain)) return true;
  }
  return false;
}

/** Mail that reached a reply address but does not prove its sender: only a STOP acts. */
export async function stopOnlyReply(ctx: EnrolmentContext, subscriberId: string, text: string): Promise<ChangeOutcome | 'ignored'> {
  const parsed = parseReply(text, 'email');
  if (parsed.intent !== 'stop') {
    ctx.log?.info('email reply', { ref: redactedRef(subscriberId), intent: parsed.intent, outcome: 'unverified' });
    return 'ignored';
  }
  // How it said stop is kept with the opt-out; that the mail was unverified is in the log line.
  const r = await unsubscribe(ctx, subscriberId, parsed.stopBy ?? 'keyword');
  ctx.log?.info('email reply', { ref: redactedRef(subscriberId), intent: 'stop', outcome: r });
  return r;
}
