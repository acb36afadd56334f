import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookEndpoint } from '../../functions/core/webhooks';
import type { LocalStack } from '../../local/stack';
import { verifyAsReceiver } from '../support/standard-webhooks';
import { startTestStack } from '../support/test-stack';

/**
 * No event lost (docs/outcomes.md, webhook outbox): while the webhook queue refuses every message, a
 * person rates their pain and texts STOP. Both facts are stored with their events in the same write;
 * once the queue is back, the sweep publishes them and the receiver (verifying with the Standard
 * Webhooks library) gets each event exactly once by webhook-id, and the outboxes are empty.
 */

const MINUTE = 60_000;
const secret = `whsec_${Buffer.from('outbox-test-secret-of-enough-bytes!').toString('base64')}`;

describe('webhook outbox on the local stack', () => {
  let stack: LocalStack;
  let receiver: Server;
  let queueDown = false;
  const got: { headers: Record<string, string>; body: string; at: number }[] = [];
  let doc: DynamoDBDocumentClient;
  const clinic: { type: string; data: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.url === '/clinic') clinic.push(JSON.parse(body));
        else got.push({ headers: req.headers as Record<string, string>, body, at: stack.clock.now() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    stack = await startTestStack(Date.parse('2026-03-02T06:00:00Z'), {
      webhooks: [
        WebhookEndpoint.parse({ id: 'crm', url: `${base}/hooks`, secret }),
        // The outbox stores no phone number on the rating: the sweep reads it from the profile.
        WebhookEndpoint.parse({ id: 'clinic', url: `${base}/clinic`, secret, events: ['score.recorded'], include: { contact: true, score: true } }),
      ],
      webhookQueueFaults: { unreachable: () => queueDown },
    });
    const client = new DynamoDBClient({ endpoint: stack.data.dynamoUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    doc = DynamoDBDocumentClient.from(client);
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await new Promise((r) => receiver?.close(r));
  });

  const text = (from: string, body: string) =>
    fetch(`${stack.urls.phone}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ from, body }).toString(),
      redirect: 'manual',
    });
  const received = () =>
    got.map((g) => ({
      id: g.headers['webhook-id']!,
      event: verifyAsReceiver(secret, g.body, g.headers, g.at) as { type: string; data: { subscriber_id: string } },
    }));
  const pendingOutboxes = async () =>
    (
      (await doc.send(new ScanCommand({ TableName: stack.data.tableName, FilterExpression: 'attribute_exists(outbox) OR attribute_exists(gsi3pk)' }))).Items ??
      []
    ).length;

  it('publishes what the queue refused once it is back, each event exactly once', async () => {
    const phone = '+14155550191';
    const signup = await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ channel: 'sms', phone, timezone: 'UTC', sendAt: '07:30', level: 'gentle', consent: true, healthConsent: true }),
    });
    expect(signup.status).toBe(202);
    await text(phone, 'YES');
    await stack.tick();
    expect(received().map((r) => r.event.type)).toEqual(['subscriber.confirmed']);
    expect(await pendingOutboxes()).toBe(0); // the relay emptied it

    queueDown = true;
    await text(phone, '4');
    await text(phone, 'STOP');
    const thread = await (await fetch(stack.urls.phone)).text();
    expect(thread).toContain('4/10 saved'); // the person's reply did not fail for the webhook
    stack.advance(2 * MINUTE);
    await stack.tick(); // the sweep runs, and is refused too
    expect(received().map((r) => r.event.type)).toEqual(['subscriber.confirmed']);
    expect(await pendingOutboxes()).toBe(2); // the rating and the profile hold their events

    queueDown = false;
    stack.advance(5 * MINUTE);
    await stack.tick();
    stack.advance(5 * MINUTE);
    await stack.tick(); // a second sweep finds nothing left to publish
    const all = received();
    expect(all.map((r) => r.event.type).sort()).toEqual(['score.recorded', 'subscriber.confirmed', 'subscriber.opted_out']);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(new Set(all.map((r) => r.event.data.subscriber_id)).size).toBe(1);
    expect(await pendingOutboxes()).toBe(0);
    expect(clinic.map((c) => c.data)).toEqual([expect.objectContaining({ score: 4, phone })]);
  }, 90_000);
});
