import type { Clock, Mailer, Sms, Store } from '../functions/ports';

/**
 * The faults `limber simulate` injects, each at rate p from one seeded PRNG so a run can be replayed:
 * the sender dying right after the provider accepted a message, or completeSend failing after it;
 * SQS handing a job out twice or to two senders at once; two dispatchers in one tick; provider
 * throttling (429) and server errors (5xx); a store outage (every DynamoDB call of every function
 * fails for up to the lease length) beginning just after a provider accepted a message.
 */

export const FAULTS = [
  'crash-after-send',
  'crash-before-complete',
  'duplicate-delivery',
  'concurrent-senders',
  'concurrent-dispatchers',
  'throttle',
  'server-error',
  'store-outage',
] as const;
export type FaultName = (typeof FAULTS)[number];

/** Thrown where a real sender process would have died: nothing after it runs, no cleanup. */
class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

/** mulberry32: small, fast, good enough to pick faults; same seed, same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultPlan {
  readonly counts: Record<FaultName, number> = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<FaultName, number>;
  private readonly enabled: Set<FaultName>;

  constructor(
    readonly rate: number,
    readonly random: () => number,
    enabled: readonly FaultName[] = FAULTS,
  ) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError('fault rate must be within 0..1');
    this.enabled = new Set(enabled);
  }

  /** Rolls the dice for one fault; counts it when it fires. */
  roll(fault: FaultName): boolean {
    if (!this.enabled.has(fault) || this.rate === 0) return false;
    if (this.random() >= this.rate) return false;
    this.counts[fault]++;
    return true;
  }
}

/** A Mailer that sometimes dies right after SES accepted the message. */
export function crashingMailer(inner: Mailer, plan: FaultPlan): Mailer {
  return {
    maxSendRate: () => inner.maxSendRate(),
    async send(email) {
      const out = await inner.send(email);
      if (plan.roll('crash-after-send')) throw new SimulatedCrash('died after SES accepted the message');
      return out;
    },
  };
}

/** An Sms that sometimes dies right after Twilio accepted the message. */
export function crashingSms(inner: Sms, plan: FaultPlan): Sms {
  return {
    listSentSince: (to, since) => inner.listSentSince(to, since),
    async send(sms) {
      const out = await inner.send(sms);
      if (plan.roll('crash-after-send')) throw new SimulatedCrash('died after Twilio accepted the message');
      return out;
    },
  };
}

/** A Store whose completeSend sometimes fails without writing (after the send, before completing it). */
export function crashingStore(inner: Store, plan: FaultPlan): Store {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'completeSend') {
        return async (...args: Parameters<Store['completeSend']>) => {
          const patch = args[2];
          // Only the completion of a sent day (it advances programDay), not holds or stops.
          if (patch.set?.programDay !== undefined && plan.roll('crash-before-complete')) {
            throw new SimulatedCrash('died before completeSend');
          }
          return target.completeSend(...args);
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

class SimulatedStoreOutage extends Error {
  override name = 'SimulatedStoreOutage';
}

/**
 * The store as every function sees it during a DynamoDB outage: each call fails while the outage
 * lasts. An outage begins (at the fault rate) just after SES or Twilio accepted a message, the moment
 * that matters, and lasts a random 30 s to `maxMs` (the lease) of clock time, or `fixedMs`.
 */
export class StoreOutage {
  private until = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly plan: FaultPlan,
    private readonly maxMs: number,
    private readonly fixedMs?: number,
  ) {}

  get active(): boolean {
    return this.clock.now() < this.until;
  }

  /** Starts one now, whatever the dice say (tests that place the outage themselves). */
  begin(ms: number): void {
    this.until = this.clock.now() + ms;
  }

  /** Called after a provider accepted a message: maybe the store goes down now. */
  afterAccept(): void {
    if (this.active || !this.plan.roll('store-outage')) return;
    this.begin(this.fixedMs ?? 30_000 + Math.floor(this.plan.random() * Math.max(0, this.maxMs - 30_000)));
  }

  wrap(inner: Store): Store {
    return new Proxy(inner, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (this.active) throw new SimulatedStoreOutage('the store is unreachable');
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  mailer(inner: Mailer): Mailer {
    return {
      maxSendRate: () => inner.maxSendRate(),
      send: async (email) => {
        const out = await inner.send(email);
        this.afterAccept();
        return out;
      },
    };
  }

  sms(inner: Sms): Sms {
    return {
      listSentSince: (to, since) => inner.listSentSince(to, since),
      send: async (text) => {
        const out = await inner.send(text);
        this.afterAccept();
        return out;
      },
    };
  }
}
