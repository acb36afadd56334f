import { LOCAL_BRAND } from '../../functions/core/brand';
import { describe, expect, it } from 'vitest';
import { subscriberIdFor } from '../../functions/core/identifiers';
import { createApiHandler } from '../../functions/handlers/api';
import { signupPage } from '../../functions/handlers/pages/signup';
import { captureOutput, dynaliteFixture, FORM, httpEvent, JSON_HEADERS, PEPPER, RecordingMailer } from '../support/enrolment-fixture';
import { ctxAs } from '../support/iam-store';

/** The range self-check on the sign-up form, over the real API handler and dynalite. */

async function setup() {
  const mailer = new RecordingMailer();
  const f = await dynaliteFixture({ mailer });
  const api = createApiHandler({ ctx: ctxAs('api', f), signupLimit: { max: 10, windowSeconds: 600 } });
  return { f, api };
}
const good = { channel: 'email', timezone: 'Europe/Berlin', sendAt: '07:00', level: 'gentle', consent: true, healthConsent: true };
const idOf = (email: string) => subscriberIdFor('email', email, PEPPER);

describe('sign-up self-check', () => {
  it('stores the band the answers give, and records it as the first band change', async () => {
    const { f, api } = await setup();
    const body = JSON.stringify({ ...good, email: 'chair@example.com', reach: 'floor', floor: 'not-possible', back: 'yes' });
    expect((await api(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body }))).statusCode).toBe(202);
    const sub = await f.store.getSubscriber(idOf('chair@example.com'));
    expect(sub).toMatchObject({ band: 'chair', bandChanges: [{ to: 'chair', via: 'self-check' }] });
  });

  it('is optional: skipped, the person gets the middle band', async () => {
    const { f, api } = await setup();
    const body = new URLSearchParams({ ...good, consent: 'on', healthConsent: 'on', email: 'skip@example.com', reach: '', floor: '' } as Record<
      string,
      string
    >).toString();
    expect((await api(httpEvent('POST', '/signup', { headers: FORM, body, base64: true }))).statusCode).toBe(202);
    expect(await f.store.getSubscriber(idOf('skip@example.com'))).toMatchObject({ band: 'standard' });
  });

  it('a plain form post carries the answers too', async () => {
    const { f, api } = await setup();
    const body = new URLSearchParams({
      ...good,
      consent: 'on',
      healthConsent: 'on',
      email: 'form@example.com',
      reach: 'knees',
      floor: 'easy',
      back: 'yes',
    } as Record<string, string>).toString();
    expect((await api(httpEvent('POST', '/signup', { headers: FORM, body, base64: true }))).statusCode).toBe(202);
    expect(await f.store.getSubscriber(idOf('form@example.com'))).toMatchObject({ band: 'easier' });
  });

  it('400 naming the field for an answer that is not offered, and the answers never reach the logs', async () => {
    const { f, api } = await setup();
    const { output } = await captureOutput(async () => {
      const body = JSON.stringify({ ...good, email: 'bad@example.com', floor: 'sometimes', back: 'no' });
      const res = await api(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body }));
      expect(res.statusCode).toBe(400);
      expect(Object.keys(JSON.parse(res.body!).fields)).toEqual(['floor']);
      const ok = JSON.stringify({ ...good, email: 'ok@example.com', floor: 'not-possible' });
      expect((await api(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body: ok }))).statusCode).toBe(202);
    });
    expect(output).not.toMatch(/not-possible|sometimes|chair|floor/);
    expect(await f.store.getSubscriber(idOf('bad@example.com'))).toBeUndefined();
  });

  it('the page asks the three questions in plain words, each skippable', () => {
    const html = signupPage(LOCAL_BRAND);
    expect(html).toContain('how far down can you comfortably reach?');
    expect(html).toContain('Getting down to the floor and back up again is...');
    expect(html).toContain('Is lying on your back comfortable?');
    for (const name of ['reach', 'floor', 'back']) {
      expect(html).toMatch(new RegExp(`name="${name}" value="[a-z-]+"`));
      expect(html).not.toMatch(new RegExp(`name="${name}"[^>]*required`));
    }
  });
});
