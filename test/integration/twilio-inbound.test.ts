import { recordingLog } from '../support/recording-log';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { createTwilioInboundHandler } from '../../functions/handlers/twilio-inbound';
import { captureOutput, dynaliteFixture, FORM, httpEvent, subscriber, T0, TWILIO_SID, TWILIO_TOKEN } from '../support/enrolment-fixture';
import { ctxAs } from '../support/iam-store';

/** The URL configured at Twilio; requests arrive with another Host (API Gateway's own domain). */
const WEBHOOK = 'https://limber.example/twilio/inbound';
const PHONE = '+14155550142';

let sids = 0;
function params(body: string, extra: Record<string, string> = {}): Record<string, string> {
  // Twilio sends many parameters; the handler must accept ones it does not know. Each text has its own SID.
  return {
    AccountSid: TWILIO_SID,
    MessageSid: `SM${String(++sids).padStart(32, '0')}`,
    From: PHONE,
    To: '+15005550006',
    Body: body,
    NumMedia: '0',
    FromCity: 'SAN FRANCISCO',
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

function signedEvent(p: Record<string, string>, o: { url?: string; token?: string; base64?: boolean; signature?: string | null } = {}) {
  const signature = o.signature === undefined ? twilio.getExpectedTwilioSignature(o.token ?? TWILIO_TOKEN, o.url ?? WEBHOOK, p) : o.signature;
  const headers: Record<string, string> = { ...FORM, host: 'abc123.execute-api.eu-west-1.amazonaws.com' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  return httpEvent('POST', '/twilio/inbound', { headers, body: new URLSearchParams(p).toString(), base64: o.base64 ?? true });
}

async function setup(status: Parameters<typeof subscriber>[0]['status'] = 'active') {
  const f = await dynaliteFixture();
  const handler = createTwilioInboundHandler({ ctx: ctxAs('twilioInbound', f), authToken: TWILIO_TOKEN, webhookUrl: WEBHOOK });
  const s = subscriber({ channel: 'sms', address: PHONE, status, ...(status === 'pending' ? { nextSendAt: undefined, expiresAt: T0 / 1000 + 3600 } : {}) });
  await f.store.createSubscriber(s);
  const send = async (body: string, extra: Record<string, string> = {}) => {
    const res = await handler(signedEvent(params(body, extra)));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    return res.body!;
  };
  return { f, handler, s, send };
}

describe('Twilio signature (real signatures from twilio.getExpectedTwilioSignature)', () => {
  it('accepts a valid signature over the configured URL, with a base64 or a plain body and unknown params', async () => {
    const { handler, f, s } = await setup();
    const a = await handler(signedEvent(params('4')));
    expect(a.statusCode).toBe(200);
    expect(a.body).toMatch(/<Message>Limber: thanks, 4\/10 saved for today.<\/Message>/);
    const b = await handler(signedEvent(params('5', { SomethingNew: 'x' }), { base64: false }));
    expect(b.statusCode).toBe(200);
    expect(await f.store.listRatings(s.id)).toMatchObject([{ score: 5, source: 'sms', programDay: 4 }]);
  });

  it.each([
    ['missing', { signature: null }],
    ['wrong token', { token: 'not-the-token' }],
    ['signed for a URL rebuilt from Host', { url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/twilio/inbound' }],
    ['garbage', { signature: 'AAAA' }],
  ] as const)('403 and nothing stored when the signature is %s', async (_name, o) => {
    const { handler, f, s } = await setup();
    const before = JSON.stringify(await f.store.getSubscriber(s.id));
    const res = await handler(signedEvent(params('STOP'), o));
    expect(res.statusCode).toBe(403);
    expect(JSON.stringify(await f.store.getSubscriber(s.id))).toBe(before);
    expect(await f.store.listRatings(s.id)).toEqual([]);
  });

  it('403 when a signed parameter is changed afterwards', async () => {
    const { handler, f, s } = await setup();
    const p = params('2');
    const ev = signedEvent(p);
    const tampered = { ...ev, body: Buffer.from(new URLSearchParams({ ...p, Body: '9' }).toString()).toString('base64') };
    expect((await handler(tampered)).statusCode).toBe(403);
    expect(await f.store.listRatings(s.id)).toEqual([]);
  });
});

describe('carrier keywords', () => {
  it('STOP: one confirmation, then nothing at all until START', async () => {
    const { f, s, send } = await setup();
    expect(await send('STOP')).toMatch(/<Message>Limber: you're unsubscribed/);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('unsubscribed');
    expect(await send('STOP')).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(await send('7')).toMatch(/<Response\/>/);
    expect(await f.store.listRatings(s.id)).toEqual([]);
    expect(await send('START')).toMatch(/<Message>Limber: you're subscribed again/);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('active');
  });

  it('a plain "please stop texting me" is a stop, even with a number in it', async () => {
    const { f, s, send } = await setup();
    await send('please stop texting me, pain 3');
    expect((await f.store.getSubscriber(s.id))?.status).toBe('unsubscribed');
    expect(await f.store.listRatings(s.id)).toEqual([]);
  });

  it('HELP is always answered, even after STOP', async () => {
    const { send } = await setup('unsubscribed');
    expect(await send('HELP')).toMatch(/Msg &amp; data rates may apply/);
  });

  it('YES confirms a pending SMS sign-up', async () => {
    const { f, s, send } = await setup('pending');
    expect(await send('Yes')).toMatch(/<Message>Limber: you're confirmed/);
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active' });
  });

  it('when Twilio Advanced Opt-Out already answered (OptOutType), state changes but no second answer', async () => {
    const { f, s, send } = await setup();
    expect(await send('STOP', { OptOutType: 'STOP' })).toMatch(/<Response\/>/);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('unsubscribed');
  });

  it('an unknown number gets no answer except to HELP', async () => {
    const { handler } = await setup();
    const other = { ...params('7'), From: '+14155550111' };
    expect((await handler(signedEvent(other))).body).toMatch(/<Response\/>/);
  });
});

describe('ratings by SMS', () => {
  it('a red flag answers with the urgent safety text and pauses the program', async () => {
    const { f, s, send } = await setup();
    const body = await send("can't pee and numb groin, 6");
    expect(body).toMatch(/urgent care/);
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'paused', pausedReason: 'safety' });
    expect(await f.store.listRatings(s.id)).toMatchObject([{ score: 6, redFlag: true }]);
  });

  it('logs neither the number nor the score', async () => {
    const logs: string[] = [];
    const f = await dynaliteFixture({ log: recordingLog(logs) });
    const handler = createTwilioInboundHandler({
      ctx: ctxAs('twilioInbound', f),
      authToken: TWILIO_TOKEN,
      webhookUrl: WEBHOOK,
      log: recordingLog(logs),
    });
    await f.store.createSubscriber(subscriber({ channel: 'sms', address: PHONE }));
    const { output } = await captureOutput(async () => {
      await handler(signedEvent(params('9')));
      await handler(signedEvent(params('8'), { signature: 'bad' }));
    });
    const all = `${output}\n${logs.join('\n')}`;
    expect(logs.length).toBeGreaterThan(1);
    expect(all).not.toMatch(/14155550142|"score"|\b9\b|\b8\b/);
  });
});
