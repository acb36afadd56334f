import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Command } from 'commander';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { SqsQueue } from '../../functions/adapters/sqs-queue';
import { EnvSecrets, localSecretVariable, SecretsManagerSecrets } from '../../functions/adapters/secrets';
import { formatReport, registerSimulate } from '../../cli/simulate';
import { FAULTS } from '../../local/simulation-faults';
import type { SimulationReport } from '../../local/simulation-report';
import { MemoryStore } from '../../local/memory-store';
import { ManualClock } from '../../local/manual-clock';
import { dispatchDue } from '../../functions/core/dispatch';
import { fullJitter, TokenBucket, withRetries } from '../../functions/core/pacing';
import type { Timer } from '../../functions/ports';
import { clampToSmsWindow, smsHoldUntil } from '../../functions/core/quiet-hours';
import { formatSendKey, parseSendKey, sendKeyFromQuery, statusCallbackUrl } from '../../functions/core/send-key';
import { ProviderError, type DeliveryJob } from '../../functions/ports';
import { LocalQueue } from '../../local/local-queue';
import { subscriber } from '../support/delivery';

function fakeTimer(): Timer & { t: number } {
  const timer = {
    t: 0,
    now: () => timer.t,
    sleep: async (ms: number) => {
      timer.t += ms;
    },
  };
  return timer;
}

describe('pacing', () => {
  it('a token bucket paces callers to its rate and slows down when throttled', async () => {
    const timer = fakeTimer();
    const bucket = new TokenBucket(10, timer, 1);
    for (let i = 0; i < 11; i++) await bucket.take();
    expect(timer.t).toBe(1000); // 1 saved token + 10 more at 10/s
    bucket.slowDown();
    expect(bucket.rate).toBe(5);
    const before = timer.t;
    await bucket.take();
    await bucket.take();
    expect(timer.t - before).toBe(400);
    for (let i = 0; i < 20; i++) bucket.speedUp();
    expect(bucket.rate).toBe(10);
  });

  it('full jitter stays within [0, min(cap, base * 2^attempt))', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.integer({ min: 0, max: 20 }), (r, attempt) => {
        const policy = { maxAttempts: 5, baseMs: 100, capMs: 3000, random: () => r, sleep: async () => {} };
        const d = fullJitter(policy, attempt);
        return d >= 0 && d < Math.min(3000, 100 * 2 ** attempt);
      }),
    );
  });

  it('retries only throttled and transient errors, at most maxAttempts calls', async () => {
    const policy = { maxAttempts: 3, baseMs: 1, capMs: 1, random: () => 0, sleep: async () => {} };
    let calls = 0;
    const fail = (err: unknown) => () => {
      calls++;
      return Promise.reject(err);
    };
    await expect(withRetries(policy, fail(new ProviderError('throttled', 'x', 'x')))).rejects.toThrow();
    expect(calls).toBe(3);
    calls = 0;
    await expect(withRetries(policy, fail(new ProviderError('permanent', 'x', 'x')))).rejects.toThrow();
    await expect(withRetries(policy, fail(new ProviderError('transient', 'ambiguous', 'x')))).rejects.toThrow();
    await expect(withRetries(policy, fail(new Error('boom')))).rejects.toThrow();
    expect(calls).toBe(3);
  });
});

describe('send keys', () => {
  it('round-trips through SES tags and status callback URLs', () => {
    const key = { subscriberId: 's_Ab-c_12', programDay: 7, kind: 'daily' as const };
    expect(formatSendKey(key)).toBe('s_Ab-c_12.7.daily');
    expect(parseSendKey(formatSendKey(key))).toEqual(key);
    const url = new URL(statusCallbackUrl('https://limber.test/', key));
    expect(url.pathname).toBe('/twilio/status');
    expect(sendKeyFromQuery(Object.fromEntries(url.searchParams))).toEqual(key);
  });

  it('carries the run from run 2 on; run 1 keeps the key messages had before runs existed', () => {
    const key = { subscriberId: 's_Ab-c_12', programDay: 7, kind: 'daily' as const, run: 3 };
    expect(formatSendKey(key)).toBe('s_Ab-c_12.7.daily.r3');
    expect(parseSendKey(formatSendKey(key))).toEqual(key);
    const url = new URL(statusCallbackUrl('https://limber.test/', key));
    expect(url.searchParams.get('r')).toBe('3');
    expect(sendKeyFromQuery(Object.fromEntries(url.searchParams))).toEqual(key);
    expect(formatSendKey({ ...key, run: 1 })).toBe('s_Ab-c_12.7.daily');
    expect(parseSendKey('s_Ab-c_12.7.daily')).toEqual({ subscriberId: 's_Ab-c_12', programDay: 7, kind: 'daily' });
    expect(parseSendKey('s_Ab-c_12.7.daily.r0')).toBeUndefined();
    expect(sendKeyFromQuery({ s: 's_Ab-c_12', d: '7', k: 'daily', r: 'x' })).toBeUndefined();
  });

  it('refuses values SES would reject and keys that do not parse', () => {
    expect(() => formatSendKey({ subscriberId: 's_a b', programDay: 1, kind: 'daily' })).toThrow();
    expect(parseSendKey('s_abc.1.unknown')).toBeUndefined();
    expect(parseSendKey('s_abc.x.daily')).toBeUndefined();
    expect(parseSendKey('no key')).toBeUndefined();
  });
});

describe('quiet hours', () => {
  it('holds texts outside 08:00-21:00 local until the next 08:00', () => {
    const tz = 'America/Los_Angeles';
    expect(smsHoldUntil(tz, Date.parse('2026-06-01T16:00:00Z'))).toBeUndefined(); // 09:00 PDT
    expect(new Date(smsHoldUntil(tz, Date.parse('2026-06-02T04:30:00Z'))!).toISOString()).toBe('2026-06-02T15:00:00.000Z'); // 21:30
    expect(new Date(smsHoldUntil(tz, Date.parse('2026-06-01T13:00:00Z'))!).toISOString()).toBe('2026-06-01T15:00:00.000Z'); // 06:00
    expect(new Date(clampToSmsWindow(tz, Date.parse('2026-06-02T05:30:00Z'))).toISOString()).toBe('2026-06-01T15:00:00.000Z');
  });
});

describe('dispatchDue', () => {
  it('enqueues every due subscriber-day once, in batches of at most 10, across pages and shards', async () => {
    const store = new MemoryStore(4);
    const clock = new ManualClock(Date.parse('2026-03-02T06:00:00Z'));
    for (let i = 0; i < 37; i++) await store.createSubscriber(subscriber());
    await store.createSubscriber(subscriber({ nextSendAt: '2026-03-02T07:00:00.000Z' })); // not yet due
    await store.createSubscriber(subscriber({ status: 'paused', nextSendAt: undefined }));
    const batches: DeliveryJob[][] = [];
    const queue = { sendBatch: async (m: readonly DeliveryJob[]) => void batches.push([...m]) };
    const result = await dispatchDue({ store, queue, clock, shards: 4, pageSize: 7 });
    expect(result).toEqual({ enqueued: 37, shardsVisited: 4, complete: true });
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(10);
    const jobs = batches.flat();
    expect(new Set(jobs.map((j) => j.subscriberId)).size).toBe(37);
    expect(jobs[0]).toMatchObject({ programDay: 1, dueAt: '2026-03-02T06:00:00.000Z' });
  });

  it('stops at its time budget and reports an incomplete run', async () => {
    const store = new MemoryStore(4);
    for (let i = 0; i < 5; i++) await store.createSubscriber(subscriber());
    let left = 6_000;
    const queue = { sendBatch: async () => void (left -= 1_000) };
    const clock = new ManualClock(Date.parse('2026-03-02T06:00:00Z'));
    const result = await dispatchDue({ store, queue, clock, shards: 4, pageSize: 1, timeLeftMs: () => left, reserveMs: 5_000 });
    expect(result.complete).toBe(false);
    expect(result.enqueued).toBe(2); // 6 s, 5 s left: two pages; then below the 5 s reserve
  });
});

describe('LocalQueue: at-least-once like SQS', () => {
  const job = { subscriberId: 's_q1', programDay: 1, dueAt: '2026-03-02T06:00:00.000Z' };

  it('redelivers after the visibility timeout what the handler failed, and dead-letters after maxReceives', async () => {
    const clock = new ManualClock(0);
    const queue = new LocalQueue<DeliveryJob>({ clock, visibilityTimeoutMs: 1_000, maxReceives: 2 });
    await queue.sendBatch([job, { ...job, subscriberId: 's_q2' }]);
    const seen: string[] = [];
    const handler = async (event: { Records: { messageId: string; body: string; attributes: { ApproximateReceiveCount: string } }[] }) => {
      for (const r of event.Records) seen.push(`${JSON.parse(r.body).subscriberId}#${r.attributes.ApproximateReceiveCount}`);
      const failing = event.Records.filter((r) => r.body.includes('s_q2'));
      return { batchItemFailures: failing.map((r) => ({ itemIdentifier: r.messageId })) };
    };
    expect(await queue.drain(handler)).toBe(2);
    expect(await queue.drain(handler)).toBe(0); // s_q2 is invisible until the timeout
    clock.advance(1_000);
    expect(await queue.drain(handler)).toBe(1);
    clock.advance(1_000);
    expect(await queue.drain(handler)).toBe(0);
    expect(seen).toEqual(['s_q1#1', 's_q2#1', 's_q2#2']);
    expect(queue.dlq).toHaveLength(1);
    expect(queue.dlq[0]).toMatchObject({ receiveCount: 2, lastError: 'BatchItemFailure' });
    expect(queue.dlq[0]!.body).toBe(JSON.stringify({ ...job, subscriberId: 's_q2' }));
  });

  it('a handler that throws fails the whole batch; the duplicate fault enqueues twice', async () => {
    const clock = new ManualClock(0);
    const queue = new LocalQueue<DeliveryJob>({ clock, visibilityTimeoutMs: 500, faults: { duplicate: () => true } });
    await queue.sendBatch([job]);
    expect(queue.size).toBe(2);
    await queue.pollOnce(async () => {
      throw new Error('down');
    });
    expect(queue.size).toBe(2);
    clock.advance(500);
    expect(await queue.drain(async () => undefined)).toBe(2);
    expect(queue.size).toBe(0);
  });
});

describe('secrets', () => {
  it('caches Secrets Manager values per name for the TTL, and never caches a failure', async () => {
    let calls = 0;
    let fail = true;
    const client = {
      send: async () => {
        calls++;
        if (fail) throw new Error('throttled');
        return { SecretString: 'value' };
      },
    } as unknown as SecretsManagerClient;
    let now = 0;
    const secrets = new SecretsManagerSecrets(client, 1_000, () => now);
    await expect(secrets.get('limber/link-keys')).rejects.toThrow('throttled');
    fail = false;
    expect(await secrets.get('limber/link-keys')).toBe('value');
    expect(await secrets.get('limber/link-keys')).toBe('value');
    expect(calls).toBe(2);
    now = 1_001;
    await secrets.get('limber/link-keys');
    expect(calls).toBe(3);
  });

  it('keeps serving the last value when a refresh fails, and tries again soon', async () => {
    let calls = 0;
    let answer: () => { SecretString?: string } = () => ({ SecretString: 'v1' });
    const client = { send: async () => (calls++, answer()) } as unknown as SecretsManagerClient;
    let now = 0;
    const secrets = new SecretsManagerSecrets(client, 1_000, () => now, 100);
    expect(await secrets.get('limber/twilio')).toBe('v1');
    answer = () => {
      throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    };
    now = 1_001;
    expect(await secrets.get('limber/twilio')).toBe('v1');
    expect(await secrets.get('limber/twilio')).toBe('v1');
    expect(calls).toBe(2);
    answer = () => ({ SecretString: 'v2' });
    now = 1_102;
    expect(await secrets.get('limber/twilio')).toBe('v2');
    expect(calls).toBe(3);
  });

  it('reads local values from LIMBER_SECRET_VALUE_<NAME> and names the variable when one is missing', async () => {
    expect(localSecretVariable('limber/link-keys')).toBe('LIMBER_SECRET_VALUE_LIMBER_LINK_KEYS');
    const env = { LIMBER_SECRET_VALUE_LIMBER_PEPPER: 'p' };
    expect(await new EnvSecrets(env).get('limber/pepper')).toBe('p');
    await expect(new EnvSecrets(env).get('limber/other')).rejects.toThrow('LIMBER_SECRET_VALUE_LIMBER_OTHER');
  });
});

describe('limber simulate (options and report)', () => {
  it('refuses a fault rate out of range as a usage error naming the flag', async () => {
    const program = new Command('limber').exitOverride();
    registerSimulate(program);
    await expect(program.parseAsync(['node', 'limber', 'simulate', '--fault-rate', '0.9'])).rejects.toMatchObject({
      code: 'limber.usage',
      message: expect.stringContaining('--fault-rate'),
    });
  });

  it('prints sent, duplicates, lost, a row per fault and the counts per run and restart', () => {
    const counts = Object.fromEntries(FAULTS.map((f) => [f, 1])) as SimulationReport['faults'];
    const report: SimulationReport = {
      tableName: 't',
      subscribers: 2,
      days: 1,
      faultRate: 0.1,
      expected: 2,
      sent: 2,
      duplicates: 0,
      lost: 0,
      beyondWindow: 0,
      unexpected: 0,
      byRun: { '1': { expected: 1, sent: 1, duplicates: 0, lost: 0 }, '2': { expected: 1, sent: 1, duplicates: 0, lost: 0 } },
      restarts: { done: { 'start-again': 1, 'resign-up': 0, 'delete-and-resign-up': 0 }, missed: 0 },
      sameLocalDay: 0,
      recordMismatch: 0,
      early: 0,
      maxLateMinutes: 0,
      byChannel: { email: 1, sms: 1 },
      faults: counts,
      events: {},
      dlq: 0,
      failedEvents: 0,
      ticks: 3,
      elapsedMs: 1200,
    };
    const table = formatReport(report);
    for (const row of ['sent', 'duplicates', 'lost', ...FAULTS.map((f) => `fault: ${f}`)]) expect(table).toMatch(new RegExp(`\\| ${row} +\\|`));
    for (const row of [
      'run 1: expected / sent / dup / lost',
      'run 2: expected / sent / dup / lost',
      'restarts: start-again',
      'restarts missed',
      'unexpected',
    ]) {
      expect(table).toMatch(new RegExp(`\\| ${row} +\\|`));
    }
    expect(table).toMatch(/\| run 2: expected \/ sent \/ dup \/ lost +\| +1 \/ 1 \/ 0 \/ 0 \|/);
  });
});

describe('SqsQueue', () => {
  const jobs = Array.from({ length: 23 }, (_, i) => ({ subscriberId: `s_sqs${i}`, programDay: 3, dueAt: '2026-03-02T06:00:00.000Z' }));

  function fakeSqs(failOnce: Set<string>) {
    const calls: { QueueUrl: string; Entries: { Id: string; MessageBody: string; MessageDeduplicationId?: string; MessageGroupId?: string }[] }[] = [];
    const client = {
      send: async (command: { input: (typeof calls)[number] }) => {
        calls.push(command.input);
        const failed = command.input.Entries.filter((e) => failOnce.delete(e.Id)).map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError' }));
        return { Successful: [], Failed: failed };
      },
    } as unknown as SQSClient;
    return { client, calls };
  }

  it('sends at most 10 distinct entries a call and resends the entries SQS failed', async () => {
    const { client, calls } = fakeSqs(new Set(['s_sqs4-3']));
    const queue = new SqsQueue({ client, queueUrl: 'https://sqs.local/jobs', sleep: async () => {} });
    await queue.sendBatch([...jobs, jobs[0]!]);
    expect(calls.map((c) => c.Entries.length)).toEqual([10, 1, 10, 3]);
    expect(calls[1]!.Entries[0]!.Id).toBe('s_sqs4-3');
    expect(JSON.parse(calls[0]!.Entries[0]!.MessageBody)).toEqual(jobs[0]);
    expect(calls[0]!.Entries[0]!.MessageDeduplicationId).toBeUndefined();
  });

  it('on a FIFO queue the job key is the deduplication id', async () => {
    const { client, calls } = fakeSqs(new Set());
    await new SqsQueue({ client, queueUrl: 'https://sqs.local/jobs.fifo' }).sendBatch(jobs.slice(0, 2));
    expect(calls[0]!.Entries[1]).toMatchObject({ MessageDeduplicationId: 's_sqs1-3', MessageGroupId: 's_sqs1' });
  });
});

describe('dispatchDue with a per-run cap', () => {
  it('enqueues no more than maxJobs and reports the run incomplete; the next run takes the rest', async () => {
    const store = new MemoryStore(4);
    const clock = new ManualClock(Date.parse('2026-03-02T06:00:00Z'));
    for (let i = 0; i < 25; i++) await store.createSubscriber(subscriber());
    const jobs: DeliveryJob[] = [];
    const queue = { sendBatch: async (m: readonly DeliveryJob[]) => void jobs.push(...m) };
    const first = await dispatchDue({ store, queue, clock, shards: 4, pageSize: 7, maxJobs: 10 });
    expect(first).toMatchObject({ enqueued: 10, complete: false });
    expect(jobs).toHaveLength(10);
    const uncapped = await dispatchDue({ store, queue, clock, shards: 4, pageSize: 7 });
    expect(uncapped).toMatchObject({ enqueued: 25, complete: true });
  });
});
