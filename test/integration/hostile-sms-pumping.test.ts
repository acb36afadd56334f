import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/handlers/api';
import type { SmsPolicy } from '../../functions/core/sms-guard';
import type { TwilioSms } from '../../functions/adapters/twilio-sms';
import type { TwilioServer } from '../../local/twilio-server';
import { httpEvent, JSON_HEADERS, memoryFixture, realProviders, FORM } from '../support/enrolment-fixture';

/**
 * SMS pumping: a bot posts the sign-up form with premium-rate, satellite, toll-free and landline
 * numbers (or many real mobiles) so that our confirmation texts earn someone a share of the fee.
 * Texts go out through the real Twilio client to the local wire server, which counts them.
 */

let twilio: TwilioServer;
let sms: TwilioSms;
beforeAll(async () => {
  ({ twilio, sms } = await realProviders());
});
afterAll(() => twilio.close());

const POLICY: SmsPolicy = { countries: ['US', 'DE'], hourlyBudget: 3, perNumberPerDay: 2 };

function setup(policy: SmsPolicy = POLICY) {
  const f = memoryFixture({ sms, smsPolicy: policy });
  const api = createApiHandler({ ctx: f.ctx, signupLimit: { max: 1000, windowSeconds: 600 } });
  const post = (phone: string, country?: string) =>
    api(
      httpEvent('POST', '/signup', {
        headers: JSON_HEADERS,
        body: JSON.stringify({
          channel: 'sms',
          phone,
          ...(country ? { country } : {}),
          timezone: 'America/New_York',
          sendAt: '08:30',
          level: 'gentle',
          consent: true,
          healthConsent: true,
        }),
      }),
    );
  return { f, api, post };
}
const textsTo = (to: string) => twilio.messages().filter((m) => m.to === to && m.direction === 'outbound-api').length;

describe('sign-up refuses numbers that are not mobiles in an allowed country', () => {
  it.each([
    ['+19005551234', undefined, /premium-rate/],
    ['+449098790000', undefined, /premium-rate/],
    ['+881612345678', undefined, /only text numbers in/],
    ['+870773111111', undefined, /only text numbers in/],
    ['+18005551234', undefined, /toll-free/],
    ['+44 20 7946 0958', undefined, /landline/],
    ['030 1234567', 'DE', /landline/],
    ['+447911123456', undefined, /only text numbers in the United States or Germany/],
  ])('%s (%s) -> 400 naming phone in plain words, no text sent', async (phone, country, words) => {
    const { post } = setup();
    const before = twilio.stats().created;
    const res = await post(phone, country);
    expect(res.statusCode).toBe(400);
    const body = JSON.parse(res.body!) as { fields: Record<string, string> };
    expect(body.fields.phone).toMatch(words);
    expect(twilio.stats().created).toBe(before);
  });

  it('the HTML form answer says why too', async () => {
    const { api } = setup();
    const res = await api(
      httpEvent('POST', '/signup', {
        headers: FORM,
        body: new URLSearchParams({
          channel: 'sms',
          phone: '+19005551234',
          timezone: 'America/New_York',
          sendAt: '08:30',
          level: 'gentle',
          consent: 'on',
          healthConsent: 'on',
        }).toString(),
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/premium-rate/);
  });

  it('accepts a mobile (DE) and a US number, which cannot be told apart (FIXED_LINE_OR_MOBILE)', async () => {
    const { post } = setup();
    expect((await post('+4915123456789')).statusCode).toBe(202);
    expect((await post('+12015550123')).statusCode).toBe(202);
    expect(textsTo('+4915123456789')).toBe(1);
  });
});

describe('budgets', () => {
  it('a global hourly budget of confirmation texts: the next sign-up is told in plain words, nothing sent', async () => {
    const { f, post } = setup({ ...POLICY, hourlyBudget: 3 });
    const numbers = ['+12015550131', '+12015550132', '+12015550133', '+12015550134'];
    const statuses = [];
    for (const n of numbers) statuses.push((await post(n)).statusCode);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(numbers.map(textsTo)).toEqual([1, 1, 1, 0]);
    const refused = await post('+12015550135');
    expect(JSON.parse(refused.body!).message).toMatch(/try again in an hour|sign up by email/);
    f.clock.advance(3600_000);
    expect((await post('+12015550134')).statusCode).toBe(202);
    expect(textsTo('+12015550134')).toBe(1);
  });

  it('a per-number limit: at most perNumberPerDay confirmation texts to one number, whatever the form says', async () => {
    const { f, post } = setup({ ...POLICY, hourlyBudget: 100, perNumberPerDay: 2 });
    const n = '+12015550141';
    for (let i = 0; i < 5; i++) {
      expect((await post(n)).statusCode).toBe(202);
      f.clock.advance(11 * 60_000);
    }
    expect(textsTo(n)).toBe(2);
  });
});
