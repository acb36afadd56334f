import type { Store } from '../ports';

/**
 * Inbound webhooks can arrive twice: Twilio's signature has no timestamp, so a captured, validly
 * signed START could be replayed after a STOP to subscribe someone again. Each provider message id
 * is claimed once with a conditional write (the rate-limit counter with a limit of 1: one item, no
 * read first); the item expires with DynamoDB TTL. Longer than a year, so a replay after the item has
 * gone needs a text the person sent more than a year ago.
 */
const INBOUND_ID_TTL_SECONDS = 400 * 86_400;

/** True the first time `messageId` is seen; false for every replay within the TTL. */
export async function firstDelivery(store: Pick<Store, 'consumeRateLimit'>, source: 'sms', messageId: string, nowMs: number): Promise<boolean> {
  const r = await store.consumeRateLimit(`inbound#${source}#${messageId}`, 1, Math.floor(nowMs / 1000) + INBOUND_ID_TTL_SECONDS);
  return r.allowed;
}
