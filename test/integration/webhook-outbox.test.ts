import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoOutboxEvents } from '../../functions/adapters/dynamo-outbox';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { outboxEntry, WebhookEndpoint, type DomainEvent, type WebhookDelivery } from '../../functions/core/webhooks';
import { LocalQueue } from '../../local/local-queue';
import { ManualClock } from '../../local/manual-clock';
import { freshTable } from '../support/stand-ins';

/**
 * The outbox adapter on dynalite: the relay removes exactly the entries it published, so an entry
 * added meanwhile stays (and keeps the item in the sweep's index) until the sweep publishes it.
 */

const secret = `whsec_${Buffer.from('outbox-adapter-test-secret-bytes!!').toString('base64')}`;
const at = '2026-03-02T08:00:00.000Z';
const event = (programDay: number): DomainEvent => ({
  type: 'score.recorded',
  subscriberId: 's_outbox_adapter',
  channel: 'sms',
  at,
  programDay,
  score: 5,
  key: `${programDay}:${at}`,
});

describe('DynamoOutboxEvents (against dynalite)', () => {
  it('removes only what it published; the sweep publishes what is left, then the item leaves the index', async () => {
    const { client, tableName } = await freshTable();
    const store = new DynamoStore({ client, tableName });
    const doc = DynamoDBDocumentClient.from(client);
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const queue = new LocalQueue<WebhookDelivery>({ clock, visibilityTimeoutMs: 60_000, maxReceives: 5 });
    const endpoints = [WebhookEndpoint.parse({ id: 'crm', url: 'http://127.0.0.1:9/none', secret })];
    const outbox = new DynamoOutboxEvents({ doc: store.doc, tableName, endpoints: async () => endpoints, queue });
    const [first, second] = [event(3), event(4)];
    // One item holding two pending events (as if a second fact's write landed before the first relay).
    await store.putRating(
      { subscriberId: first.subscriberId, programDay: 3, score: 5, source: 'sms', at, redFlag: false },
      { at, entries: [outboxEntry(first), outboxEntry(second)] },
    );
    const item = async () => (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `SUB#${first.subscriberId}`, sk: 'RATING#003' } }))).Item!;

    await outbox.relay({ subscriberId: first.subscriberId, kind: 'rating', programDay: 3, run: 1 }, [first]);
    expect(queue.size).toBe(1);
    expect([...(await item()).outbox]).toEqual([outboxEntry(second)]);
    expect((await item()).gsi3pk).toMatch(/^OUTBOX#\d+$/);

    expect(await outbox.sweepOutbox('2026-03-02T08:59:00.000Z', 100)).toEqual({ items: 1, published: 1, failed: 0 });
    expect(queue.size).toBe(2);
    const left = await item();
    expect(left.outbox).toBeUndefined();
    expect(left.gsi3pk).toBeUndefined();
    expect(left.score).toBe(5);
    expect(await outbox.sweepOutbox('2026-03-02T08:59:00.000Z', 100)).toEqual({ items: 0, published: 0, failed: 0 });
    // Nothing lost, nothing twice: one delivery per event, by webhook id.
    const ids = queue.receive(10).map((r) => (JSON.parse(r.body) as WebhookDelivery).webhookId);
    expect(new Set(ids).size).toBe(2);
  });

  it('an entry written under a minute ago is left to the relay that wrote it', async () => {
    const { client, tableName } = await freshTable();
    const store = new DynamoStore({ client, tableName });
    const clock = new ManualClock(Date.parse('2026-03-02T08:00:30Z'));
    const queue = new LocalQueue<WebhookDelivery>({ clock, visibilityTimeoutMs: 60_000, maxReceives: 5 });
    const outbox = new DynamoOutboxEvents({ doc: store.doc, tableName, endpoints: async () => [], queue });
    await store.putRating(
      { subscriberId: 's_outbox_adapter', programDay: 3, score: 5, source: 'sms', at, redFlag: false },
      { at, entries: [outboxEntry(event(3))] },
    );
    expect(await outbox.sweepOutbox(at, 100)).toEqual({ items: 0, published: 0, failed: 0 });
  });
});
