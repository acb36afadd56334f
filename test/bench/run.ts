import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchBundles, bundleRows } from './bundles';
import { benchDynamoUnits, type OpUnits, type UnitTotals } from './dynamo-units';
import { machine, round } from './fixtures';
import { benchHttp } from './http';
import type { PipelineRun } from './pipeline';
import { benchRender } from './render';
import { benchReplies } from './replies';
import { benchSenderLatency } from './sender-latency';

/**
 * `npm run bench`: render, pipeline CPU (10k and 100k, each in its own process), DynamoDB units per
 * message (dynalite), reply parsing, a sender invocation's billed time under assumed network latency,
 * the HTTP endpoints under autocannon, and each Lambda bundle's size and import time (bundles.ts).
 * Prints a table and writes
 * results/bench.json. docs/performance.md explains the numbers.
 *
 * BENCH_DYNAMO_SUBSCRIBERS (default 10000, as issue 12 asks): subscribers for the dynalite run; dynalite
 * does ~350 requests/s here, so 10000 (send path and reports) takes ~4 minutes; 2000 gives the same
 * per-message figures in one.
 * BENCH_SIZES (default "10000,100000"): in-memory pipeline sizes.
 */

const run = promisify(execFile);
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

type ChildRun = PipelineRun & { peakRssMb: number; rssBeforeMb: number };
type Timeout = { timedOut: true; subscribers: number; limitSeconds: number };

/** One pipeline size in its own process; given up after `limitS` so the whole bench stays bounded. */
async function pipelineChild(n: number, extra: string[] = [], limitS = PIPELINE_LIMIT_S): Promise<ChildRun | Timeout> {
  const script = fileURLToPath(new URL('./pipeline-child.ts', import.meta.url));
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, String(n), ...extra], {
      maxBuffer: 1 << 20,
      timeout: limitS * 1000,
      killSignal: 'SIGKILL',
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildRun;
  } catch (err) {
    if ((err as { killed?: boolean }).killed) return { timedOut: true, subscribers: n, limitSeconds: limitS };
    throw err;
  }
}
const PIPELINE_LIMIT_S = Number(process.env.BENCH_PIPELINE_LIMIT_S ?? 120);
const done = (r: ChildRun | Timeout): r is ChildRun => !('timedOut' in r);

const started = performance.now();
const m = machine();
log(`${m.cpuModel}, ${m.cores} cores, node ${m.node}`);

log('render');
const render = await benchRender();
log('replies');
const replies = await benchReplies();

const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const pipeline: Record<string, ChildRun | Timeout> = {};
for (const n of sizes) {
  log(`pipeline in memory: ${n}`);
  pipeline[n] = await pipelineChild(n);
}

const dynamoN = Number(process.env.BENCH_DYNAMO_SUBSCRIBERS ?? 10_000);
log(`dynalite units: ${dynamoN}`);
const dynamo = await benchDynamoUnits(dynamoN, log);

log('sender invocation with assumed network latency');
const latency = await benchSenderLatency();

log('http (autocannon)');
const http = await benchHttp({ durationS: 5, connections: 10 });

// Last, so its synth and child processes do not share the machine with the timed parts above.
const bundles = await benchBundles(log);

const perMsg = (r: PipelineRun) => {
  const sent = r.sent.email + r.sent.sms;
  return { delivered: sent, messagesPerSecond: sent / (r.totalMs / 1000), usPerMessage: (r.totalMs * 1000) / sent, cpuUsPerMessage: (r.cpuMs * 1000) / sent };
};
const ratio = (set: Record<string, ChildRun | Timeout>) => {
  const [small, large] = [set[sizes[0]!]!, set[sizes.at(-1)!]!];
  if (!done(small)) return null;
  // A run that timed out took at least the limit: the ratio is at least this.
  return done(large) ? large.totalMs / small.totalMs : (large.limitSeconds * 1000) / small.totalMs;
};
const withRates = (set: Record<string, ChildRun | Timeout>) =>
  Object.fromEntries(Object.entries(set).map(([n, r]) => [n, done(r) ? { ...r, ...perMsg(r) } : r]));
const results = {
  machine: m,
  render: { ...render, table: undefined },
  pipeline: withRates(pipeline),
  pipelineTimeRatio: ratio(pipeline),
  pipelineTimeRatioIsLowerBound: !done(pipeline[sizes.at(-1)!]!),
  dynamo: { ...dynamo, run: { ...dynamo.run, ...perMsg(dynamo.run) } },
  replies: { ...replies, table: undefined },
  senderLatency: latency,
  http,
  bundles,
  benchSeconds: 0,
};
results.benchSeconds = (performance.now() - started) / 1000;

const pass = (ok: boolean) => (ok ? 'yes' : 'NO');
const rows: Record<string, string | number>[] = [
  { measure: 'render email, naive (mjml2html/msg)', value: `${round(render.naiveEmailUs / 1000)} ms`, target: '', met: '' },
  { measure: 'render email, ours', value: `${round(render.oursEmailUs, 1)} us`, target: '<= 20 us', met: pass(render.oursEmailUs <= 20) },
  { measure: 'render SMS, ours', value: `${round(render.oursSmsUs, 1)} us`, target: '', met: '' },
  { measure: 'renderRatio (naive/ours, email)', value: round(render.renderRatio, 0), target: '>= 1000', met: pass(render.renderRatio >= 1000) },
];
const pipelineRows = (label: string, set: Record<string, ChildRun | Timeout>, r: number | null, lowerBound: boolean) => {
  for (const [n, run] of Object.entries(set)) {
    if (!done(run)) {
      rows.push({
        measure: `${label} ${n}: msg/s`,
        value: `did not finish in ${run.limitSeconds} s (< ${Math.round(run.subscribers / run.limitSeconds)} msg/s)`,
        target: '>= 10000',
        met: 'NO',
      });
      continue;
    }
    const p = perMsg(run);
    rows.push({
      measure: `${label} ${n}: msg/s`,
      value: `${Math.round(p.messagesPerSecond)} (${Math.round(p.usPerMessage)} us/msg, peak RSS ${Math.round(run.peakRssMb)} MB)`,
      target: '>= 10000',
      met: pass(p.messagesPerSecond >= 10_000),
    });
  }
  if (r !== null)
    rows.push({ measure: `${label} time ratio`, value: `${lowerBound ? '>= ' : ''}${round(r)}`, target: '<= 11', met: pass(!lowerBound && r <= 11) });
};
pipelineRows('pipeline', pipeline, results.pipelineTimeRatio, results.pipelineTimeRatioIsLowerBound);
const units = (t: UnitTotals) =>
  `${round(t.readUnits, 3)} RU, ${round(t.writeUnits, 3)} WU (table ${round(t.wcu, 2)} + index ${round(t.indexWcuComputed, 2)}), ${round(t.requests, 2)} requests`;
rows.push({
  measure: `DynamoDB per message, send path (${dynamoN} on dynalite)`,
  value: units(dynamo.total),
  target: '<= 1 RU, <= 4 WU',
  met: pass(dynamo.total.readUnits <= 1 && dynamo.total.writeUnits <= 4),
});
rows.push({
  measure: `DynamoDB per message, provider reports (${round(dynamo.reports.events / dynamo.delivered, 1)} each)`,
  value: units(dynamo.reports.total),
  target: '',
  met: '',
});
rows.push({ measure: 'DynamoDB per message, all in', value: units(dynamo.allIn), target: '', met: '' });
for (const r of latency.runs) {
  const a = latency.assumedMs;
  rows.push({
    measure: `sender, ${r.channel}, ${r.concurrency} of ${latency.batchSize} at once (DynamoDB ${a.dynamo} ms, ${r.channel === 'email' ? `SES ${a.ses}` : `Twilio ${a.twilio}`} ms assumed)`,
    value: `${round(r.msPerMessage, 1)} ms billed per message (${Math.round(r.msPerInvocation)} ms per invocation)`,
    target: '',
    met: '',
  });
}
rows.push({
  measure: `reply parsing (${replies.corpus} corpus)`,
  value: `${Math.round(replies.repliesPerSecond)} replies/s (${round(replies.usPerReply, 1)} us)`,
  target: '',
  met: '',
});
for (const h of http) {
  rows.push({
    measure: h.name,
    value: `${round(h.requestsPerSecond, 1)} req/s, p99 ${h.latencyMs.p99} ms, 2xx ${h.status['2xx']}, 429 ${h.status['429']}, other ${h.status.other + h.status.errors}`,
    target: '',
    met: '',
  });
}
rows.push(...bundleRows(bundles));
console.table(rows);
const opRows = (ops: Record<string, OpUnits>) =>
  Object.fromEntries(
    Object.entries(ops).map(([op, u]) => [
      op,
      { requests: round(u.requests, 3), RCU: round(u.rcu + u.indexRcu, 3), WCU_table: round(u.wcu, 3), WCU_index_computed: round(u.indexWcuComputed, 3) },
    ]),
  );
console.log('DynamoDB per delivered message, by operation: send path');
console.table(opRows(dynamo.perMessage));
console.log('DynamoDB per delivered message, by operation: provider reports');
console.table(opRows(dynamo.reports.perMessage));

const out = fileURLToPath(new URL('../../results/bench.json', import.meta.url));
mkdirSync(fileURLToPath(new URL('../../results/', import.meta.url)), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote results/bench.json in ${Math.round(results.benchSeconds)} s`);
