import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriberIdFor } from '../../functions/core/identifiers';
import { dayPlan, loadProgram } from '../../functions/core/program';
import type { LocalStack } from '../../local/stack';
import { startTestStack } from '../support/test-stack';

/**
 * Issue 24 by text, on the local stack over real HTTP: sign up for SMS, YES, the self-check answered
 * one question at a time with signed Twilio webhooks, the band it sets used by day 1; a skipped check
 * keeps the band; the weekly EASY/RIGHT/HARD reply moves it one step and says so.
 */

// Monday 2 March 2026, 08:00 in London (GMT); the send time is 10:00.
const START = Date.parse('2026-03-02T08:00:00Z');
const HOUR = 3_600_000;
// The memory-mode secrets of local/stack.ts.
const AUTH_TOKEN = 'local-twilio-auth-token-0123456789';
const PEPPER = 'local-address-pepper-not-for-production-use';
const program = loadProgram();

let stack: LocalStack;
let sid = 0;
beforeAll(async () => {
  stack = await startTestStack(START);
}, 60_000);
afterAll(() => stack?.stop());

async function signUp(phone: string, answers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(`${stack.urls.api}/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      channel: 'sms',
      phone,
      timezone: 'Europe/London',
      sendAt: '10:00',
      level: 'gentle',
      consent: true,
      healthConsent: true,
      ...answers,
    }),
  });
  expect(res.status).toBe(202);
}

/** A text from `from`, as Twilio posts it (signed); the texts of the TwiML answer. */
async function text(from: string, body: string): Promise<string[]> {
  const url = `${stack.urls.api}/twilio/inbound`;
  const params = { MessageSid: `SM${(++sid).toString(16).padStart(32, '0')}`, AccountSid: `AC${'0'.repeat(31)}1`, From: from, To: '+15005550006', Body: body };
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  expect(res.status).toBe(200);
  const xml = await res.text();
  return [...xml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => m[1]!.replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
}

const sub = (phone: string) => stack.store.getSubscriber(subscriberIdFor('sms', phone, PEPPER));

/** The texts the phone page shows for a number (what Twilio sent it). */
async function phoneThread(): Promise<string> {
  const html = await (await fetch(stack.urls.phone)).text();
  return html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('the range self-check by text, then the weekly EASY/RIGHT/HARD', () => {
  it('is not asked again by text when the sign-up form answered it', async () => {
    const phone = '+447911123409';
    await signUp(phone, { reach: 'knees', floor: 'not-possible', back: 'yes' });
    const welcome = await text(phone, 'YES');
    expect(welcome).toEqual([expect.stringMatching(/confirmed/)]);
    const now = await sub(phone);
    expect(now).toMatchObject({ status: 'active', band: 'chair', selfChecked: true });
    expect(now?.smsSelfCheck).toBeUndefined();
  });

  it('asks after YES one question at a time; letters answer, a digit stays a pain score; the band it sets is used by day 1', async () => {
    const phone = '+447911123401';
    await signUp(phone);
    const welcome = await text(phone, 'YES');
    expect(welcome).toHaveLength(2);
    expect(welcome[0]).toMatch(/confirmed/);
    expect(welcome[1]).toMatch(/^Limber 1\/3, .*how far down can you reach\? A thighs B knees C shins D floor$/);
    expect(await sub(phone)).toMatchObject({ status: 'active', band: 'standard', smsSelfCheck: { asking: 'reach' } });

    expect(await text(phone, 'b.')).toEqual([expect.stringMatching(/^Limber 2\/3: Getting down to the floor/)]);
    // Half-way, the band already follows the answers down (never up).
    expect(await sub(phone)).toMatchObject({ band: 'easier', smsSelfCheck: { asking: 'floor' } });

    // A number is a pain score at any time, never an answer.
    expect(await text(phone, '3')).toEqual([expect.stringMatching(/3\/10 saved/)]);
    expect(await sub(phone)).toMatchObject({ smsSelfCheck: { asking: 'floor' } });
    // An answer that does not parse gets a one-line re-ask; HELP still answers.
    const again = await text(phone, 'sometimes');
    expect(again).toEqual([expect.stringMatching(/^Limber: please reply with one letter, A to C\. Getting down to the floor/)]);
    expect(await text(phone, 'HELP')).toEqual([expect.stringMatching(/STOP to cancel/)]);

    expect(await text(phone, 'Not possible')).toEqual([expect.stringMatching(/^Limber 3\/3: Is lying on your back comfortable\? A yes B no$/)]);
    const done = await text(phone, 'yes'); // answers the question: not a second YES
    expect(done).toEqual(['Limber: thanks. Your stretches will come in chair forms, nothing on the floor. To change this later, reply SETTINGS.']);
    const after = await sub(phone);
    expect(after?.band).toBe('chair');
    expect(after?.smsSelfCheck).toBeUndefined();
    expect(after?.bandChanges?.filter((c) => c.via === 'self-check').map((c) => c.to)).toEqual(['standard', 'easier', 'chair']);

    stack.advance(2 * HOUR + 60_000);
    await stack.tick();
    expect((await sub(phone))?.programDay).toBe(2);
    const thread = await phoneThread();
    const chair = dayPlan('gentle', 1, program, 'chair');
    const written = dayPlan('gentle', 1, program);
    expect(chair.items.some((i, n) => i.exercise.name !== written.items[n]!.exercise.name)).toBe(true);
    for (const item of chair.items) expect(thread).toContain(`- ${item.exercise.name} `);
    expect(thread).toMatch(/Pictures: http\S+\/session\/g1\.\S+\?band=chair/);
  }, 60_000);

  it('skipped, the band stays as it was, and letters are not read after day 1', async () => {
    const phone = '+447911123402';
    await signUp(phone);
    expect(await text(phone, 'YES')).toHaveLength(2);
    stack.advance(24 * HOUR);
    await stack.tick();
    const s = await sub(phone);
    expect(s).toMatchObject({ band: 'standard', programDay: 2 });
    expect(await text(phone, 'b')).toEqual([]);
    expect((await sub(phone))?.band).toBe('standard');
  }, 60_000);

  it('EASY, RIGHT or HARD: one step, said plainly; a second step within 7 days is refused; STOP still stops', async () => {
    const phone = '+447911123402';
    expect(await text(phone, 'Too hard')).toEqual(['Limber: Thanks. From your next message, your stretches come in easier forms.']);
    expect((await sub(phone))?.band).toBe('easier');
    expect(await text(phone, 'HARD')).toEqual([expect.stringMatching(/changed in the last 7 days/)]);
    expect(await text(phone, 'right')).toEqual(['Limber: Thanks. Your stretches stay as they are.']);
    expect((await sub(phone))?.band).toBe('easier');
    expect((await sub(phone))?.bandChanges?.at(-1)).toMatchObject({ from: 'standard', to: 'easier', via: 'feedback' });
    expect(await text(phone, 'STOP')).toEqual([expect.stringMatching(/unsubscribed/)]);
    expect((await sub(phone))?.status).toBe('unsubscribed');
  }, 60_000);

  it('EASY never lifts a person off chair forms', async () => {
    const phone = '+447911123401';
    expect(await text(phone, 'easy')).toEqual([expect.stringMatching(/stay in chair forms: a reply never moves them onto the floor/)]);
    expect((await sub(phone))?.band).toBe('chair');
  }, 60_000);
});
