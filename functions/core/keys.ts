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

/** The hash kept in a suppression entry after a person deletes their data. */
export function suppressionHash(channel: Channel, address: string, pepper: string): string {
  const normal = channel === 'email' ? normaliseEmail(address) : address.trim();
  return createHmac('sha256', pepper).update(`suppress:${channel}:${normal}`).digest('base64url');
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
