import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ratingsCsv } from '../functions/core/insights';
import type { PainRating } from '../functions/core/model';
import { addStoreOptions, storeFromFlags } from './store-options';
import { parseOptions } from './usage';

const Options = z.object({
  format: z.enum(['csv', 'json'], { message: 'expected csv or json' }),
  out: z.string().min(1).optional(),
  endpoint: z.url().optional(),
  table: z.string().min(3).optional(),
  aws: z.boolean().optional(),
});

/** `limber export`: every pain rating, for research or audit. It is health data; say so every time. */
export function registerExport(program: Command): void {
  addStoreOptions(
    program
      .command('export')
      .description('export every pain rating (health data) as CSV or JSON')
      .option('--format <format>', 'csv or json', 'csv')
      .option('--out <file>', 'write to a file instead of standard output'),
  ).action(async (raw: Record<string, unknown>) => {
    const opts = parseOptions(Options, raw);
    process.stderr.write(
      'limber: WARNING: this export is health data (pain ratings). Keep it encrypted, share it only as your privacy policy allows, and delete it when done.\n',
    );
    const store = storeFromFlags(opts);
    const ratings: PainRating[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.scanSubscribers(100, cursor);
      for (const s of page.items) ratings.push(...(await store.listRatings(s.id)));
      cursor = page.cursor;
    } while (cursor);
    const body = opts.format === 'csv' ? ratingsCsv(ratings) : `${JSON.stringify(ratings, null, 2)}\n`;
    if (opts.out) {
      writeFileSync(opts.out, body, { mode: 0o600 });
      process.stderr.write(`limber: wrote ${ratings.length} ratings to ${opts.out}\n`);
    } else process.stdout.write(body);
  });
}
