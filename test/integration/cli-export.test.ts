import { limber } from '../support/cli';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { freshTable } from '../support/stand-ins';

describe('limber export (against dynalite)', () => {
  it('exports every rating as CSV with a health-data warning', async () => {
    const { client, tableName } = await freshTable();
    const store = new DynamoStore({ client, tableName });
    for (const id of ['s_one', 's_two']) {
      await store.createSubscriber({
        id,
        channel: 'email',
        address: `${id}@example.com`,
        timezone: 'UTC',
        sendAt: '08:00',
        level: 'gentle',
        status: 'active',
        programDay: 3,
        nextSendAt: '2026-03-03T08:00:00.000Z',
        createdAt: '2026-03-01T00:00:00.000Z',
        version: 0,
      });
      await store.putRating({ subscriberId: id, programDay: 1, score: 5, source: 'link', at: '2026-03-01T08:10:00.000Z', redFlag: false });
      await store.putRating({ subscriberId: id, programDay: 2, score: 4, source: 'sms', at: '2026-03-02T08:10:00.000Z', redFlag: false });
    }
    const r = await limber(['export', '--format', 'csv', '--endpoint', inject('dynamoEndpoint'), '--table', tableName]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/health data/);
    // RFC 4180: CRLF after every row.
    expect(r.stdout.endsWith('\r\n')).toBe(true);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('subscriber_id,program_day,score,source,red_flag,at');
    expect(lines.slice(1).sort()).toEqual([
      's_one,1,5,link,false,2026-03-01T08:10:00.000Z',
      's_one,2,4,sms,false,2026-03-02T08:10:00.000Z',
      's_two,1,5,link,false,2026-03-01T08:10:00.000Z',
      's_two,2,4,sms,false,2026-03-02T08:10:00.000Z',
    ]);
    const json = await limber(['export', '--format', 'json', '--endpoint', inject('dynamoEndpoint'), '--table', tableName]);
    expect(JSON.parse(json.stdout)).toHaveLength(4);
  });

  it('names the bad flag', async () => {
    const r = await limber(['export', '--format', 'xml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--format');
  });
});
