import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError, startLocalStack, type LocalStack } from '../../local/stack';
import { RANDOM_PORTS, startTestStack } from '../support/test-stack';

/**
 * The local stack without a browser: email replies through the real ses-inbound handler, the clock
 * endpoint, signed Twilio status callbacks, and a port in use refused with a clear message.
 */

const HOUR = 3_600_000;

interface Mail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string };
}

describe('local stack', () => {
  let stack: LocalStack;
  const form = (url: string, body: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
      redirect: 'manual',
    });
  const mails = async (): Promise<Mail[]> => ((await (await fetch(`${stack.urls.inbox}store`)).json()) as { emails: Mail[] }).emails;
  const insights = async () =>
    (await (await fetch(`${stack.urls.dashboard}/insights.json`)).json()) as {
      subscribers: { channel: string; latest: number | null; status: string }[];
      failedSends: unknown[];
    };

  beforeAll(async () => {
    stack = await startTestStack(Date.parse('2026-03-02T06:00:00Z'));
  }, 60_000);
  afterAll(() => stack?.stop());

  it('serves every page', async () => {
    for (const url of Object.values(stack.urls)) expect((await fetch(url)).status, url).toBe(200);
  });

  it('takes an email reply through the inbound handler, and moves the clock from /clock.json', async () => {
    const res = await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        channel: 'email',
        email: 'bo@example.com',
        timezone: 'Europe/London',
        sendAt: '07:30',
        level: 'gentle',
        consent: true,
        healthConsent: true,
      }),
    });
    expect(res.status).toBe(202);
    const confirmation = (await mails()).find((m) => m.destination.to.includes('bo@example.com'))!;
    const confirm = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_.-]+/.exec(confirmation.body.text ?? '')![0];
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(200);

    const clock = await fetch(stack.urls.clock.replace('/clock', '/clock.json'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: 2 * HOUR }),
    });
    expect(await clock.json()).toMatchObject({ now: '2026-03-02T08:00:00.000Z', speed: 0 });
    const day1 = (await mails()).find((m) => /Day 1 of 42/.test(m.subject))!;
    expect(day1).toBeDefined();

    const page = await (await fetch(stack.urls.mail)).text();
    expect(page).toContain(`value="${day1.messageId}"`);
    const reply = await form(`${stack.urls.mail}/reply`, { messageId: day1.messageId, body: '3' });
    expect(reply.status).toBe(303);
    expect(decodeURIComponent(reply.headers.get('location') ?? '')).toContain('handled');
    const row = (await insights()).subscribers.find((s) => s.channel === 'email')!;
    expect(row.latest).toBe(3);
  });

  it('refuses a port that is in use, naming the flag', async () => {
    const port = Number(new URL(stack.urls.api).port);
    await expect(startLocalStack({ memory: true, ports: { ...RANDOM_PORTS, api: port }, logs: 'silent' })).rejects.toThrow(PortInUseError);
    await expect(startLocalStack({ memory: true, ports: { ...RANDOM_PORTS, api: port }, logs: 'silent' })).rejects.toThrow(/--api-port/);
  });
});
