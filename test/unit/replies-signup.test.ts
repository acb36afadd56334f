import { describe, expect, it } from 'vitest';
import { parseSignup, signupFromForm } from '../../functions/core/signup';
import { HEALTH_CONSENT, MESSAGING_CONSENT } from '../../templates/messages/consent';

const base = { timezone: 'Europe/London', sendAt: '07:30', level: 'gentle', consent: true, healthConsent: true };

describe('sign-up body', () => {
  it('accepts an email sign-up and lower-cases the address', () => {
    expect(parseSignup({ ...base, channel: 'email', email: ' Jane@Example.COM ' })).toEqual({
      ok: true,
      request: {
        channel: 'email',
        address: 'jane@example.com',
        timezone: 'Europe/London',
        sendAt: '07:30',
        level: 'gentle',
        band: 'standard',
        consentVersion: MESSAGING_CONSENT.version,
        healthConsentVersion: HEALTH_CONSENT.version,
      },
    });
  });

  it('normalises phone numbers to E.164, with a country for national numbers', () => {
    expect(parseSignup({ ...base, channel: 'sms', phone: '+44 7911 123456' })).toMatchObject({ ok: true, request: { address: '+447911123456' } });
    expect(parseSignup({ ...base, channel: 'sms', phone: '07911 123456', country: 'gb' })).toMatchObject({ ok: true, request: { address: '+447911123456' } });
    expect(parseSignup({ ...base, channel: 'sms', phone: '(201) 555-0123', country: 'US' })).toMatchObject({ ok: true, request: { address: '+12015550123' } });
  });

  it('names each bad field', () => {
    const r = parseSignup({ channel: 'sms', phone: '12', timezone: 'Mars/Olympus', sendAt: '25:00', level: 'extreme', consent: false, extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fields).sort()).toEqual(['consent', 'extra', 'healthConsent', 'level', 'phone', 'sendAt', 'timezone']);
    expect(r.fields.extra).toBe('unknown field');
  });

  it.each([
    [{ ...base, channel: 'email' }, 'email'],
    [{ ...base, channel: 'email', email: 'not-an-email' }, 'email'],
    [{ ...base, channel: 'email', email: `${'a'.repeat(65)}@example.com` }, 'email'],
    [{ ...base, channel: 'email', email: `a@${'b'.repeat(250)}.com` }, 'email'],
    [{ ...base, channel: 'email', email: 'a@example.com', phone: '+447911123456' }, 'phone'],
    [{ ...base, channel: 'sms' }, 'phone'],
    [{ ...base, channel: 'sms', phone: '+44 7700 900123\n' }, 'phone'],
    [{ ...base, channel: 'fax', email: 'a@example.com' }, 'channel'],
    [{ ...base, channel: 'email', email: 'a@example.com', consent: 'yes' }, 'consent'],
    // The health-data consent is its own, explicit, required answer (GDPR Art. 9).
    [{ ...base, channel: 'email', email: 'a@example.com', healthConsent: undefined }, 'healthConsent'],
    [{ ...base, channel: 'email', email: 'a@example.com', healthConsent: false }, 'healthConsent'],
    [{ ...base, channel: 'email', email: 'a@example.com', healthConsent: 'on' }, 'healthConsent'],
    [{ ...base, channel: 'email', email: 'a@example.com', sendAt: '7:30' }, 'sendAt'],
  ])('rejects %j (field %s)', (body, field) => {
    const r = parseSignup(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fields[field]).toBeTruthy();
  });

  it('rejects bodies that are not objects', () => {
    for (const body of [null, 42, 'x', [], undefined]) expect(parseSignup(body).ok).toBe(false);
  });

  it('reads a plain form post', () => {
    const form = new URLSearchParams({
      channel: 'email',
      email: 'a@example.com',
      phone: '',
      timezone: 'UTC',
      sendAt: '08:00',
      level: 'active',
      consent: 'on',
      healthConsent: 'on',
    });
    expect(parseSignup(signupFromForm(form))).toMatchObject({ ok: true, request: { address: 'a@example.com', level: 'active' } });
    form.delete('healthConsent');
    expect(parseSignup(signupFromForm(form))).toMatchObject({
      ok: false,
      fields: { healthConsent: expect.stringMatching(/^Consent to keeping your scores: please tick/) },
    });
  });
});

describe('sign-up errors read well on the form', () => {
  it('names each field as the form labels it and says what to do', async () => {
    const { parseSignup } = await import('../../functions/core/signup');
    const r = parseSignup({ channel: 'email', email: 'ann@example.com', consent: true });
    expect(r).toMatchObject({
      ok: false,
      fields: {
        timezone: 'Time zone: please choose your time zone from the list, for example Europe/London.',
        sendAt: 'Send time: please enter a time such as 07:30.',
        level: 'Level: please choose gentle, moderate or active.',
      },
    });
    expect(parseSignup({ channel: 'fax' })).toMatchObject({ ok: false, fields: { channel: 'How to reach you: please choose email or text message.' } });
    const est = parseSignup({ channel: 'email', email: 'ann@example.com', timezone: 'EST', sendAt: '07:30', level: 'gentle', consent: true });
    expect(est).toMatchObject({ ok: false, fields: { timezone: expect.stringMatching(/^Time zone: .*daylight saving.*America\/New_York/) } });
  });
});
