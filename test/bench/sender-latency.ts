import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryStore } from '../../local/memory-store';
import { MjmlRenderer } from '../../functions/adapters/mjml-renderer';
import { createSenderHandler } from '../../functions/handlers/sender';
import type { DeliveryJob, Store } from '../../functions/ports';
import { AcceptingMailer, AcceptingSms, ArrayQueue, benchWiring, dueSubscribers } from './fixtures';

/**
 * What one sender invocation costs in billed time when the network is slow, for the cost model: the
 * real sender handler over batches of 10 (SQS's batch size in the stack), one invocation at a time as
 * one container runs them, with every Store call and every provider call delayed by an assumed
 * round trip. Measures how much of the I/O wait the in-batch concurrency overlaps: billed ms per
 * message = invocation time / batch size. The latencies are assumptions (nothing here reaches AWS),
 * set by BENCH_LATENCY_DYNAMO_MS, BENCH_LATENCY_SES_MS, BENCH_LATENCY_TWILIO_MS.
 */

export interface LatencyRun {
  channel: 'email' | 'sms';
  concurrency: number;
  messages: number;
  invocations: number;
  msPerInvocation: number;
  /** Billed Lambda time per message (invocation time / messages in it). */
  msPerMessage: number;
}

export interface SenderLatencyResult {
  assumedMs: { dynamo: number; ses: number; twilio: number };
  batchSize: number;
  runs: LatencyRun[];
}

/** Every Store method waits one round trip before it runs (the MemoryStore answers at once). */
function slowStore(inner: Store, ms: number): Store {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await sleep(ms);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** A provider stand-in whose send waits one round trip before it accepts. */
function slow<T extends { send(message: never): Promise<unknown> }>(provider: T, ms: number): T {
  const send = provider.send.bind(provider) as (message: never) => Promise<unknown>;
  provider.send = (async (message: never) => {
    await sleep(ms);
    return send(message);
  }) as T['send'];
  return provider;
}

/** Email at 1, 4 and 10 jobs at a time, SMS at 4 and 10 (a channel per run: one batch waits for its slowest call). */
const PLAN: { channel: 'email' | 'sms'; concurrency: number }[] = [
  { channel: 'email', concurrency: 1 },
  { channel: 'email', concurrency: 4 },
  { channel: 'email', concurrency: 10 },
  { channel: 'sms', concurrency: 4 },
  { channel: 'sms', concurrency: 10 },
];

export async function benchSenderLatency(opts: { invocations?: number } = {}): Promise<SenderLatencyResult> {
  const assumedMs = {
    dynamo: Number(process.env.BENCH_LATENCY_DYNAMO_MS ?? 5),
    ses: Number(process.env.BENCH_LATENCY_SES_MS ?? 50),
    twilio: Number(process.env.BENCH_LATENCY_TWILIO_MS ?? 200),
  };
  const batchSize = 10;
  const invocations = opts.invocations ?? 10;
  const renderer = new MjmlRenderer();
  await renderer.warm();
  const runs: LatencyRun[] = [];
  for (const { channel, concurrency } of PLAN) {
    const inner = new MemoryStore();
    const subscribers = dueSubscribers(invocations * batchSize, 11, channel === 'sms' ? 1 : 0);
    for (const s of subscribers) await inner.createSubscriber(s);
    const wiring = benchWiring({
      store: slowStore(inner, assumedMs.dynamo),
      queue: new ArrayQueue(),
      mailer: slow(new AcceptingMailer(), assumedMs.ses),
      sms: slow(new AcceptingSms(), assumedMs.twilio),
      renderer,
    });
    const sender = createSenderHandler(() => wiring.deliveryContext(), concurrency);
    const jobs = subscribers.map((s): DeliveryJob => ({ subscriberId: s.id, programDay: s.programDay, dueAt: s.nextSendAt! }));
    let total = 0;
    for (let i = 0; i < jobs.length; i += batchSize) {
      const Records = jobs.slice(i, i + batchSize).map((job, j) => ({ messageId: `m${i + j}`, body: JSON.stringify(job) }) as SQSRecord);
      const t = performance.now();
      const out = await sender({ Records } as SQSEvent);
      total += performance.now() - t;
      if (out.batchItemFailures.length) throw new Error(`sender latency bench: ${out.batchItemFailures.length} failures`);
    }
    const sent = await Promise.all(subscribers.map((s) => inner.getSubscriber(s.id)));
    if (sent.some((s, i) => s?.programDay !== subscribers[i]!.programDay + 1)) throw new Error('sender latency bench: not every job was sent');
    runs.push({ channel, concurrency, messages: jobs.length, invocations, msPerInvocation: total / invocations, msPerMessage: total / jobs.length });
  }
  return { assumedMs, batchSize, runs };
}
