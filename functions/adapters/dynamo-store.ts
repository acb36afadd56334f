import { DynamoDBClient, type DynamoDBClientConfig, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, QueryCommand, ScanCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PainRating, runOf, SendRecord, Subscriber, type DeliveryStatus, type SendClaim, type Status } from '../core/model';
import { dueShardOf, DUE_SHARDS } from '../core/identifiers';
import type { DeletedItems, DueEntry, OutboxWrite, Suppression, Page, RateLimitResult, Store, SubscriberExpectation, SubscriberPatch } from '../ports';
import { UpdateBuilder, decodeCursor, encodeCursor, isConditionFailure } from './dynamo-expressions';
import { DUE_INDEX, messageWeek, statusPk, statusSk, PROFILE, RATING_PREFIX, SEND_PREFIX, duePk, rateKey, ratingSk } from './dynamo-items';
import { addOutbox, outboxAttributes, sendSk, strip, subPk, subscriberKeys, suppressionKey, toSubscriber } from './dynamo-items';

export { DUE_INDEX, STATUS_INDEX } from './dynamo-items';

export type CapacityListener = (operation: string, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined) => void;

export interface DynamoStoreOptions {
  tableName: string;
  client?: DynamoDBClient;
  clientConfig?: DynamoDBClientConfig;
  shards?: number;
  /** When set, every request asks for ReturnConsumedCapacity=INDEXES and reports it here. */
  onCapacity?: CapacityListener;
}

export class DynamoStore implements Store {
  readonly doc: DynamoDBDocumentClient;
  /** The table's name (adapters that keep other items in the same table use it with `doc`). */
  readonly table: string;
  private readonly shards: number;
  private readonly onCapacity?: CapacityListener;

  constructor(opts: DynamoStoreOptions) {
    this.table = opts.tableName;
    this.shards = opts.shards ?? DUE_SHARDS;
    this.onCapacity = opts.onCapacity;
    const client = opts.client ?? new DynamoDBClient(opts.clientConfig ?? {});
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }

  private cap() {
    return this.onCapacity ? { ReturnConsumedCapacity: 'INDEXES' as const } : {};
  }

  /** Awaits one request and reports its consumed capacity under `op` (the bench's per-operation table). */
  private async counted<T extends { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(op: string, request: Promise<T>): Promise<T> {
    const out = await request;
    this.onCapacity?.(op, out.ConsumedCapacity);
    return out;
  }

  async getSubscriber(id: string): Promise<Subscriber | undefined> {
    const out = await this.counted(
      'getSubscriber',
      this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: subPk(id), sk: PROFILE }, ConsistentRead: true, ...this.cap() })),
    );
    return toSubscriber(out.Item);
  }

  async createSubscriber(sub: Subscriber, replaceIf?: { statuses: readonly Status[]; nowEpochSeconds: number }): Promise<Subscriber | undefined> {
    const valid = Subscriber.parse(sub);
    const names: Record<string, string> = { '#pk': 'pk' };
    const values: Record<string, unknown> = {};
    let condition = 'attribute_not_exists(#pk)';
    if (replaceIf) {
      names['#status'] = 'status';
      names['#exp'] = 'expiresAt';
      const keys = replaceIf.statuses.map((s, i) => {
        values[`:r${i}`] = s;
        return `:r${i}`;
      });
      values[':pending'] = 'pending';
      values[':now'] = replaceIf.nowEpochSeconds;
      const inList = keys.length ? ` OR #status IN (${keys.join(', ')})` : '';
      condition += `${inList} OR (#status = :pending AND #exp < :now)`;
    }
    try {
      await this.counted(
        'createSubscriber',
        this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...valid, ...subscriberKeys(valid, this.shards) },
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
            ...this.cap(),
          }),
        ),
      );
      return valid;
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async updateSubscriber(id: string, expect: SubscriberExpectation, patch: SubscriberPatch): Promise<Subscriber | undefined> {
    const b = new UpdateBuilder();
    b.condition('attribute_exists(#pk)', { '#pk': 'pk' });
    if (expect.status) b.conditionIn('status', expect.status);
    if (expect.version !== undefined) b.conditionEq('version', expect.version);
    if (expect.programDay !== undefined) b.conditionEq('programDay', expect.programDay);
    if (expect.noClaim) b.condition('attribute_not_exists(#claim)', { '#claim': 'claim' });
    this.applyPatch(b, id, patch);
    return this.runUpdate('updateSubscriber', id, b);
  }

  /** Adds the patch and keeps the index keys in step with status, nextSendAt and programDay. */
  private applyPatch(b: UpdateBuilder, id: string, patch: SubscriberPatch, dayStep = false): void {
    const set = patch.set ?? {};
    for (const [k, v] of Object.entries(set)) if (v !== undefined) b.set(k, v);
    for (const k of patch.remove ?? []) b.remove(k);
    if (set.expiresAt !== undefined) b.set('ttl', set.expiresAt);
    if (patch.remove?.includes('expiresAt')) b.remove('ttl');
    if (set.nextSendAt !== undefined) b.set('gsi1sk', set.nextSendAt);
    if (patch.remove?.includes('nextSendAt')) b.remove('gsi1sk');
    if (set.status !== undefined) {
      if (set.status === 'active') b.set('gsi1pk', duePk(dueShardOf(id, this.shards)));
      else b.remove('gsi1pk');
      b.set('gsi2pk', statusPk(set.status));
    }
    // A daily complete moves programDay by one: the status index key changes only when the week does.
    const day = set.programDay;
    if (day !== undefined && (!dayStep || messageWeek(day) !== messageWeek(day - 1))) b.set('gsi2sk', statusSk(day, id));
    addOutbox(b, id, patch.outbox);
    b.add('version', 1);
  }

  private async runUpdate(op: string, id: string, b: UpdateBuilder): Promise<Subscriber | undefined> {
    try {
      const out = await this.counted(
        op,
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: subPk(id), sk: PROFILE },
            ...b.build(),
            ReturnValues: 'ALL_NEW',
            ...this.cap(),
          }),
        ),
      );
      return toSubscriber(out.Attributes);
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async claimSend(id: string, day: number, claim: SendClaim, nowIso: string): Promise<Subscriber | undefined> {
    const b = new UpdateBuilder();
    b.conditionEq('status', 'active');
    b.conditionEq('programDay', day);
    b.condition(
      'attribute_not_exists(#claim) OR #claim.#lease < :nowIso',
      {
        '#claim': 'claim',
        '#lease': 'leaseUntil',
      },
      { ':nowIso': nowIso },
    );
    b.set('claim', claim);
    b.add('version', 1);
    return this.runUpdate('claimSend', id, b);
  }

  async completeSend(id: string, token: string, patch: SubscriberPatch): Promise<Subscriber | undefined> {
    const b = new UpdateBuilder();
    b.condition('#claim.#token = :token', { '#claim': 'claim', '#token': 'token' }, { ':token': token });
    this.applyPatch(b, id, { set: patch.set, remove: [...(patch.remove ?? []), 'claim'] }, true);
    return this.runUpdate('completeSend', id, b);
  }

  async releaseClaim(id: string, token: string): Promise<boolean> {
    const b = new UpdateBuilder();
    b.condition('#claim.#token = :token', { '#claim': 'claim', '#token': 'token' }, { ':token': token });
    b.remove('claim');
    b.add('version', 1);
    return (await this.runUpdate('releaseClaim', id, b)) !== undefined;
  }

  async putSendRecord(rec: SendRecord): Promise<boolean> {
    const valid = SendRecord.parse(rec);
    try {
      await this.counted(
        'putSendRecord',
        this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: { pk: subPk(valid.subscriberId), sk: sendSk(valid.programDay, valid.kind, runOf(valid)), ...valid },
            ConditionExpression: 'attribute_not_exists(pk)',
            ...this.cap(),
          }),
        ),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async getSendRecord(subscriberId: string, programDay: number, kind: SendRecord['kind'], run = 1): Promise<SendRecord | undefined> {
    const out = await this.counted(
      'getSendRecord',
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: subPk(subscriberId), sk: sendSk(programDay, kind, run) },
          ConsistentRead: true,
          ...this.cap(),
        }),
      ),
    );
    return out.Item ? SendRecord.parse(strip(out.Item)) : undefined;
  }

  async updateDeliveryStatus(
    subscriberId: string,
    programDay: number,
    kind: SendRecord['kind'],
    status: DeliveryStatus,
    errorCode?: string,
    run = 1,
  ): Promise<boolean> {
    const b = new UpdateBuilder();
    b.condition('attribute_exists(#pk)', { '#pk': 'pk' });
    b.set('deliveryStatus', status);
    if (errorCode) b.set('errorCode', errorCode);
    try {
      await this.counted(
        'updateDeliveryStatus',
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: subPk(subscriberId), sk: sendSk(programDay, kind, run) },
            ...b.build(),
            ...this.cap(),
          }),
        ),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  private async queryPartition(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.counted(
        'queryPartition',
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
            ExclusiveStartKey: start,
            ConsistentRead: true,
            ...this.cap(),
          }),
        ),
      );
      items.push(...((out.Items ?? []) as Record<string, unknown>[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async listSendRecords(subscriberId: string): Promise<SendRecord[]> {
    const items = await this.queryPartition(subPk(subscriberId), SEND_PREFIX);
    return items.map((i) => SendRecord.parse(strip(i)));
  }

  async putRating(r: PainRating, outbox?: OutboxWrite): Promise<void> {
    const valid = PainRating.parse(r);
    await this.counted(
      'putRating',
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: subPk(valid.subscriberId), sk: ratingSk(valid.programDay, runOf(valid)), ...valid, ...outboxAttributes(valid.subscriberId, outbox) },
          ...this.cap(),
        }),
      ),
    );
  }

  async listRatings(subscriberId: string, run?: number): Promise<PainRating[]> {
    // One query for every run: a run's ratings are a few dozen small items, read once a week.
    const items = await this.queryPartition(subPk(subscriberId), RATING_PREFIX);
    const all = items.map((i) => PainRating.parse(strip(i)));
    return run === undefined ? all : all.filter((r) => runOf(r) === run);
  }

  async queryDue(shard: number, dueBy: string, limit: number, cursor?: string): Promise<Page<DueEntry>> {
    const out = await this.counted(
      'queryDue',
      this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: DUE_INDEX,
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :dueBy',
          ExpressionAttributeValues: { ':pk': duePk(shard), ':dueBy': dueBy },
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor),
          ...this.cap(),
        }),
      ),
    );
    const items = (out.Items ?? []).map((i) => ({
      id: String(i.id),
      programDay: Number(i.programDay),
      nextSendAt: String(i.gsi1sk),
    }));
    return { items, cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async scanSubscribers(limit: number, cursor?: string): Promise<Page<Subscriber>> {
    const out = await this.counted(
      'scanSubscribers',
      this.doc.send(
        new ScanCommand({
          TableName: this.table,
          FilterExpression: 'sk = :profile',
          ExpressionAttributeValues: { ':profile': PROFILE },
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor),
          ...this.cap(),
        }),
      ),
    );
    return {
      items: (out.Items ?? []).map((i) => toSubscriber(i)!),
      cursor: encodeCursor(out.LastEvaluatedKey),
    };
  }

  async deleteSubscriberData(id: string): Promise<DeletedItems> {
    const pk = subPk(id);
    const profile = await this.counted(
      'deleteSubscriberData',
      this.doc.send(new GetCommand({ TableName: this.table, Key: { pk, sk: PROFILE }, ConsistentRead: true, ProjectionExpression: 'pk', ...this.cap() })),
    );
    // The profile goes first: a rating or send record written by someone who still saw it was written
    // before this, so the partition query below finds it; anyone later finds no profile and undoes.
    await this.batchDelete([{ pk, sk: PROFILE }]);
    const items = await this.queryPartition(pk, '');
    await this.batchDelete(items.map((i) => ({ pk: i.pk, sk: i.sk })));
    const count = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix)).length;
    const ratings = count(RATING_PREFIX);
    const sends = count(SEND_PREFIX);
    const profiles = count(PROFILE);
    return { profile: profile.Item !== undefined || profiles > 0, ratings, sends, other: items.length - ratings - sends - profiles };
  }

  async removeRating(subscriberId: string, programDay: number, run = 1): Promise<void> {
    await this.batchDelete([{ pk: subPk(subscriberId), sk: ratingSk(programDay, run) }]);
  }

  async removeSendRecord(subscriberId: string, programDay: number, kind: SendRecord['kind'], run = 1): Promise<void> {
    await this.batchDelete([{ pk: subPk(subscriberId), sk: sendSk(programDay, kind, run) }]);
  }

  /** BatchWriteItem deletes (no handler is granted DeleteItem), retrying unprocessed items. */
  private async batchDelete(keys: { pk: unknown; sk: unknown }[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 25) {
      let requests: Record<string, unknown>[] | undefined = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      // BatchWrite may hand back unprocessed items under load; retry them until none are left.
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        const out = await this.counted(
          'deleteSubscriberData',
          this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests as never }, ...this.cap() })),
        );
        requests = out.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
        if (requests?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      }
    }
  }

  async putSuppression(addressHash: string, reason: string, at: string, lastRun?: number): Promise<void> {
    await this.counted(
      'putSuppression',
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...suppressionKey(addressHash), reason, at, ...(lastRun === undefined ? {} : { lastRun }) },
          ...this.cap(),
        }),
      ),
    );
  }

  async getSuppression(addressHash: string): Promise<Suppression | undefined> {
    const out = await this.counted(
      'isSuppressed',
      this.doc.send(new GetCommand({ TableName: this.table, Key: suppressionKey(addressHash), ConsistentRead: true, ...this.cap() })),
    );
    if (!out.Item || out.Item.reason === 'lifted') return undefined;
    const lastRun = typeof out.Item.lastRun === 'number' ? { lastRun: out.Item.lastRun } : {};
    return { reason: String(out.Item.reason ?? ''), at: String(out.Item.at ?? ''), ...lastRun };
  }

  async liftSuppression(addressHash: string, reason: string): Promise<boolean> {
    try {
      // UpdateItem, not DeleteItem (not granted): the entry becomes an expired tombstone the TTL removes.
      await this.counted(
        'liftSuppression',
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: suppressionKey(addressHash),
            UpdateExpression: 'SET #reason = :lifted, #ttl = :ttl',
            ConditionExpression: '#reason = :reason',
            ExpressionAttributeNames: { '#reason': 'reason', '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':reason': reason, ':lifted': 'lifted', ':ttl': 0 },
            ...this.cap(),
          }),
        ),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async isSuppressed(addressHash: string): Promise<boolean> {
    const out = await this.counted(
      'isSuppressed',
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: suppressionKey(addressHash),
          ConsistentRead: true,
          ...this.cap(),
        }),
      ),
    );
    return out.Item !== undefined && out.Item.reason !== 'lifted';
  }

  async consumeRateLimit(key: string, limit: number, expiresAtEpochSeconds: number): Promise<RateLimitResult> {
    try {
      const out = await this.counted(
        'consumeRateLimit',
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: rateKey(key),
            UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl)',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':one': 1, ':ttl': expiresAtEpochSeconds, ':limit': limit },
            ReturnValues: 'UPDATED_NEW',
            ...this.cap(),
          }),
        ),
      );
      return { allowed: true, count: Number(out.Attributes?.count ?? 1) };
    } catch (err) {
      if (isConditionFailure(err)) return { allowed: false, count: limit };
      throw err;
    }
  }
}
