import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { MjmlRenderer } from '../../functions/adapters/mjml-renderer';
import { createDispatcherHandler } from '../../functions/handlers/dispatcher';
import { createSenderHandler } from '../../functions/handlers/sender';
import type { Subscriber } from '../../functions/core/model';
import type { Store } from '../../functions/ports';
import { AcceptingMailer, AcceptingSms, ArrayQueue, benchWiring, pool } from './fixtures';

/**
 * The delivery pipeline as the Lambdas run it: the real dispatcher handler over the due index, then the
 * real sender handler over SQS-shaped batches of 10 (claim, plan, render with the real MJML renderer,
 * send, complete). Only the providers (SES, Twilio) and the queue transport are stand-ins.
 */

export interface PipelineRun {
  subscribers: number;
  seedMs: number;
  dispatchMs: number;
  sendMs: number;
  /** dispatch + send, wall clock. */
  totalMs: number;
  /** Process CPU (user + system) during dispatch + send. */
  cpuMs: number;
  enqueued: number;
  sent: { email: number; sms: number; smsSegments: number; emailBytes: number };
  failures: number;
  queueRequests: number;
}

export interface PipelineOptions {
  store: Store;
  subscribers: readonly Subscriber[];
  /** Concurrent sender invocations (each works through its whole batch at once, as in production). */
  invocations?: number;
  seedConcurrency?: number;
  /** Provider stand-ins (default: ones that keep nothing). */
  mailer?: AcceptingMailer;
  sms?: AcceptingSms;
  onPhase?: (phase: 'seeded' | 'dispatched' | 'sent') => void;
}

export async function runPipeline(opts: PipelineOptions): Promise<PipelineRun> {
  const { store, subscribers } = opts;
  const mailer = opts.mailer ?? new AcceptingMailer();
  const sms = opts.sms ?? new AcceptingSms();
  const queue = new ArrayQueue();
  const renderer = new MjmlRenderer();
  const wiring = benchWiring({ store, queue, mailer, sms, renderer });
  // A warm container: layouts compiled at start, as the sender does after its first message.
  await renderer.warm();

  let t = performance.now();
  await pool(subscribers, opts.seedConcurrency ?? 1, async (s) => {
    if (!(await store.createSubscriber(s))) throw new Error('seed: subscriber exists');
  });
  const seedMs = performance.now() - t;
  opts.onPhase?.('seeded');

  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const dispatcher = createDispatcherHandler(() => wiring);
  const dispatched = await dispatcher({}, { getRemainingTimeInMillis: () => 15 * 60_000 });
  const dispatchMs = performance.now() - start;
  opts.onPhase?.('dispatched');

  t = performance.now();
  const sender = createSenderHandler(() => wiring.deliveryContext());
  const events: SQSEvent[] = [];
  for (let i = 0; i < queue.bodies.length; i += 10) {
    const Records = queue.bodies.slice(i, i + 10).map((body, j) => ({ messageId: `m${i + j}`, body }) as SQSRecord);
    events.push({ Records });
  }
  let failures = 0;
  await pool(events, opts.invocations ?? 4, async (event) => {
    failures += (await sender(event)).batchItemFailures.length;
  });
  const sendMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  opts.onPhase?.('sent');

  return {
    subscribers: subscribers.length,
    seedMs,
    dispatchMs,
    sendMs,
    totalMs: dispatchMs + sendMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    enqueued: dispatched.enqueued,
    sent: { email: mailer.sent, sms: sms.sent, smsSegments: sms.segments, emailBytes: mailer.bytes },
    failures,
    queueRequests: queue.requests,
  };
}
