import type { Clock } from '../ports';

/** The real clock, for Lambdas. The local stack has its own (local/local-clock.ts); tests and the simulation move one by hand (local/manual-clock.ts). */
export const systemClock: Clock = { now: () => Date.now() };
