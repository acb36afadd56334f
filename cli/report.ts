import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DynamoFunctionScores } from '../functions/adapters/dynamo-function-scores';
import { systemClock } from '../functions/adapters/system-clock';
import { cohortReport, cohortReportCsv, loadCohort } from '../functions/core/cohort-report';
import { cohortReportHtml } from '../functions/handlers/pages/cohort-report';
import { addStoreOptions, storeFromFlags } from './store-options';
import { parseOptions } from './usage';

const Options = z.object({
  format: z.enum(['csv', 'html'], { message: 'expected csv or html' }),
  out: z.string().min(1).optional(),
  endpoint: z.url().optional(),
  table: z.string().min(3).optional(),
  aws: z.boolean().optional(),
});

/**
 * `limber report`: the cohort report (core/cohort-report.ts) as CSV or as one self-contained HTML
 * page. Aggregates only (no id, address or single score), yet drawn from health data.
 */
export function registerReport(program: Command): void {
  addStoreOptions(
    program
      .command('report')
      .description('the cohort report: funnel, reply rate, outcomes with denominators, dropout, by level and channel')
      .option('--format <format>', 'csv or html', 'html')
      .option('--out <file>', 'write to a file instead of standard output'),
  ).action(async (raw: Record<string, unknown>) => {
    const opts = parseOptions(Options, raw);
    const store = storeFromFlags(opts);
    const { members, truncated } = await loadCohort(store, new DynamoFunctionScores({ tableName: store.table, doc: store.doc }));
    const report = cohortReport(members);
    const generatedAt = new Date(systemClock.now()).toISOString();
    const body = opts.format === 'csv' ? cohortReportCsv(report) : cohortReportHtml(report, { generatedAt, truncated });
    if (truncated) process.stderr.write('limber: WARNING: only part of the table was read; the report covers the first subscribers.\n');
    if (opts.out) {
      writeFileSync(opts.out, body, { mode: 0o600 });
      process.stderr.write(`limber: wrote the report on ${members.length} subscribers to ${opts.out}\n`);
    } else process.stdout.write(body);
  });
}
