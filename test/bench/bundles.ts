import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../infra/limber-app';
import { importBundled, lambdaRuntimeEnvironment, readAssembly, resolveEnvironment } from '../support/bundled-lambda';

/**
 * Cold start per function: one real synth (esbuild bundling, as `cdk deploy`), then each bundle's
 * size and its import time in a fresh Node process (the runtime's part of a cold start that is ours:
 * module evaluation; no handler runs). `runs` imports per function, interleaved across functions so
 * a burst of load on the machine spreads over all of them; median and min are reported, wall and CPU
 * (CPU time moves less when other work shares the cores). Each run also imports the bundle without
 * the template's NODE_OPTIONS (--enable-source-maps): what source-mapped stack traces cost.
 */

export interface BundleRow {
  name: string;
  bundleBytes: number;
  importMsMedian: number;
  importMsMin: number;
  importCpuMsMedian: number;
  importCpuMsMin: number;
  /** The same import without --enable-source-maps (wall, median). */
  noSourceMapsMsMedian: number;
  rssMb: number;
  /** 1-minute load average before the first and after the last import: import times scale with it on a shared box. */
  loadAverage: { before: number; after: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchBundles(log: (s: string) => void, runs = Number(process.env.BENCH_BUNDLE_RUNS ?? 11)): Promise<BundleRow[]> {
  const outdir = mkdtempSync(join(tmpdir(), 'limber-bench-bundles-'));
  try {
    log('bundles: synth with real bundling');
    buildApp({ outdir }, {}).app.synth();
    const assembly = readAssembly(outdir, 'Limber');
    // Importing reads no configuration (handlers read it on first invocation): any value will do.
    const envs = assembly.functions.map((fn) => ({
      ...lambdaRuntimeEnvironment(fn),
      ...resolveEnvironment(assembly, fn, ({ logicalId }) => `bench-${logicalId.toLowerCase()}`),
    }));
    const samples = assembly.functions.map(() => ({ ms: [] as number[], cpu: [] as number[], noMaps: [] as number[], rss: [] as number[] }));
    const before = loadavg()[0]!;
    log(`bundles: ${runs} imports per function (load ${before.toFixed(1)})`);
    for (let i = 0; i < runs; i++) {
      for (const [k, fn] of assembly.functions.entries()) {
        const r = await importBundled(fn, envs[k]!);
        if (r.exported !== 'function') throw new Error(`${fn.name}: bundle exports no handler function`);
        samples[k]!.ms.push(r.importMs);
        samples[k]!.cpu.push(r.importCpuMs);
        samples[k]!.rss.push(r.rssMb);
        const { NODE_OPTIONS: _, ...withoutMaps } = envs[k]!;
        samples[k]!.noMaps.push((await importBundled(fn, withoutMaps)).importMs);
      }
    }
    const after = loadavg()[0]!;
    return assembly.functions.map((fn, k) => ({
      name: fn.name,
      bundleBytes: statSync(join(fn.assetDir, 'index.mjs')).size,
      importMsMedian: median(samples[k]!.ms),
      importMsMin: Math.min(...samples[k]!.ms),
      importCpuMsMedian: median(samples[k]!.cpu),
      importCpuMsMin: Math.min(...samples[k]!.cpu),
      noSourceMapsMsMedian: median(samples[k]!.noMaps),
      rssMb: median(samples[k]!.rss),
      loadAverage: { before, after },
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Before issue 20 (commit 44f2e7d: every bundle carried every adapter, MJML and mailparser), measured
 * on this machine interleaved with the new bundles (median of 7 imports each) at a load average of
 * 5-8 (other engineers' jobs). Import times are only comparable at a similar load: see the load column.
 */
export const BEFORE: Record<string, { bytes: number; importMs: number }> = {
  dispatcher: { bytes: 5_727_233, importMs: 403 },
  sender: { bytes: 5_739_928, importMs: 430 },
  sesEvents: { bytes: 5_729_570, importMs: 485 },
  sesInbound: { bytes: 7_060_328, importMs: 835 },
  api: { bytes: 5_892_616, importMs: 446 },
  twilioInbound: { bytes: 5_823_288, importMs: 413 },
  twilioStatus: { bytes: 5_737_158, importMs: 458 },
  dashboard: { bytes: 5_737_831, importMs: 557 },
};

/** The four that neither render nor parse mail: absolute targets; the rest: half of before. */
const SMALL = new Set(['dispatcher', 'sesEvents', 'twilioStatus', 'dashboard']);

export function bundleTargets(row: BundleRow): { target: string; met: boolean } {
  if (SMALL.has(row.name)) {
    return { target: '<= 1.5 MB, <= 150 ms', met: row.bundleBytes <= 1_500_000 && row.importMsMedian <= 150 };
  }
  const before = BEFORE[row.name];
  if (!before) return { target: '', met: true };
  return {
    target: `<= ${(before.bytes / 2e6).toFixed(2)} MB, <= ${Math.round(before.importMs / 2)} ms (half of before)`,
    met: row.bundleBytes <= before.bytes / 2 && row.importMsMedian <= before.importMs / 2,
  };
}

export function bundleRows(rows: BundleRow[]): Record<string, string | number>[] {
  return rows.map((r) => {
    const t = bundleTargets(r);
    const before = BEFORE[r.name];
    return {
      measure: `bundle ${r.name}: size; import wall median / min, CPU median / min; without source maps; RSS`,
      value:
        `${(r.bundleBytes / 1e6).toFixed(2)} MB; ${Math.round(r.importMsMedian)} / ${Math.round(r.importMsMin)} ms, ` +
        `CPU ${Math.round(r.importCpuMsMedian)} / ${Math.round(r.importCpuMsMin)} ms; ${Math.round(r.noSourceMapsMsMedian)} ms; ${Math.round(r.rssMb)} MB; ` +
        `load ${r.loadAverage.before.toFixed(1)}-${r.loadAverage.after.toFixed(1)}` +
        (before ? ` (before ${(before.bytes / 1e6).toFixed(2)} MB, ${before.importMs} ms)` : ''),
      target: t.target,
      met: t.met ? 'yes' : 'NO',
    };
  });
}

// `npx tsx test/bench/bundles.ts`: this measure alone (about a minute: one synth, then the imports).
if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(bundleRows(await benchBundles((s) => process.stderr.write(`[bench] ${s}\n`))));
}
