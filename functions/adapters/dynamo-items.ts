import { dueShardOf } from '../core/identifiers';
import { Subscriber } from '../core/model';
import type { OutboxWrite } from '../ports';
import type { UpdateBuilder } from './dynamo-expressions';

/**
 * The single-table item layout (docs/data-model.md):
 *   SUB#<id> / PROFILE                 subscriber; GSI "due": gsi1pk DUE#<shard>, gsi1sk nextSendAt
 *   SUB#<id> / RATING#[r<run>#]<day>   pain rating, one per run and program day
 *   SUB#<id> / SEND#[r<run>#]<day>#<kind>  send record: created once (attribute_not_exists) from the
 *                                      provider's report of the send, then its delivery status
 * Run 1 has no `r<run>#` part: the keys items had before runs existed, so those read as run 1.
 *   SUPP#<hash> / SUPP                 suppression entry (hash only)
 *   RATE#<key> / RATE                  rate-limit counter with TTL
 * The due index is sparse: only active subscribers carry gsi1pk.
 */

export const DUE_INDEX = 'due';
/**
 * The status index (issue 21): every subscriber, keyed by status, sorted by message week, for exact
 * dashboard counts and paging at any size. Its key changes only with status and once a week with
 * programDay, and it projects only channel and expiresAt, so daily claim/complete writes that leave
 * them unchanged cost no index write (docs/performance.md).
 */
export const STATUS_INDEX = 'status';
export const PROFILE = 'PROFILE';
export const SEND_PREFIX = 'SEND#';
export const RATING_PREFIX = 'RATING#';

/**
 * The webhook outbox (adapters/dynamo-outbox.ts): the string set `outbox` and, while it holds
 * anything, the keys of the sparse `outbox` index, added in the write that records the fact.
 */
export const OUTBOX_INDEX = 'outbox';
export const OUTBOX = 'outbox';
export const outboxPk = (shard: number) => `OUTBOX#${shard}`;
/** Attributes the outbox adds to an item; readers of the item drop them. */
export const OUTBOX_ATTRIBUTES = [OUTBOX, 'gsi3pk', 'gsi3sk'] as const;

/** For a PutItem: the outbox attributes of a new item. */
export function outboxAttributes(subscriberId: string, write: OutboxWrite | undefined): Record<string, unknown> {
  if (!write?.entries.length) return {};
  return { [OUTBOX]: new Set(write.entries), gsi3pk: outboxPk(dueShardOf(subscriberId)), gsi3sk: write.at };
}

/** For an UpdateItem: adds the entries to the item's outbox in the same write. */
export function addOutbox(b: UpdateBuilder, subscriberId: string, write: OutboxWrite | undefined): void {
  if (!write?.entries.length) return;
  b.add(OUTBOX, new Set(write.entries));
  b.set('gsi3pk', outboxPk(dueShardOf(subscriberId)));
  b.set('gsi3sk', write.at);
}

/** Days are zero-padded so sort keys order by day. */
const day3 = (d: number) => String(d).padStart(3, '0');

export const subPk = (id: string) => `SUB#${id}`;
export const duePk = (shard: number) => `DUE#${shard}`;
export const statusPk = (status: string) => `STATUS#${status}`;
/** Week of messages: 1 for programDay 1-7, 2 for 8-14, ...; two digits so keys sort by week. */
export const messageWeek = (programDay: number) => Math.max(1, Math.ceil(programDay / 7));
export const statusSk = (programDay: number, id: string) => `W${String(messageWeek(programDay)).padStart(2, '0')}#${id}`;
/** The run part of a sort key: none for run 1, so items from before runs existed read as run 1. */
export const runPart = (run: number) => (run === 1 ? '' : `r${day3(run)}#`);
export const sendSk = (day: number, kind: string, run = 1) => `${SEND_PREFIX}${runPart(run)}${day3(day)}#${kind}`;
export const ratingSk = (day: number, run = 1) => `${RATING_PREFIX}${runPart(run)}${day3(day)}`;
export const suppressionKey = (hash: string) => ({ pk: `SUPP#${hash}`, sk: 'SUPP' });
export const rateKey = (key: string) => ({ pk: `RATE#${key}`, sk: 'RATE' });

/** Key and index attributes of a subscriber item, derived from its status and nextSendAt. */
export function subscriberKeys(sub: Subscriber, shards: number): Record<string, unknown> {
  const attrs: Record<string, unknown> = { pk: subPk(sub.id), sk: PROFILE };
  if (sub.status === 'active' && sub.nextSendAt) {
    attrs.gsi1pk = duePk(dueShardOf(sub.id, shards));
    attrs.gsi1sk = sub.nextSendAt;
  }
  if (sub.expiresAt !== undefined) attrs.ttl = sub.expiresAt;
  attrs.gsi2pk = statusPk(sub.status);
  attrs.gsi2sk = statusSk(sub.programDay, sub.id);
  return attrs;
}

const SUB_KEYS = new Set<string>(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'ttl', ...OUTBOX_ATTRIBUTES]);

export function toSubscriber(item: Record<string, unknown> | undefined): Subscriber | undefined {
  if (!item) return undefined;
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!SUB_KEYS.has(k)) rest[k] = v;
  return Subscriber.parse(rest);
}

/** An item without its table keys. */
export function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, outbox: _outbox, gsi3pk: _gsi3pk, gsi3sk: _gsi3sk, ...rest } = item;
  return rest;
}
