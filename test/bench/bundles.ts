import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../infra/limber-app';
import { importBundled, lambdaRuntimeEnvironment, readAssembly, resolveEnvironment } from '../support/bundled-lambda';

/**
 * Cold start per function: one real synth (esbuild bundling, as `cdk deploy`), then each bundle's
 * size and its import time in a fresh Node process (the runtime's part of a cold start that is ours:
 * module evaluation; no handler runs). `runs` imports per function, interleaved across functions so
 * a burst of load on the machine spreads over all of them; the median is reported.
 */

export interface BundleRow {
  name: string;
  bundleBytes: number;
  importMsMedian: number;
  importMsMin: number;
  rssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchBundles(log: (s: string) => void, runs = Number(process.env.BENCH_BUNDLE_RUNS ?? 7)): Promise<BundleRow[]> {
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
    const samples = assembly.functions.map(() => ({ ms: [] as number[], rss: [] as number[] }));
    for (let i = 0; i < runs; i++) {
      for (const [k, fn] of assembly.functions.entries()) {
        const r = await importBundled(fn, envs[k]!);
        if (r.exported !== 'function') throw new Error(`${fn.name}: bundle exports no handler function`);
        samples[k]!.ms.push(r.importMs);
        samples[k]!.rss.push(r.rssMb);
      }
    }
    return assembly.functions.map((fn, k) => ({
      name: fn.name,
      bundleBytes: statSync(join(fn.assetDir, 'index.mjs')).size,
      importMsMedian: median(samples[k]!.ms),
      importMsMin: Math.min(...samples[k]!.ms),
      rssMb: median(samples[k]!.rss),
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
