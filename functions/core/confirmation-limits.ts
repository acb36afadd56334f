import type { Store } from '../ports';
import { mailboxKey } from './identifiers';
import type { Channel } from './model';

/**
 * List-bombing guard for confirmation messages, counted per normalised mailbox (plus-tags and Gmail
 * dots folded, core/identifiers.ts), so spelling an address a hundred ways still reaches one limit. Beside
 * the 10-minute spacing per sign-up (enrolment.ts): at most PER_DAY a day for anyone, and at most
 * PER_WEEK a week for an address that never confirmed or that opted out.
 */

const CONFIRMATIONS_PER_DAY = 3;
const CONFIRMATIONS_PER_WEEK = 3;
const DAY_S = 86_400;
const WEEK_S = 7 * DAY_S;

export async function confirmationAllowed(
  ctx: { store: Pick<Store, 'consumeRateLimit'>; pepper: string },
  channel: Channel,
  address: string,
  nowMs: number,
  weekly: boolean,
): Promise<boolean> {
  const key = mailboxKey(channel, address, ctx.pepper);
  const sec = Math.floor(nowMs / 1000);
  const day = Math.floor(sec / DAY_S);
  const daily = await ctx.store.consumeRateLimit(`confirm-day#${key}#${day}`, CONFIRMATIONS_PER_DAY, (day + 2) * DAY_S);
  if (!daily.allowed) return false;
  if (!weekly) return true;
  const week = Math.floor(sec / WEEK_S);
  const w = await ctx.store.consumeRateLimit(`confirm-week#${key}#${week}`, CONFIRMATIONS_PER_WEEK, (week + 2) * WEEK_S);
  return w.allowed;
}
