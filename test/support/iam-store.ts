import { type DynamoDBClient, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { DUE_INDEX, DynamoStore, STATUS_INDEX, type DynamoStoreOptions } from '../../functions/adapters/dynamo-store';
import { HANDLERS, type HandlerName } from '../../infra/function-registry';
import { dynamoClient } from './stand-ins';

/**
 * The IAM grants of infra/function-registry.ts, enforced in the integration tests. `storeAs('dispatcher', ...)`
 * is a real DynamoStore on the test table whose client refuses, before anything is sent, every
 * DynamoDB action that HANDLERS.dispatcher does not grant: a handler that calls a Store method its
 * role may not use fails here with AccessDeniedException, as it would on AWS, not in production.
 *
 * Like IAM: the action is the low-level operation (lib-dynamodb's GetCommand goes out as GetItem);
 * a Query or Scan with an IndexName needs the action on that index (only the `due` index is granted,
 * through `dueIndex`), anything else needs it on the table (`table`); a request naming another table
 * is refused too. Seed and assert with a full store (freshStore) over the same table.
 */

export interface StoreAsOptions extends Pick<DynamoStoreOptions, 'tableName' | 'shards' | 'onCapacity'> {
  /** A client to guard; by default a new one on the dynalite endpoint. The guard stays on it: never pass a full store's client. */
  client?: DynamoDBClient;
}

/** The error a refused request throws: the shape of the SDK's AccessDeniedException. */
export class AccessDeniedException extends DynamoDBServiceException {
  constructor(
    readonly handler: HandlerName,
    readonly action: string,
    resource: string,
    hint: string,
  ) {
    super({
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message:
        `User: arn:aws:sts::000000000000:assumed-role/limber-${handler}/${handler} is not authorized to perform: ` +
        `dynamodb:${action} on resource: ${resource} because no identity-based policy allows the dynamodb:${action} action ` +
        `(test IAM guard: ${hint})`,
    });
    Object.setPrototypeOf(this, AccessDeniedException.prototype);
  }
}

/** GetItemCommand -> GetItem, TransactWriteItemsCommand -> TransactWriteItems, ... */
export function actionOf(commandName: string): string {
  return commandName.replace(/Command$/, '');
}

interface RequestInput {
  TableName?: string;
  IndexName?: string;
  RequestItems?: Record<string, unknown>;
  TransactItems?: Record<string, { TableName?: string } | undefined>[];
}

/** The tables a request names (TableName, or the keys of a batch, or each item of a transaction). */
function tablesOf(input: RequestInput): string[] {
  if (input.TableName !== undefined) return [input.TableName];
  if (input.RequestItems) return Object.keys(input.RequestItems);
  if (input.TransactItems) return input.TransactItems.flatMap((item) => Object.values(item).flatMap((op) => (op?.TableName ? [op.TableName] : [])));
  return [];
}

/**
 * Why `handler` may not send this request, or undefined when its grants allow it.
 * Exported for the guard's own test; the middleware is the one user.
 */
export function refusal(handler: HandlerName, tableName: string, commandName: string, input: RequestInput): AccessDeniedException | undefined {
  const spec = HANDLERS[handler];
  const action = actionOf(commandName);
  const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${tableName}`;
  const foreign = tablesOf(input).find((t) => t !== tableName);
  if (foreign !== undefined) {
    return new AccessDeniedException(
      handler,
      action,
      `arn:aws:dynamodb:us-east-1:000000000000:table/${foreign}`,
      `${handler} is granted only table ${tableName}`,
    );
  }
  if (input.IndexName !== undefined) {
    const statusGrants: readonly string[] = 'statusIndex' in spec ? spec.statusIndex : [];
    if (input.IndexName === STATUS_INDEX && statusGrants.includes(action)) return undefined;
    const granted = input.IndexName === DUE_INDEX && (spec.dueIndex as readonly string[]).includes(action);
    if (granted) return undefined;
    return new AccessDeniedException(
      handler,
      action,
      `${arn}/index/${input.IndexName}`,
      input.IndexName === DUE_INDEX
        ? `HANDLERS.${handler}.dueIndex in infra/function-registry.ts lacks '${action}'`
        : `no handler is granted index ${input.IndexName}`,
    );
  }
  if ((spec.table as readonly string[]).includes(action)) return undefined;
  return new AccessDeniedException(handler, action, arn, `HANDLERS.${handler}.table in infra/function-registry.ts lacks '${action}'`);
}

/** Adds the guard to a client: every command `handler` is not granted throws before it is sent. */
export function guardClient(client: DynamoDBClient, handler: HandlerName, tableName: string): DynamoDBClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // lib-dynamodb's commands run the low-level command's stack: commandName is e.g. 'GetItemCommand'.
      const denied = refusal(handler, tableName, context.commandName ?? 'UnknownCommand', args.input as RequestInput);
      if (denied) throw denied;
      return next(args);
    },
    { step: 'initialize', name: `iamGuard-${handler}`, priority: 'high' },
  );
  return client;
}

/** A real DynamoStore on `tableName` that may do only what infra/function-registry.ts grants `handler`. */
export function storeAs(handler: HandlerName, opts: StoreAsOptions): DynamoStore {
  const client = guardClient(opts.client ?? dynamoClient(), handler, opts.tableName);
  return new DynamoStore({ tableName: opts.tableName, shards: opts.shards, onCapacity: opts.onCapacity, client });
}

/**
 * A handler's context with its store swapped for `handler`'s scoped store on the fixture's table
 * (test/support/enrolment-fixture.ts), e.g. createApiHandler({ ctx: ctxAs('api', f) }). The fixture's
 * own `f.store` keeps every action, for seeding and assertions.
 */
export function ctxAs<C extends { store: unknown }>(handler: HandlerName, f: { ctx: C; tableName: string }, over: Partial<C> = {}): C {
  return { ...f.ctx, ...over, store: storeAs(handler, { tableName: f.tableName }) };
}
