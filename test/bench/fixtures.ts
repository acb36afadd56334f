import { cpus, totalmem } from 'node:os';
import { ENV } from '../../functions/config';
import { StaticSecrets } from '../../local/static-secrets';
import { ManualClock } from '../../local/manual-clock';
import { type Wiring, wiringFromEnv } from '../../functions/app/wiring';
import { silentLog } from '../../functions/core/deliver';
import { subscriberIdFor } from '../../functions/core/identifiers';
import { SEND_KEY_TAG } from '../../functions/core/send-key';
import type { Renderer } from '../../functions/ports';
import { Subscriber } from '../../functions/core/model';
import type { DeliveryJob, Mailer, OutboundEmail, OutboundSms, Queue, Sms, Store } from '../../functions/ports';
import { seededRandom } from '../../local/simulation-faults';

/**
 * Shared set-up for the benchmarks: the machine, deterministic subscribers, providers that accept at
 * once (the provider boundary is the only fake; everything of ours is real), and a Wiring built the
 * way the Lambdas build it.
 */

export const T0 = Date.parse('2026-03-02T10:00:00.000Z');
export const PEPPER = 'bench-pepper-0123456789abcdef';
export const LINK_KEYS = JSON.stringify([{ id: 'b1', secret: 'bench-link-secret-0123456789abcdefghijklmnop' }]);
export const TWILIO_SID = `AC${'b'.repeat(32)}`;
export const TWILIO_TOKEN = 'bench-twilio-auth-token-0123456789';
const SECRETS = { links: 'bench/link-keys', pepper: 'bench/pepper', twilio: 'bench/twilio' };

export function machine() {
  const c = cpus();
  return {
    cpuModel: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
}

/** The simulation's deterministic PRNG, so every run benchmarks the same population. */
export const rng = seededRandom;

// All in their 08:00-21:00 SMS window at T0 (10:00Z), so no text is held for quiet hours.
const ZONES = ['Europe/London', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Athens', 'Africa/Lagos'];
const LEVELS = ['gentle', 'moderate', 'active'] as const;

/**
 * `n` active subscribers, all due at T0: 80 % email, 20 % SMS, program days spread over 1..42, a mix of
 * levels and zones. Real ids (keyed hash of the address), so item sizes are what production stores.
 */
export function dueSubscribers(n: number, seed = 1, smsShare = 0.2): Subscriber[] {
  const r = rng(seed);
  const out: Subscriber[] = [];
  for (let i = 0; i < n; i++) {
    const sms = r() < smsShare;
    const address = sms ? `+1415${String(1_000_000 + i).padStart(7, '0')}` : `bench.user${i}@example.com`;
    const channel = sms ? 'sms' : 'email';
    out.push(
      Subscriber.parse({
        id: subscriberIdFor(channel, address, PEPPER),
        channel,
        address,
        timezone: ZONES[i % ZONES.length],
        sendAt: '07:30',
        level: LEVELS[Math.floor(r() * LEVELS.length)],
        status: 'active',
        programDay: 1 + Math.floor(r() * 42),
        nextSendAt: new Date(T0 - 60 * 60_000 - Math.floor(r() * 30) * 60_000).toISOString(),
        createdAt: '2026-01-10T12:00:00.000Z',
        consentAt: '2026-01-10T12:00:00.000Z',
        confirmedAt: '2026-01-10T12:05:00.000Z',
        version: 3,
      }),
    );
  }
  return out;
}

/** What a provider needs to report a send back later (its events / status callbacks). */
export interface Accepted {
  messageId: string;
  to: string;
  /** SES: the send-key tag. Twilio: the StatusCallback URL. */
  key: string;
}

/** SES at the provider boundary: accepts at once, a quota that never paces. `keep` lists what it accepted. */
export class AcceptingMailer implements Mailer {
  sent = 0;
  bytes = 0;
  readonly accepted: Accepted[] = [];
  constructor(private readonly keep = false) {}
  async send(email: OutboundEmail) {
    this.sent++;
    this.bytes += email.html.length + email.text.length;
    const messageId = `0100019${String(this.sent).padStart(12, '0')}-bench`;
    if (this.keep) this.accepted.push({ messageId, to: email.to, key: email.tags?.[SEND_KEY_TAG] ?? '' });
    return { messageId };
  }
  async maxSendRate() {
    return 1e9;
  }
}

/** Twilio at the provider boundary: accepts at once. `keep` lists what it accepted. */
export class AcceptingSms implements Sms {
  sent = 0;
  segments = 0;
  readonly accepted: Accepted[] = [];
  constructor(private readonly keep = false) {}
  async send(sms: OutboundSms) {
    this.sent++;
    const segments = Math.max(1, Math.ceil(sms.body.length / 153));
    this.segments += segments;
    const messageId = `SM${String(this.sent).padStart(32, '0')}`;
    if (this.keep) this.accepted.push({ messageId, to: sms.to, key: sms.statusCallback ?? '' });
    return { messageId, segments };
  }
  async listSentSince() {
    return [];
  }
}

/**
 * A queue with no behaviour of its own: the jobs as SQS would hold them. (local/local-queue.ts
 * copies its entry list on every receive, which is fine for the simulation but O(n^2) at 100k and
 * would measure the stand-in, not us.)
 */
export class ArrayQueue implements Queue<DeliveryJob> {
  readonly bodies: string[] = [];
  requests = 0;
  async sendBatch(messages: readonly DeliveryJob[]) {
    this.requests++;
    for (const m of messages) this.bodies.push(JSON.stringify(m));
  }
}

export function benchEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    [ENV.tableName]: 'limber-bench',
    [ENV.publicBaseUrl]: 'https://limber.example',
    [ENV.fromEmail]: 'coach@limber.example',
    [ENV.programName]: 'Limber',
    [ENV.supportEmail]: 'help@limber.test',
    [ENV.postalAddress]: '1 Test Street, Testville, TE 00000',
    [ENV.replyDomain]: 'reply.limber.example',
    [ENV.twilioAccountSid]: TWILIO_SID,
    [ENV.twilioFrom]: '+15005550006',
    // Pacing must not be what we measure.
    [ENV.twilioMps]: '1000000000',
    [ENV.secretLinkKeys]: SECRETS.links,
    [ENV.secretTwilioAuthToken]: SECRETS.twilio,
    [ENV.secretAddressPepper]: SECRETS.pepper,
    ...extra,
  };
}

export function benchWiring(over: {
  store?: Store;
  queue?: Queue<DeliveryJob>;
  clock?: ManualClock;
  mailer?: Mailer;
  sms?: Sms;
  renderer?: Renderer;
  env?: Record<string, string>;
}): Wiring {
  return wiringFromEnv(benchEnv(over.env), {
    clock: over.clock ?? new ManualClock(T0),
    log: silentLog,
    secrets: new StaticSecrets({ [SECRETS.links]: LINK_KEYS, [SECRETS.pepper]: PEPPER, [SECRETS.twilio]: TWILIO_TOKEN }),
    ...(over.store ? { store: over.store } : {}),
    ...(over.queue ? { queue: over.queue } : {}),
    ...(over.mailer ? { mailer: over.mailer } : {}),
    ...(over.sms ? { sms: over.sms } : {}),
    ...(over.renderer ? { renderer: over.renderer } : {}),
  });
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export const round = (v: number, digits = 2) => Number(v.toFixed(digits));
