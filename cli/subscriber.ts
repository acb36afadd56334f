import type { Command } from 'commander';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { withLocalState } from './local-state';
import { z } from 'zod';
import { EnvSecrets, localSecretVariable, SecretsManagerSecrets } from '../functions/adapters/secrets';
import { ENV } from '../functions/config';
import { deleteData, deletedSummary, exportCsv, exportData, exportJson } from '../functions/core/data-rights';
import { subscriberIdFor } from '../functions/core/identifiers';
import { toE164 } from '../functions/core/signup';
import { addStoreOptions, storeFromFlags } from './store-options';
import { parseOptions, usageError } from './usage';

/**
 * `limber subscriber export|delete`: the data-rights requests an operator handles by hand (a person
 * writes in instead of using their "my data" link). Find the subscriber by --email, --phone or --id.
 * The address pepper (to turn an address into an id, and for the suppression hash) is the secret
 * named by LIMBER_SECRET_ADDRESS_PEPPER: from Secrets Manager with --aws, else from
 * LIMBER_SECRET_VALUE_<NAME> like the local stack.
 */

const Who = {
  email: z.email('expected an email address').optional(),
  phone: z.string().min(3).optional(),
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{3,64}$/, 'expected a subscriber id')
    .optional(),
  endpoint: z.url().optional(),
  table: z.string().min(3).optional(),
  aws: z.boolean().optional(),
};
const ExportOptions = z.object({ ...Who, format: z.enum(['csv', 'json'], { message: 'expected csv or json' }) });
const DeleteOptions = z.object({ ...Who, yes: z.boolean().optional() });
type WhoFlags = { email?: string; phone?: string; id?: string; aws?: boolean };

async function addressPepper(flags: { aws?: boolean }, env: NodeJS.ProcessEnv = flags.aws ? process.env : withLocalState()): Promise<string> {
  const name = env[ENV.secretAddressPepper];
  if (!name) throw usageError(`no local stack found (start one with npm start), or set ${ENV.secretAddressPepper} to the name of the address-pepper secret`);
  if (flags.aws) return new SecretsManagerSecrets(new SecretsManagerClient({})).get(name);
  if (!env[localSecretVariable(name)]) throw usageError(`set ${localSecretVariable(name)} to the address pepper`);
  return new EnvSecrets(env).get(name);
}

async function subscriberId(flags: WhoFlags): Promise<string> {
  const given = [flags.email, flags.phone, flags.id].filter((v) => v !== undefined);
  if (given.length !== 1) throw usageError('--email, --phone or --id: give exactly one');
  if (flags.id) return flags.id;
  const pepper = await addressPepper(flags);
  if (flags.email) return subscriberIdFor('email', flags.email, pepper);
  const e164 = toE164(flags.phone!);
  if (!e164) throw usageError('--phone: expected an E.164 number such as +447700900123');
  return subscriberIdFor('sms', e164, pepper);
}

function who(cmd: Command): Command {
  return addStoreOptions(
    cmd
      .option('--email <address>', "the subscriber's email address")
      .option('--phone <e164>', "the subscriber's mobile number, E.164")
      .option('--id <id>', 'the subscriber id'),
  );
}

export function registerSubscriber(program: Command): void {
  const sub = program.command('subscriber').description("one subscriber's data: export or delete (data-rights requests)");
  who(
    sub
      .command('export')
      .description('print everything stored about one subscriber (health data)')
      .option('--format <format>', 'json or csv (ratings only)', 'json'),
  ).action(async (raw: Record<string, unknown>) => {
    const opts = parseOptions(ExportOptions, raw);
    const id = await subscriberId(opts);
    const data = await exportData(storeFromFlags(opts), id);
    if (!data) throw new Error('no such subscriber');
    process.stderr.write("limber: WARNING: this is one person's health data. Send it only to them, by a secure channel.\n");
    process.stdout.write(opts.format === 'csv' ? exportCsv(data) : exportJson(data));
  });
  who(
    sub
      .command('delete')
      .description('delete everything stored about one subscriber; keep only a hashed suppression entry')
      .option('--yes', 'do not ask (required when not run interactively)'),
  ).action(async (raw: Record<string, unknown>) => {
    const opts = parseOptions(DeleteOptions, raw);
    if (!opts.yes) throw usageError('--yes: deletion cannot be undone; pass --yes to confirm');
    const id = await subscriberId(opts);
    const pepper = await addressPepper(opts);
    const r = await deleteData({ store: storeFromFlags(opts), pepper, nowIso: new Date().toISOString() }, id);
    process.stdout.write(`${JSON.stringify({ deleted: true, id, found: r, summary: deletedSummary(r).join(' ') })}\n`);
  });
}
