import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { subscriberIdFor, suppressionHash } from '../../functions/core/identifiers';
import { linkToken } from '../../functions/core/links';
import { createApiHandler } from '../../functions/handlers/api';
import { createTwilioInboundHandler } from '../../functions/handlers/twilio-inbound';
import { deleteData } from '../../functions/core/data-rights';
import type { Store } from '../../functions/ports';
import {
  dynaliteFixture,
  FORM,
  httpEvent,
  JSON_HEADERS,
  PEPPER,
  type RecordingMailer,
  type RecordingSms,
  subscriber,
  T0,
  TWILIO_SID,
  TWILIO_TOKEN,
  type Fixture,
} from '../support/enrolment-fixture';
import { ctxAs } from '../support/iam-store';

/**
 * Consent as an abuser tries it: a stranger's web form against a number that texted STOP, against an
 * unsubscribed or finished address, after a data deletion; a rating racing a deletion. Everything goes
 * through the real handlers (API Gateway events, signed Twilio webhooks) on dynalite.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const PHONE = '+14155550142';
const WEBHOOK = 'https://limber.example/twilio/inbound';

async function setup() {
  const f = await dynaliteFixture({ smsNumber: '+15005550006' });
  const api = createApiHandler({ ctx: ctxAs('api', f), signupLimit: { max: 1000, windowSeconds: 600 } });
  const inbound = createTwilioInboundHandler({ ctx: ctxAs('twilioInbound', f), authToken: TWILIO_TOKEN, webhookUrl: WEBHOOK });
  const text = async (from: string, body: string) => {
    // Every text has its own MessageSid, as at Twilio (a repeated one is a replay and is ignored).
    const p = { AccountSid: TWILIO_SID, MessageSid: `SM${randomBytes(16).toString('hex')}`, From: from, To: '+15005550006', Body: body };
    const headers = { ...FORM, 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, WEBHOOK, p) };
    return inbound(httpEvent('POST', '/twilio/inbound', { headers, body: new URLSearchParams(p).toString() }));
  };
  const signup = (body: Record<string, unknown>, ip = '198.51.100.9') =>
    api(
      httpEvent('POST', '/signup', {
        headers: JSON_HEADERS,
        ip,
        body: JSON.stringify({ timezone: 'Europe/London', sendAt: '09:00', level: 'active', consent: true, healthConsent: true, ...body }),
      }),
    );
  const mailer = f.ctx.mailer as RecordingMailer;
  const sms = f.ctx.sms as RecordingSms;
  return { f, api, text, signup, mailer, sms };
}

const path = (f: Fixture, action: 'confirm' | 'unsubscribe' | 'rate' | 'data', id: string, day?: number) =>
  `/${action}/${linkToken(f.ctx.linkKeys, action, id, f.clock.now(), day)}`;
const confirmPath = (m: { text: string }) => /\/confirm\/[A-Za-z0-9_.-]+/.exec(m.text)![0];

describe('STOP is kept: a web form never re-enrols a number that opted out', () => {
  it('texts nothing, on repeat, for days; the opt-out keeps when and how; the page says to text START', async () => {
    const { f, text, signup, sms } = await setup();
    const s = subscriber({ channel: 'sms', address: PHONE });
    await f.store.createSubscriber(s);
    expect((await text(PHONE, 'STOP')).statusCode).toBe(200);
    const stoppedAt = (await f.store.getSubscriber(s.id))!.unsubscribedAt;
    sms.sent.length = 0;
    for (let i = 0; i < 12; i++) {
      const res = await signup({ channel: 'sms', phone: PHONE }, `203.0.113.${i}`);
      expect(res.statusCode).toBe(202);
      expect(res.body).toContain('text START to +15005550006');
      f.clock.advance(11 * MIN);
    }
    f.clock.advance(49 * HOUR);
    await signup({ channel: 'sms', phone: PHONE });
    expect(sms.sent).toEqual([]);
    const after = await f.store.getSubscriber(s.id);
    expect(after).toMatchObject({ status: 'unsubscribed', unsubscribedAt: stoppedAt, unsubscribedVia: 'keyword', programDay: 5 });
    expect(after?.expiresAt).toBeUndefined();
    // Only the person lifts it.
    expect((await text(PHONE, 'START')).body).toMatch(/<Message>/);
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active' });
  });
});

describe('other-language and plain-word opt-outs, by signed Twilio webhook', () => {
  it.each([
    ['ARRÊT', 'keyword'],
    ['no more please', 'words'],
    ['Stopp', 'keyword'],
  ])('%j unsubscribes (%s)', async (body, via) => {
    const { f, text } = await setup();
    const s = subscriber({ channel: 'sms', address: PHONE });
    await f.store.createSubscriber(s);
    await text(PHONE, body);
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'unsubscribed', unsubscribedVia: via });
  });

  it('"had to stop halfway, 5" is a score, not an opt-out', async () => {
    const { f, text } = await setup();
    const s = subscriber({ channel: 'sms', address: PHONE });
    await f.store.createSubscriber(s);
    await text(PHONE, 'had to stop halfway, 5');
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active' });
    expect(await f.store.listRatings(s.id)).toMatchObject([{ score: 5 }]);
  });
});

describe('an unsubscribed email gets a fresh double opt-in; the opt-out stays until the person confirms', () => {
  it('one confirmation to the inbox, the record untouched (no TTL), confirm starts a new run with the new settings', async () => {
    const { f, api, signup, mailer } = await setup();
    const s = subscriber({ channel: 'email', address: 'ann@example.com', level: 'gentle' });
    await f.store.createSubscriber(s);
    await f.store.putRating({ subscriberId: s.id, at: new Date(T0).toISOString(), score: 4, source: 'link', programDay: 3, redFlag: false });
    expect((await api(httpEvent('POST', path(f, 'unsubscribe', s.id), { headers: FORM, body: 'List-Unsubscribe=One-Click' }))).statusCode).toBe(200);
    const optedOut = await f.store.getSubscriber(s.id);
    expect(optedOut).toMatchObject({ status: 'unsubscribed', unsubscribedVia: 'link' });

    expect((await signup({ channel: 'email', email: 'ann@example.com' })).statusCode).toBe(202);
    expect(mailer.sent.map((m) => m.to)).toEqual(['ann@example.com']);
    const waiting = await f.store.getSubscriber(s.id);
    expect(waiting).toMatchObject({ status: 'unsubscribed', unsubscribedAt: optedOut!.unsubscribedAt, level: 'gentle', pendingRejoin: { level: 'active' } });
    expect(waiting?.expiresAt).toBeUndefined();
    f.clock.advance(49 * HOUR); // past the old pending TTL: nothing of hers may vanish
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'unsubscribed' });
    expect(await f.store.listRatings(s.id)).toHaveLength(1);
    // The 48 h have passed: that link no longer applies; a fresh sign-up and confirm does.
    expect((await api(httpEvent('POST', confirmPath(mailer.sent[0]!)))).statusCode).toBe(410);
    await signup({ channel: 'email', email: 'ann@example.com' });
    expect((await api(httpEvent('POST', confirmPath(mailer.sent[1]!)))).statusCode).toBe(200);
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active', level: 'active', programDay: 1 });
    expect((await f.store.getSubscriber(s.id))?.unsubscribedAt).toBeUndefined();
  });

  it('a finished program re-signed up by someone else keeps its data and gets no TTL', async () => {
    const { f, signup } = await setup();
    const s = subscriber({ channel: 'email', address: 'done@example.com', status: 'completed', nextSendAt: undefined, programDay: 44 });
    await f.store.createSubscriber(s);
    await f.store.putRating({ subscriberId: s.id, at: new Date(T0).toISOString(), score: 2, source: 'sms', programDay: 40, redFlag: false });
    await signup({ channel: 'email', email: 'done@example.com' });
    const after = await f.store.getSubscriber(s.id);
    expect(after).toMatchObject({ status: 'completed', programDay: 44 });
    expect(after?.expiresAt).toBeUndefined();
    expect(await f.store.listRatings(s.id)).toHaveLength(1);
  });
});

describe('delete means delete, and the page says what it found', () => {
  it('removes orphaned ratings when no profile is left, writes the suppression, and says so', async () => {
    const { f, api } = await setup();
    const id = subscriberIdFor('email', 'orphan@example.com', PEPPER);
    for (const day of [1, 2])
      await f.store.putRating({ subscriberId: id, at: new Date(T0).toISOString(), score: 3, source: 'link', programDay: day, redFlag: false });
    const res = await api(httpEvent('POST', path(f, 'data', id), { headers: FORM, body: 'action=delete&confirm=yes' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('We found and deleted 2 pain scores.');
    expect(res.body).toContain('Your sign-up itself had already ended');
    expect(await f.store.listRatings(id)).toEqual([]);
    expect(await f.store.isSuppressed(suppressionHash('email', 'orphan@example.com', PEPPER))).toBe(true);
    const again = await api(httpEvent('POST', path(f, 'data', id), { headers: FORM, body: 'action=delete&confirm=yes' }));
    expect(again.body).toContain('We found nothing stored for this link');
  });

  it('a rating that races the deletion is not left behind', async () => {
    const { f } = await setup();
    const s = subscriber({ channel: 'email', address: 'race@example.com' });
    await f.store.createSubscriber(s);
    const apiCtx = ctxAs('api', f);
    // The person deletes their data between the rating's profile read and its write.
    const racing: Store = Object.create(apiCtx.store, {
      putRating: {
        value: async (r: Parameters<Store['putRating']>[0]) => {
          await deleteData({ store: f.store, pepper: PEPPER, nowIso: new Date(T0).toISOString() }, s.id);
          return apiCtx.store.putRating(r);
        },
      },
    });
    const api = createApiHandler({ ctx: { ...apiCtx, store: racing } });
    const res = await api(httpEvent('POST', path(f, 'rate', s.id, 4), { headers: FORM, body: 'score=3' }));
    expect(res.statusCode).toBe(404);
    expect(await f.store.listRatings(s.id)).toEqual([]);
    expect(await f.store.getSubscriber(s.id)).toBeUndefined();
  });
});

describe('after a deletion a person can come back; after a complaint no web form brings the address back', () => {
  it('deleted: one confirmation, and confirming lifts the suppression', async () => {
    const { f, api, signup, mailer } = await setup();
    const s = subscriber({ channel: 'email', address: 'back@example.com' });
    await f.store.createSubscriber(s);
    await api(httpEvent('POST', path(f, 'data', s.id), { headers: FORM, body: 'action=delete&confirm=yes' }));
    const hash = suppressionHash('email', 'back@example.com', PEPPER);
    expect(await f.store.isSuppressed(hash)).toBe(true);
    await signup({ channel: 'email', email: 'back@example.com' });
    expect(mailer.sent).toHaveLength(1);
    expect(await f.store.isSuppressed(hash)).toBe(true);
    expect((await api(httpEvent('POST', confirmPath(mailer.sent[0]!)))).statusCode).toBe(200);
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active', programDay: 1 });
    expect(await f.store.isSuppressed(hash)).toBe(false);
  });

  it.each(['complaint', 'hard-bounce'])('%s: nothing is sent', async (reason) => {
    const { f, signup, mailer } = await setup();
    await f.store.putSuppression(suppressionHash('email', 'no@example.com', PEPPER), reason, new Date(T0).toISOString());
    await signup({ channel: 'email', email: 'no@example.com' });
    expect(mailer.sent).toEqual([]);
  });
});

describe('list-bombing: confirmations per normalised mailbox', () => {
  const spellings = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? `vic.tim+${i}@gmail.com` : `V.I.C.T.I.M+x${i}@googlemail.com`));

  it('plus-tags and Gmail dots fold into one mailbox: at most 3 per UTC day and 3 per week while it never confirms', async () => {
    const { f, signup, mailer } = await setup();
    const perDay = new Map<number, number>();
    const perWeek = new Map<number, number>();
    const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const [i, email] of spellings(14 * 12).entries()) {
      const before = mailer.sent.length;
      await signup({ channel: 'email', email }, `192.0.2.${i % 250}`);
      if (mailer.sent.length > before) {
        const day = Math.floor(f.clock.now() / 86_400_000);
        bump(perDay, day);
        bump(perWeek, Math.floor(day / 7));
      }
      f.clock.advance(2 * HOUR);
    }
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(3);
    expect(Math.max(...perWeek.values())).toBeLessThanOrEqual(3);
    expect(mailer.sent.length).toBeLessThanOrEqual(3 * perWeek.size);
    expect(new Set(mailer.sent.map((m) => m.to)).size).toBeGreaterThan(1); // the spellings really differ
  });

  it('an unsubscribed address also gets at most 3 a week', async () => {
    const { f, signup, mailer } = await setup();
    await f.store.createSubscriber(subscriber({ channel: 'email', address: 'gone@example.com', status: 'unsubscribed', nextSendAt: undefined }));
    for (let i = 0; i < 40; i++) {
      await signup({ channel: 'email', email: i % 2 ? 'gone@example.com' : `gone+${i}@example.com` });
      f.clock.advance(4 * HOUR);
    }
    expect(mailer.sent.filter((m) => m.to === 'gone@example.com').length).toBeLessThanOrEqual(3);
  });
});
