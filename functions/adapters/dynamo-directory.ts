import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Status, type Subscriber } from '../core/model';
import type { DirectoryQuery, DirectoryStatus, Page, StatusCounts, SubscriberDirectory } from '../ports';
import { PROFILE, STATUS_INDEX, statusPk, subPk, toSubscriber } from './dynamo-items';

/**
 * The status index read for the dashboard (docs/data-model.md, docs/performance.md): counting reads
 * only index entries (keys, channel, expiresAt: about 100 bytes each), never the table, so the cost
 * is one read unit per ~40 subscribers whatever else the table holds.
 */

export function emptyCounts(): StatusCounts {
  const statuses: DirectoryStatus[] = [...Status.options, 'expired'];
  return {
    total: 0,
    byStatus: Object.fromEntries(statuses.map((s) => [s, 0])) as Record<DirectoryStatus, number>,
    byWeek: Object.fromEntries(statuses.map((s) => [s, {}])) as Record<DirectoryStatus, Record<number, number>>,
  };
}

export function addCount(counts: StatusCounts, status: DirectoryStatus, week: number): void {
  counts.total++;
  counts.byStatus[status]++;
  counts.byWeek[status][week] = (counts.byWeek[status][week] ?? 0) + 1;
}

const weekOf = (sk: string) => Number(/^W(\d+)#/.exec(sk)?.[1] ?? 0);
const idOf = (sk: string) => sk.slice(sk.indexOf('#') + 1);
const encode = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);
const decode = (cursor: string | undefined) => {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

export class DynamoDirectory implements SubscriberDirectory {
  private readonly doc: DynamoDBDocumentClient;
  constructor(private readonly opts: { tableName: string; client?: DynamoDBClient }) {
    this.doc = DynamoDBDocumentClient.from(opts.client ?? new DynamoDBClient({}));
  }

  async countByStatus(nowEpochSeconds: number): Promise<StatusCounts> {
    const counts = emptyCounts();
    for (const status of Status.options) {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.opts.tableName,
            IndexName: STATUS_INDEX,
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': statusPk(status) },
            ProjectionExpression: 'gsi2sk, expiresAt',
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          const expired = status === 'pending' && typeof item.expiresAt === 'number' && item.expiresAt < nowEpochSeconds;
          addCount(counts, expired ? 'expired' : status, weekOf(String(item.gsi2sk)));
        }
        start = out.LastEvaluatedKey;
      } while (start);
    }
    return counts;
  }

  async listByStatus(q: DirectoryQuery): Promise<Page<Subscriber>> {
    if (q.limit > 100) throw new RangeError('a page holds at most 100 subscribers (BatchGetItem)');
    const values: Record<string, unknown> = { ':pk': statusPk(q.status) };
    if (q.week !== undefined) values[':w'] = `W${String(q.week).padStart(2, '0')}#`;
    if (q.channel) values[':c'] = q.channel;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.opts.tableName,
        IndexName: STATUS_INDEX,
        KeyConditionExpression: q.week !== undefined ? 'gsi2pk = :pk AND begins_with(gsi2sk, :w)' : 'gsi2pk = :pk',
        ...(q.channel ? { FilterExpression: '#ch = :c', ExpressionAttributeNames: { '#ch': 'channel' } } : {}),
        ExpressionAttributeValues: values,
        ScanIndexForward: q.order === 'asc',
        Limit: q.limit,
        ExclusiveStartKey: decode(q.cursor),
      }),
    );
    const ids = (out.Items ?? []).map((i) => idOf(String(i.gsi2sk)));
    const byId = new Map<string, Subscriber>();
    let keys: Record<string, unknown>[] = ids.map((id) => ({ pk: subPk(id), sk: PROFILE }));
    // BatchGet may hand keys back unprocessed under load: ask again for those (a page is <= 100 keys).
    for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
      const got = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.opts.tableName]: { Keys: keys } } }));
      for (const i of got.Responses?.[this.opts.tableName] ?? []) byId.set(String(i.id), toSubscriber(i)!);
      keys = (got.UnprocessedKeys?.[this.opts.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
    // BatchGet answers in any order; keep the index's. An item deleted meanwhile is left out.
    const items = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    return { items, ...(out.LastEvaluatedKey ? { cursor: encode(out.LastEvaluatedKey) } : {}) };
  }
}
