import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/handlers/api';
import { ProviderError } from '../../functions/ports';
import type { TwilioSms } from '../../functions/adapters/twilio-sms';
import type { TwilioServer } from '../../local/twilio-server';
import { JSON_HEADERS, httpEvent, memoryFixture, realProviders } from '../support/enrolment-fixture';

/**
 * Twilio answers per-recipient refusals with 4xx codes we may not have in our table (21408: the
 * destination's region is not enabled in Geo Permissions). Those must stop one subscriber, never the
 * sender or the sign-up form; only codes about our account or our request stop a run.
 */

let twilio: TwilioServer;
let sms: TwilioSms;
beforeAll(async () => {
  ({ twilio, sms } = await realProviders());
});
afterAll(() => twilio.close());

const refusal = async (to: string, code: number, status = 400): Promise<ProviderError> => {
  twilio.failFor(to, { status, code, message: `refused ${to}` });
  const err = await sms.send({ to, body: 'x' }).catch((e: unknown) => e);
  twilio.failFor(to, undefined);
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
};

describe('Twilio 4xx codes over the wire', () => {
  it.each([21408, 21635, 21999, 30000 + 7])('per-recipient code %i suppresses that subscriber only', async (code) => {
    const err = await refusal('+14155550142', code);
    expect(err).toMatchObject({ kind: 'permanent', recipientStatus: 'suppressed', code: `twilio-${code}` });
    expect(err.message).not.toContain('4155550142');
  });

  it.each([20003, 20005, 21212, 21606, 21659, 21603, 21705])('account or request code %i stops the run', async (code) => {
    expect(await refusal('+14155550143', code)).toMatchObject({ kind: 'account', code: `twilio-${code}` });
  });

  it('a sign-up to a number in a region Twilio refuses (21408) answers 202, not 503', async () => {
    const f = memoryFixture({ sms });
    const api = createApiHandler({ ctx: f.ctx, signupLimit: { max: 100, windowSeconds: 600 } });
    twilio.failFor('+14155550144', { status: 400, code: 21408, message: 'Permission to send an SMS has not been enabled' });
    const body = JSON.stringify({
      channel: 'sms',
      phone: '+14155550144',
      timezone: 'America/New_York',
      sendAt: '08:30',
      level: 'gentle',
      consent: true,
      healthConsent: true,
    });
    const res = await api(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body }));
    twilio.failFor('+14155550144', undefined);
    expect(res.statusCode).toBe(202);
  });
});
