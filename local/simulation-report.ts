import type { DynamoStore } from '../functions/adapters/dynamo-store';
import type { Subscriber } from '../functions/core/model';
import { localDateOf, sendInstants } from '../functions/core/schedule';
import { parseSendKey, SEND_KEY_HEADER, sendKeyFromQuery, type SendKey } from '../functions/core/send-key';
import type { LocalQueue } from './local-queue';
import type { FaultName, FaultPlan } from './simulation-faults';
import type { StoreMail } from './ses-event-bridge';
import type { TwilioServer } from './twilio-server';

/**
 * The simulation's verdict, from what the providers hold (aws-ses-v2-local's store, the Twilio
 * server's messages), not from our own records: every message is mapped back to its send key
 * (X-Limber-Send header, StatusCallback query) and compared with the schedule.
 */

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

/** The instants the schedule gives a subscriber inside the window: day N is the Nth. */
export function scheduledInstants(sub: Subscriber, startMs: number, endMs: number): number[] {
  const days = Math.ceil((endMs - startMs) / 86_400_000) + 2;
  return sendInstants(sub.timezone, sub.sendAt, startMs - 1, days).filter((t) => t < endMs);
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
    const schedule = scheduledInstants(sub, input.startMs, input.endMs);
    const expected = schedule.length;
    report.expected += expected;
    const perDay = new Map<number, number>();
    for (const key of keys.get(sub.address) ?? []) {
      // The day's message; weekly summaries (core/adaptive.ts) are extra messages with their own key.
      if (key.subscriberId !== sub.id || (key.kind !== 'daily' && key.kind !== 'closing')) continue;
      perDay.set(key.programDay, (perDay.get(key.programDay) ?? 0) + 1);
    }
    for (const [day, n] of perDay) {
      report.duplicates += n - 1;
      if (day > expected) report.beyondWindow++;
    }
    const records = (await input.store.listSendRecords(sub.id)).filter((r) => r.kind === 'daily' || r.kind === 'closing');
    const recorded = new Set(records.map((r) => r.programDay));
    for (let day = 1; day <= expected; day++) {
      if (perDay.has(day)) {
        report.sent++;
        report.byChannel[sub.channel]++;
      } else report.lost++;
      if (perDay.has(day) !== recorded.has(day)) report.recordMismatch++;
    }
    for (const r of records) {
      const due = schedule[r.programDay - 1];
      if (due === undefined) continue;
      const late = Date.parse(r.at) - due;
      if (late < 0) report.early++;
      report.maxLateMinutes = Math.max(report.maxLateMinutes, Math.round(late / 60_000));
    }
    const dates = records.map((r) => {
      const d = localDateOf(sub.timezone, Date.parse(r.at));
      return `${d.year}-${d.month}-${d.day}`;
    });
    report.sameLocalDay += dates.length - new Set(dates).size;
  }
  report.elapsedMs = Math.round(input.elapsedMs);
  return report;
}
