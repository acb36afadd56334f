import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { deliverJob } from '../../functions/core/deliver';
import { exportData } from '../../functions/core/data-rights';
import { resumeSubscriber } from '../../functions/core/enrolment';
import { AMBIGUOUS } from '../../functions/core/pacing';
import { rateFromLink } from '../../functions/core/ratings';
import { parseSendKey, SEND_KEY_TAG } from '../../functions/core/send-key';
import { applyEmailEvent } from '../../functions/core/provider-events';
import { linkToken } from '../../functions/core/links';
import { createApiHandler } from '../../functions/handlers/api';
import { createTwilioInboundHandler } from '../../functions/handlers/twilio-inbound';
import { ProviderError, type Store } from '../../functions/ports';
import { subscriber as deliverySubscriber, testDelivery, type TestDelivery } from '../support/delivery';
import {
  dynaliteFixture,
  FORM,
  httpEvent,
  JSON_HEADERS,
  makeContext,
  type RecordingMailer,
  subscriber,
  TWILIO_SID,
  TWILIO_TOKEN,
} from '../support/enrolment-fixture';
import { freshTable } from '../support/stand-ins';

/**
 * Issue 17 item 6: a restarted program (start again, re-sign-up, lifted deletion) is a new run with
 * its own keys. Run 1's records and ratings must not count as evidence, summaries or baseline of run 2.
 * On dynalite, with the real sender core and the real enrolment paths.
 */

const timeout = () => new ProviderError('transient', AMBIGUOUS, 'SES request timed out');

async function dynamoDelivery(): Promise<TestDelivery> {
  const { client, tableName } = await freshTable();
  return testDelivery({ store: new DynamoStore({ client, tableName }) });
}

/** Delivers the subscriber's next due day at its due time; the provider's report creates the record. */
async function deliverNext(t: TestDelivery, id: string) {
  const sub = (await t.store.getSubscriber(id))!;
  t.clock.set(Math.max(t.clock.now(), Date.parse(sub.nextSendAt!)));
  return deliverJob(t.ctx, { subscriberId: id, programDay: sub.programDay, dueAt: sub.nextSendAt! });
}

/** Run 1 ends the way the closing message ends it (status completed, off the due index). */
async function finishProgram(store: Store, id: string) {
  const sub = (await store.getSubscriber(id))!;
  expect(await store.updateSubscriber(id, { version: sub.version }, { set: { status: 'completed', programDay: 44 }, remove: ['nextSendAt'] })).toBeDefined();
}

/** "Start again" (the closing message's button, or START): the real enrolment path. */
async function startAgain(t: TestDelivery, id: string) {
  const f = makeContext(t.store);
  f.clock.set(t.clock.now());
  expect(await resumeSubscriber(f.ctx, id)).toBe('done');
  return f;
}

const mailKeys = (t: TestDelivery, from = 0) => t.mailer.sent.slice(from).map((m) => parseSendKey(m.tags?.[SEND_KEY_TAG] ?? '')!);

describe('a restarted program is a new run', () => {
  it('run 2 day 1 after an ambiguous SES timeout is sent once, though run 1 has a day-1 record', async () => {
    const t = await dynamoDelivery();
    const s = deliverySubscriber();
    await t.store.createSubscriber(s);
    expect(await deliverNext(t, s.id)).toMatchObject({ kind: 'sent' });
    expect(await t.store.getSendRecord(s.id, 1, 'daily')).toBeDefined();
    await finishProgram(t.store, s.id);
    t.clock.advance(86_400_000);
    await startAgain(t, s.id);
    const before = t.mailer.sent.length;

    // SES does not answer: the mail may or may not have gone out. Here it did not.
    t.mailer.fail.push(timeout());
    expect(await deliverNext(t, s.id)).toMatchObject({ kind: 'retry', claimKept: true });
    t.clock.advance(10 * 60_000);
    expect(await deliverNext(t, s.id)).toMatchObject({ kind: 'sent' });
    expect(mailKeys(t, before).filter((k) => k.programDay === 1 && k.kind === 'daily')).toHaveLength(1);
    expect(await t.store.getSubscriber(s.id)).toMatchObject({ programDay: 2, run: 2 });
    // Both runs' day-1 records are kept (history, export), each under its own key.
    expect(
      (await t.store.listSendRecords(s.id))
        .filter((r) => r.programDay === 1 && r.kind === 'daily')
        .map((r) => r.run ?? 1)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('run 2 day 1 that SES took before the timeout is reconciled from run 2 record, not sent again', async () => {
    const t = await dynamoDelivery();
    const s = deliverySubscriber();
    await t.store.createSubscriber(s);
    await deliverNext(t, s.id);
    await finishProgram(t.store, s.id);
    t.clock.advance(86_400_000);
    await startAgain(t, s.id);
    const before = t.mailer.sent.length;
    t.mailer.afterAccept = () => {
      t.mailer.afterAccept = undefined;
      throw timeout();
    };
    expect(await deliverNext(t, s.id)).toMatchObject({ kind: 'retry', claimKept: true });
    t.clock.advance(10 * 60_000);
    expect(await deliverNext(t, s.id)).toMatchObject({ kind: 'reconciled', evidence: 'record', messageId: `ses-${before + 1}` });
    expect(t.mailer.sent).toHaveLength(before + 1);
  });

  it('run 2 gets its own weekly summary, though run 1 sent one for the same program day', async () => {
    const t = await dynamoDelivery();
    const s = deliverySubscriber();
    await t.store.createSubscriber(s);
    const f = makeContext(t.store);
    const week = async () => {
      for (let day = 1; day <= 8; day++) {
        expect(await deliverNext(t, s.id)).toMatchObject({ kind: 'sent' });
        f.clock.set(t.clock.now() + 3600_000);
        if (day <= 7) expect(await rateFromLink(f.ctx, s.id, day, 3)).toMatchObject({ kind: 'recorded', escalation: 'none' });
      }
    };
    await week();
    expect(mailKeys(t).filter((k) => k.kind === 'summary')).toHaveLength(1);
    await finishProgram(t.store, s.id);
    t.clock.advance(86_400_000);
    await startAgain(t, s.id);
    const before = t.mailer.sent.length;
    await week();
    expect(
      mailKeys(t, before)
        .filter((k) => k.kind === 'summary')
        .map((k) => k.programDay),
    ).toEqual([7]);
  });
});

const WEBHOOK = 'https://limber.example/twilio/inbound';
const PHONE = '+14155550177';
let sids = 0;

describe('ratings of a new run', () => {
  it('run 2 baseline ignores run 1 ratings, and no rating of run 2 overwrites one of run 1', async () => {
    const f = await dynaliteFixture();
    const handler = createTwilioInboundHandler({ ctx: f.ctx, authToken: TWILIO_TOKEN, webhookUrl: WEBHOOK });
    // The person texts, as Twilio delivers it: a real signature over the configured URL.
    const text = async (body: string) => {
      const p = { AccountSid: TWILIO_SID, MessageSid: `SM${String(++sids).padStart(32, '0')}`, From: PHONE, To: '+15005550006', Body: body, NumMedia: '0' };
      const headers = { ...FORM, 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, WEBHOOK, p) };
      const res = await handler(httpEvent('POST', '/twilio/inbound', { headers, body: new URLSearchParams(p).toString() }));
      expect(res.statusCode).toBe(200);
    };
    const s = subscriber({ channel: 'sms', address: PHONE, status: 'completed', programDay: 44, nextSendAt: undefined });
    await f.store.createSubscriber(s);
    // Run 1's ratings, written before runs existed (no run attribute): a low baseline of 1.
    for (const day of [1, 2, 3])
      await f.store.putRating({ subscriberId: s.id, at: '2026-01-10T09:00:00.000Z', score: 1, source: 'sms', programDay: day, redFlag: false });
    await text('START');
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active', programDay: 1, run: 2 });
    const dayWentOut = async (day: number) => {
      const cur = (await f.store.getSubscriber(s.id))!;
      await f.store.updateSubscriber(s.id, { version: cur.version }, { set: { programDay: day + 1 } });
    };
    await dayWentOut(1);
    await text('5');
    await dayWentOut(2);
    // 7 is 2 above run 2's baseline (5): no safety pause. Against run 1's ratings it would be a rise of 4+.
    await text('7');
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active' });
    const all = await f.store.listRatings(s.id);
    expect(all.map((r) => [r.run ?? 1, r.programDay, r.score]).sort()).toEqual([
      [1, 1, 1],
      [1, 2, 1],
      [1, 3, 1],
      [2, 1, 5],
      [2, 2, 7],
    ]);
    expect((await f.store.listRatings(s.id, 2)).map((r) => r.score)).toEqual([5, 7]);
    // Old runs stay the person's data: exported, and deleted with the rest.
    const exported = await exportData(f.store, s.id);
    expect(exported?.ratings.map((r) => [r.run, r.programDay])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 1],
      [2, 2],
    ]);
    expect(await f.store.deleteSubscriberData(s.id)).toMatchObject({ profile: true, ratings: 5 });
    expect(await f.store.listRatings(s.id)).toEqual([]);
  });
});

describe('a re-sign-up and a sign-up after a deletion are new runs too', () => {
  async function setup(address: string) {
    const f = await dynaliteFixture();
    const api = createApiHandler({ ctx: f.ctx, signupLimit: { max: 1000, windowSeconds: 600 } });
    const s = subscriber({ channel: 'email', address, programDay: 1, nextSendAt: '2026-03-03T07:30:00.000Z' });
    await f.store.createSubscriber(s);
    // SES's reports of run 1 are late: nothing records its day 1 yet.
    const t = testDelivery({ store: f.store, now: s.nextSendAt, reports: false });
    expect(await deliverNext(t, s.id)).toMatchObject({ kind: 'sent' });
    const run1Day1 = parseSendKey(t.mailer.sent[0]!.tags![SEND_KEY_TAG]!)!;
    f.clock.set(t.clock.now() + 3600_000);
    const link = (action: 'unsubscribe' | 'data') => `/${action}/${linkToken(f.ctx.linkKeys, action, s.id, f.clock.now())}`;
    const signUpAndConfirm = async () => {
      const body = JSON.stringify({
        channel: 'email',
        email: address,
        timezone: 'Europe/London',
        sendAt: '07:30',
        level: 'gentle',
        consent: true,
        healthConsent: true,
      });
      expect((await api(httpEvent('POST', '/signup', { headers: JSON_HEADERS, ip: '198.51.100.9', body }))).statusCode).toBe(202);
      const mail = (f.ctx.mailer as RecordingMailer).sent.at(-1)!;
      const confirm = /\/confirm\/[A-Za-z0-9_.-]+/.exec(mail.text)![0];
      expect((await api(httpEvent('POST', confirm))).statusCode).toBe(200);
      return api(httpEvent('POST', confirm));
    };
    return { f, api, s, t, run1Day1, link, signUpAndConfirm };
  }

  it('a confirmed re-sign-up after unsubscribe is run 2, once however often the link is pressed', async () => {
    const { f, api, s, link, signUpAndConfirm } = await setup('again@example.com');
    expect((await api(httpEvent('POST', link('unsubscribe'), { headers: FORM, body: 'List-Unsubscribe=One-Click' }))).statusCode).toBe(200);
    await signUpAndConfirm();
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active', programDay: 1, run: 2 });
  });

  it('after a deletion, a late report of the deleted run day 1 is no evidence for the new run day 1', async () => {
    const { f, api, s, t, run1Day1, link, signUpAndConfirm } = await setup('back@example.com');
    expect((await api(httpEvent('POST', link('data'), { headers: FORM, body: 'action=delete&confirm=yes' }))).statusCode).toBe(200);
    await signUpAndConfirm();
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active', programDay: 1, run: 2 });
    // SES's Delivery event for the deleted run's day 1 arrives now, after the new confirmation.
    const at = new Date(f.clock.now()).toISOString();
    await applyEmailEvent({ store: f.store }, { type: 'delivery', key: run1Day1, messageId: 'ses-1', sentAt: at, at });
    t.clock.set(f.clock.now());
    const before = t.mailer.sent.length;
    t.mailer.fail.push(timeout());
    expect(await deliverNext(t, s.id)).toMatchObject({ kind: 'retry', claimKept: true });
    t.clock.advance(10 * 60_000);
    expect(await deliverNext(t, s.id)).toMatchObject({ kind: 'sent' });
    expect(mailKeys(t, before)).toEqual([{ subscriberId: s.id, programDay: 1, kind: 'daily', run: 2 }]);
  });
});
