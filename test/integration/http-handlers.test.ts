import fc from 'fast-check';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken } from '../../functions/core/links';
import { createApiHandler } from '../../functions/handlers/api';
import { createTwilioInboundHandler } from '../../functions/handlers/twilio-inbound';
import { startLambdaHttp, type RunningLambdaHttp } from '../../local/lambda-http';
import { dynaliteFixture, httpEvent, KEYS, subscriber, T0, TWILIO_TOKEN, type Fixture } from '../support/enrolment-fixture';
import { ctxAs } from '../support/iam-store';

/**
 * Property: whatever arrives, the HTTP handlers answer with a response, 2xx or 4xx, never 5xx and
 * never an exception. Runs against dynalite, so storage is real.
 */

let f: Fixture & { tableName: string };
let api: (e: unknown) => Promise<{ statusCode: number }>;
let inbound: (e: unknown) => Promise<{ statusCode: number }>;
const WEBHOOK = 'https://limber.example/twilio/inbound';
const ID = subscriber({ channel: 'email', address: 'prop@example.com' }).id;

beforeAll(async () => {
  f = await dynaliteFixture();
  await f.store.createSubscriber(subscriber({ channel: 'email', address: 'prop@example.com' }));
  await f.store.createSubscriber(subscriber({ channel: 'sms', address: '+14155550100' }));
  api = createApiHandler({ ctx: ctxAs('api', f), signupLimit: { max: 10_000, windowSeconds: 600 } });
  inbound = createTwilioInboundHandler({ ctx: ctxAs('twilioInbound', f), authToken: TWILIO_TOKEN, webhookUrl: WEBHOOK });
});

const token = (action: 'confirm' | 'rate' | 'unsubscribe' | 'pause' | 'resume' | 'data') => linkToken(KEYS, action, ID, T0, 3);
const paths = fc.oneof(
  fc.constantFrom('/', '/signup', '/confirm/', '/rate/x', '/data/a.b.c', '/%00', '/../etc', '//', ''),
  fc.constantFrom('confirm', 'rate', 'unsubscribe', 'pause', 'resume', 'data').map((a) => `/${a}/${token(a as never)}`),
  fc.string({ maxLength: 80 }).map((s) => `/${s}`),
);
const methods = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'get', '');
const contentTypes = fc.constantFrom(
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=b',
  'multipart/form-data',
  'text/plain',
  '',
  'application/json; charset=utf-8',
);
const bodies = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record({
      channel: fc.constantFrom('email', 'sms', 'x'),
      email: fc.option(fc.emailAddress(), { nil: undefined }),
      phone: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
      timezone: fc.constantFrom('UTC', 'Europe/Paris', 'Nope/Zone', ''),
      sendAt: fc.constantFrom('07:30', '24:00', 'x'),
      level: fc.constantFrom('gentle', 'active', 'ultra'),
      consent: fc.constantFrom(true, false, 'on'),
    })
    .map((o) => JSON.stringify(o)),
  fc
    .dictionary(fc.constantFrom('score', 'action', 'format', 'confirm', 'List-Unsubscribe', 'Body', 'From'), fc.string({ maxLength: 20 }))
    .map((d) => new URLSearchParams(d).toString()),
);
const structured = fc.record({
  method: methods,
  path: paths,
  query: fc.oneof(fc.constant(''), fc.constantFrom('score=7', 'score=11', 'score=-1', 'score=abc', 'score=7&score=8'), fc.string({ maxLength: 40 })),
  contentType: contentTypes,
  body: bodies,
  base64: fc.boolean(),
  signature: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
});
const events = fc.oneof(
  {
    weight: 4,
    arbitrary: structured.map((e) =>
      httpEvent(e.method, e.path, {
        query: e.query,
        body: e.body,
        base64: e.base64,
        headers: { 'content-type': e.contentType, ...(e.signature ? { 'x-twilio-signature': e.signature } : {}) },
      }),
    ),
  },
  { weight: 1, arbitrary: fc.anything() },
  {
    weight: 1,
    arbitrary: fc.record(
      { rawPath: fc.anything(), requestContext: fc.anything(), body: fc.anything(), isBase64Encoded: fc.anything(), headers: fc.anything() },
      { requiredKeys: [] },
    ),
  },
);

describe('HTTP handlers never fail on arbitrary input (fast-check)', () => {
  it('api: every answer is 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(events, async (event) => {
        const res = await api(event);
        expect(res.statusCode).toBeGreaterThanOrEqual(200);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );
  });

  it('twilio-inbound: every answer is 2xx or 4xx, also for validly signed arbitrary parameters', async () => {
    const signed = fc
      .record(
        { From: fc.oneof(fc.constant('+14155550100'), fc.string({ maxLength: 20 })), Body: fc.string({ maxLength: 200 }), extra: fc.string({ maxLength: 10 }) },
        { requiredKeys: [] },
      )
      .map((p) => {
        const params: Record<string, string> = {};
        for (const [k, v] of Object.entries(p)) if (v !== undefined) params[k] = v;
        const sig = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, WEBHOOK, params);
        return httpEvent('POST', '/twilio/inbound', {
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
          body: new URLSearchParams(params).toString(),
          base64: true,
        });
      });
    await fc.assert(
      fc.asyncProperty(fc.oneof(events, signed), async (event) => {
        const res = await inbound(event);
        expect(res.statusCode).toBeGreaterThanOrEqual(200);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );
  });
});

describe('local/lambda-http: a local API Gateway for any handler', () => {
  let server: RunningLambdaHttp;
  beforeAll(async () => {
    server = await startLambdaHttp({
      routes: [
        { prefix: '/twilio/inbound', handler: (e) => inbound(e) },
        { prefix: '/', handler: (e) => api(e) },
      ],
    });
  });
  afterAll(() => server.close());

  it('binds to loopback and routes by prefix', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect((await fetch(`${server.url}/twilio/inbound`, { method: 'POST', body: 'Body=hi' })).status).toBe(403);
  });

  it('carries form bodies base64-encoded, as API Gateway does: a one-click unsubscribe over HTTP', async () => {
    const s = subscriber({ channel: 'email', address: 'http@example.com' });
    await f.store.createSubscriber(s);
    const res = await fetch(`${server.url}/unsubscribe/${linkToken(KEYS, 'unsubscribe', s.id, T0)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await f.store.getSubscriber(s.id))?.status).toBe('unsubscribed');
  });

  it('posts JSON to /signup end to end', async () => {
    const res = await fetch(`${server.url}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'email',
        email: 'over-http@example.com',
        timezone: 'UTC',
        sendAt: '08:00',
        level: 'gentle',
        consent: true,
        healthConsent: true,
      }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'pending' });
  });
});
