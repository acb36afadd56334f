import { LOCAL_BRAND } from '../../functions/core/brand';
import { recordingLog } from './recording-log';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { MemoryStore } from '../../local/memory-store';
import { MjmlRenderer } from '../../functions/adapters/mjml-renderer';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { ManualClock } from '../../local/manual-clock';
import { TwilioSms } from '../../functions/adapters/twilio-sms';
import { subscriberIdFor } from '../../functions/core/identifiers';
import type { LinkKeys } from '../../functions/core/links';
import { composeEmail, composeSms, emailText } from '../../functions/core/messages';
import type { Renderer } from '../../functions/ports';
import type { Subscriber } from '../../functions/core/model';
import type { EnrolmentContext } from '../../functions/core/notify';
import type { Mailer, OutboundEmail, OutboundSms, Sms, Store } from '../../functions/ports';
import { startTwilioServer, type TwilioServer } from '../../local/twilio-server';
import { freshTable, sesClient } from './stand-ins';

/** Shared set-up for the sign-up / links / replies tests. */

export const T0 = Date.parse('2026-03-02T09:00:00.000Z');
export const PEPPER = 'test-pepper-0123456789';
export const BASE_URL = 'https://limber.example';
export const REPLY_DOMAIN = 'reply.limber.example';
export const KEY_A = { id: 'a', secret: 'a'.repeat(40) };
export const KEY_B = { id: 'b', secret: 'b'.repeat(40) };
export const KEYS: LinkKeys = [KEY_A];
export const TWILIO_SID = `AC${'0'.repeat(32)}`;
export const TWILIO_TOKEN = 'twilio-test-auth-token';

/** Renders with the real composers but no MJML: quick, for tests that do not look at the HTML. */
export const plainRenderer: Renderer = {
  async render(req) {
    if (req.channel === 'sms') return { text: composeSms(req) };
    const c = composeEmail(req);
    return { subject: c.subject, html: `<p>${emailText(c)}</p>`, text: emailText(c) };
  },
};

/** A Mailer and Sms that keep what they were asked to send. */
export class RecordingMailer implements Mailer {
  readonly sent: OutboundEmail[] = [];
  async send(email: OutboundEmail) {
    this.sent.push(email);
    return { messageId: `m-${this.sent.length}` };
  }
  async maxSendRate() {
    return 100;
  }
}
export class RecordingSms implements Sms {
  readonly sent: OutboundSms[] = [];
  async send(sms: OutboundSms) {
    this.sent.push(sms);
    return { messageId: `SM${this.sent.length}`, segments: 1 };
  }
  async listSentSince() {
    return [];
  }
}

export interface Fixture {
  ctx: EnrolmentContext;
  clock: ManualClock;
  store: Store;
  logs: string[];
}

export function makeContext(store: Store, over: Partial<EnrolmentContext> = {}): Fixture {
  const clock = new ManualClock(T0);
  const logs: string[] = [];
  const ctx: EnrolmentContext = {
    store,
    clock,
    renderer: plainRenderer,
    mailer: new RecordingMailer(),
    sms: new RecordingSms(),
    linkKeys: KEYS,
    pepper: PEPPER,
    baseUrl: BASE_URL,
    replyDomain: REPLY_DOMAIN,
    brand: LOCAL_BRAND,
    log: recordingLog(logs),
    ...over,
  };
  return { ctx, clock, store, logs };
}

export const memoryFixture = (over: Partial<EnrolmentContext> = {}) => makeContext(new MemoryStore(), over);
/** On a fresh dynalite table; `tableName` lets a test build a handler's scoped store on it (test/support/iam-store.ts). */
export async function dynaliteFixture(over: Partial<EnrolmentContext> = {}): Promise<Fixture & { tableName: string }> {
  const { client, tableName } = await freshTable();
  return { ...makeContext(new DynamoStore({ client, tableName }), over), tableName };
}

/** The real adapters: SES v2 on aws-ses-v2-local, Twilio's client against the local Twilio server. */
export async function realProviders(): Promise<{ mailer: SesMailer; sms: TwilioSms; twilio: TwilioServer; renderer: MjmlRenderer }> {
  const twilio = await startTwilioServer({ port: 0, accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  const mailer = new SesMailer({ client: sesClient(), from: 'coach@limber.example', fallbackSendRate: 50 });
  const sms = new TwilioSms({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, from: '+15005550006', baseUrl: twilio.url });
  return { mailer, sms, twilio, renderer: new MjmlRenderer() };
}

export function subscriber(over: Partial<Subscriber> & Pick<Subscriber, 'channel' | 'address'>): Subscriber {
  return {
    id: subscriberIdFor(over.channel, over.address, PEPPER),
    timezone: 'Europe/London',
    sendAt: '07:30',
    level: 'gentle',
    status: 'active',
    programDay: 5,
    nextSendAt: '2026-03-03T07:30:00.000Z',
    createdAt: new Date(T0 - 10 * 86_400_000).toISOString(),
    confirmedAt: new Date(T0 - 9 * 86_400_000).toISOString(),
    version: 1,
    ...over,
  };
}

/** Captures everything written to stdout, stderr and console while `fn` runs. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  const grab = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  for (const m of methods) console[m] = (...args: unknown[]) => void chunks.push(args.map(String).join(' '));
  try {
    const result = await fn();
    return { result, output: chunks.join('\n') };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    methods.forEach((m, i) => (console[m] = saved[i]!));
  }
}

/** An API Gateway HTTP API (payload v2) event, as the local server and AWS build it. */
export function httpEvent(
  method: string,
  path: string,
  o: { body?: string | Buffer; headers?: Record<string, string>; base64?: boolean; query?: string; ip?: string } = {},
) {
  const body = o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body);
  const base64 = o.base64 ?? false;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: o.query ?? '',
    headers: o.headers ?? {},
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: o.ip ?? '203.0.113.7', userAgent: 'test' }, requestId: 'r', stage: '$default' },
    ...(body ? { body: base64 ? body.toString('base64') : body.toString('utf8'), isBase64Encoded: base64 } : { isBase64Encoded: false }),
  };
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const JSON_HEADERS = { 'content-type': 'application/json' };
