import type { Clock, Store } from '../ports';
import { keyedRef } from './identifiers';

/** Sign-ups per client IP per fixed window (the per-address and SMS guards are in enrolment). */
export interface SignupLimit {
  max: number;
  windowSeconds: number;
}

export const DEFAULT_SIGNUP_LIMIT: SignupLimit = { max: 20, windowSeconds: 600 };

export type SignupAllowance = { allowed: true; ipRef: string } | { allowed: false; ipRef: string; retryAfterSeconds: number };

/**
 * Counts one sign-up from `sourceIp` (one conditional update). The window is part of the counter's
 * key, so each window is a fresh counter that expires on its own (TTL a minute after the window).
 * The IP is kept only as a keyed hash under the pepper, never in the clear.
 */
export async function consumeSignupAllowance(
  ctx: { store: Pick<Store, 'consumeRateLimit'>; clock: Clock; pepper: string },
  sourceIp: string,
  limit: SignupLimit = DEFAULT_SIGNUP_LIMIT,
): Promise<SignupAllowance> {
  const window = Math.floor(ctx.clock.now() / 1000 / limit.windowSeconds);
  const ipRef = keyedRef(sourceIp, ctx.pepper);
  const rl = await ctx.store.consumeRateLimit(`signup#${ipRef}#${window}`, limit.max, (window + 1) * limit.windowSeconds + 60);
  return rl.allowed ? { allowed: true, ipRef } : { allowed: false, ipRef, retryAfterSeconds: limit.windowSeconds };
}
