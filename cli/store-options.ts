import type { Command } from 'commander';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStore } from '../functions/adapters/dynamo-store';
import { ENV } from '../functions/config';
import { withLocalState } from './local-state';

/** Where CLI commands find the table: flags, then the environment, then the running local stack's state file, then its default port. */
const LOCAL_ENDPOINT = 'http://127.0.0.1:4567';
const LOCAL_TABLE = 'limber-local';

export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option('--endpoint <url>', `DynamoDB endpoint (env ${ENV.dynamoEndpoint}; default: the local stack)`)
    .option('--table <name>', `table name (env ${ENV.tableName}; default ${LOCAL_TABLE})`)
    .option('--aws', 'use AWS itself (credentials and region from the environment) instead of a local endpoint');
}

export interface StoreFlags {
  endpoint?: string;
  table?: string;
  aws?: boolean;
}

export function storeFromFlags(flags: StoreFlags, env: NodeJS.ProcessEnv = withLocalState()): DynamoStore {
  const tableName = flags.table ?? env[ENV.tableName] ?? LOCAL_TABLE;
  if (flags.aws) return new DynamoStore({ tableName });
  const endpoint = flags.endpoint ?? env[ENV.dynamoEndpoint] ?? LOCAL_ENDPOINT;
  const client = new DynamoDBClient({
    endpoint,
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return new DynamoStore({ tableName, client });
}
