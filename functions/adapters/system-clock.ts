import type { Clock } from '../ports';

/** The real clock, for Lambdas. The local stack may use a faster one (infra/local). */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that runs `speed` times faster than real time from `startMs`, for the local stack's
 * --speed option: a week of the program in minutes.
 */
export class ScaledClock implements Clock {
  private readonly realStart = Date.now();
  constructor(
    private readonly startMs: number,
    private readonly speed: number,
  ) {
    if (!(speed > 0)) throw new RangeError('speed must be > 0');
  }
  now(): number {
    return this.startMs + (Date.now() - this.realStart) * this.speed;
  }
}

/** A clock tests and simulations move by hand. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
