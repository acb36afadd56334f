import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { Escalations } from '../ports';
import type { LinkKeys } from './links';
import { Instant } from './model';

/**
 * The escalation list (docs/outcomes.md): every safety pause (red flag, high score, a rise over the
 * baseline) becomes an escalation an operator works: open -> contacted -> closed (or closed from
 * open; a closed one may be reopened). Each change is one conditional write on the escalation's own
 * item (expected state and version) that appends to its audit trail who changed it and when, so two
 * operators cannot both win and no change goes unrecorded. It holds reason codes only: never the
 * person's words, never the score.
 */

export const EscalationReason = z.enum(['high-score', 'rise', 'red-flag']);
export const EscalationState = z.enum(['open', 'contacted', 'closed']);
export type EscalationState = z.infer<typeof EscalationState>;

/** Who did what, when. `by` is an operator's name or IAM identity, never a subscriber's. */
export const AuditEntry = z.object({
  state: EscalationState,
  by: z.string().min(1).max(128),
  at: Instant,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const EscalationRecord = z.object({
  subscriberId: z.string().min(3),
  /** Unique per subscriber: the instant it was raised. */
  id: z.string().min(1),
  at: Instant,
  programDay: z.number().int().min(0),
  reasons: z.array(EscalationReason).min(1),
  /** Urgent care advised (bladder, bowel, groin numbness). */
  urgent: z.boolean(),
  state: EscalationState,
  history: z.array(AuditEntry).min(1),
  version: z.number().int().min(0),
});
export type EscalationRecord = z.infer<typeof EscalationRecord>;

/** The audit name of the system itself, for the entry that opens an escalation. */
const SYSTEM = 'limber';

const ALLOWED: Record<EscalationState, readonly EscalationState[]> = {
  open: ['contacted', 'closed'],
  contacted: ['closed'],
  closed: ['open'],
};

export function canMove(from: EscalationState, to: EscalationState): boolean {
  return ALLOWED[from].includes(to);
}

export function newEscalation(input: {
  subscriberId: string;
  at: string;
  programDay: number;
  reasons: readonly z.infer<typeof EscalationReason>[];
  urgent: boolean;
}): EscalationRecord {
  return EscalationRecord.parse({
    ...input,
    reasons: [...new Set(input.reasons)],
    id: input.at,
    state: 'open',
    history: [{ state: 'open', by: SYSTEM, at: input.at }],
    version: 0,
  });
}

/** Open escalations raised before `nowMs - minutes`: what the CloudWatch alarm counts. */
export function overdue(open: readonly Pick<EscalationRecord, 'at' | 'state'>[], nowMs: number, minutes: number): number {
  const cutoff = nowMs - minutes * 60_000;
  return open.filter((e) => e.state === 'open' && Date.parse(e.at) <= cutoff).length;
}

export type ChangeResult =
  | { kind: 'changed'; escalation: EscalationRecord }
  | { kind: 'not-found' }
  | { kind: 'not-allowed'; state: EscalationState }
  | { kind: 'conflict' };

/** An operator moves an escalation; the audit entry says who and when. */
export async function moveEscalation(
  store: Pick<Escalations, 'getEscalation' | 'moveEscalation'>,
  subscriberId: string,
  id: string,
  to: EscalationState,
  by: string,
  nowIso: string,
  /** The version the operator saw (the dashboard's form): a change made since is a conflict. */
  seenVersion?: number,
): Promise<ChangeResult> {
  const current = await store.getEscalation(subscriberId, id);
  if (!current) return { kind: 'not-found' };
  if (seenVersion !== undefined && current.version !== seenVersion) return { kind: 'conflict' };
  if (!canMove(current.state, to)) return { kind: 'not-allowed', state: current.state };
  const moved = await store.moveEscalation(subscriberId, id, { state: current.state, version: current.version }, { state: to, by, at: nowIso });
  return moved ? { kind: 'changed', escalation: moved } : { kind: 'conflict' };
}

/** Every escalation of the subscribers read, newest first (the operator's list). */
export async function loadEscalations(
  store: { scanSubscribers(limit: number, cursor?: string): Promise<{ items: { id: string }[]; cursor?: string }> },
  escalations: Pick<Escalations, 'listEscalations'>,
  max = 500,
): Promise<{ list: EscalationRecord[]; truncated: boolean }> {
  const list: EscalationRecord[] = [];
  let cursor: string | undefined;
  let read = 0;
  do {
    const page = await store.scanSubscribers(Math.min(100, max - read), cursor);
    read += page.items.length;
    for (const rows of await Promise.all(page.items.map((s) => escalations.listEscalations(s.id)))) list.push(...rows);
    cursor = page.cursor;
  } while (cursor && read < max);
  list.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { list, truncated: cursor !== undefined };
}

/**
 * The dashboard's per-form token (CSRF): an HMAC, under the link keys with a purpose of its own, of
 * the operator's identity, the escalation and the version shown. A page of another site cannot read
 * it, another operator's token does not verify for you, and a page older than the last change of
 * that escalation carries a dead one. Any configured key verifies, so a key rotation keeps pages open.
 */
function formMac(secret: string, keyId: string, operator: string, subscriberId: string, id: string, version: number): string {
  return createHmac('sha256', secret).update(`escalation-form|${keyId}|${operator}|${subscriberId}|${id}|${version}`).digest('base64url');
}

export function escalationFormToken(keys: LinkKeys, operator: string, e: Pick<EscalationRecord, 'subscriberId' | 'id' | 'version'>): string {
  const key = keys[0]!;
  return `${key.id}.${formMac(key.secret, key.id, operator, e.subscriberId, e.id, e.version)}`;
}

export function verifyEscalationFormToken(
  keys: LinkKeys,
  token: string,
  operator: string,
  e: Pick<EscalationRecord, 'subscriberId' | 'id' | 'version'>,
): boolean {
  const [keyId, mac] = token.split('.');
  const key = keys.find((k) => k.id === keyId);
  if (!key || !mac) return false;
  const want = Buffer.from(formMac(key.secret, key.id, operator, e.subscriberId, e.id, e.version));
  const got = Buffer.from(mac);
  return got.length === want.length && timingSafeEqual(got, want);
}
