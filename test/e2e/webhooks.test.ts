import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookEndpoint } from '../../functions/core/webhooks';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { verifyAsReceiver } from '../support/standard-webhooks';

/**
 * Outbound webhooks on the local stack, received the way an operator's systems receive them: over
 * real HTTP by a server of the test's own, every delivery verified with the Standard Webhooks
 * library. A person signs up, confirms, rates 9 by email reply (the safety pause) and replies STOP.
 */

const RANDOM = { api: 0, pages: 0, dynamo: 0, ses: 0, twilio: 0 };
const HOUR = 3_600_000;
const secret = (s: string) => `whsec_${Buffer.from(`${s}-secret-for-the-webhook-test!`).toString('base64')}`;

interface Got {
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

describe('outbound webhooks on the local stack', () => {
  let stack: LocalStack;
  let receiver: Server;
  const got: Got[] = [];
  let clinicFailuresLeft = 1;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        let status = 204;
        if (req.url === '/dead') status = 500;
        if (req.url === '/clinic' && clinicFailuresLeft > 0) {
          clinicFailuresLeft--;
          status = 503;
        }
        got.push({ path: req.url ?? '', headers: req.headers as Record<string, string>, body, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    stack = await startLocalStack({
      memory: true,
      ports: RANDOM,
      speed: 0,
      startAt: Date.parse('2026-03-02T06:00:00Z'),
      logs: 'silent',
      webhooks: [
        WebhookEndpoint.parse({ id: 'crm', url: `${base}/crm`, secret: secret('crm') }),
        WebhookEndpoint.parse({
          id: 'clinic',
          url: `${base}/clinic`,
          secret: secret('clinic'),
          events: ['score.recorded', 'safety.paused'],
          include: { contact: true, score: true },
        }),
        WebhookEndpoint.parse({ id: 'dead', url: `${base}/dead`, secret: secret('dead'), events: ['subscriber.confirmed'] }),
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await new Promise((r) => receiver?.close(r));
  });

  const delivered = (path: string) =>
    got
      .filter((g) => g.path === path && g.status < 300)
      .map((g) => verifyAsReceiver(secret(path.slice(1)), g.body, g.headers, stack.clock.now()) as { type: string; data: Record<string, unknown> });

  it('signs every event, keeps PII and scores out unless enabled, retries with backoff and parks a dead endpoint in the DLQ', async () => {
    const form = (url: string, body: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
        redirect: 'manual',
      });
    const mails = async () =>
      (
        (await (await fetch(`${stack.urls.inbox}store`)).json()) as {
          emails: { messageId: string; subject: string; destination: { to: string[] }; body: { text?: string } }[];
        }
      ).emails.filter((m) => m.destination.to.includes('hook@example.com'));

    const signup = await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        channel: 'email',
        email: 'hook@example.com',
        timezone: 'Europe/London',
        sendAt: '07:30',
        level: 'gentle',
        consent: true,
        healthConsent: true,
      }),
    });
    expect(signup.status).toBe(202);
    const confirm = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_.-]+/.exec((await mails())[0]!.body.text ?? '')![0];
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(200);
    stack.advance(2 * HOUR);
    await stack.tick(); // day 1 goes out; the confirmed event is delivered
    const day1 = (await mails()).find((m) => /Day 1 of 42/.test(m.subject))!;
    expect((await form(`${stack.urls.mail}/reply`, { messageId: day1.messageId, body: '9' })).status).toBe(303);
    await stack.tick();
    expect((await form(`${stack.urls.mail}/reply`, { messageId: day1.messageId, body: 'stop' })).status).toBe(303);
    await stack.tick();

    const crm = delivered('/crm');
    expect(crm.map((e) => e.type)).toEqual(['subscriber.confirmed', 'score.recorded', 'safety.paused', 'subscriber.opted_out']);
    expect(crm.find((e) => e.type === 'safety.paused')!.data.reasons).toEqual(['high-score']);
    // No address and no score for an endpoint that did not turn them on.
    for (const g of got.filter((x) => x.path === '/crm')) expect(g.body).not.toMatch(/hook@example|"score"/);

    // The clinic refused the first attempt (503): nothing yet, then the retry after its backoff.
    expect(delivered('/clinic').map((e) => e.type)).toEqual(['safety.paused']);
    stack.advance(11_000);
    await stack.tick();
    const clinic = delivered('/clinic');
    expect(clinic.map((e) => e.type).sort()).toEqual(['safety.paused', 'score.recorded']);
    expect(clinic.find((e) => e.type === 'score.recorded')!.data).toMatchObject({ score: 9, email: 'hook@example.com' });
    const clinicIds = got.filter((g) => g.path === '/clinic').map((g) => g.headers['webhook-id']);
    expect(clinicIds.length).toBe(3);
    expect(new Set(clinicIds).size).toBe(2); // the retry carried the same webhook-id

    // The dead endpoint: five attempts, growing gaps, then the DLQ (the redrive bound).
    for (let i = 0; i < 8; i++) {
      stack.advance(15 * 60_000);
      await stack.tick();
    }
    expect(got.filter((g) => g.path === '/dead')).toHaveLength(5);
    expect(stack.webhooks.queue.dlq.map((d) => JSON.parse(d.body).endpointId)).toEqual(['dead']);
    for (const g of got)
      expect(() => verifyAsReceiver(secret(g.path.slice(1)), g.body, { ...g.headers, 'webhook-signature': 'v1,AAAA' }, stack.clock.now())).toThrow();
  }, 60_000);
});

describe('the local receiver page', () => {
  it('shows what the default local endpoint received, signature checked', async () => {
    const stack = await startLocalStack({ memory: true, ports: RANDOM, speed: 0, startAt: Date.parse('2026-03-02T06:00:00Z'), logs: 'silent' });
    try {
      const signup = await fetch(`${stack.urls.api}/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          channel: 'email',
          email: 'page@example.com',
          timezone: 'Europe/London',
          sendAt: '07:30',
          level: 'gentle',
          consent: true,
          healthConsent: true,
        }),
      });
      expect(signup.status).toBe(202);
      // The SES stand-in keeps one store per process: pick this person's mail.
      const mails = ((await (await fetch(`${stack.urls.inbox}store`)).json()) as { emails: { destination: { to: string[] }; body: { text?: string } }[] })
        .emails;
      const mine = mails.find((m) => m.destination.to.includes('page@example.com'))!;
      const confirm = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_.-]+/.exec(mine.body.text ?? '')![0];
      await fetch(confirm, { method: 'POST' });
      await stack.tick();
      const page = await (await fetch(stack.urls.webhooks)).text();
      expect(page).toContain('subscriber.confirmed');
      expect(page).toMatch(/<td>valid<\/td>/);
      expect(page).not.toContain('page@example.com');
      expect(stack.webhooks.received[0]!.signatureValid).toBe(true);
    } finally {
      await stack.stop();
    }
  }, 60_000);
});
