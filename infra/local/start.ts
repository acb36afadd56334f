import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../functions/adapters/table-schema';
import { startDynalite, startSesLocal, type RunningServer } from './stand-ins';

/**
 * `npm start`: the whole system on one machine, no AWS account, no Docker.
 * Every server binds to 127.0.0.1 only: the dashboard shows subscriber data.
 */
const { values: args } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.limber-data' },
    'dynamo-port': { type: 'string', default: '4567' },
    'ses-port': { type: 'string', default: '8005' },
  },
});

async function startOn(name: string, port: number, start: () => Promise<RunningServer>): Promise<RunningServer> {
  try {
    return await start();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`${name}: port ${port} is already in use. Stop whatever holds it, or pass --${name}-port <other>.`);
    }
    throw err;
  }
}

async function main() {
  const servers: RunningServer[] = [];
  const dynamoPort = Number(args['dynamo-port']);
  const sesPort = Number(args['ses-port']);
  const dataDir = resolve(args['data-dir']!);
  if (!args.memory) mkdirSync(dataDir, { recursive: true });
  const dynamo = await startOn('dynamo', dynamoPort, () =>
    startDynalite({ port: dynamoPort, path: args.memory ? undefined : resolve(dataDir, 'dynamo') }),
  );
  servers.push(dynamo);
  const ses = await startOn('ses', sesPort, () => startSesLocal({ port: sesPort }));
  servers.push(ses);
  const client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, 'limber-local');

  process.stdout.write(
    [
      'Limber local stack is running (Ctrl-C to stop):',
      `  DynamoDB API (dynalite)   ${dynamo.url}${args.memory ? '  (in memory)' : `  (data in ${dataDir})`}`,
      `  SES v2 API + inbox        ${ses.url}/`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping...\n');
    await Promise.allSettled(servers.map((s) => s.close()));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`limber start: ${(err as Error).message}\n`);
  process.exit(1);
});
