import type { RetryPolicy } from '../core/pacing';
import type { Timer } from '../ports';

/** Real time for the pacing and retry code in core/pacing.ts (tests inject fake ones). */
export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Four calls in all; waits drawn from [0, 200 ms), [0, 400 ms), [0, 800 ms) (full jitter). */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseMs: 200,
  capMs: 5_000,
  random: Math.random,
  sleep: realTimer.sleep,
};
