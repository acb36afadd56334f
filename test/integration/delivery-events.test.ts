import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../local/manual-clock';
import { vi, afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import twilio from 'twilio';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { deliverJob } from '../../functions/core/deliver';
import { suppressionHash } from '../../functions/core/identifiers';
import { statusCallbackUrl } from '../../functions/core/send-key';
import { createSesEventsHandler } from '../../functions/handlers/ses-events';
import { createTwilioStatusHandler } from '../../functions/handlers/twilio-status';
import { TwilioSms } from '../../functions/adapters/twilio-sms';
import { createSesEventBridge } from '../../local/ses-event-bridge';
import { startTwilioServer } from '../../local/twilio-server';
import { subscriber, testDelivery } from '../support/delivery';
import { storeAs } from '../support/iam-store';
import { freshTable, sesClient } from '../support/stand-ins';

/** Provider events: signed Twilio status callbacks and SES events (made locally by the event bridge). */

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const PUBLIC = 'https://limber.test';
const SID = `SM${'a'.repeat(32)}`;

/**
 * `store` seeds and checks with every action; each handler runs on its own grants (infra/function-registry.ts,
 * enforced by test/support/iam-store.ts): the status callback as twilioStatus, the SES events as
 * sesEvents, deliverJob as the sender.
 */
let store: DynamoStore;
let as: { twilioStatus: DynamoStore; sesEvents: DynamoStore; sender: DynamoStore };
beforeAll(async () => {
  const { client, tableName } = await freshTable();
  store = new DynamoStore({ client, tableName });
  as = {
    twilioStatus: storeAs('twilioStatus', { tableName }),
    sesEvents: storeAs('sesEvents', { tableName }),
    sender: storeAs('sender', { tableName }),
  };
});

function statusEvent(opts: { query: string; params: Record<string, string>; signature?: string; base64?: boolean; host?: string }) {
  const body = new URLSearchParams(opts.params).toString();
  return {
    version: '2.0',
    rawPath: '/twilio/status',
    rawQueryString: opts.query,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      host: opts.host ?? 'limber.test',
      ...(opts.signature ? { 'x-twilio-signature': opts.signature } : {}),
    },
    body: opts.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: opts.base64 ?? false,
    requestContext: { http: { method: 'POST', path: '/twilio/status', sourceIp: '203.0.113.9' } },
  };
}

describe('POST /twilio/status', () => {
  const handler = createTwilioStatusHandler(async () => ({
    store: as.twilioStatus,
    authToken: AUTH_TOKEN,
    publicBaseUrl: PUBLIC,
    clock: new ManualClock(Date.parse('2026-03-02T09:00:00Z')),
  }));

  async function sentSms(): Promise<{ id: string; url: string; query: string }> {
    const s = subscriber({ channel: 'sms', address: '+14155550199' });
    await store.createSubscriber(s);
    await store.putSendRecord({
      subscriberId: s.id,
      programDay: 1,
      channel: 'sms',
      providerMessageId: SID,
      at: '2026-03-02T09:00:00.000Z',
      kind: 'daily',
      deliveryStatus: 'sent',
    });
    const url = statusCallbackUrl(PUBLIC, { subscriberId: s.id, programDay: 1, kind: 'daily' });
    return { id: s.id, url, query: new URL(url).search.slice(1) };
  }

  it('accepts a callback signed for the configured URL and records the status', async () => {
    const { id, url, query } = await sentSms();
    const params = { MessageSid: SID, MessageStatus: 'delivered', AccountSid: `AC${'1'.repeat(32)}`, To: '+14155550199' };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
    const res = await handler(statusEvent({ query, params, signature }));
    expect(res.statusCode).toBe(204);
    expect(await store.getSendRecord(id, 1, 'daily')).toMatchObject({ deliveryStatus: 'delivered', providerMessageId: SID });
  });

  it("creates the day's record from the first callback, and a late 'sent' never undoes 'delivered'", async () => {
    const s = subscriber({ channel: 'sms', address: '+14155550197' });
    await store.createSubscriber(s);
    const url = statusCallbackUrl(PUBLIC, { subscriberId: s.id, programDay: 1, kind: 'daily' });
    const query = new URL(url).search.slice(1);
    const callback = (status: string) => {
      const params = { MessageSid: SID, MessageStatus: status };
      return handler(statusEvent({ query, params, signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) }));
    };
    expect(await store.getSendRecord(s.id, 1, 'daily')).toBeUndefined();
    expect((await callback('delivered')).statusCode).toBe(204);
    expect((await callback('sent')).statusCode).toBe(204);
    expect(await store.getSendRecord(s.id, 1, 'daily')).toMatchObject({ channel: 'sms', providerMessageId: SID, deliveryStatus: 'delivered' });
  });

  it('takes a status named like an Object.prototype key as "accepted", not as an outcome', async () => {
    const s = subscriber({ channel: 'sms', address: '+14155550195' });
    await store.createSubscriber(s);
    const url = statusCallbackUrl(PUBLIC, { subscriberId: s.id, programDay: 1, kind: 'daily' });
    for (const status of ['constructor', '__proto__', 'toString']) {
      const params = { MessageSid: SID, MessageStatus: status };
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
      expect((await handler(statusEvent({ query: new URL(url).search.slice(1), params, signature }))).statusCode).toBe(204);
    }
    expect(await store.getSendRecord(s.id, 1, 'daily')).toMatchObject({ deliveryStatus: 'sent' });
  });

  it('brings no record back for someone whose data was deleted', async () => {
    const s = subscriber({ channel: 'sms', address: '+14155550196' });
    await store.createSubscriber(s);
    await store.deleteSubscriberData(s.id);
    const url = statusCallbackUrl(PUBLIC, { subscriberId: s.id, programDay: 1, kind: 'daily' });
    for (const status of ['sent', 'delivered']) {
      const params = { MessageSid: SID, MessageStatus: status };
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
      expect((await handler(statusEvent({ query: new URL(url).search.slice(1), params, signature }))).statusCode).toBe(204);
    }
    expect(await store.listSendRecords(s.id)).toEqual([]);
  });

  it('accepts a base64 body (HTTP API v2) and unsubscribes on carrier error 21610', async () => {
    const { id, url, query } = await sentSms();
    const params = { MessageSid: SID, MessageStatus: 'undelivered', ErrorCode: '21610' };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
    expect((await handler(statusEvent({ query, params, signature, base64: true }))).statusCode).toBe(204);
    expect(await store.getSendRecord(id, 1, 'daily')).toMatchObject({ deliveryStatus: 'undelivered', errorCode: '21610' });
    expect(await store.getSubscriber(id)).toMatchObject({ status: 'unsubscribed' });
  });

  it('takes the signed callbacks of the local Twilio server (sent, then delivered)', async () => {
    const s = subscriber({ channel: 'sms', address: '+14155550198', timezone: 'Asia/Tokyo', sendAt: '15:00' });
    await store.createSubscriber(s);
    const answers: number[] = [];
    const server = await startTwilioServer({
      port: 0,
      accountSid: `AC${'4'.repeat(32)}`,
      authToken: AUTH_TOKEN,
      autoDeliver: true,
      statusCallback: async (cb) =>
        answers.push((await handler(statusEvent({ query: new URL(cb.url).search.slice(1), params: cb.params, signature: cb.signature }))).statusCode),
    });
    try {
      const t = testDelivery({ store: as.sender });
      t.ctx.sms = new TwilioSms({ accountSid: server.accountSid, authToken: AUTH_TOKEN, from: '+15550003333', baseUrl: server.url });
      expect(await deliverJob(t.ctx, { subscriberId: s.id, programDay: 1, dueAt: s.nextSendAt! })).toMatchObject({ kind: 'sent' });
      // Like Twilio, the server calls back after answering the create: wait for both callbacks.
      await vi.waitFor(() => expect(answers).toEqual([204, 204]), { timeout: 10_000, interval: 20 });
      expect(await store.getSendRecord(s.id, 1, 'daily')).toMatchObject({ deliveryStatus: 'delivered' });
    } finally {
      await server.close();
    }
  });

  it('answers 403 to a bad, missing or Host-derived signature, and to tampered fields', async () => {
    const { id, url, query } = await sentSms();
    const params = { MessageSid: SID, MessageStatus: 'failed', ErrorCode: '30005' };
    const good = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
    const forHost = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url.replace('limber.test', 'evil.example'), params);
    const wrongKey = twilio.getExpectedTwilioSignature('another-token', url, params);
    for (const event of [
      statusEvent({ query, params }),
      statusEvent({ query, params, signature: wrongKey }),
      statusEvent({ query, params, signature: forHost, host: 'evil.example' }),
      statusEvent({ query, params: { ...params, MessageStatus: 'delivered' }, signature: good }),
      statusEvent({ query: query.replace('d=1', 'd=2'), params, signature: good }),
    ]) {
      expect((await handler(event)).statusCode).toBe(403);
    }
    expect(await store.getSendRecord(id, 1, 'daily')).toMatchObject({ deliveryStatus: 'sent' });
    expect(await store.getSubscriber(id)).toMatchObject({ status: 'active' });
  });
});

describe('SES events via the local event bridge', () => {
  const PEPPER = 'pepper-for-tests';
  const events = createSesEventsHandler(async () => ({ store: as.sesEvents, pepper: PEPPER }));
  let bridge: ReturnType<typeof createSesEventBridge>;
  beforeAll(() => {
    // `since` filters the stand-in's own store, which aws-ses-v2-local stamps with its clock; the
    // events themselves carry the test's clock.
    bridge = createSesEventBridge({ sesUrl: inject('sesEndpoint'), deliver: events, clock: new ManualClock(Date.parse('2026-03-02T09:05:00Z')) });
  });
  afterAll(() => bridge.stop());

  async function sendTo(address: string) {
    const t = testDelivery({ store: as.sender });
    t.ctx.mailer = new SesMailer({ client: sesClient(), from: 'coach@limber.test', configurationSet: 'limber', sendKeyHeader: true });
    const s = subscriber({ address });
    await store.createSubscriber(s);
    expect(await deliverJob(t.ctx, { subscriberId: s.id, programDay: 1, dueAt: s.nextSendAt! })).toMatchObject({ kind: 'sent' });
    return s;
  }

  it("the Send event creates the day's record, Delivery updates it", async () => {
    const s = await sendTo(`success+${label()}@simulator.amazonses.com`);
    // The sender writes only the subscriber item: the record comes from SES's report.
    expect(await store.getSendRecord(s.id, 1, 'daily')).toBeUndefined();
    await bridge.pollOnce();
    expect(await store.getSendRecord(s.id, 1, 'daily')).toMatchObject({ channel: 'email', deliveryStatus: 'delivered' });
    expect(await store.getSubscriber(s.id)).toMatchObject({ status: 'active' });
  });

  it.each([
    ['bounce', 'bounced'],
    ['complaint', 'complained'],
  ])('suppresses the subscriber on a %s (mailbox simulator)', async (kind, status) => {
    const s = await sendTo(`${kind}+${label()}@simulator.amazonses.com`);
    await bridge.pollOnce();
    const after = await store.getSubscriber(s.id);
    expect(after?.status).toBe('suppressed');
    expect(after?.nextSendAt).toBeUndefined();
    expect(await store.getSendRecord(s.id, 1, 'daily')).toMatchObject({ deliveryStatus: status });
    expect(await store.isSuppressed(suppressionHash('email', s.address, PEPPER))).toBe(true);
  });

  it('ignores events it cannot use', async () => {
    expect(await events({ source: 'aws.ses', nonsense: true })).toBe('ignored');
    const foreign = {
      source: 'aws.ses',
      'detail-type': 'Email Sent',
      time: '2026-03-02T09:00:00.000Z',
      detail: { eventType: 'Send', mail: { messageId: 'x', timestamp: '2026-03-02T09:00:00.000Z', tags: {} } },
    };
    expect(await events(foreign)).toBe('ignored');
    const tags = { limber_send: ['s_abcdef.1.daily'] };
    for (const eventType of ['constructor', 'toString', 'Open']) {
      const odd = {
        source: 'aws.ses',
        'detail-type': 'Email Sent',
        time: '2026-03-02T09:00:00.000Z',
        detail: { eventType, mail: { messageId: 'x', timestamp: '2026-03-02T09:00:00.000Z', tags } },
      };
      expect(await events(odd)).toBe('ignored');
    }
    const badTime = { ...foreign, time: 'yesterday', detail: { ...foreign.detail, mail: { ...foreign.detail.mail, tags } } };
    expect(await events(badTime)).toBe('ignored');
  });
});

let labels = 0;
const RUN = randomUUID().slice(0, 8);
function label(): string {
  return `${RUN}-${labels++}`;
}
