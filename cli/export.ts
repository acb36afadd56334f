import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DynamoFunctionScores } from '../functions/adapters/dynamo-function-scores';
import { systemClock } from '../functions/adapters/system-clock';
import { fhirBundle } from '../functions/core/fhir';
import { functionRatingsCsv, type FunctionRating } from '../functions/core/function-score';
import { bandChangesCsv } from '../functions/core/band-changes';
import { ratingsCsv } from '../functions/core/insights';
import type { PainRating, Subscriber } from '../functions/core/model';
import { addStoreOptions, storeFromFlags } from './store-options';
import { parseOptions } from './usage';

const Options = z.object({
  format: z.enum(['csv', 'json', 'fhir'], { message: 'expected csv, json or fhir' }),
  kind: z.enum(['pain', 'function'], { message: 'expected pain or function' }).default('pain'),
  out: z.string().min(1).optional(),
  endpoint: z.url().optional(),
  table: z.string().min(3).optional(),
  aws: z.boolean().optional(),
  bands: z.boolean().optional(),
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
      .option('--out <file>', 'write to a file instead of standard output')
      .option('--bands', "export each person's range band and its changes instead of the ratings"),
  ).action(async (raw: Record<string, unknown>) => {
    const opts = parseOptions(Options, raw);
    process.stderr.write(
      'limber: WARNING: this export is health data (pain ratings). Keep it encrypted, share it only as your privacy policy allows, and delete it when done.\n',
    );
    const store = storeFromFlags(opts);
    if (opts.bands) return exportBands(store, opts);
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
    const body = fn
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

async function exportBands(store: ReturnType<typeof storeFromFlags>, opts: z.infer<typeof Options>): Promise<void> {
  const subs: Subscriber[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.scanSubscribers(100, cursor);
    subs.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const rows = subs.map((s) => ({ id: s.id, band: s.band, bandChanges: s.bandChanges }));
  const body = opts.format === 'csv' ? bandChangesCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`;
  if (opts.out) {
    writeFileSync(opts.out, body, { mode: 0o600 });
    process.stderr.write(`limber: wrote the bands of ${subs.length} people to ${opts.out}\n`);
  } else process.stdout.write(body);
}
