import { describe, expect, it } from 'vitest';
import { deliverWebhook, fanOut, retryDelaySeconds, WebhookEndpoint, webhookHeaders, type DomainEvent } from '../../functions/core/webhooks';
import { verifyAsReceiver } from '../support/standard-webhooks';

const SECRET = `whsec_${Buffer.from('a-test-secret-of-thirty-two-bytes!!').toString('base64')}`;
const NOW = Date.parse('2026-03-05T08:15:00.000Z');
const plain = WebhookEndpoint.parse({ id: 'crm', url: 'https://crm.example/hooks', secret: SECRET });
const clinic = WebhookEndpoint.parse({
  id: 'clinic',
  url: 'https://clinic.example/hooks',
  secret: SECRET,
  events: ['safety.paused', 'score.recorded'],
  include: { contact: true, score: true },
});

const rating: DomainEvent = {
  type: 'score.recorded',
  subscriberId: 's_abc',
  channel: 'sms',
  address: '+447700900123',
  at: '2026-03-05T08:14:00.000Z',
  programDay: 4,
  score: 9,
  key: '4:x',
};

describe('webhook payloads', () => {
  it('carry no address, phone number or score unless the endpoint turns it on', () => {
    const [toCrm] = fanOut(rating, [plain]);
    expect(JSON.parse(toCrm!.body)).toEqual({
      type: 'score.recorded',
      timestamp: '2026-03-05T08:14:00.000Z',
      data: { subscriber_id: 's_abc', channel: 'sms', program_day: 4 },
    });
    expect(toCrm!.body).not.toMatch(/7700900123|"score"/);
    const [toClinic] = fanOut(rating, [clinic]);
    expect(JSON.parse(toClinic!.body).data).toMatchObject({ score: 9, phone: '+447700900123' });
  });

  it('go only to endpoints subscribed to the type; ids are stable per event and endpoint', () => {
    const confirmed: DomainEvent = {
      type: 'subscriber.confirmed',
      subscriberId: 's_abc',
      channel: 'email',
      address: 'a@example.com',
      at: '2026-03-01T00:00:00.000Z',
    };
    expect(fanOut(confirmed, [plain, clinic]).map((d) => d.endpointId)).toEqual(['crm']);
    const twice = [...fanOut(rating, [plain, clinic]), ...fanOut(rating, [plain, clinic])];
    expect(new Set(twice.map((d) => d.webhookId)).size).toBe(2);
    expect(twice[0]!.webhookId).toMatch(/^msg_[A-Za-z0-9_-]{27}$/);
  });

  it('the safety event names its reason codes, never text', () => {
    const paused: DomainEvent = { ...rating, type: 'safety.paused', reasons: ['high-score', 'rise'] };
    expect(JSON.parse(fanOut(paused, [plain])[0]!.body).data).toEqual({
      subscriber_id: 's_abc',
      channel: 'sms',
      program_day: 4,
      reasons: ['high-score', 'rise'],
    });
  });
});

describe('Standard Webhooks signatures', () => {
  it('verify with the spec library; a changed body, id or secret does not', () => {
    const body = fanOut(rating, [plain])[0]!.body;
    const headers = webhookHeaders(SECRET, 'msg_1', NOW, body);
    expect(headers['webhook-timestamp']).toBe(String(NOW / 1000));
    expect(verifyAsReceiver(SECRET, body, headers, NOW + 60_000)).toEqual(JSON.parse(body));
    expect(() => verifyAsReceiver(SECRET, body.replace('s_abc', 's_abd'), headers, NOW)).toThrow(/signature/);
    expect(() => verifyAsReceiver(SECRET, body, { ...headers, 'webhook-id': 'msg_2' }, NOW)).toThrow(/signature/);
    const other = `whsec_${Buffer.from('another-secret-of-thirty-two-bytes').toString('base64')}`;
    expect(() => verifyAsReceiver(other, body, headers, NOW)).toThrow(/signature/);
    // A replay ten minutes later is refused by the receiver's tolerance.
    expect(() => verifyAsReceiver(SECRET, body, headers, NOW + 10 * 60_000)).toThrow(/too old/);
  });
});

describe('delivery attempts', () => {
  const delivery = fanOut(rating, [plain])[0]!;
  const http = (status: number | Error) => ({
    calls: [] as { url: string; headers: Record<string, string> }[],
    async post(url: string, headers: Record<string, string>) {
      this.calls.push({ url, headers });
      if (status instanceof Error) throw status;
      return { status };
    },
  });

  it('2xx delivered, 410 dropped, other statuses and network errors retried with growing delays', async () => {
    const ok = http(204);
    expect(await deliverWebhook({ endpoints: [plain], http: ok, now: () => NOW }, delivery, 1)).toEqual({ kind: 'delivered', status: 204 });
    expect(ok.calls[0]!.url).toBe('https://crm.example/hooks');
    expect(ok.calls[0]!.headers['webhook-id']).toBe(delivery.webhookId);
    expect(await deliverWebhook({ endpoints: [plain], http: http(410), now: () => NOW }, delivery, 1)).toEqual({ kind: 'dropped', reason: 'gone' });
    expect(await deliverWebhook({ endpoints: [plain], http: http(503), now: () => NOW }, delivery, 3)).toEqual({
      kind: 'retry',
      status: 503,
      delaySeconds: 40,
    });
    const down = Object.assign(new Error('refused'), { name: 'TypeError' });
    expect(await deliverWebhook({ endpoints: [plain], http: http(down), now: () => NOW }, delivery, 1)).toEqual({
      kind: 'retry',
      error: 'TypeError',
      delaySeconds: 10,
    });
    expect(await deliverWebhook({ endpoints: [], http: ok, now: () => NOW }, delivery, 1)).toEqual({ kind: 'dropped', reason: 'unknown-endpoint' });
    expect([1, 2, 3, 4, 8, 20].map(retryDelaySeconds)).toEqual([10, 20, 40, 80, 900, 900]);
  });

  it('endpoint secrets must be whsec_ base64', () => {
    expect(WebhookEndpoint.safeParse({ id: 'x', url: 'https://x.example', secret: 'plain' }).success).toBe(false);
  });
});
