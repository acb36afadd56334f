import { z } from 'zod';
import { Instant, RatingSource } from './model';

/**
 * The weekly function score: the Patient-Specific Functional Scale in its one-activity form
 * (Stratford 1995, free to use). The person names one activity their back makes hard; once a week
 * they rate how well they can do it, 0 (unable) to 10 (as before the problem). Higher is better,
 * the opposite direction of the pain score. Its own rating kind, keyed by program week, so it never
 * replaces a pain rating. Minimal detectable change: 2 points.
 */

export const FUNCTION_MDC = 2;

export const FunctionRating = z.object({
  subscriberId: z.string().min(3),
  /** Program week the rating belongs to (1 = the first week; 0 = at confirmation). */
  week: z.number().int().min(0).max(10),
  score: z.number().int().min(0).max(10),
  source: RatingSource,
  at: Instant,
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
