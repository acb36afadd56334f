import { consentRecords, type ConsentRecords } from './data-rights';
import type { Store } from '../ports';
import { baseline, contentDay } from './adaptive';
import { csvTable } from './csv';
import { DEFAULT_BAND, type BandChange, type PainRating, type RangeBand, type SendRecord, type Status, type Subscriber } from './model';

/**
 * What the operator dashboard shows, computed from stored items. Pure: the handler pages through
 * the Store and hands everything here.
 */

export interface SubscriberHistory {
  subscriber: Subscriber;
  ratings: PainRating[];
  sends: SendRecord[];
}

export interface TrendPoint {
  programDay: number;
  score: number;
}

export interface SubscriberRow {
  id: string;
  channel: Subscriber['channel'];
  status: Status;
  level: Subscriber['level'];
  /** The range band in force and how it got there (oldest first). */
  band: RangeBand;
  bandChanges: BandChange[];
  /** Messages so far (keys ratings and sends). */
  programDay: number;
  /** The plan's day being shown: programDay less the repeated weeks. */
  contentDay: number;
  repeats: number;
  baseline: number | null;
  latest: number | null;
  responseRate: number | null;
  trend: TrendPoint[];
  consents: ConsentRecords;
}

export interface Escalation {
  subscriberId: string;
  programDay: number;
  at: string;
  reason: 'red flag' | 'high score';
}

export interface FailedSend {
  subscriberId: string;
  programDay: number;
  kind: SendRecord['kind'];
  status: SendRecord['deliveryStatus'];
  errorCode?: string;
  at: string;
}

export interface Insights {
  totals: { subscribers: number; byStatus: Record<Status, number>; byDay: Record<string, number> };
  /** Share of daily messages sent that got a rating for that day. */
  responseRate: number | null;
  /** Among subscribers with a baseline and a later rating: share whose latest score fell 2+ points or 30 %+. */
  cohort: { measured: number; improved: number; share: number | null };
  subscribers: SubscriberRow[];
  escalations: Escalation[];
  failedSends: FailedSend[];
}

const STATUSES: Status[] = ['pending', 'active', 'paused', 'completed', 'unsubscribed', 'suppressed'];
const FAILED = new Set<SendRecord['deliveryStatus']>(['failed', 'undelivered', 'bounced', 'complained']);

/** The IMMPACT-style threshold for a meaningful change: 2 points or 30 % below baseline. */
export function improvedFromBaseline(base: number, latest: number): boolean {
  return base - latest >= 2 || (base > 0 && (base - latest) / base >= 0.3);
}

function dayBucket(day: number): string {
  const week = Math.min(7, Math.ceil(day / 7));
  return `week ${week}`;
}

export function computeInsights(histories: readonly SubscriberHistory[], recent = 20): Insights {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const byDay: Record<string, number> = {};
  let dailySent = 0;
  let dailyAnswered = 0;
  let measured = 0;
  let improved = 0;
  const escalations: Escalation[] = [];
  const failedSends: FailedSend[] = [];
  const rows: SubscriberRow[] = [];

  for (const { subscriber: s, ratings, sends } of histories) {
    byStatus[s.status]++;
    if (s.status === 'active' || s.status === 'paused') {
      const bucket = dayBucket(Math.max(1, contentDay(s)));
      byDay[bucket] = (byDay[bucket] ?? 0) + 1;
    }
    const sorted = [...ratings].sort((a, b) => a.programDay - b.programDay);
    const rated = new Set(sorted.map((r) => r.programDay));
    const daily = sends.filter((r) => r.kind === 'daily');
    const answered = daily.filter((r) => rated.has(r.programDay)).length;
    dailySent += daily.length;
    dailyAnswered += answered;
    const base = baseline(sorted);
    const latest = sorted.at(-1)?.score ?? null;
    if (base !== null && latest !== null && sorted.length > 3) {
      measured++;
      if (improvedFromBaseline(base, latest)) improved++;
    }
    for (const r of sorted) {
      if (r.redFlag || r.score >= 8) {
        escalations.push({ subscriberId: s.id, programDay: r.programDay, at: r.at, reason: r.redFlag ? 'red flag' : 'high score' });
      }
    }
    for (const r of sends) {
      if (FAILED.has(r.deliveryStatus)) {
        failedSends.push({ subscriberId: s.id, programDay: r.programDay, kind: r.kind, status: r.deliveryStatus, errorCode: r.errorCode, at: r.at });
      }
    }
    rows.push({
      id: s.id,
      channel: s.channel,
      status: s.status,
      level: s.effectiveLevel ?? s.level,
      band: s.band ?? DEFAULT_BAND,
      bandChanges: s.bandChanges ?? [],
      programDay: s.programDay,
      contentDay: contentDay(s),
      repeats: s.repeats ?? 0,
      consents: consentRecords(s),
      baseline: base,
      latest,
      responseRate: daily.length ? answered / daily.length : null,
      trend: sorted.map((r) => ({ programDay: r.programDay, score: r.score })),
    });
  }

  const newestFirst = <T extends { at: string }>(a: T, b: T) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0);
  return {
    totals: { subscribers: histories.length, byStatus, byDay },
    responseRate: dailySent ? dailyAnswered / dailySent : null,
    cohort: { measured, improved, share: measured ? improved / measured : null },
    subscribers: rows,
    escalations: escalations.sort(newestFirst).slice(0, recent),
    failedSends: failedSends.sort(newestFirst).slice(0, recent),
  };
}

/** Ratings as CSV (health data: callers warn before writing it anywhere). */
export function ratingsCsv(rows: readonly PainRating[]): string {
  return csvTable(
    ['subscriber_id', 'program_day', 'score', 'source', 'red_flag', 'at'],
    rows.map((r) => [r.subscriberId, r.programDay, r.score, r.source, r.redFlag, r.at]),
  );
}

/** Reads up to `max` subscribers with their ratings and sends through the Store port. */
export async function loadHistories(
  store: Pick<Store, 'scanSubscribers' | 'listRatings' | 'listSendRecords'>,
  max = 500,
): Promise<{ histories: SubscriberHistory[]; truncated: boolean }> {
  const histories: SubscriberHistory[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.scanSubscribers(Math.min(100, max - histories.length), cursor);
    const loaded = await Promise.all(
      page.items.map(async (subscriber) => ({
        subscriber,
        ratings: await store.listRatings(subscriber.id),
        sends: await store.listSendRecords(subscriber.id),
      })),
    );
    histories.push(...loaded);
    cursor = page.cursor;
  } while (cursor && histories.length < max);
  return { histories, truncated: cursor !== undefined };
}
