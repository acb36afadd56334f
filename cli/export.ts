import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DynamoFunctionScores } from '../functions/adapters/dynamo-function-scores';
import { systemClock } from '../functions/adapters/system-clock';
import { fhirBundle } from '../functions/core/fhir';
import { functionRatingsCsv, type FunctionRating } from '../functions/core/function-score';
import { ratingsCsv } from '../functions/core/insights';
import type { PainRating } from '../functions/core/model';
import { addStoreOptions, storeFromFlags } from './store-options';
import { parseOptions } from './usage';

const Options = z.object({
  format: z.enum(['csv', 'json', 'fhir'], { message: 'expected csv, json or fhir' }),
  kind: z.enum(['pain', 'function'], { message: 'expected pain or function' }).default('pain'),
  out: z.string().min(1).optional(),
  endpoint: z.url().optional(),
  table: z.string().min(3).optional(),
  aws: z.boolean().optional(),
});

/**
 * `limber export`: every pain rating, for research or audit, as CSV, JSON or (with the weekly
 * function ratings) a FHIR R4 Bundle (core/fhir.ts). It is health data; say so every time.
 */
export function registerExport(program: Command): void {
  addStoreOptions(
    program
      .command('export')
      .description('export every pain rating (health data) as CSV, JSON or a FHIR R4 Bundle')
      .option('--format <format>', 'csv, json or fhir', 'csv')
      .option('--kind <kind>', 'csv and json: pain (daily) or function (weekly) ratings; fhir has both', 'pain')
      .option('--out <file>', 'write to a file instead of standard output'),
  ).action(async (raw: Record<string, unknown>) => {
    const opts = parseOptions(Options, raw);
    process.stderr.write(
      'limber: WARNING: this export is health data (pain ratings). Keep it encrypted, share it only as your privacy policy allows, and delete it when done.\n',
    );
    const store = storeFromFlags(opts);
    const scores = new DynamoFunctionScores({ tableName: store.table, doc: store.doc });
    const ratings: PainRating[] = [];
    const functionRatings: FunctionRating[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.scanSubscribers(100, cursor);
      for (const s of page.items) {
        ratings.push(...(await store.listRatings(s.id)));
        if (opts.format === 'fhir' || opts.kind === 'function') functionRatings.push(...(await scores.listFunctionRatings(s.id)));
      }
      cursor = page.cursor;
    } while (cursor);
    const fn = opts.kind === 'function' && opts.format !== 'fhir';
    const body =
      fn
        ? opts.format === 'csv'
          ? functionRatingsCsv(functionRatings)
          : `${JSON.stringify(functionRatings, null, 2)}\n`
        : opts.format === 'csv'
        ? ratingsCsv(ratings)
        : opts.format === 'fhir'
          ? `${JSON.stringify(fhirBundle({ pain: ratings, function: functionRatings, at: new Date(systemClock.now()).toISOString() }), null, 2)}\n`
          : `${JSON.stringify(ratings, null, 2)}\n`;
    if (opts.out) {
      writeFileSync(opts.out, body, { mode: 0o600 });
      process.stderr.write(`limber: wrote ${fn ? functionRatings.length : ratings.length} ratings to ${opts.out}\n`);
    } else process.stdout.write(body);
  });
}
