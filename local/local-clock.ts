import type { Clock } from '../functions/ports';

/**
 * The local stack's clock, shared by every handler: it runs `speed` times faster than real time
 * (speed 0 stands still, for tests) and can be moved forward by hand (`advance`, the dashboard's
 * clock buttons, `limber clock`). It never moves backwards: claims, leases and due times assume that.
 */
export class LocalClock implements Clock {
  private baseMs: number;
  private realStart: number;
  private speedFactor: number;

  constructor(
    startMs: number,
    speed = 1,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a finite number >= 0');
    this.baseMs = startMs;
    this.realStart = realNow();
    this.speedFactor = speed;
  }

  now(): number {
    return Math.floor(this.baseMs + (this.realNow() - this.realStart) * this.speedFactor);
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Changes the speed from now on, keeping the current instant. */
  setSpeed(speed: number): void {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a finite number >= 0');
    this.rebase();
    this.speedFactor = speed;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
    this.rebase();
    this.baseMs += ms;
  }

  private rebase(): void {
    const now = this.now();
    this.realStart = this.realNow();
    this.baseMs = now;
  }
}
