import type { DynamoStore } from '../functions/adapters/dynamo-store';
import { runOf, type Subscriber } from '../functions/core/model';
import { localDateOf } from '../functions/core/schedule';
import { parseSendKey, SEND_KEY_HEADER, sendKeyFromQuery, type SendKey } from '../functions/core/send-key';
import type { LocalQueue } from './local-queue';
import { windowInstants, type RestartTally, type RunWindow } from './simulation-restarts';
import type { FaultName, FaultPlan } from './simulation-faults';
import type { StoreMail } from './ses-event-bridge';
import type { TwilioServer } from './twilio-server';

/**
 * The simulation's verdict, from what the providers hold (aws-ses-v2-local's store, the Twilio
 * server's messages), not from our own records: every message is mapped back to its send key
 * (X-Limber-Send header, StatusCallback query) and compared with the schedule, run by run: a
 * subscriber who restarted has a run 1 and a run 2, each with its own days from its own day 1.
 */

export interface RunCounts {
  expected: number;
  sent: number;
  duplicates: number;
  lost: number;
}

export interface SimulationReport {
  /** The DynamoDB table the run used (tests read its SendRecords). */
  tableName: string;
  subscribers: number;
  days: number;
  faultRate: number;
  /** Subscriber-days the schedule puts inside the simulated window. */
  expected: number;
  /** Of those, how many reached the provider at least once. */
  sent: number;
  /** Extra provider messages for a subscriber-day that already had one. */
  duplicates: number;
  /** Expected subscriber-days with no message at the provider. */
  lost: number;
  /** Days sent during the settle period after the window (not counted above). */
  beyondWindow: number;
  /** Messages for a run and day no run window expects, e.g. after an unsubscribe (must be 0). */
  unexpected: number;
  /** The counts above, per run number (run 2 = after a restart). */
  byRun: Record<string, RunCounts>;
  restarts: RestartTally;
  /** SendRecords that share a local calendar date with another of the same subscriber. */
  sameLocalDay: number;
  /** Expected days where the provider has a message but we have no SendRecord, or the reverse. */
  recordMismatch: number;
  /** SendRecords stamped before their scheduled instant (must be 0), and the latest one's delay. */
  early: number;
  maxLateMinutes: number;
  byChannel: { email: number; sms: number };
  faults: Record<FaultName, number>;
  /** The core's log lines by message, e.g. "reconciled expired claim". */
  events: Record<string, number>;
  dlq: number;
  /** SES events the ses-events handler failed on every attempt (FailedEvents on AWS). */
  failedEvents: number;
  ticks: number;
  elapsedMs: number;
}

export interface TallyInput {
  tableName: string;
  store: DynamoStore;
  subs: Subscriber[];
  runs: Map<string, RunWindow[]>;
  restarts: RestartTally;
  startMs: number;
  endMs: number;
  sesUrl: string;
  twilio: TwilioServer;
  plan: FaultPlan;
  queue: LocalQueue<unknown>;
  logCounts: Record<string, number>;
  failedEvents: number;
  ticks: number;
  elapsedMs: number;
}

async function providerKeys(input: TallyInput): Promise<Map<string, SendKey[]>> {
  const byAddress = new Map<string, SendKey[]>();
  const add = (address: string, key: SendKey | undefined) => {
    if (key) byAddress.set(address, [...(byAddress.get(address) ?? []), key]);
  };
  const res = await fetch(`${input.sesUrl}/store?since=${Math.floor((Date.now() - input.elapsedMs) / 1000) - 5}`);
  const { emails } = (await res.json()) as { emails: StoreMail[] };
  for (const mail of emails) {
    const header = mail.headers?.find((h) => h.name === SEND_KEY_HEADER)?.value;
    for (const to of mail.destination.to) add(to, header ? parseSendKey(header) : undefined);
  }
  for (const m of input.twilio.messages()) {
    if (m.direction !== 'outbound-api' || !m.statusCallback) continue;
    add(m.to, sendKeyFromQuery(Object.fromEntries(new URL(m.statusCallback).searchParams)));
  }
  return byAddress;
}

export async function tally(input: TallyInput): Promise<SimulationReport> {
  const keys = await providerKeys(input);
  const report: SimulationReport = {
    tableName: input.tableName,
    subscribers: input.subs.length,
    days: Math.round((input.endMs - input.startMs) / 86_400_000),
    faultRate: input.plan.rate,
    expected: 0,
    sent: 0,
    duplicates: 0,
    lost: 0,
    beyondWindow: 0,
    unexpected: 0,
    byRun: {},
    restarts: input.restarts,
    sameLocalDay: 0,
    recordMismatch: 0,
    early: 0,
    maxLateMinutes: 0,
    byChannel: { email: 0, sms: 0 },
    faults: { ...input.plan.counts },
    events: { ...input.logCounts },
    dlq: input.queue.dlq.length,
    failedEvents: input.failedEvents,
    ticks: input.ticks,
    elapsedMs: 0,
  };
  for (const sub of input.subs) {
    // The day's message; weekly summaries (core/adaptive.ts) are extra messages with their own key.
    const perDay = new Map<string, number>();
    for (const key of keys.get(sub.address) ?? []) {
      if (key.subscriberId !== sub.id || (key.kind !== 'daily' && key.kind !== 'closing')) continue;
      const k = `${runOf(key)}#${key.programDay}`;
      perDay.set(k, (perDay.get(k) ?? 0) + 1);
    }
    const records = (await input.store.listSendRecords(sub.id)).filter((r) => r.kind === 'daily' || r.kind === 'closing');
    const recorded = new Map(records.map((r) => [`${runOf(r)}#${r.programDay}`, r]));
    const windows = input.runs.get(sub.id) ?? [];
    const expectedKeys = new Set<string>();
    for (const [w, window] of windows.entries()) {
      const counts = (report.byRun[String(window.run)] ??= { expected: 0, sent: 0, duplicates: 0, lost: 0 });
      const schedule = windowInstants(sub, window);
      counts.expected += schedule.length;
      report.expected += schedule.length;
      for (const [i, due] of schedule.entries()) {
        const k = `${window.run}#${window.firstDay + i}`;
        expectedKeys.add(k);
        const n = perDay.get(k) ?? 0;
        if (n > 0) {
          report.sent++;
          counts.sent++;
          report.byChannel[sub.channel]++;
        } else {
          report.lost++;
          counts.lost++;
        }
        counts.duplicates += Math.max(0, n - 1);
        const record = recorded.get(k);
        if (!window.deleted && n > 0 !== (record !== undefined)) report.recordMismatch++;
        if (!record) continue;
        const late = Date.parse(record.at) - due;
        if (late < 0) report.early++;
        report.maxLateMinutes = Math.max(report.maxLateMinutes, Math.round(late / 60_000));
      }
      // The last run goes on after the window: its next days are sent in the settle period.
      const last = w === windows.length - 1 ? window.firstDay + schedule.length - 1 : Number.POSITIVE_INFINITY;
      for (const [k, n] of perDay) {
        const [run, day] = k.split('#').map(Number) as [number, number];
        if (run === window.run && day > last) {
          report.beyondWindow++;
          expectedKeys.add(k);
          report.duplicates += n - 1;
        }
      }
    }
    for (const [k, n] of perDay) {
      if (expectedKeys.has(k)) continue;
      report.unexpected += n;
    }
    const dates = records.map((r) => {
      const d = localDateOf(sub.timezone, Date.parse(r.at));
      return `${d.year}-${d.month}-${d.day}`;
    });
    report.sameLocalDay += dates.length - new Set(dates).size;
  }
  report.duplicates += Object.values(report.byRun).reduce((a, c) => a + c.duplicates, 0);
  report.elapsedMs = Math.round(input.elapsedMs);
  return report;
}
