import { LOCAL_BRAND } from '../functions/core/brand';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { RuntimeConfig } from '../functions/config';
import { DynamoStore } from '../functions/adapters/dynamo-store';
import { ensureTable } from './table-schema';
import { SesMailer } from '../functions/adapters/ses-mailer';
import { StaticSecrets } from './static-secrets';
import { ManualClock } from './manual-clock';
import { TwilioSms } from '../functions/adapters/twilio-sms';
import { Wiring } from '../functions/app/wiring';
import type { Log } from '../functions/ports';
import { dispatchDue } from '../functions/core/dispatch';
import { DUE_SHARDS, subscriberIdFor } from '../functions/core/identifiers';
import { Subscriber, type Channel } from '../functions/core/model';
import { nextSendInstant } from '../functions/core/schedule';
import { createSenderHandler } from '../functions/handlers/sender';
import { createSesEventsHandler } from '../functions/handlers/ses-events';
import { createTwilioStatusHandler } from '../functions/handlers/twilio-status';
import type { DeliveryJob, Mailer, Sms } from '../functions/ports';
import { LocalQueue } from './local-queue';
import { tally, type SimulationReport } from './simulation-report';
import { FINISHER_FIRST_DAY, restartOf, SimulatedLives } from './simulation-restarts';
import { createSesEventBridge } from './ses-event-bridge';
import { injectSesFaults, SES_SERVER_ERROR, SES_THROTTLED } from './ses-faults';
import { crashingMailer, crashingSms, crashingStore, FaultPlan, FAULTS, seededRandom, StoreOutage, type FaultName } from './simulation-faults';
import { startDynalite, startSesLocal, type RunningServer } from './stand-ins';
import { formPostEvent } from './lambda-http';
import { startTwilioServer, type StatusCallbackRequest, type TwilioServer } from './twilio-server';

/**
 * `limber simulate`: the real dispatcher, local queue, sender handler, SES and Twilio adapters, SES
 * event bridge and Twilio status callbacks, against dynalite, aws-ses-v2-local and the local Twilio server, on a fake clock
 * that jumps from one dispatcher tick with work to the next. The report compares what the providers
 * hold with what the schedule says should have gone out (local/simulation-report.ts).
 */

export interface SimulationOptions {
  subscribers: number;
  days: number;
  faultRate: number;
  seed: number;
  /** Default 2026-10-22T00:00Z: 14 days cover Europe's (Oct 25) and North America's (Nov 1) DST change. */
  start?: string;
  faults?: readonly FaultName[];
  /** Every third subscriber restarts mid-run (local/simulation-restarts.ts); default true. */
  restarts?: boolean;
  /** A store outage lasts this long instead of a random 30 s to the lease length (tests). */
  outageMs?: number;
  shards?: number;
  /** Reuse running stand-ins (tests); otherwise they are started in-process and stopped at the end. */
  dynamoEndpoint?: string;
  sesEndpoint?: string;
  onProgress?: (done: number, total: number) => void;
}

const TICK_MS = 5 * 60_000;
export const LEASE_MS = 3 * 60_000;
const VISIBILITY_MS = 6 * 60_000;
const SETTLE_MS = 2 * 3600_000;
const ZONES = ['America/New_York', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Sydney', 'Europe/London'];
// 01:30 exists twice in London on Oct 25 and in New York on Nov 1 (our rule: the first occurrence).
const EMAIL_TIMES = ['01:30', '07:15', '18:40'];
const SMS_TIMES = ['08:30', '12:15', '19:45'];
const ACCOUNT_SID = `AC${'5'.repeat(32)}`;
const AUTH_TOKEN = 'local-simulation-token';
const LINK_KEYS = JSON.stringify([{ id: 'sim', secret: 'simulation-link-key-0123456789abcdef' }]);
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** Ids are keyed hashes of the address with this pepper, as in production: a re-sign-up finds the record. */
const PEPPER = 'simulation-pepper';

export const SES_ACCOUNT = {
  DedicatedIpAutoWarmupEnabled: false,
  Details: {
    AdditionalContactEmailAddresses: [],
    ContactLanguage: 'EN',
    MailType: 'TRANSACTIONAL',
    ReviewDetails: { CaseId: 'local', Status: 'GRANTED' },
    UseCaseDescription: 'local',
    WebsiteURL: 'https://limber.local',
  },
  EnforcementStatus: 'HEALTHY',
  ProductionAccessEnabled: true,
  SendingEnabled: true,
  SendQuota: { Max24HourSend: 1_000_000, MaxSendRate: 500, SentLast24Hours: 0 },
  SuppressionAttributes: { SuppressedReasons: [] },
};

/** Subscriber i: zones cycle fastest, then the channel, then the send time (deterministic). */
function simulatedSubscriber(runId: string, i: number, startMs: number): Subscriber {
  const timezone = ZONES[i % ZONES.length]!;
  const channel: Channel = Math.floor(i / ZONES.length) % 2 === 0 ? 'email' : 'sms';
  const times = channel === 'email' ? EMAIL_TIMES : SMS_TIMES;
  const sendAt = times[Math.floor(i / (2 * ZONES.length)) % times.length]!;
  const digits = String(parseInt(runId, 16) % 1000).padStart(3, '0');
  const address = channel === 'email' ? `sim-${runId}-${i}@example.test` : `+1555${digits}${String(i).padStart(4, '0')}`;
  return Subscriber.parse({
    id: subscriberIdFor(channel, address, PEPPER),
    channel,
    address,
    timezone,
    sendAt,
    level: (['gentle', 'moderate', 'active'] as const)[i % 3],
    status: 'active',
    programDay: 1,
    nextSendAt: new Date(nextSendInstant(timezone, sendAt, startMs - 1)).toISOString(),
    createdAt: new Date(startMs - 86_400_000).toISOString(),
    confirmedAt: new Date(startMs - 86_400_000).toISOString(),
    version: 0,
  });
}

/** Counts the core's log lines by message (no attributes kept). */
function countingLog(counts: Record<string, number>): Log {
  const add = (m: string) => {
    counts[m] = (counts[m] ?? 0) + 1;
  };
  return { info: add, warn: add, error: add };
}

/** Counts accepted mail into `counter`, so the event bridge polls only when there is something new. */
function countingMailer(inner: Mailer, counter: { accepted: number }): Mailer {
  return {
    maxSendRate: () => inner.maxSendRate(),
    async send(email) {
      const out = await inner.send(email);
      counter.accepted++;
      return out;
    },
  };
}

function faultySms(inner: Sms, plan: FaultPlan, twilio: TwilioServer): Sms {
  return {
    listSentSince: (to, since) => inner.listSentSince(to, since),
    send(sms) {
      if (plan.roll('throttle')) twilio.failNext(1, { status: 429, code: 20429, message: 'Too Many Requests' });
      else if (plan.roll('server-error')) twilio.failNext(1, { status: 503, code: 20503, message: 'Service Unavailable' });
      return inner.send(sms);
    },
  };
}

/**
 * The two ways mail reaches SES, one counter for both (the event bridge polls only when there is
 * something new): the delivery path's client throttles and fails at the fault rate; the people's own
 * mail (a re-sign-up's confirmation) goes through a client without faults, since a person would only
 * press again. Sharing one client let a throttle rolled for a confirmation fail the re-sign-up, and which
 * send a roll lands on depends on how the two consumers interleave: it failed only sometimes, under load.
 */
export function simulationMailers(sesUrl: string, from: string, plan: FaultPlan): { mailer: Mailer; people: Mailer; accepted: () => number } {
  const client = () => new SESv2Client({ endpoint: sesUrl, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
  const ses = client();
  injectSesFaults(ses, (op) => {
    if (op !== 'SendEmailCommand') return undefined;
    if (plan.roll('throttle')) return SES_THROTTLED;
    if (plan.roll('server-error')) return SES_SERVER_ERROR;
    return undefined;
  });
  const counter = { accepted: 0 };
  const mailer = (c: SESv2Client) =>
    countingMailer(new SesMailer({ client: c, from, configurationSet: 'limber-local', sendKeyHeader: true, fallbackSendRate: 500 }), counter);
  return { mailer: mailer(ses), people: mailer(client()), accepted: () => counter.accepted };
}

export async function runSimulation(opts: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const random = seededRandom(opts.seed);
  const plan = new FaultPlan(opts.faultRate, random, opts.faults ?? FAULTS);
  const startMs = Date.parse(opts.start ?? '2026-10-22T00:00:00Z');
  const endMs = startMs + opts.days * 86_400_000;
  const shards = opts.shards ?? DUE_SHARDS;
  const clock = new ManualClock(startMs);
  const runId = randomBytes(3).toString('hex');
  const owned: RunningServer[] = [];

  if (!opts.sesEndpoint) process.env.AWS_SES_ACCOUNT ??= JSON.stringify(SES_ACCOUNT);
  const dynamoUrl = opts.dynamoEndpoint ?? owned[owned.push(await startDynalite({ port: 0 })) - 1]!.url;
  const sesUrl = opts.sesEndpoint ?? owned[owned.push(await startSesLocal({ port: 0 })) - 1]!.url;
  // Twilio's signed status callbacks go to the real twilio-status handler (set once the store exists).
  let onStatus: ((cb: StatusCallbackRequest) => Promise<unknown>) | undefined;
  const twilio = await startTwilioServer({
    port: 0,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    now: () => clock.now(),
    statusCallback: (cb) => onStatus?.(cb),
  });
  try {
    const tableName = `limber-sim-${runId}`;
    const dynamo = new DynamoDBClient({ endpoint: dynamoUrl, region: 'us-east-1', credentials: CREDENTIALS });
    await ensureTable(dynamo, tableName);
    const store = new DynamoStore({ tableName, client: dynamo, shards });
    // What the functions see: the table, unreachable while a store outage lasts (seeding and the tally read it directly).
    const outage = new StoreOutage(clock, plan, LEASE_MS, opts.outageMs);
    const served = outage.wrap(store);
    const from = 'coach@limber.local';
    const mails = simulationMailers(sesUrl, from, plan);
    const { mailer } = mails;
    const sms = new TwilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15550000000', baseUrl: twilio.url });
    const logCounts: Record<string, number> = {};
    const queue = new LocalQueue<DeliveryJob>({
      clock,
      visibilityTimeoutMs: VISIBILITY_MS,
      maxReceives: 5,
      faults: { duplicate: () => plan.roll('duplicate-delivery'), concurrent: () => plan.roll('concurrent-senders') },
    });
    const config = RuntimeConfig.parse({
      tableName,
      publicBaseUrl: 'https://limber.local',
      fromEmail: from,
      replyDomain: 'reply.limber.local',
      sesConfigurationSet: 'limber-local',
      programName: LOCAL_BRAND.programName,
      supportEmail: LOCAL_BRAND.supportEmail,
      postalAddress: LOCAL_BRAND.postalAddress,
      twilioAccountSid: ACCOUNT_SID,
      twilioFrom: '+15550000000',
      twilioMps: 500,
      secretLinkKeys: 'link-keys',
      secretTwilioAuthToken: 'twilio-token',
      secretAddressPepper: 'pepper',
      dynamoEndpoint: dynamoUrl,
      sesEndpoint: sesUrl,
      twilioBaseUrl: twilio.url,
    });
    const wiring = new Wiring(config, {
      clock,
      store: crashingStore(served, plan),
      mailer: crashingMailer(outage.mailer(mailer), plan),
      sms: crashingSms(outage.sms(faultySms(sms, plan, twilio)), plan),
      queue,
      secrets: new StaticSecrets({ 'link-keys': LINK_KEYS, 'twilio-token': AUTH_TOKEN, pepper: PEPPER }),
      log: countingLog(logCounts),
    });
    const ctx = {
      ...(await wiring.deliveryContext()),
      leaseMs: LEASE_MS,
      retry: { maxAttempts: 4, baseMs: 100, capMs: 2_000, random, sleep: async () => {} },
    };
    const sender = createSenderHandler(async () => ctx);
    const sesEvents = createSesEventsHandler(async () => ({ store: served, pepper: PEPPER }));
    const twilioStatus = createTwilioStatusHandler(async () => ({
      store: served,
      pepper: PEPPER,
      authToken: AUTH_TOKEN,
      publicBaseUrl: config.publicBaseUrl,
      clock,
    }));
    onStatus = (cb) => twilioStatus(formPostEvent(cb.url, cb.params, { 'x-twilio-signature': cb.signature }));
    const bridge = createSesEventBridge({
      sesUrl,
      deliver: sesEvents,
      clock,
      configurationSet: 'limber-local',
      sinceSeconds: Math.floor(Date.now() / 1000) - 1,
    });

    // The people behind the restarts use the links and forms with no faults (they would only press
    // again): the store, SES (simulationMailers) and Twilio unwrapped.
    const enrolment = async () => ({ ...(await wiring.enrolmentContext()), store, mailer: mails.people, sms });
    const lives = new SimulatedLives(enrolment, startMs, endMs);
    const subs = Array.from({ length: opts.subscribers }, (_, i) => {
      const plain = simulatedSubscriber(runId, i, startMs);
      const restart = opts.restarts === false ? undefined : restartOf(i, plain.channel);
      // One who will finish and start again begins three days before the end of the program.
      const sub = restart === 'start-again' ? { ...plain, programDay: FINISHER_FIRST_DAY } : plain;
      lives.add(sub, restart);
      return sub;
    });
    for (let i = 0; i < subs.length; i += 25) await Promise.all(subs.slice(i, i + 25).map((s) => store.createSubscriber(s)));

    // A dispatcher run that fails (the store is down) is not retried: the next tick carries on.
    const dispatch = () =>
      dispatchDue({ store: served, queue, clock, shards, startShard: Math.floor(clock.now() / TICK_MS) }).catch(() => {
        logCounts['dispatch failed'] = (logCounts['dispatch failed'] ?? 0) + 1;
      });
    // The next instant anyone can fall due: their send time, or 08:00 once a text has been held for
    // quiet hours. Computed from the schedule instead of querying every shard each tick (dynalite is slow).
    const nextScheduled = (now: number) => {
      const held = (logCounts['sms held for quiet hours'] ?? 0) > 0;
      return Math.min(
        lives.nextAt(),
        ...subs.flatMap((s) => [
          nextSendInstant(s.timezone, s.sendAt, now),
          ...(held && s.channel === 'sms' ? [nextSendInstant(s.timezone, '08:00', now)] : []),
        ]),
      );
    };
    const ceilTick = (ms: number) => Math.ceil(ms / TICK_MS) * TICK_MS;
    const troubleCount = () => queue.dlq.length + (logCounts['delivery failed'] ?? 0) + (logCounts['dispatch failed'] ?? 0);
    const stopAt = endMs + SETTLE_MS;
    let ticks = 0;
    let mailsPolled = 0;
    // Dispatcher ticks fall on the 5-minute grid; between them the loop stops wherever a queued
    // message becomes visible (a redelivery, a delayed job), as Lambda's SQS poller would take it...
    let tickAt = ceilTick(startMs);
    clock.set(tickAt);
    while (clock.now() <= stopAt) {
      const isTick = clock.now() === tickAt;
      const troubleBefore = troubleCount();
      if (isTick) {
        ticks++;
        await lives.runDue(clock.now());
        await Promise.all(plan.roll('concurrent-dispatchers') ? [dispatch(), dispatch()] : [dispatch()]);
      }
      await queue.drain(sender, { consumers: 2 });
      if (mails.accepted() > mailsPolled || (bridge.nextRetryAt() ?? Number.POSITIVE_INFINITY) <= clock.now()) {
        mailsPolled = mails.accepted();
        await bridge.pollOnce();
      }
      opts.onProgress?.(Math.min(clock.now(), endMs) - startMs, endMs - startMs);
      const now = clock.now();
      // After a failed job the subscriber may still be due with no message left in the queue (the
      // job copy that failed was not the one deleted): the next tick's dispatcher picks it up.
      const trouble = troubleCount() > troubleBefore;
      if (isTick) {
        let next = ceilTick(nextScheduled(now));
        if (trouble) next = Math.min(next, now + TICK_MS);
        tickAt = Math.max(now + TICK_MS, Math.min(next, stopAt + 1));
      } else if (trouble) tickAt = Math.min(tickAt, ceilTick(now + 1));
      // ...and where a failed SES event is retried (Lambda's asynchronous retries).
      const wake = Math.min(queue.nextVisibleAt() ?? Number.POSITIVE_INFINITY, bridge.nextRetryAt() ?? Number.POSITIVE_INFINITY);
      clock.set(Math.min(wake, tickAt));
    }
    await bridge.stop();
    return await tally({
      tableName,
      store,
      subs,
      runs: lives.runs,
      restarts: lives.tally,
      startMs,
      endMs,
      sesUrl,
      twilio,
      plan,
      queue,
      logCounts,
      failedEvents: bridge.failedEvents.length,
      ticks,
      elapsedMs: performance.now() - started,
    });
  } finally {
    await twilio.close();
    await Promise.all(owned.map((s) => s.close()));
  }
}
