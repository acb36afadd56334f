import type { Command } from 'commander';
import { z } from 'zod';
import { LocalTime, TimeZone } from '../functions/core/model';
import { formatInstant, sendInstants } from '../functions/core/schedule';
import { parseOptions } from './usage';

const Options = z.object({
  tz: TimeZone,
  at: LocalTime,
  from: z.iso.datetime({ offset: true, message: 'expected an ISO-8601 instant, e.g. 2026-03-29T06:30:00Z' }),
  count: z.coerce.number().int('expected a whole number').min(1).max(10_000),
});

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('print the next send instants (UTC), one per local calendar day')
    .requiredOption('--tz <zone>', 'IANA time zone, e.g. Europe/Berlin')
    .requiredOption('--at <HH:MM>', 'local send time')
    .requiredOption('--from <instant>', 'ISO-8601 instant; results are strictly after it')
    .option('--count <n>', 'how many instants', '1')
    .action((raw: Record<string, unknown>) => {
      const opts = parseOptions(Options, raw);
      const lines = sendInstants(opts.tz, opts.at, Date.parse(opts.from), opts.count).map(formatInstant);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
