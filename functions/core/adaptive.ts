import { MAX_REPEATS, PROGRAM_DAYS, WEEK, type Level, type PainRating, type RangeBand } from './model';

/**
 * The pain-adaptive program (docs/program.md). `programDay` counts daily messages (it keys claims,
 * send records and ratings, so it only moves forward); the content shown is `contentDay`, which lags
 * behind by a week for every week repeated. At the end of each content week:
 * - any rating >= 7, or an average 2+ points above the previous week (or the baseline): repeat the
 *   week at the next gentler level, and say so kindly;
 * - otherwise progress as planned: back to the chosen level when pain is down or flat and adherence
 *   is good (4+ ratings in 7 days), else keep the level in force.
 * A week is repeated at most MAX_REPEATS times in all, so nobody loops forever.
 * A person with a range band above `easier` first steps their positions down one band and goes on
 * (range.ts); only a hard week at `easier` or below repeats the week.
 * Scores >= 8 and red flags pause the program at once (enrolment.ts); this rule only steers weeks.
 */

const GOOD_ADHERENCE = 4;
/** A week whose highest score reaches this (below the safety pause) is repeated more gently. */
const GENTLER_WEEK_SCORE = 7;
const RISE = 2;

const GENTLER: Record<Level, Level> = { active: 'moderate', moderate: 'gentle', gentle: 'gentle' };

export interface AdaptiveState {
  programDay: number;
  level: Level;
  effectiveLevel?: Level;
  repeats?: number;
  /** Absent for people who signed up before range bands: they keep the repeat-only rule. */
  band?: RangeBand;
}

/** The band a hard week steps down to, when it may step instead of repeating the week. */
const PAIN_STEP: Partial<Record<RangeBand, RangeBand>> = { fuller: 'standard', standard: 'easier' };

export function contentDay(sub: AdaptiveState): number {
  return sub.programDay - WEEK * (sub.repeats ?? 0);
}

function levelInForce(sub: AdaptiveState): Level {
  return sub.effectiveLevel ?? sub.level;
}

/** True when the message for this programDay would be past the last day of content. */
export function programFinished(sub: AdaptiveState): boolean {
  return contentDay(sub) > PROGRAM_DAYS;
}

function average(scores: number[]): number | null {
  return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
}

/** Baseline: the mean of the first ratings (up to three) the person gave. */
export function baseline(ratings: readonly PainRating[]): number | null {
  const first = [...ratings].sort((a, b) => a.programDay - b.programDay).slice(0, 3);
  return average(first.map((r) => r.score));
}

export interface WeekStats {
  week: number;
  average: number | null;
  previousAverage: number | null;
  ratings: number;
  max: number | null;
  days: { day: number; score: number | null }[];
}

/** Stats of the content week that the message with `lastProgramDay` ended (ratings keyed by programDay). */
export function weekStats(lastProgramDay: number, week: number, ratings: readonly PainRating[]): WeekStats {
  const byDay = new Map(ratings.map((r) => [r.programDay, r.score]));
  const days = Array.from({ length: WEEK }, (_, i) => {
    const day = lastProgramDay - WEEK + 1 + i;
    return { day, score: byDay.get(day) ?? null };
  });
  const scores = days.flatMap((d) => (d.score === null ? [] : [d.score]));
  const before = ratings.filter((r) => r.programDay <= lastProgramDay - WEEK && r.programDay > lastProgramDay - 2 * WEEK);
  return {
    week,
    average: average(scores),
    previousAverage: average(before.map((r) => r.score)),
    ratings: scores.length,
    max: scores.length ? Math.max(...scores) : null,
    days,
  };
}

export type WeekDecision =
  | { kind: 'continue' }
  | { kind: 'progress'; effectiveLevel: Level; stats: WeekStats }
  | { kind: 'repeat'; effectiveLevel: Level; repeats: number; stats: WeekStats; note: string }
  | { kind: 'step-down'; band: RangeBand; stats: WeekStats; note: string };

/**
 * What happens after the message of `sub.programDay` went out. Only the last day of a content week
 * decides anything; other days simply continue.
 */
export function decideAfterDay(sub: AdaptiveState, ratings: readonly PainRating[]): WeekDecision {
  const day = contentDay(sub);
  if (day % WEEK !== 0 || day >= PROGRAM_DAYS) return { kind: 'continue' };
  const week = day / WEEK;
  const stats = weekStats(sub.programDay, week, ratings);
  const reference = stats.previousAverage ?? baseline(ratings);
  const rose = stats.average !== null && reference !== null && stats.average - reference >= RISE;
  const high = stats.max !== null && stats.max >= GENTLER_WEEK_SCORE;
  const repeats = sub.repeats ?? 0;
  const step = sub.band ? PAIN_STEP[sub.band] : undefined;
  if ((rose || high) && step) {
    return {
      kind: 'step-down',
      band: step,
      stats,
      note: 'Your back has had a harder week, so this week uses easier positions. Tell us how they feel.',
    };
  }
  if ((rose || high) && repeats < MAX_REPEATS) {
    return {
      kind: 'repeat',
      effectiveLevel: GENTLER[levelInForce(sub)],
      repeats: repeats + 1,
      stats,
      note: `Your back has had a harder week, so we will go through week ${week} again at a gentler pace. That is a normal part of getting better.`,
    };
  }
  const downOrFlat = stats.average !== null && reference !== null && stats.average <= reference;
  const goodAdherence = stats.ratings >= GOOD_ADHERENCE;
  const effectiveLevel = downOrFlat && goodAdherence && !rose && !high ? sub.level : levelInForce(sub);
  return { kind: 'progress', effectiveLevel, stats };
}

/** What the message of `sub.programDay` is, once the week that ended before it has been decided. */
export interface MessagePlan {
  kind: 'daily' | 'closing';
  /** The content day to render (1..PROGRAM_DAYS for a daily message). */
  contentDay: number;
  level: Level;
  /** The range band in force (absent: the forms as written). */
  band?: RangeBand;
  /** The kind note of a repeated week, shown at the top of its first message. */
  note?: string;
  /** Adaptive state to store with the completed send (only what changed). */
  set: { repeats?: number; effectiveLevel?: Level; band?: RangeBand };
  /** The summary of the week that just ended, sent just before this message. */
  summary?: { programDay: number; week: number; average: number | null; previousAverage: number | null; days: { day: number; score: number | null }[] };
}

/** True when the message of `sub.programDay` follows the last day of a content week (ratings are needed). */
export function startsNewWeek(sub: AdaptiveState): boolean {
  const previous = { ...sub, programDay: sub.programDay - 1 };
  return previous.programDay >= WEEK && contentDay(previous) % WEEK === 0;
}

/**
 * Plans the message of `sub.programDay`. The week is decided when the FIRST message of the next
 * week is sent, not when its last one is: by then the person has had a day to rate that last day.
 * `ratings` are needed only when startsNewWeek(sub) (one read per week per subscriber).
 */
export function planMessage(sub: AdaptiveState, ratings: readonly PainRating[] = []): MessagePlan {
  let state: AdaptiveState = sub;
  let note: string | undefined;
  let summary: MessagePlan['summary'];
  const set: MessagePlan['set'] = {};
  if (startsNewWeek(sub)) {
    const previous = { ...sub, programDay: sub.programDay - 1 };
    const lastContent = contentDay(previous);
    // Labels in the summary are content days, so a repeated week reads "Day 8..14" again.
    const shift = previous.programDay - lastContent;
    const decision = decideAfterDay(previous, ratings);
    const stats = decision.kind === 'continue' ? weekStats(previous.programDay, lastContent / WEEK, ratings) : decision.stats;
    // A week without a single rating has nothing to summarise.
    summary =
      stats.ratings === 0
        ? undefined
        : {
            programDay: previous.programDay,
            week: stats.week,
            average: stats.average,
            previousAverage: stats.previousAverage,
            days: stats.days.map((d) => ({ day: d.day - shift, score: d.score })),
          };
    if (decision.kind === 'repeat') {
      state = { ...sub, repeats: decision.repeats, effectiveLevel: decision.effectiveLevel };
      set.repeats = decision.repeats;
      set.effectiveLevel = decision.effectiveLevel;
      note = decision.note;
    } else if (decision.kind === 'step-down') {
      state = { ...sub, band: decision.band };
      set.band = decision.band;
      note = decision.note;
    } else if (decision.kind === 'progress' && decision.effectiveLevel !== levelInForce(sub)) {
      state = { ...sub, effectiveLevel: decision.effectiveLevel };
      set.effectiveLevel = decision.effectiveLevel;
    }
  }
  const finished = programFinished(state);
  return {
    kind: finished ? 'closing' : 'daily',
    contentDay: Math.min(contentDay(state), PROGRAM_DAYS),
    level: levelInForce(state),
    ...(state.band ? { band: state.band } : {}),
    ...(note ? { note } : {}),
    set,
    ...(summary ? { summary } : {}),
  };
}
