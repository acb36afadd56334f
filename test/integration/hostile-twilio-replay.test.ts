import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { createTwilioInboundHandler } from '../../functions/handlers/twilio-inbound';
import { dynaliteFixture, FORM, httpEvent, subscriber, TWILIO_SID, TWILIO_TOKEN } from '../support/enrolment-fixture';
import { ctxAs } from '../support/iam-store';

/**
 * An attacker who captured one validly signed webhook (a START, say) replays it byte for byte. Twilio's
 * signature has no timestamp, so only the MessageSid tells a replay from a new text.
 */

const WEBHOOK = 'https://limber.example/twilio/inbound';
const PHONE = '+14155550177';
const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const params = (sid: string, body: string): Record<string, string> => ({
  AccountSid: TWILIO_SID,
  MessageSid: sid,
  From: PHONE,
  To: '+15005550006',
  Body: body,
});
const signed = (p: Record<string, string>) =>
  httpEvent('POST', '/twilio/inbound', {
    headers: { ...FORM, 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, WEBHOOK, p) },
    body: new URLSearchParams(p).toString(),
    base64: true,
  });
const sid = (n: number) => `SM${String(n).padStart(32, '0')}`;

async function setup() {
  const f = await dynaliteFixture();
  const handler = createTwilioInboundHandler({ ctx: ctxAs('twilioInbound', f), authToken: TWILIO_TOKEN, webhookUrl: WEBHOOK });
  const s = subscriber({ channel: 'sms', address: PHONE });
  await f.store.createSubscriber(s);
  return { f, handler, s };
}

describe('webhook replay', () => {
  it('a replayed signed START after STOP changes nothing and answers nothing', async () => {
    const { f, handler, s } = await setup();
    const start = signed(params(sid(2), 'START'));
    expect((await handler(signed(params(sid(1), 'STOP')))).body).toMatch(/unsubscribed/);
    expect((await handler(start)).body).toMatch(/subscribed again/);
    expect((await handler(signed(params(sid(3), 'STOP')))).body).toMatch(/unsubscribed/);
    const replay = await handler(start);
    expect(replay.statusCode).toBe(200);
    expect(replay.body).toBe(EMPTY);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('unsubscribed');
  });

  it('a replayed rating is not stored twice', async () => {
    const { f, handler, s } = await setup();
    const rating = signed(params(sid(10), '4'));
    await handler(rating);
    await f.store.putRating({ ...(await f.store.listRatings(s.id))[0]!, score: 6 });
    expect((await handler(rating)).body).toBe(EMPTY);
    expect((await f.store.listRatings(s.id)).map((r) => r.score)).toEqual([6]);
  });

  it('a signed webhook without a MessageSid is a 400 naming the field', async () => {
    const { handler } = await setup();
    const { MessageSid: _drop, ...rest } = params(sid(20), 'START');
    const res = await handler(signed(rest));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('MessageSid');
  });
});
