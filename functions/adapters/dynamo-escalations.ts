import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { EscalationRecord, type AuditEntry, type EscalationState } from '../core/escalations';
import type { Escalations, OutboxWrite } from '../ports';
import { isConditionFailure } from './dynamo-expressions';
import { DUE_INDEX, OUTBOX_ATTRIBUTES, outboxAttributes, subPk } from './dynamo-items';

/**
 * Escalations in the single table: SUB#<id> / ESC#<raised at>, in the subscriber's partition (a data
 * deletion removes them). While an escalation is open it also carries gsi1pk = ESCOPEN, gsi1sk = the
 * instant it was raised, so the sparse `due` index answers "open ones older than N minutes" with one
 * Query of a small partition (the dispatcher reads only DUE#<shard> partitions). Every state change
 * is one UpdateItem conditioned on the state and version read, appending to the audit trail.
 */

const ESCALATION_PREFIX = 'ESC#';
const OPEN_ESCALATIONS = 'ESCOPEN';
const KEYS = new Set<string>(['pk', 'sk', 'gsi1pk', 'gsi1sk', ...OUTBOX_ATTRIBUTES]);
export const escalationSk = (id: string) => `${ESCALATION_PREFIX}${id}`;

function toRecord(item: Record<string, unknown>): EscalationRecord {
  return EscalationRecord.parse(Object.fromEntries(Object.entries(item).filter(([k]) => !KEYS.has(k))));
}

export class DynamoEscalations implements Escalations {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly opts: { tableName: string; doc?: DynamoDBDocumentClient; client?: DynamoDBClient }) {
    this.doc = opts.doc ?? DynamoDBDocumentClient.from(opts.client ?? new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  }

  private key(subscriberId: string, id: string) {
    return { pk: subPk(subscriberId), sk: escalationSk(id) };
  }

  /** `outbox`: the safety.paused event, in the same put. */
  async putEscalation(e: EscalationRecord, outbox?: OutboxWrite): Promise<boolean> {
    const valid = EscalationRecord.parse(e);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.opts.tableName,
          Item: {
            ...this.key(valid.subscriberId, valid.id),
            ...valid,
            ...(valid.state === 'open' ? { gsi1pk: OPEN_ESCALATIONS, gsi1sk: valid.at } : {}),
            ...outboxAttributes(valid.subscriberId, outbox),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async getEscalation(subscriberId: string, id: string): Promise<EscalationRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.opts.tableName, Key: this.key(subscriberId, id), ConsistentRead: true }));
    return out.Item ? toRecord(out.Item) : undefined;
  }

  async listEscalations(subscriberId: string): Promise<EscalationRecord[]> {
    const items: EscalationRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.opts.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': subPk(subscriberId), ':p': ESCALATION_PREFIX },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      items.push(...(out.Items ?? []).map((i) => toRecord(i as Record<string, unknown>)));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async moveEscalation(
    subscriberId: string,
    id: string,
    expect: { state: EscalationState; version: number },
    entry: AuditEntry,
  ): Promise<EscalationRecord | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.opts.tableName,
          Key: this.key(subscriberId, id),
          // Back to open: back in the sparse index; out of open: out of it.
          UpdateExpression: `SET #state = :to, #version = #version + :one, #history = list_append(#history, :entry)${entry.state === 'open' ? ', gsi1pk = :open, gsi1sk = #at' : ' REMOVE gsi1pk, gsi1sk'}`,
          ConditionExpression: '#state = :from AND #version = :v',
          ExpressionAttributeNames: { '#state': 'state', '#version': 'version', '#history': 'history', ...(entry.state === 'open' ? { '#at': 'at' } : {}) },
          ExpressionAttributeValues: {
            ':to': entry.state,
            ':from': expect.state,
            ':v': expect.version,
            ':one': 1,
            ':entry': [entry],
            ...(entry.state === 'open' ? { ':open': OPEN_ESCALATIONS } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? toRecord(out.Attributes) : undefined;
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async listOpenBefore(beforeIso: string, limit: number): Promise<{ subscriberId: string; id: string; at: string }[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.opts.tableName,
        IndexName: DUE_INDEX,
        KeyConditionExpression: 'gsi1pk = :open AND gsi1sk <= :before',
        ExpressionAttributeValues: { ':open': OPEN_ESCALATIONS, ':before': beforeIso },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      subscriberId: String(i.pk).slice('SUB#'.length),
      id: String(i.sk).slice(ESCALATION_PREFIX.length),
      at: String(i.gsi1sk),
    }));
  }
}
