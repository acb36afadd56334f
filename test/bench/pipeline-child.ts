import { MemoryStore } from '../../local/memory-store';
import { dueSubscribers } from './fixtures';
import { runPipeline } from './pipeline';

/**
 * One in-memory pipeline run in its own process, so peak RSS and GC belong to this size alone.
 * Usage: node --import tsx test/bench/pipeline-child.ts <subscribers>; prints one JSON line.
 */

const n = Number(process.argv[2] ?? 10_000);
const subscribers = dueSubscribers(n, 42);
const rssBefore = process.memoryUsage().rss;
const run = await runPipeline({ store: new MemoryStore(), subscribers, invocations: 4 });
const delivered = run.sent.email + run.sent.sms;
if (delivered !== n || run.failures !== 0) throw new Error(`pipeline: ${delivered}/${n} sent, ${run.failures} failures`);
process.stdout.write(`${JSON.stringify({ ...run, rssBeforeMb: rssBefore / 2 ** 20, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
