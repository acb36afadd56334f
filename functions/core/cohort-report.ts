import { baseline } from './adaptive';
import { csvTable } from './csv';
import { functionChange, functionImproved, type FunctionRating } from './function-score';
import { improvedFromBaseline, loadHistories, type SubscriberHistory } from './insights';
import type { FunctionScores, Store } from '../ports';
import { runOf, WEEK, type Channel, type Level, type PainRating, type Subscriber } from './model';

/**
 * The cohort report (docs/outcomes.md): what happened to everyone who signed up, with counts and
 * the denominator of every share. Pure: callers load the histories through the ports. The rules:
 * - nobody is left out of a denominator for being inconvenient: a person with a baseline and no
 *   follow-up counts as "not improved" in the intention-to-treat figure;
 * - the completer figure is shown beside it, never instead of it;
 * - people still in the program are counted as "in progress", not as drop-outs and not as failures.
 */

export interface CohortMember extends SubscriberHistory {
  functionRatings?: readonly FunctionRating[];
}

/** A count out of a stated denominator; share is null when the denominator is 0. */
export interface Fraction {
  n: number;
  of: number;
  share: number | null;
}

const ACTIVE_DAYS = [7, 14, 28] as const;

export interface OutcomeFigures {
  /** Denominator: people with a pain baseline (at least one rating). */
  withBaseline: number;
  /** Of those, people with a follow-up rating (a rating after the baseline ratings). */
  withFollowUp: number;
  improved: Fraction;
  painFree: Fraction;
}

export interface FunctionFigures {
  withBaseline: number;
  withFollowUp: number;
  improved: Fraction;
}

export interface GroupRow {
  by: 'level' | 'channel';
  group: string;
  enrolled: number;
  confirmed: number;
  completed: number;
  /** Improved among everyone in the group with a baseline (missing = not improved). */
  improved: Fraction;
}

export interface CohortReport {
  enrolled: number;
  confirmed: Fraction;
  activeAt: { day: number; active: Fraction; notYetReached: number }[];
  completed: Fraction;
  inProgress: number;
  weeklyReplies: { week: number; replied: number; sent: number; share: number | null }[];
  pain: { completers: OutcomeFigures; everyone: OutcomeFigures; completersWithoutBaseline: number };
  function: { completers: FunctionFigures; everyone: FunctionFigures };
  /** stopped = confirmed people who stopped (paused, opted out, suppressed) with their last rating in that week; 0 = never rated. */
  dropout: { week: number; stopped: number; remaining: number }[];
  groups: GroupRow[];
}

const frac = (n: number, of: number): Fraction => ({ n, of, share: of ? n / of : null });
const weekOf = (programDay: number) => Math.ceil(programDay / WEEK);

function isCompleted(m: SubscriberHistory): boolean {
  return m.subscriber.status === 'completed' || m.sends.some((s) => s.kind === 'closing');
}

const isConfirmed = (s: Subscriber) => s.confirmedAt !== undefined;

/** Baseline = mean of the first (up to) three ratings; follow-up = the latest rating after them. */
function painChange(ratings: readonly PainRating[]): { baseline: number; followUp: number | null } | null {
  const sorted = [...ratings].sort((a, b) => a.programDay - b.programDay);
  const base = baseline(sorted);
  if (base === null) return null;
  return { baseline: base, followUp: sorted.length > 3 ? sorted.at(-1)!.score : null };
}

function painOutcome(members: readonly CohortMember[]): OutcomeFigures {
  let withBaseline = 0;
  let withFollowUp = 0;
  let improved = 0;
  let painFree = 0;
  for (const m of members) {
    const c = painChange(m.ratings);
    if (!c) continue;
    withBaseline++;
    if (c.followUp === null) continue;
    withFollowUp++;
    if (improvedFromBaseline(c.baseline, c.followUp)) improved++;
    if (c.followUp === 0) painFree++;
  }
  return { withBaseline, withFollowUp, improved: frac(improved, withBaseline), painFree: frac(painFree, withBaseline) };
}

function functionOutcome(members: readonly CohortMember[]): FunctionFigures {
  let withBaseline = 0;
  let withFollowUp = 0;
  let improved = 0;
  for (const m of members) {
    const c = functionChange(m.functionRatings ?? []);
    if (!c) continue;
    withBaseline++;
    if (c.latest === null) continue;
    withFollowUp++;
    if (functionImproved(c.baseline, c.latest)) improved++;
  }
  return { withBaseline, withFollowUp, improved: frac(improved, withBaseline) };
}

function weeklyReplies(members: readonly CohortMember[]): CohortReport['weeklyReplies'] {
  const sent = new Map<number, number>();
  const replied = new Map<number, number>();
  for (const m of members) {
    const rated = new Set(m.ratings.map((r) => r.programDay));
    for (const s of m.sends) {
      if (s.kind !== 'daily') continue;
      const w = weekOf(s.programDay);
      sent.set(w, (sent.get(w) ?? 0) + 1);
      if (rated.has(s.programDay)) replied.set(w, (replied.get(w) ?? 0) + 1);
    }
  }
  return [...sent.keys()]
    .sort((a, b) => a - b)
    .map((week) => {
      const f = frac(replied.get(week) ?? 0, sent.get(week)!);
      return { week, replied: f.n, sent: f.of, share: f.share };
    });
}

function dropout(confirmed: readonly CohortMember[], weeks: number): CohortReport['dropout'] {
  const stopped = new Map<number, number>();
  for (const m of confirmed) {
    if (isCompleted(m) || m.subscriber.status === 'active') continue;
    const last = Math.max(0, ...m.ratings.map((r) => r.programDay));
    const w = weekOf(last);
    stopped.set(w, (stopped.get(w) ?? 0) + 1);
  }
  const out: CohortReport['dropout'] = [];
  let remaining = confirmed.length;
  for (let week = 0; week <= weeks; week++) {
    const n = stopped.get(week) ?? 0;
    remaining -= n;
    out.push({ week, stopped: n, remaining });
  }
  return out;
}

function groupRows(members: readonly CohortMember[]): GroupRow[] {
  const rows: GroupRow[] = [];
  const levels: Level[] = ['gentle', 'moderate', 'active'];
  const channels: Channel[] = ['email', 'sms'];
  const row = (by: GroupRow['by'], group: string, ms: readonly CohortMember[]): GroupRow => ({
    by,
    group,
    enrolled: ms.length,
    confirmed: ms.filter((m) => isConfirmed(m.subscriber)).length,
    completed: ms.filter(isCompleted).length,
    improved: painOutcome(ms).improved,
  });
  for (const l of levels)
    rows.push(
      row(
        'level',
        l,
        members.filter((m) => m.subscriber.level === l),
      ),
    );
  for (const c of channels)
    rows.push(
      row(
        'channel',
        c,
        members.filter((m) => m.subscriber.channel === c),
      ),
    );
  return rows;
}

export function cohortReport(members: readonly CohortMember[]): CohortReport {
  const confirmed = members.filter((m) => isConfirmed(m.subscriber));
  const completers = members.filter(isCompleted);
  const inProgress = confirmed.filter((m) => m.subscriber.status === 'active' && !isCompleted(m));
  const activeAt = ACTIVE_DAYS.map((day) => ({
    day,
    active: frac(confirmed.filter((m) => m.ratings.some((r) => r.programDay >= day)).length, confirmed.length),
    // Day `day` not sent yet: programDay is the next message's number.
    notYetReached: inProgress.filter((m) => m.subscriber.programDay <= day).length,
  }));
  return {
    enrolled: members.length,
    confirmed: frac(confirmed.length, members.length),
    activeAt,
    completed: frac(completers.length, confirmed.length),
    inProgress: inProgress.length,
    weeklyReplies: weeklyReplies(members),
    pain: {
      completers: painOutcome(completers),
      everyone: painOutcome(members),
      completersWithoutBaseline: completers.filter((m) => painChange(m.ratings) === null).length,
    },
    function: { completers: functionOutcome(completers), everyone: functionOutcome(members) },
    dropout: dropout(confirmed, 6),
    groups: groupRows(members),
  };
}

/** What each figure counts, stated on the page and in the CSV beside the number. */
export const DEFINITIONS = {
  enrolled: 'Everyone who submitted the sign-up form and whose data is still stored (any status; people who deleted their data are gone).',
  confirmed: 'Enrolled people who completed the double opt-in (confirmedAt set). Denominator: enrolled.',
  active:
    'Confirmed people who gave a pain rating for that program day or a later one. Denominator: confirmed. People still in the program who have not reached the day yet are listed separately, not counted as inactive.',
  completed: 'Confirmed people whose program reached the closing message (status completed, or a closing message sent). Denominator: confirmed.',
  weeklyReplies:
    'Daily messages of that program week (by program day, 1-7 = week 1) that got a pain rating for the same day, out of the daily messages the provider reported sent that week.',
  painImproved:
    'Follow-up (latest rating after the first three) at least 2 points or at least 30 % below the baseline (mean of the first up to three ratings). Denominator: everyone in the group with a baseline; a missing follow-up counts as not improved.',
  painFree: 'Follow-up rating of 0. Same denominator as above; a missing follow-up counts as not pain-free.',
  functionImproved:
    'Weekly function score (one activity, 0-10, higher is better): latest rating in a later week at least 2 points (the minimal detectable change) above the first. Denominator: everyone with a first function rating; missing = not improved.',
  dropout:
    'Confirmed people who stopped before the end (paused, opted out or suppressed), by the program week of their last pain rating (week 0 = never rated). Remaining = confirmed minus everyone who stopped so far; completers and people still in the program remain.',
  groups: 'By the level chosen at sign-up and by channel. Improved: as above, among the group members with a baseline.',
} as const;

const pctCell = (f: { share: number | null }) => (f.share === null ? '' : (Math.round(f.share * 1000) / 10).toFixed(1));

/** The report as one tidy CSV: figure, group, numerator, denominator, share in %, definition. */
export function cohortReportCsv(r: CohortReport): string {
  const rows: (string | number)[][] = [];
  const add = (figure: string, group: string, f: Fraction, def: string) => rows.push([figure, group, f.n, f.of, pctCell(f), def]);
  add('enrolled', 'all', frac(r.enrolled, r.enrolled), DEFINITIONS.enrolled);
  add('confirmed', 'all', r.confirmed, DEFINITIONS.confirmed);
  for (const a of r.activeAt) add(`active_day_${a.day}`, `all (${a.notYetReached} not yet reached)`, a.active, DEFINITIONS.active);
  add('completed', 'all', r.completed, DEFINITIONS.completed);
  for (const w of r.weeklyReplies) add('reply_rate', `week ${w.week}`, frac(w.replied, w.sent), DEFINITIONS.weeklyReplies);
  for (const [group, o] of [
    ['completers', r.pain.completers],
    ['everyone with a baseline', r.pain.everyone],
  ] as const) {
    add('pain_improved', group, o.improved, DEFINITIONS.painImproved);
    add('pain_free', group, o.painFree, DEFINITIONS.painFree);
  }
  for (const [group, o] of [
    ['completers', r.function.completers],
    ['everyone with a baseline', r.function.everyone],
  ] as const) {
    add('function_improved', group, o.improved, DEFINITIONS.functionImproved);
  }
  const confirmed = r.confirmed.n;
  for (const d of r.dropout) add('remaining_after_week', `week ${d.week} (${d.stopped} stopped)`, frac(d.remaining, confirmed), DEFINITIONS.dropout);
  for (const g of r.groups)
    add('pain_improved', `${g.by} ${g.group} (enrolled ${g.enrolled}, confirmed ${g.confirmed}, completed ${g.completed})`, g.improved, DEFINITIONS.groups);
  return csvTable(['figure', 'group', 'numerator', 'denominator', 'share_percent', 'definition'], rows);
}

/** Loads every subscriber with ratings, sends and function ratings through the ports (operator-only paged Scan). */
export async function loadCohort(
  store: Pick<Store, 'scanSubscribers' | 'listRatings' | 'listSendRecords'>,
  scores: Pick<FunctionScores, 'listFunctionRatings'> | undefined,
  max = 5000,
): Promise<{ members: CohortMember[]; truncated: boolean }> {
  const { histories, truncated } = await loadHistories(store, max);
  // A person who restarted counts once, with their current run: its status, its sends, its ratings.
  const members = await Promise.all(
    histories.map(async (h) => {
      const run = runOf(h.subscriber);
      return {
        ...h,
        ratings: h.ratings.filter((r) => runOf(r) === run),
        sends: h.sends.filter((s) => runOf(s) === run),
        functionRatings: scores ? await scores.listFunctionRatings(h.subscriber.id, run) : [],
      };
    }),
  );
  return { members, truncated };
}
