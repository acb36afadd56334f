import type { Command } from 'commander';
import { z } from 'zod';
import { DynamoEscalations } from '../functions/adapters/dynamo-escalations';
import { systemClock } from '../functions/adapters/system-clock';
import { EscalationState, loadEscalations, moveEscalation } from '../functions/core/escalations';
import { addStoreOptions, storeFromFlags } from './store-options';
import { parseOptions, usageError } from './usage';

const Store = { endpoint: z.url().optional(), table: z.string().min(3).optional(), aws: z.boolean().optional() };
const ListOptions = z.object({ state: EscalationState.optional(), json: z.boolean().optional(), ...Store });
const SetOptions = z.object({
  subscriber: z.string().min(3, 'expected a subscriber id'),
  id: z.string().min(1, 'expected the escalation id (the instant it was raised)'),
  state: EscalationState,
  by: z.string().min(1).max(128, 'at most 128 characters'),
  ...Store,
});

/**
 * `limber escalations list [--state open]` and `limber escalations set`: the operator's side of the
 * escalation list. A change is one conditional write that appends who and when to the audit trail.
 */
export function registerEscalations(program: Command): void {
  const cmd = program.command('escalations').description('the escalation list: every safety pause, its state and audit trail');
  addStoreOptions(
    cmd
      .command('list')
      .description('list escalations, newest first (reason codes only)')
      .option('--state <state>', 'open, contacted or closed')
      .option('--json', 'one JSON array instead of text'),
  ).action(async (raw: Record<string, unknown>) => {
    const opts = parseOptions(ListOptions, raw);
    const store = storeFromFlags(opts);
    const { list } = await loadEscalations(store, new DynamoEscalations({ tableName: store.table, doc: store.doc }), 100_000);
    const shown = opts.state ? list.filter((e) => e.state === opts.state) : list;
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      return;
    }
    for (const e of shown) {
      const last = e.history.at(-1)!;
      process.stdout.write(
        `${e.subscriberId}\t${e.id}\tday ${e.programDay}\t${e.reasons.join(',')}${e.urgent ? ' (urgent)' : ''}\t${e.state} (${last.by} ${last.at})\n`,
      );
    }
  });
  addStoreOptions(
    cmd
      .command('set')
      .description('move an escalation to open, contacted or closed; recorded with --by and the time')
      .requiredOption('--subscriber <id>', 'subscriber id')
      .requiredOption('--id <escalation>', 'escalation id (as listed)')
      .requiredOption('--state <state>', 'open, contacted or closed')
      .requiredOption('--by <name>', 'who makes the change (kept in the audit trail)'),
  ).action(async (raw: Record<string, unknown>) => {
    const opts = parseOptions(SetOptions, raw);
    const store = storeFromFlags(opts);
    const escalations = new DynamoEscalations({ tableName: store.table, doc: store.doc });
    const r = await moveEscalation(escalations, opts.subscriber, opts.id, opts.state, opts.by, new Date(systemClock.now()).toISOString());
    if (r.kind === 'not-found') throw usageError('--id: no such escalation for that subscriber');
    if (r.kind === 'not-allowed') throw usageError(`--state: an escalation that is ${r.state} cannot become ${opts.state}`);
    if (r.kind === 'conflict') throw new Error('someone else changed it at the same moment; list it again and retry');
    process.stdout.write(`${opts.subscriber}\t${opts.id}\t${r.escalation.state}\n`);
  });
}
