import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { FunctionRating } from '../core/function-score';
import type { FunctionScores, OutboxWrite } from '../ports';
import { runOf } from '../core/model';
import { outboxAttributes, runPart, strip, subPk } from './dynamo-items';

/**
 * Function ratings (core/function-score.ts) in the single table: SUB#<id> / FUNC#[r<run:3>#]<week:2>,
 * one per run and program week (a later rating that week replaces the earlier), like pain ratings:
 * run 1 keeps the key items had before runs existed, so those read as run 1. They live in the
 * subscriber's partition, so a data deletion (deleteSubscriberData) removes them with everything else.
 */

const FUNCTION_PREFIX = 'FUNC#';
export const functionSk = (week: number, run = 1) => `${FUNCTION_PREFIX}${runPart(run)}${String(week).padStart(2, '0')}`;

export class DynamoFunctionScores implements FunctionScores {
  private readonly doc: DynamoDBDocumentClient;

  /** Pass the DynamoStore's document client (`store.doc`) to share its connection, or a plain client. */
  constructor(private readonly opts: { tableName: string; doc?: DynamoDBDocumentClient; client?: DynamoDBClient }) {
    this.doc = opts.doc ?? DynamoDBDocumentClient.from(opts.client ?? new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  }

  async putFunctionRating(r: FunctionRating, outbox?: OutboxWrite): Promise<void> {
    const valid = FunctionRating.parse(r);
    const item = { pk: subPk(valid.subscriberId), sk: functionSk(valid.week, runOf(valid)), ...valid, ...outboxAttributes(valid.subscriberId, outbox) };
    await this.doc.send(new PutCommand({ TableName: this.opts.tableName, Item: item }));
  }

  /** Every run's, or one run's (`run`). */
  async listFunctionRatings(subscriberId: string, run?: number): Promise<FunctionRating[]> {
    const out: FunctionRating[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.opts.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': subPk(subscriberId), ':p': FUNCTION_PREFIX },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      out.push(...(page.Items ?? []).map((i) => FunctionRating.parse(strip(i as Record<string, unknown>))));
      start = page.LastEvaluatedKey;
    } while (start);
    return run === undefined ? out : out.filter((r) => runOf(r) === run);
  }
}
