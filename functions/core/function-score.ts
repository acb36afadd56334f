import * as z from 'zod';
import { csvTable } from './csv';
import { Instant, RatingSource, Run } from './model';

/**
 * The weekly function score: the Patient-Specific Functional Scale in its one-activity form
 * (Stratford 1995, free to use). The person names one activity their back makes hard; once a week
 * they rate how well they can do it, 0 (unable) to 10 (as before the problem). Higher is better,
 * the opposite direction of the pain score. Its own rating kind, keyed by program week, so it never
 * replaces a pain rating. Minimal detectable change: 2 points.
 */

const FUNCTION_MDC = 2;

export const FunctionRating = z.object({
  subscriberId: z.string().min(3),
  /** Program week the rating belongs to (1 = the first week; 0 = at confirmation). */
  week: z.number().int().min(0).max(10),
  score: z.number().int().min(0).max(10),
  source: RatingSource,
  at: Instant,
  /** The enrolment run (core/model.ts runOf): a restart rates its weeks afresh. Missing = run 1. */
  run: Run.optional(),
});
export type FunctionRating = z.infer<typeof FunctionRating>;

/** First and latest function rating; the change counts only when the latest comes in a later week. */
export function functionChange(ratings: readonly FunctionRating[]): { baseline: number; latest: number | null } | null {
  if (ratings.length === 0) return null;
  const sorted = [...ratings].sort((a, b) => a.week - b.week);
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  return { baseline: first.score, latest: last.week > first.week ? last.score : null };
}

/** Improved by at least the minimal detectable change (higher is better). */
export function functionImproved(baseline: number, latest: number): boolean {
  return latest - baseline >= FUNCTION_MDC;
}

/**
 * The activity as the person typed it, made safe to store and to put in an SMS: letters, digits,
 * spaces and a little punctuation (GSM-7 safe), at most 60 characters. Empty -> undefined.
 */
export function cleanActivity(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const s = raw
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ,.'()/-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60)
    .trim();
  return s.length >= 2 ? s : undefined;
}

/** Replies about the function score: "ACT tying my shoes" names the activity; "F7" rates it. */
export type FunctionReply = { kind: 'activity'; activity: string } | { kind: 'score'; score: number };

export function parseFunctionReply(text: string): FunctionReply | undefined {
  const first =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  const score = /^f\s*(\d{1,2})\s*[.!]?$/i.exec(first);
  if (score && Number(score[1]) <= 10) return { kind: 'score', score: Number(score[1]) };
  const act = /^act(?:ivity)?\s*[:-]?\s+(.+)$/i.exec(first);
  const activity = act ? cleanActivity(act[1]) : undefined;
  return activity ? { kind: 'activity', activity } : undefined;
}

/**
 * Which program week a reply's function rating belongs to: the weeks completed by the last message
 * sent (days 1-6 -> 0, the baseline; the week-1 summary goes out after day 7 -> 1, and so on).
 */
export function functionWeekOf(lastSentDay: number): number {
  return Math.min(10, Math.floor(Math.max(0, lastSentDay) / 7));
}

/** Function ratings as CSV (health data: callers warn). The activity's text is not in it. */
export function functionRatingsCsv(rows: readonly FunctionRating[]): string {
  return csvTable(
    ['subscriber_id', 'run', 'week', 'score', 'source', 'at'],
    rows.map((r) => [r.subscriberId, r.run ?? 1, r.week, r.score, r.source, r.at]),
  );
}
