import { createHash, createHmac } from 'node:crypto';
import type { Channel } from './model';

/**
 * Identity rules. A subscriber's id is a keyed hash of the normalised address, so "find by address"
 * (SMS replies, re-sign-up dedup) is a strongly consistent GetItem, and sign-up is one conditional
 * put: a second sign-up with the same address hits the same item. The key (pepper) must never change
 * after launch; the address itself is stored only on the subscriber item.
 */

export const DUE_SHARDS = 16;

export function normaliseEmail(address: string): string {
  return address.trim().toLowerCase();
}

export function subscriberIdFor(channel: Channel, address: string, pepper: string): string {
  const normal = channel === 'email' ? normaliseEmail(address) : address.trim();
  const mac = createHmac('sha256', pepper).update(`${channel}:${normal}`).digest('base64url');
  return `s_${mac.slice(0, 26)}`;
}

/**
 * The hash kept in a suppression entry (data deleted, bounced, complained). Derived from the
 * subscriber id, so a deletion that finds only orphaned items (no profile, so no address) still
 * writes the same entry a sign-up with that address looks up.
 */
export function suppressionHash(channel: Channel, address: string, pepper: string): string {
  return suppressionHashForId(subscriberIdFor(channel, address, pepper), pepper);
}

export function suppressionHashForId(id: string, pepper: string): string {
  return createHmac('sha256', pepper).update(`suppress:${id}`).digest('base64url');
}

const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/**
 * One mailbox, however the address is spelled: `+tags` folded for every domain, and for Gmail the dots
 * of the local part and googlemail.com. Only for counting confirmations (list-bombing), never for ids.
 */
function normalisedMailbox(channel: Channel, address: string): string {
  if (channel !== 'email') return address.trim();
  const email = normaliseEmail(address);
  const at = email.lastIndexOf('@');
  if (at < 1) return email;
  let local = email.slice(0, at).split('+')[0]!;
  let domain = email.slice(at + 1);
  if (GMAIL.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local || email.slice(0, at)}@${domain}`;
}

/** A keyed hash of the mailbox for rate-limit counter keys: no address in the table's keys. */
export function mailboxKey(channel: Channel, address: string, pepper: string): string {
  return createHmac('sha256', pepper)
    .update(`mailbox:${channel}:${normalisedMailbox(channel, address)}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * Spreads subscribers over the due index's partitions so no shard becomes hot. Ids are already
 * uniform (HMAC output), so a fast non-cryptographic hash (FNV-1a) spreads them evenly; it runs on
 * every subscriber write.
 */
export function dueShardOf(id: string, shards = DUE_SHARDS): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/** A short, non-reversible tag for logs: lets an operator correlate lines without seeing data. */
/**
 * A reference to a value that is not secret in itself and has few possible values (a client IP): keyed
 * with the pepper, so a log line or a counter key cannot be reversed by hashing every IPv4 address.
 */
export function keyedRef(value: string, pepper: string): string {
  return createHmac('sha256', pepper).update(`ref:${value}`).digest('hex').slice(0, 16);
}

export function redactedRef(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 10);
}
