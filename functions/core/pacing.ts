import { ProviderError, type Timer } from '../ports';

/**
 * Pacing and retries for provider calls. Time here is real elapsed time (not the program Clock):
 * `now`, `sleep` and `random` are injected (functions/adapters/timers.ts has the real ones), so
 * tests run instantly.
 */

/**
 * A token bucket: `rate` tokens per second, at most `burst` saved up. Throttling by the provider
 * halves the rate (down to a floor); each success wins back a little, up to the configured rate.
 * Callers wait for a token; nobody is turned away, so throttling slows the run and drops nothing.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private current: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private maxRate: number,
    private readonly timer: Timer,
    private readonly burst = Math.max(1, Math.ceil(maxRate)),
  ) {
    if (!(maxRate > 0)) throw new RangeError('rate must be > 0');
    this.current = maxRate;
    this.tokens = this.burst;
    this.last = timer.now();
  }

  get rate(): number {
    return this.current;
  }

  setMaxRate(rate: number): void {
    if (!(rate > 0)) throw new RangeError('rate must be > 0');
    this.maxRate = rate;
    this.current = Math.min(this.current, rate);
  }

  slowDown(): void {
    this.current = Math.max(this.maxRate / 64, this.current / 2);
  }

  speedUp(): void {
    this.current = Math.min(this.maxRate, this.current + this.maxRate / 16);
  }

  private refill(): void {
    const t = this.timer.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.current);
    this.last = t;
  }

  /** Resolves when a token is available; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      while (this.tokens < 1) {
        await this.timer.sleep(Math.ceil(((1 - this.tokens) / this.current) * 1000));
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

export interface RetryPolicy {
  /** Calls in total, the first included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  /** In [0, 1). */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^attempt)). */
export function fullJitter(policy: RetryPolicy, attempt: number): number {
  return Math.floor(policy.random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt));
}

/** A throttled or transient failure that certainly did not send (the provider answered). */
export function isRetryable(err: unknown): boolean {
  return err instanceof ProviderError && (err.kind === 'throttled' || err.kind === 'transient') && err.code !== AMBIGUOUS;
}

/** The code adapters use when a request may or may not have reached the provider (timeout, reset). */
export const AMBIGUOUS = 'ambiguous';

/** Retries throttled and transient failures in place; anything else is thrown at once. */
export async function withRetries<T>(policy: RetryPolicy, call: () => Promise<T>, onRetry?: (err: ProviderError, attempt: number) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isRetryable(err) || attempt + 1 >= policy.maxAttempts) throw err;
      onRetry?.(err as ProviderError, attempt);
      await policy.sleep(fullJitter(policy, attempt));
    }
  }
}

/** Runs `fn` over the items with at most `limit` in flight; stops starting new ones once `stop()` says so. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  stop: () => boolean = () => false,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
