import { HEALTH_CONSENT, MESSAGING_CONSENT } from '../../templates/messages/consent';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSubscriber, optBackIn, pauseSubscriber, resumeSubscriber, signUp, unsubscribe } from '../../functions/core/enrolment';
import { subscriberIdFor, suppressionHash } from '../../functions/core/identifiers';
import { logRating, rateFromLink } from '../../functions/core/ratings';
import type { SignupRequest } from '../../functions/core/signup';
import { storedMail } from '../support/stand-ins';
import { dynaliteFixture, PEPPER, realProviders, RecordingMailer, subscriber, T0 } from '../support/enrolment-fixture';

const MIN = 60_000;
const HOUR = 60 * MIN;

let providers: Awaited<ReturnType<typeof realProviders>>;
beforeAll(async () => {
  providers = await realProviders();
});
afterAll(async () => {
  await providers.twilio.close();
});

const CONSENTS = { consentVersion: MESSAGING_CONSENT.version, healthConsentVersion: HEALTH_CONSENT.version };
const emailReq = (address: string): SignupRequest => ({ channel: 'email', address, timezone: 'Europe/London', sendAt: '07:30', level: 'gentle', ...CONSENTS });
const smsReq = (address: string): SignupRequest => ({ channel: 'sms', address, timezone: 'America/New_York', sendAt: '18:00', level: 'moderate', ...CONSENTS });

describe('sign-up and double opt-in (dynalite, SES and Twilio stand-ins)', () => {
  it('sends one email confirmation with a signed confirm link, through the real SES adapter', async () => {
    const address = `confirm-${randomUUID()}@example.com`;
    const f = await dynaliteFixture({ mailer: providers.mailer, renderer: providers.renderer });
    expect(await signUp(f.ctx, emailReq(address))).toBe('confirmation-sent');
    const mail = await storedMail(address);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('Confirm your Limber sign-up');
    expect(mail[0]!.body.html).toMatch(/https:\/\/limber\.example\/confirm\/[A-Za-z0-9_.-]+/);
    const sub = await f.store.getSubscriber(subscriberIdFor('email', address, PEPPER));
    expect(sub).toMatchObject({ status: 'pending', consentAt: new Date(T0).toISOString(), expiresAt: T0 / 1000 + 48 * 3600 });
  });

  it('sends the SMS confirmation ("reply YES") through the local Twilio server', async () => {
    const f = await dynaliteFixture({ sms: providers.sms, renderer: providers.renderer });
    const phone = '+14155550123';
    expect(await signUp(f.ctx, smsReq(phone))).toBe('confirmation-sent');
    const texts = providers.twilio.thread(phone);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toMatch(/reply YES/i);
    expect(texts[0]!.body).toMatch(/Msg & data rates may apply/);
  });

  it('a recipient the provider refuses for good (carrier opt-out) is answered like any sign-up', async () => {
    const f = await dynaliteFixture({ sms: providers.sms, renderer: providers.renderer });
    expect(await signUp(f.ctx, smsReq('+15005550004'))).toBe('undeliverable');
    expect(await signUp(f.ctx, smsReq('+15005550004'))).toBe('throttled');
  });

  it('list-bombing guard: one confirmation per 10 minutes, one subscriber per address', async () => {
    const mailer = new RecordingMailer();
    const f = await dynaliteFixture({ mailer });
    const req = emailReq('bomb@example.com');
    expect(await signUp(f.ctx, req)).toBe('confirmation-sent');
    f.clock.advance(9 * MIN);
    expect(await signUp(f.ctx, req)).toBe('throttled');
    // Concurrent re-submissions after the window: exactly one wins the slot.
    f.clock.advance(2 * MIN);
    const outcomes = await Promise.all([signUp(f.ctx, req), signUp(f.ctx, req), signUp(f.ctx, req)]);
    expect(outcomes.filter((o) => o === 'confirmation-sent')).toHaveLength(1);
    expect(mailer.sent).toHaveLength(2);
    const page = await f.store.scanSubscribers(100);
    expect(page.items).toHaveLength(1);
  });

  it('confirms within 48 h; an expired sign-up cannot confirm, and a new sign-up replaces it', async () => {
    const f = await dynaliteFixture();
    const id = subscriberIdFor('email', 'late@example.com', PEPPER);
    await signUp(f.ctx, emailReq('late@example.com'));
    f.clock.advance(49 * HOUR);
    expect(await confirmSubscriber(f.ctx, id)).toBe('expired');
    expect(await signUp(f.ctx, emailReq('late@example.com'))).toBe('confirmation-sent');
    expect(await confirmSubscriber(f.ctx, id)).toBe('confirmed');
    expect(await confirmSubscriber(f.ctx, id)).toBe('already');
    const sub = await f.store.getSubscriber(id);
    expect(sub).toMatchObject({ status: 'active', programDay: 1 });
    expect(sub!.expiresAt).toBeUndefined();
    expect(Date.parse(sub!.nextSendAt!)).toBeGreaterThan(f.clock.now());
  });

  it('does not contact a suppressed address, nor re-confirm an active one', async () => {
    const mailer = new RecordingMailer();
    const f = await dynaliteFixture({ mailer });
    await f.store.putSuppression(suppressionHash('email', 'gone@example.com', PEPPER), 'deleted', new Date(T0).toISOString());
    expect(await signUp(f.ctx, emailReq('gone@example.com'))).toBe('suppressed');
    await f.store.createSubscriber(subscriber({ channel: 'email', address: 'on@example.com' }));
    expect(await signUp(f.ctx, emailReq('on@example.com'))).toBe('already-enrolled');
    expect(mailer.sent).toHaveLength(0);
  });

  it('an unsubscribed email may sign up again: a confirmation goes to the inbox, the opt-out stays until it is confirmed', async () => {
    const f = await dynaliteFixture();
    await f.store.createSubscriber(
      subscriber({
        channel: 'email',
        address: 'back@example.com',
        status: 'unsubscribed',
        nextSendAt: undefined,
        unsubscribedAt: new Date(T0).toISOString(),
        unsubscribedVia: 'link',
      }),
    );
    expect(await signUp(f.ctx, emailReq('back@example.com'))).toBe('confirmation-sent');
    const after = await f.store.getSubscriber(subscriberIdFor('email', 'back@example.com', PEPPER));
    expect(after).toMatchObject({ status: 'unsubscribed', unsubscribedVia: 'link', pendingRejoin: { level: 'gentle' } });
    expect(after?.expiresAt).toBeUndefined();
  });
});

describe('unsubscribe, pause, resume, opt back in', () => {
  it('each is one conditional write, and repeating it is harmless', async () => {
    const f = await dynaliteFixture();
    const s = subscriber({ channel: 'email', address: 'life@example.com' });
    await f.store.createSubscriber(s);
    expect(await pauseSubscriber(f.ctx, s.id)).toBe('done');
    expect(await pauseSubscriber(f.ctx, s.id)).toBe('already');
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'paused', pausedReason: 'self' });
    expect(await resumeSubscriber(f.ctx, s.id)).toBe('done');
    expect(await resumeSubscriber(f.ctx, s.id)).toBe('already');
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active', programDay: 5 });
    expect(await unsubscribe(f.ctx, s.id)).toBe('done');
    expect(await unsubscribe(f.ctx, s.id)).toBe('already');
    expect(await pauseSubscriber(f.ctx, s.id)).toBe('not-allowed');
    expect(await optBackIn(f.ctx, s.id)).toBe('done');
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active', programDay: 5 });
    expect(await unsubscribe(f.ctx, 'missing-id')).toBe('not-found');
  });

  it('resuming a completed program starts again from day 1', async () => {
    const f = await dynaliteFixture();
    const s = subscriber({ channel: 'email', address: 'done@example.com', status: 'completed', programDay: 43, nextSendAt: undefined });
    await f.store.createSubscriber(s);
    expect(await resumeSubscriber(f.ctx, s.id)).toBe('done');
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'active', programDay: 1 });
  });
});

describe('ratings and the safety rule', () => {
  it('a later rating the same day replaces the earlier one', async () => {
    const f = await dynaliteFixture();
    const s = subscriber({ channel: 'email', address: 'rate@example.com' });
    await f.store.createSubscriber(s);
    await rateFromLink(f.ctx, s.id, 4, 3);
    await rateFromLink(f.ctx, s.id, 4, 2);
    const ratings = await f.store.listRatings(s.id);
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ programDay: 4, score: 2, source: 'link' });
  });

  it('score >= 8 pauses the program and sends the safety email', async () => {
    const mailer = new RecordingMailer();
    const f = await dynaliteFixture({ mailer });
    const s = subscriber({ channel: 'email', address: 'high@example.com' });
    await f.store.createSubscriber(s);
    expect(await rateFromLink(f.ctx, s.id, 4, 8)).toEqual({ kind: 'recorded', score: 8, escalation: 'safety' });
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'paused', pausedReason: 'safety' });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.subject).toBe('Please pause your Limber exercises');
    expect(mailer.sent[0]!.html).toMatch(/\/resume\//);
    expect(mailer.sent[0]!.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect((await f.store.listSendRecords(s.id)).map((r) => r.kind)).toEqual(['safety']);
  });

  it("keys a notice after repeated weeks (day > 43) to its own record, so the provider's report lands on it", async () => {
    const mailer = new RecordingMailer();
    const f = await dynaliteFixture({ mailer });
    const s = subscriber({ channel: 'email', address: 'late@example.com', programDay: 50, repeats: 1 });
    await f.store.createSubscriber(s);
    expect(await rateFromLink(f.ctx, s.id, 49, 9)).toMatchObject({ escalation: 'safety' });
    expect(mailer.sent[0]!.tags).toEqual({ limber_send: `${s.id}.49.safety` });
    expect((await f.store.listSendRecords(s.id)).map((r) => [r.programDay, r.kind])).toEqual([[49, 'safety']]);
  });

  it('a rise of 3+ over the baseline escalates; a smaller rise does not', async () => {
    const f = await dynaliteFixture();
    const s = subscriber({ channel: 'email', address: 'rise@example.com' });
    await f.store.createSubscriber(s);
    for (const [day, score] of [
      [1, 2],
      [2, 2],
      [3, 2],
    ] as const) {
      expect((await logRating(f.ctx, s, { score, source: 'sms', programDay: day, redFlag: false, urgent: false }))!.escalation).toBe('none');
    }
    expect((await logRating(f.ctx, s, { score: 4, source: 'sms', programDay: 4, redFlag: false, urgent: false }))!.escalation).toBe('none');
    const r = await logRating(f.ctx, s, { score: 5, source: 'sms', programDay: 5, redFlag: false, urgent: false });
    expect(r).toEqual({ escalation: 'safety', reasons: ['rise'] });
  });

  it('a bladder/bowel or groin-numbness red flag sends the urgent message; the count is capped per day', async () => {
    const mailer = new RecordingMailer();
    const f = await dynaliteFixture({ mailer });
    const s = subscriber({ channel: 'email', address: 'urgent@example.com' });
    await f.store.createSubscriber(s);
    const { handleEmailReply } = await import('../../functions/core/inbound');
    for (let i = 0; i < 5; i++) {
      const r = await handleEmailReply(f.ctx, (await f.store.getSubscriber(s.id))!, 'I have lost control of my bladder, pain 6');
      expect(r).toMatchObject({ outcome: 'rated', escalation: 'safetyUrgent' });
    }
    expect(mailer.sent.length).toBe(3);
    expect(mailer.sent[0]!.subject).toBe('Please get urgent medical care');
    const [rating] = await f.store.listRatings(s.id);
    expect(rating).toMatchObject({ score: 6, redFlag: true, source: 'email', programDay: 4 });
  });

  it('never logs a score or an address', async () => {
    const f = await dynaliteFixture();
    const s = subscriber({ channel: 'email', address: 'quiet@example.com' });
    await f.store.createSubscriber(s);
    await rateFromLink(f.ctx, s.id, 4, 9);
    await signUp(f.ctx, emailReq('quiet2@example.com'));
    const text = f.logs.join('\n');
    expect(f.logs.length).toBeGreaterThan(2);
    expect(text).not.toMatch(/quiet2?@example\.com/);
    expect(text).not.toMatch(/"score"|\b9\b/);
  });
});
