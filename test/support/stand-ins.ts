import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { ensureTable } from '../../local/table-schema';
import { DynamoStore, type DynamoStoreOptions } from '../../functions/adapters/dynamo-store';

/** Clients for the stand-ins that test/support/global-setup.ts started (real HTTP, fake credentials). */

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function dynamoClient(): DynamoDBClient {
  return new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials });
}

export function sesClient(): SESv2Client {
  return new SESv2Client({ endpoint: inject('sesEndpoint'), region: 'us-east-1', credentials });
}

/** A new table with a unique name, so test files never see each other's items. */
export async function freshTable(prefix = 'limber-test'): Promise<{ client: DynamoDBClient; tableName: string }> {
  const client = dynamoClient();
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return { client, tableName };
}

export async function freshStore(opts: Partial<DynamoStoreOptions> = {}): Promise<DynamoStore> {
  const { client, tableName } = await freshTable();
  return new DynamoStore({ client, tableName, ...opts });
}

export interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

/** Every mail aws-ses-v2-local holds, read back over HTTP. */
export async function storedMail(to?: string): Promise<StoredMail[]> {
  const res = await fetch(`${inject('sesEndpoint')}/store`);
  const body = (await res.json()) as { emails: StoredMail[] };
  return to ? body.emails.filter((m) => m.destination.to.includes(to)) : body.emails;
}
