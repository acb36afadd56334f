import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import twilio from 'twilio';
import { lambdaEntry, type Build } from '../functions/app/entry';
import { buildApiHandler } from '../functions/handlers/api';
import { buildDashboardHandler } from '../functions/handlers/dashboard';
import { buildDispatcherHandler } from '../functions/handlers/dispatcher';
import { buildSenderHandler } from '../functions/handlers/sender';
import { buildSesEventsHandler } from '../functions/handlers/ses-events';
import { buildSesInboundHandler } from '../functions/handlers/ses-inbound';
import { buildTwilioInboundHandler } from '../functions/handlers/twilio-inbound';
import { buildTwilioStatusHandler } from '../functions/handlers/twilio-status';
import { publicUrl, ROUTES } from '../functions/routes';
import { ENV } from '../functions/config';
import { MemoryInboundMail } from './memory-inbound-mail';
import { NewTabMailer } from './new-tab-mailer';
import { removeLocalState, writeLocalState } from './state-file';
import { localSecretVariable } from '../functions/adapters/secrets';
import { StaticSecrets } from './static-secrets';
import { ensureTable } from './table-schema';
import { type Wiring, wiringFromEnv, powertoolsLog } from '../functions/app/wiring';
import { silentLog } from '../functions/core/deliver';
import type { Log } from '../functions/ports';
import type { DeliveryJob, Store } from '../functions/ports';
import { startLambdaHttp } from './lambda-http';
import { createSesEventBridge } from './ses-event-bridge';
import { LocalClock } from './local-clock';
import { ILLUSTRATIONS, startLocalPages, type RunningLocalPages } from './local-pages';
import type { LocalNav } from './local-pages-html';
import { LocalQueue } from './local-queue';
import { startDynalite, startSesLocal, type RunningServer } from './stand-ins';
import { startTwilioServer, type StoredSms } from './twilio-server';
import { fetchWebhookHttp } from '../functions/adapters/webhook-queue';
import { WebhookEndpoint, type WebhookDelivery } from '../functions/core/webhooks';
import { buildWebhookOutboxHandler } from '../functions/handlers/webhook-outbox';
import { createWebhookSenderHandler } from '../functions/handlers/webhook-sender';
import { webhookReceiver, type ReceivedWebhook } from './webhook-receiver';
import { BRAND_ENV, LOCAL_TWILIO, localRuntimeEnv, localSecrets, SECRET_NAMES } from './runtime-env';

/**
 * The whole system on one machine (`npm start`, the browser tests): the open-source stand-ins, the
 * local Twilio server, the real handlers behind a local API Gateway, an in-process SQS queue and a
 * scheduler that ticks the real dispatcher. Every server binds to 127.0.0.1: the pages show personal
 * and health data. One clock is shared by every handler, so `speed` runs a week in minutes.
 */

export interface StackPorts {
  api?: number;
  pages?: number;
  dynamo?: number;
  ses?: number;
  twilio?: number;
}

export interface LocalStackOptions {
  /** Throwaway data and fixed secrets instead of `dataDir`. */
  memory?: boolean;
  dataDir?: string;
  /** 0 = a random free port (tests). */
  ports?: StackPorts;
  /** Clock speed: 1 = real time, 720 = a day every two minutes, 0 = only moves by `advance`. */
  speed?: number;
  /** Epoch ms the clock starts at (default: now). */
  startAt?: number;
  /** Real milliseconds between scheduler ticks; 0 = no scheduler (call tick()). */
  tickMs?: number;
  /** 'json' = Powertools JSON logs on stdout (no personal data), 'silent' for tests. */
  logs?: 'json' | 'silent';
  /** Where to write local/state-file.ts's file (default: `<dataDir>/local-stack.json`, none in memory mode). */
  stateFile?: string;
  /** Webhook endpoints (core/webhooks.ts); default: one endpoint, the local receiver page, minimal payloads. */
  webhooks?: WebhookEndpoint[];
  /** Link the pictures even on a random pages port (tests): the port is picked before the stack is wired. */
  pictures?: boolean;
  /** The daily SMS carries its picture as MMS (LIMBER_SMS_PICTURES), to US and Canadian numbers. */
  smsPictures?: boolean;
  /** Fault injection on the webhook queue (tests): `unreachable` makes publishing fail. */
  webhookQueueFaults?: { unreachable?: () => boolean };
  /** Brand settings (ENV names of functions/config.ts) over the local example brand, e.g. to test another operator's. */
  brandEnv?: Partial<Record<(typeof BRAND_ENV)[number], string>>;
}

/** The brand settings a test may override (functions/config.ts). */

export interface LocalStack {
  urls: { signup: string; inbox: string; mail: string; phone: string; dashboard: string; clock: string; webhooks: string; api: string };
  /** The DynamoDB stand-in (also in the state file) and the table in it. */
  dynamo: { endpoint: string; tableName: string };
  clock: LocalClock;
  queue: LocalQueue<DeliveryJob>;
  /** The outbound webhook queue (its DLQ included) and what the local receiver page got. */
  webhooks: { queue: LocalQueue<WebhookDelivery>; received: readonly ReceivedWebhook[]; endpoints: readonly WebhookEndpoint[] };
  /** Where the data lives, for tests and tools that seed or read the table directly. */
  data: { dynamoUrl: string; tableName: string };
  /** The stack's table, for tests that check what was (not) stored. */
  store: Store;
  /** Runs the dispatcher once and drains the queue through the sender. */
  tick(): Promise<void>;
  /** Moves the shared clock forward (does not tick). */
  advance(ms: number): void;
  stop(): Promise<void>;
}

export const DEFAULT_PORTS: Required<StackPorts> = { api: 8787, pages: 8788, dynamo: 4567, ses: 8005, twilio: 8006 };
const FLAG: Record<keyof StackPorts, string> = {
  api: '--api-port',
  pages: '--pages-port',
  dynamo: '--dynamo-port',
  ses: '--ses-port',
  twilio: '--twilio-port',
};

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

async function onPort<T>(name: keyof StackPorts, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError(`port ${port} (${name}) is already in use. Stop whatever holds it, or pass ${FLAG[name]} <other port>.`);
    }
    throw err;
  }
}

/** A port free right now (the OS picks it): for a server whose URL must be known before it starts. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

type Handler = (event: unknown) => Promise<unknown>;

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const memory = opts.memory ?? false;
  const dataDir = resolve(opts.dataDir ?? '.limber-data');
  const ports = { ...DEFAULT_PORTS, ...(opts.ports ?? {}) };
  if (ports.pages === 0 && (opts.pictures || opts.smsPictures)) ports.pages = await freePort();
  const open: { close(): Promise<void> }[] = [];
  const closeAll = () => Promise.allSettled([...open].reverse().map((s) => s.close()));
  try {
    if (!memory) mkdirSync(dataDir, { recursive: true });
    const secrets = localSecrets(memory, dataDir);
    const clock = new LocalClock(opts.startAt ?? Date.now(), opts.speed ?? 1);
    const logger = opts.logs === 'json' ? new Logger({ serviceName: 'limber-local' }) : undefined;
    const log: Log = logger ? powertoolsLog(logger) : silentLog;

    const dynamo: RunningServer = await onPort('dynamo', ports.dynamo, () =>
      startDynalite({ port: ports.dynamo, ...(memory ? {} : { path: join(dataDir, 'dynamo') }) }),
    );
    open.push(dynamo);
    const ses = await onPort('ses', ports.ses, () => startSesLocal({ port: ports.ses }));
    open.push(ses);
    const phone = await onPort('twilio', ports.twilio, () =>
      startTwilioServer({ port: ports.twilio, accountSid: LOCAL_TWILIO.accountSid, authToken: secrets.twilioAuthToken, now: () => clock.now() }),
    );
    open.push(phone);

    // The API server starts first (its port is the public URL); its routes are bound once built.
    const routes: Record<'api' | 'twilioInbound' | 'twilioStatus' | 'dashboard', Handler | undefined> = {
      api: undefined,
      twilioInbound: undefined,
      twilioStatus: undefined,
      dashboard: undefined,
    };
    const late =
      (name: keyof typeof routes): Handler =>
      (event) => {
        const h = routes[name];
        if (!h) return Promise.resolve({ statusCode: 503, headers: { 'content-type': 'text/plain' }, body: 'starting' });
        return h(event);
      };
    const api = await onPort('api', ports.api, () =>
      startLambdaHttp({
        port: ports.api,
        routes: [
          { prefix: ROUTES.twilioInbound, handler: late('twilioInbound') },
          { prefix: ROUTES.twilioStatus, handler: late('twilioStatus') },
          { prefix: ROUTES.dashboard, handler: late('dashboard') },
          { prefix: '/', handler: late('api') },
        ],
      }),
    );
    open.push(api);
    const publicBaseUrl = api.url;

    const tableName = 'limber-local';
    await ensureTable(
      new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      tableName,
    );
    const queue = new LocalQueue<DeliveryJob>({ clock, visibilityTimeoutMs: 60_000, maxReceives: 5 });
    // Outbound webhooks: the in-process counterpart of the SQS webhook queue and its DLQ.
    const webhookQueue = new LocalQueue<WebhookDelivery>({
      clock,
      visibilityTimeoutMs: 60_000,
      maxReceives: 5,
      queueArn: 'arn:aws:sqs:local:000000000000:limber-webhooks',
      ...(opts.webhookQueueFaults ? { faults: opts.webhookQueueFaults } : {}),
    });
    let endpoints: WebhookEndpoint[] = opts.webhooks ?? [];
    const webhookSender = createWebhookSenderHandler(async () => ({
      endpoints: async () => endpoints,
      http: fetchWebhookHttp(5_000),
      now: () => clock.now(),
      retryLater: async (receipt, seconds) => void webhookQueue.changeVisibility(receipt, seconds * 1000),
      log,
    }));
    const dashboardNav = () => ({
      nav: Object.entries({
        'Sign up': urls.signup,
        'Email inbox': urls.inbox,
        'Reply to email': urls.mail,
        Phone: urls.phone,
        Clock: urls.clock,
        Webhooks: urls.webhooks,
      }).map(([label, url]) => ({ label, url })),
      clockNote: `Local clock: ${new Date(clock.now()).toISOString()} (${clock.speed}x)`,
      deadLetters: queue.dlq.map((d) => ({ id: d.messageId, reason: d.lastError ?? 'max receives', at: new Date(d.deadAt).toISOString() })),
    });
    const inboundMail = new MemoryInboundMail();
    // The one composition root, as on AWS: only the configuration, the endpoints and the stand-ins
    // (clock, in-process queue, inbound mail in memory, generated secrets) differ.
    const env = localRuntimeEnv({
      tableName,
      publicBaseUrl,
      dynamoUrl: dynamo.url,
      sesUrl: ses.url,
      twilioUrl: phone.url,
      // The pages server draws the pictures; its URL is known up front only on a fixed port (npm start).
      ...(ports.pages ? { imageBaseUrl: `http://127.0.0.1:${ports.pages}${ILLUSTRATIONS}` } : {}),
      smsPictures: opts.smsPictures,
    });
    for (const name of BRAND_ENV) {
      const value = opts.brandEnv?.[name];
      if (value !== undefined) env[name] = value;
    }
    const staticSecrets = new StaticSecrets({
      [SECRET_NAMES.linkKeys]: secrets.linkKeys,
      [SECRET_NAMES.twilioAuthToken]: secrets.twilioAuthToken,
      [SECRET_NAMES.addressPepper]: secrets.addressPepper,
    });
    // The inbox shows mail in a frame: its links open in a new tab (local only, local/new-tab-mailer.ts).
    const wiring: Wiring = wiringFromEnv(env, {
      clock,
      queue,
      webhookQueue,
      webhookEndpoints: async () => endpoints,
      log,
      inboundMail,
      decorateMailer: (mailer) => new NewTabMailer(mailer),
      dashboardExtras: dashboardNav,
      secrets: staticSecrets,
    });
    // Each handler is built by its own module's `build`, exactly as its Lambda entry does.
    const entry = <E, R>(build: Build<E, R>) => lambdaEntry(build, () => wiring);
    const dispatcher = entry(buildDispatcherHandler);
    const sender = entry(buildSenderHandler);
    const webhookOutbox = entry(buildWebhookOutboxHandler);
    // SES publishes Send/Delivery/Bounce/Complaint events; the bridge makes them from the stand-in's store.
    const sesEvents = entry(buildSesEventsHandler);
    const bridge = createSesEventBridge({
      sesUrl: ses.url,
      deliver: (event) => sesEvents(event),
      clock,
      sinceSeconds: 0,
      intervalMs: 1000,
      onError: (err) => log.warn('ses event bridge', { error: (err as Error)?.name ?? 'Error' }),
    });
    open.push({ close: () => bridge.stop() });
    let running: Promise<void> = Promise.resolve();
    // Ticks never overlap: a tick that is still running when the next is due is waited for.
    const tick = (): Promise<void> => {
      running = running.then(async () => {
        await dispatcher({});
        await queue.drain((event: SQSEvent) => sender(event));
        await bridge.pollOnce();
        await webhookOutbox({});
        await webhookQueue.drain((event: SQSEvent) => webhookSender(event));
      });
      const current = running;
      running = running.catch((err: unknown) => log.error('tick failed', { error: (err as Error)?.name ?? 'Error' }));
      return current;
    };

    const sesInbound = entry(buildSesInboundHandler);
    const sms = await wiring.sms();
    let nav: LocalNav | undefined;
    const receiver = webhookReceiver({ clock, endpoints: () => endpoints });
    const pages: RunningLocalPages = await onPort('pages', ports.pages, () =>
      startLocalPages({
        port: ports.pages,
        clock,
        twilio: phone,
        twilioNumber: LOCAL_TWILIO.number,
        twilioAuthToken: secrets.twilioAuthToken,
        inboundWebhookUrl: publicUrl(publicBaseUrl, ROUTES.twilioInbound),
        sendSms: async (to, body) => {
          await sms.send({ to, body });
        },
        sesUrl: ses.url,
        inboundMail,
        sesInbound: (event) => sesInbound(event),
        tick,
        nav: () => nav!,
        webhooks: receiver,
      }),
    );
    open.push(pages);
    if (!opts.webhooks) {
      endpoints = [WebhookEndpoint.parse({ id: 'local', url: `${pages.url}/webhooks/receive/local`, secret: secrets.webhookSecret })];
    }
    const urls = {
      signup: publicUrl(publicBaseUrl, ROUTES.signupPage),
      inbox: `${ses.url}/`,
      mail: `${pages.url}/mail`,
      phone: `${pages.url}/phone`,
      dashboard: publicUrl(publicBaseUrl, ROUTES.dashboard),
      clock: `${pages.url}/clock`,
      webhooks: `${pages.url}/webhooks`,
      api: publicBaseUrl,
    };
    nav = { signup: urls.signup, inbox: urls.inbox, mail: urls.mail, phone: urls.phone, dashboard: urls.dashboard, clock: urls.clock };

    routes.api = entry(buildApiHandler);
    routes.twilioInbound = entry(buildTwilioInboundHandler);
    routes.twilioStatus = entry(buildTwilioStatusHandler);
    routes.dashboard = entry(buildDashboardHandler);

    // Twilio reports delivery to the StatusCallback URL, signed like every webhook.
    const unlisten = phone.onMessage((m: StoredSms) => {
      if (m.direction !== 'outbound-api' || m.status !== 'sent' || !m.statusCallback) return;
      const url = m.statusCallback;
      setTimeout(() => {
        phone.setStatus(m.sid, 'delivered');
        const params = { AccountSid: m.accountSid, MessageSid: m.sid, MessageStatus: 'delivered', SmsSid: m.sid, SmsStatus: 'delivered', To: m.to };
        const signature = twilio.getExpectedTwilioSignature(secrets.twilioAuthToken, url, params);
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          body: new URLSearchParams(params).toString(),
        }).catch(() => log.warn('status callback failed'));
      }, 10);
    });

    const stateFile = opts.stateFile ?? (memory ? undefined : join(dataDir, 'local-stack.json'));
    if (stateFile) {
      writeLocalState(stateFile, {
        pid: process.pid,
        urls,
        dynamoEndpoint: dynamo.url,
        tableName,
        env: {
          [ENV.dynamoEndpoint]: dynamo.url,
          [ENV.tableName]: tableName,
          [ENV.secretAddressPepper]: SECRET_NAMES.addressPepper,
          [localSecretVariable(SECRET_NAMES.addressPepper)]: secrets.addressPepper,
        },
      });
      open.push({ close: async () => removeLocalState(stateFile, process.pid) });
    }

    const tickMs = opts.tickMs ?? 0;
    const timer = tickMs > 0 ? setInterval(() => void tick().catch(() => {}), tickMs) : undefined;
    timer?.unref();
    if (tickMs > 0) bridge.start();

    let stopped = false;
    return {
      urls,
      dynamo: { endpoint: dynamo.url, tableName },
      clock,
      queue,
      store: wiring.store,
      data: { dynamoUrl: dynamo.url, tableName },
      webhooks: {
        queue: webhookQueue,
        received: receiver.received,
        get endpoints() {
          return endpoints;
        },
      },
      tick,
      advance: (ms) => clock.advance(ms),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        if (timer) clearInterval(timer);
        unlisten();
        await running.catch(() => {});
        await closeAll();
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
