import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { runSimulation } from '../local/simulation';
import { FAULTS } from '../local/simulation-faults';
import type { SimulationReport } from '../local/simulation-report';
import { parseOptions } from './usage';

/**
 * `limber simulate`: the real dispatcher and sender on a fake clock against in-process stand-ins
 * (dynalite, aws-ses-v2-local, the local Twilio server), with every delivery fault injected at the
 * given rate. Exit code 1 when a message was duplicated or lost.
 */

const Options = z.object({
  subscribers: z.coerce.number().int('expected a whole number').min(1).max(100_000),
  days: z.coerce.number().int('expected a whole number').min(1).max(60),
  faultRate: z.coerce.number().min(0).max(0.5, 'at most 0.5: above that nearly every call fails'),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  start: z.iso.datetime({ offset: true, message: 'expected an ISO-8601 instant' }).optional(),
  restarts: z.boolean().default(true),
});

export function formatReport(r: SimulationReport): string {
  const rows: [string, string | number][] = [
    ['subscribers', r.subscribers],
    ['days', r.days],
    ['fault rate', r.faultRate],
    ['expected', r.expected],
    ['sent', r.sent],
    ['  by email', r.byChannel.email],
    ['  by SMS', r.byChannel.sms],
    ['duplicates', r.duplicates],
    ['lost', r.lost],
    ...Object.entries(r.byRun).map(([run, c]): [string, string] => [
      `run ${run}: expected / sent / dup / lost`,
      `${c.expected} / ${c.sent} / ${c.duplicates} / ${c.lost}`,
    ]),
    ...Object.entries(r.restarts.done).map(([k, v]): [string, number] => [`restarts: ${k}`, v]),
    ['restarts missed', r.restarts.missed],
    ['unexpected', r.unexpected],
    ['two on one local day', r.sameLocalDay],
    ['record mismatches', r.recordMismatch],
    ['sent early', r.early],
    ['latest send (min late)', r.maxLateMinutes],
    ['dead-lettered jobs', r.dlq],
    ['SES events failed', r.failedEvents],
    ...FAULTS.map((f): [string, number] => [`fault: ${f}`, r.faults[f]]),
    ...Object.entries(r.events).map(([k, v]): [string, number] => [`event: ${k}`, v]),
    ['dispatcher ticks', r.ticks],
    ['wall time (s)', (r.elapsedMs / 1000).toFixed(1)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const value = Math.max(...rows.map(([, v]) => String(v).length));
  const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(value + 2)}+`;
  const body = rows.map(([k, v]) => `| ${k.padEnd(width)} | ${String(v).padStart(value)} |`);
  return [line, ...body, line].join('\n');
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run the delivery pipeline on a fake clock against local stand-ins, with faults injected')
    .option('--subscribers <n>', 'how many subscribers (half email, half SMS)', '40')
    .option('--days <n>', 'simulated days', '14')
    .option('--fault-rate <p>', 'probability of each fault at each chance, 0..0.5', '0.05')
    .option('--seed <n>', 'PRNG seed for the fault dice', '1')
    .option('--start <instant>', 'simulated start (default 2026-10-22T00:00Z, across two DST changes)')
    .option('--no-restarts', 'no subscriber finishes, unsubscribes or deletes and comes back as a new run')
    .action(async (raw: Record<string, unknown>) => {
      const opts = parseOptions(Options, raw);
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar({ format: 'simulating [{bar}] {percentage}% | day {day}/{days}', hideCursor: true }, cliProgress.Presets.shades_classic)
        : undefined;
      const dayMs = 86_400_000;
      bar?.start(opts.days * dayMs, 0, { day: 0, days: opts.days });
      const report = await runSimulation({
        ...opts,
        onProgress: (done) => bar?.update(done, { day: Math.min(opts.days, Math.floor(done / dayMs) + 1), days: opts.days }),
      }).finally(() => bar?.stop());
      process.stdout.write(`${formatReport(report)}\n`);
      if (report.duplicates > 0 || report.lost > 0 || report.unexpected > 0 || report.restarts.missed > 0) process.exitCode = 1;
    });
}
