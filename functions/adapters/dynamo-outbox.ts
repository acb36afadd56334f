import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DUE_SHARDS, redactedRef } from '../core/identifiers';
import { fanOut, outboxEntry, outboxEvent, type DomainEvent, type WebhookDelivery, type WebhookEndpoint } from '../core/webhooks';
import type { Events, Log, OutboxItem, OutboxSweep, Queue } from '../ports';
import { isConditionFailure } from './dynamo-expressions';
import { escalationSk } from './dynamo-escalations';
import { OUTBOX, OUTBOX_INDEX, outboxPk, PROFILE, ratingSk, subPk } from './dynamo-items';
import { functionSk } from './dynamo-function-scores';

/**
 * The webhook outbox in the single table (docs/outcomes.md). An item whose write records a fact
 * (profile, rating, function rating, escalation) also gets the fact's events in the string set
 * `outbox` and the keys of the sparse `outbox` index (gsi3pk = OUTBOX#<shard>, gsi3sk = when), in
 * that same write: no event without its fact, no fact without its event. The relay publishes the
 * events to the webhook queue and then removes exactly those set elements (a set DELETE removes
 * those values and nothing else, and is harmless twice). While anything is left, the item stays in
 * the index, and the sweep publishes it again: a receiver may see an event twice (same webhook-id),
 * never not at all. The index projects keys only and holds only items with something pending.
 */

/** The item's key; mirrors the key functions of the adapters that write those items. */
function itemKey(item: OutboxItem): { pk: string; sk: string } {
  const pk = subPk(item.subscriberId);
  switch (item.kind) {
    case 'profile':
      return { pk, sk: PROFILE };
    case 'rating':
      return { pk, sk: ratingSk(item.programDay, item.run) };
    case 'function':
      return { pk, sk: functionSk(item.week, item.run) };
    case 'escalation':
      return { pk, sk: escalationSk(item.id) };
  }
}

type Key = { pk: string; sk: string };

export class DynamoOutboxEvents implements Events, OutboxSweep {
  constructor(
    private readonly opts: {
      doc: DynamoDBDocumentClient;
      tableName: string;
      endpoints: () => Promise<readonly WebhookEndpoint[]>;
      queue: Queue<WebhookDelivery>;
      log?: Log;
    },
  ) {}

  async relay(item: OutboxItem, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.publish(events);
      await this.clear(itemKey(item), events.map(outboxEntry));
    } catch (err) {
      // Never fail the person's request for a webhook: the entries stay in the outbox for the sweep.
      this.opts.log?.warn('webhook relay deferred to the sweep', {
        types: events.map((e) => e.type),
        ref: redactedRef(item.subscriberId),
        error: (err as Error)?.name ?? 'Error',
      });
    }
  }

  async sweepOutbox(before: string, limit: number): Promise<{ items: number; published: number; failed: number }> {
    let items = 0;
    let published = 0;
    let failed = 0;
    for (let shard = 0; shard < DUE_SHARDS && items < limit; shard++) {
      const out = await this.opts.doc.send(
        new QueryCommand({
          TableName: this.opts.tableName,
          IndexName: OUTBOX_INDEX,
          KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :before',
          ExpressionAttributeValues: { ':pk': outboxPk(shard), ':before': before },
          Limit: limit - items,
        }),
      );
      for (const k of (out.Items ?? []) as Key[]) {
        items++;
        try {
          published += await this.sweepItem({ pk: k.pk, sk: k.sk });
        } catch (err) {
          // Still pending: the next sweep tries again.
          failed++;
          this.opts.log?.warn('webhook outbox item not swept', { error: (err as Error)?.name ?? 'Error' });
        }
      }
    }
    return { items, published, failed };
  }

  /** One item: publish what it holds (the address read from the profile), then remove exactly that. */
  private async sweepItem(key: Key): Promise<number> {
    const got = await this.opts.doc.send(new GetCommand({ TableName: this.opts.tableName, Key: key, ConsistentRead: true }));
    const entries = [...((got.Item?.[OUTBOX] as Set<string> | undefined) ?? [])];
    const events = entries.map((e) => [e, outboxEvent(e)] as const).filter((p): p is readonly [string, DomainEvent] => p[1] !== undefined);
    if (events.length === 0) {
      if (got.Item) await this.dropIndexKeys(key);
      return 0;
    }
    const profile =
      key.sk === PROFILE ? got.Item : (await this.opts.doc.send(new GetCommand({ TableName: this.opts.tableName, Key: { pk: key.pk, sk: PROFILE } }))).Item;
    const address = typeof profile?.address === 'string' ? profile.address : undefined;
    await this.publish(events.map(([, e]) => ({ ...e, address })));
    await this.clear(
      key,
      events.map(([raw]) => raw),
    );
    return events.length;
  }

  private async publish(events: readonly DomainEvent[]): Promise<void> {
    const endpoints = await this.opts.endpoints();
    const deliveries = events.flatMap((e) => fanOut(e, endpoints));
    for (let i = 0; i < deliveries.length; i += 10) await this.opts.queue.sendBatch(deliveries.slice(i, i + 10));
  }

  /**
   * Removes exactly `entries`. When they are all the item holds, one write removes the set and the
   * index keys together; if more arrived meanwhile, only these elements go and the item stays indexed.
   */
  private async clear(key: Key, entries: readonly string[]): Promise<void> {
    const names = { '#o': OUTBOX, '#pk': 'pk' };
    const values: Record<string, unknown> = { ':n': entries.length };
    entries.forEach((e, i) => (values[`:e${i}`] = e));
    try {
      await this.opts.doc.send(
        new UpdateCommand({
          TableName: this.opts.tableName,
          Key: key,
          UpdateExpression: 'REMOVE #o, gsi3pk, gsi3sk',
          ConditionExpression: `attribute_exists(#pk) AND size(#o) = :n AND ${entries.map((_, i) => `contains(#o, :e${i})`).join(' AND ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    try {
      await this.opts.doc.send(
        new UpdateCommand({
          TableName: this.opts.tableName,
          Key: key,
          UpdateExpression: 'DELETE #o :set',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_exists(#o)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':set': new Set(entries) },
        }),
      );
    } catch (err) {
      // Gone already (another relay, or the item was deleted): nothing of ours is left to remove.
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** An item left in the index with an empty outbox (its last entries went by a set DELETE). */
  private async dropIndexKeys(key: Key): Promise<void> {
    try {
      await this.opts.doc.send(
        new UpdateCommand({
          TableName: this.opts.tableName,
          Key: key,
          UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
          ConditionExpression: 'attribute_not_exists(#o)',
          ExpressionAttributeNames: { '#o': OUTBOX },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
}
