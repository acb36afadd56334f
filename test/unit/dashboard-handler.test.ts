import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../local/memory-store';
import { ManualClock } from '../../local/manual-clock';
import { cspHash } from '../../functions/handlers/http';
import { createDashboardHandler } from '../../functions/handlers/dashboard';
import { DASHBOARD_STYLE } from '../../functions/handlers/pages/dashboard';
import { subscriber } from '../support/delivery';

const event = (method: string, path: string) => ({ rawPath: path, requestContext: { http: { method } } });

async function setup() {
  const store = new MemoryStore();
  const s = subscriber({ programDay: 3 });
  await store.createSubscriber(s);
  await store.putRating({ subscriberId: s.id, programDay: 1, score: 6, at: '2026-03-02T08:00:00.000Z', source: 'link', redFlag: false });
  await store.putRating({ subscriberId: s.id, programDay: 2, score: 9, at: '2026-03-03T08:00:00.000Z', source: 'sms', redFlag: false });
  const handler = createDashboardHandler({ store, clock: new ManualClock(Date.parse('2026-03-04T00:00:00Z')) });
  return { handler, s };
}

describe('dashboard handler', () => {
  it('serves the page with a CSP that allows only its own style sheet', async () => {
    const { handler, s } = await setup();
    const res = await handler(event('GET', '/dashboard'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain(`style-src ${cspHash(DASHBOARD_STYLE)}`);
    expect(res.headers['content-security-policy']).toContain("script-src 'none'");
    expect(res.body).toContain(`data-subscriber="${s.id}"`);
    expect(res.body).not.toMatch(/ style="/);
    expect(res.body).toContain('high score');
  });

  it('serves the numbers as JSON', async () => {
    const { handler } = await setup();
    const res = await handler(event('GET', '/dashboard/insights.json'));
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(String(res.body));
    expect(body).toMatchObject({ generatedAt: '2026-03-04T00:00:00.000Z', truncated: false, totals: { subscribers: 1 } });
    expect(body.escalations).toHaveLength(1);
  });

  it('refuses other methods and paths', async () => {
    const { handler } = await setup();
    expect((await handler(event('POST', '/dashboard'))).statusCode).toBe(405);
    expect((await handler(event('GET', '/dashboard/other'))).statusCode).toBe(404);
    expect((await handler({ nonsense: true })).statusCode).toBe(400);
  });
});
