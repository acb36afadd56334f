import { limber } from '../support/cli';
import { describe, expect, inject, it } from 'vitest';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { createDashboardHandler } from '../../functions/handlers/dashboard';
import { ManualClock } from '../../local/manual-clock';
import { freshTable } from '../support/stand-ins';
import { subscriber } from '../support/delivery';

const changes = [
  { at: '2026-03-01T00:00:00.000Z', to: 'standard' as const, via: 'self-check' as const },
  { at: '2026-03-15T08:00:00.000Z', from: 'standard' as const, to: 'easier' as const, via: 'pain' as const },
];

describe("each person's band and its changes", () => {
  it('the dashboard shows the band in force and its changes', async () => {
    const { client, tableName } = await freshTable();
    const store = new DynamoStore({ client, tableName });
    const s = subscriber({ band: 'easier', bandChanges: changes });
    await store.createSubscriber(s);
    const handler = createDashboardHandler({ store, clock: new ManualClock(Date.parse('2026-03-20T00:00:00Z')) });
    const res = await handler({ rawPath: '/dashboard', requestContext: { http: { method: 'GET' } } });
    expect(res.body).toContain('<th>band</th>');
    expect(res.body).toMatch(/<td class="band">easier <span class="muted">\(standard to easier, pain, 2026-03-15\)<\/span><\/td>/);
    const json = JSON.parse(String((await handler({ rawPath: '/dashboard/insights.json', requestContext: { http: { method: 'GET' } } })).body));
    expect(json.subscribers[0]).toMatchObject({ band: 'easier', bandChanges: changes });
  });

  it('limber export --bands writes every band change as CSV', async () => {
    const { client, tableName } = await freshTable();
    const store = new DynamoStore({ client, tableName });
    await store.createSubscriber(subscriber({ id: 's_band1', band: 'easier', bandChanges: changes }));
    await store.createSubscriber(subscriber({ id: 's_band2' }));
    const r = await limber(['export', '--format', 'csv', '--bands', '--endpoint', inject('dynamoEndpoint'), '--table', tableName]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('subscriber_id,band,at,from,to,via');
    expect(lines.slice(1).sort()).toEqual([
      's_band1,easier,2026-03-01T00:00:00.000Z,,standard,self-check',
      's_band1,easier,2026-03-15T08:00:00.000Z,standard,easier,pain',
      's_band2,standard,,,,',
    ]);
  });
});
