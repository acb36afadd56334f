import { describe, expect, it } from 'vitest';
import {
  baseline,
  contentDay,
  decideAfterDay,
  planMessage,
  programFinished,
  startsNewWeek,
  weekStats,
  type AdaptiveState,
} from '../../functions/core/adaptive';
import type { PainRating } from '../../functions/core/model';

const rating = (programDay: number, score: number): PainRating => ({
  subscriberId: 's_test',
  at: '2026-03-01T08:00:00.000Z',
  score,
  source: 'sms',
  programDay,
  redFlag: false,
});
const week = (startDay: number, scores: (number | null)[]) => scores.flatMap((s, i) => (s === null ? [] : [rating(startDay + i, s)]));

describe('adaptive program', () => {
  it('continues on every day that does not end a content week', () => {
    const ratings = week(1, [9, 9, 9, 9, 9, 9]);
    for (let day = 1; day <= 6; day++) {
      expect(decideAfterDay({ programDay: day, level: 'moderate' }, ratings)).toEqual({ kind: 'continue' });
    }
  });

  it('progresses at the chosen level when pain is flat or down and adherence is good', () => {
    const ratings = week(1, [5, 5, 4, 4, 4, 3, 3]);
    const d = decideAfterDay({ programDay: 7, level: 'moderate', effectiveLevel: 'gentle' }, ratings);
    expect(d).toMatchObject({ kind: 'progress', effectiveLevel: 'moderate' });
  });

  it('progresses but keeps the gentler level when adherence is poor', () => {
    const ratings = [...week(1, [5, 5, 5, 5, 5, 5, 5]), ...week(8, [4, null, null, 3, null, null, null])];
    const d = decideAfterDay({ programDay: 14, level: 'active', effectiveLevel: 'moderate' }, ratings);
    expect(d).toMatchObject({ kind: 'progress', effectiveLevel: 'moderate' });
  });

  it('repeats the week one level gentler when any rating reaches 7', () => {
    const ratings = week(1, [3, 3, 7, 3, 3, 3, 3]);
    const d = decideAfterDay({ programDay: 7, level: 'active' }, ratings);
    expect(d).toMatchObject({ kind: 'repeat', effectiveLevel: 'moderate', repeats: 1 });
    if (d.kind === 'repeat') expect(d.note).toMatch(/week 1 again/);
  });

  it('repeats when the week average rose 2+ points over the previous week', () => {
    const ratings = [...week(1, [2, 2, 2, 2, 2, 2, 2]), ...week(8, [4, 4, 4, 5, 4, 4, 4])];
    const d = decideAfterDay({ programDay: 14, level: 'gentle' }, ratings);
    expect(d).toMatchObject({ kind: 'repeat', effectiveLevel: 'gentle', repeats: 1 });
    // A rise of less than two points is no reason to repeat.
    const mild = [...week(1, [2, 2, 2, 2, 2, 2, 2]), ...week(8, [3, 3, 3, 4, 3, 3, 3])];
    expect(decideAfterDay({ programDay: 14, level: 'gentle' }, mild).kind).toBe('progress');
  });

  it('maps programDay to content through repeats and stops repeating after the limit', () => {
    // Week 2 repeated once: programDay 15..21 shows content days 8..14 again.
    expect(contentDay({ programDay: 15, level: 'gentle', repeats: 1 })).toBe(8);
    const ratings = week(15, [7, 7, 7, 7, 7, 7, 7]);
    expect(decideAfterDay({ programDay: 21, level: 'gentle', repeats: 1 }, ratings).kind).toBe('repeat');
    expect(decideAfterDay({ programDay: 28, level: 'gentle', repeats: 2 }, week(22, [7, 7, 7, 7, 7, 7, 7])).kind).toBe('progress');
  });

  it('finishes after content day 42, however many weeks were repeated', () => {
    expect(programFinished({ programDay: 42, level: 'gentle' })).toBe(false);
    expect(programFinished({ programDay: 43, level: 'gentle' })).toBe(true);
    expect(programFinished({ programDay: 49, level: 'gentle', repeats: 1 })).toBe(false);
    expect(programFinished({ programDay: 50, level: 'gentle', repeats: 1 })).toBe(true);
    expect(decideAfterDay({ programDay: 42, level: 'gentle' }, week(36, [9, 9, 9, 9, 9, 9, 9]))).toEqual({ kind: 'continue' });
  });

  it('takes the baseline from the first ratings and reports week stats', () => {
    expect(baseline([rating(3, 6), rating(1, 4), rating(2, 5), rating(4, 0)])).toBe(5);
    expect(baseline([])).toBeNull();
    const stats = weekStats(14, 2, [...week(1, [6, 6, 6, 6, 6, 6, 6]), ...week(8, [4, null, 5, null, null, null, 3])]);
    expect(stats).toMatchObject({ week: 2, average: 4, previousAverage: 6, ratings: 3, max: 5 });
    expect(stats.days.map((d) => d.score)).toEqual([4, null, 5, null, null, null, 3]);
  });

  it('plans each message day by day: a hard week 2 is repeated gently, then the program closes', () => {
    // Pain 3 every day, except week 2 (programDay 8..14) which has a 7.
    const scoreFor = (programDay: number) => (programDay === 10 ? 7 : 3);
    let sub: AdaptiveState = { programDay: 1, level: 'moderate' };
    const ratings: ReturnType<typeof rating>[] = [];
    const log: { programDay: number; kind: string; content: number; level: string; note: boolean; summaryWeek?: number }[] = [];
    for (let guard = 0; guard < 80; guard++) {
      const plan = planMessage(sub, startsNewWeek(sub) ? ratings : []);
      log.push({
        programDay: sub.programDay,
        kind: plan.kind,
        content: plan.contentDay,
        level: plan.level,
        note: !!plan.note,
        summaryWeek: plan.summary?.week,
      });
      if (plan.kind === 'closing') break;
      sub = { ...sub, ...plan.set, programDay: sub.programDay + 1 };
      ratings.push(rating(sub.programDay - 1, scoreFor(sub.programDay - 1)));
    }
    const at = (d: number) => log.find((l) => l.programDay === d)!;
    expect(at(7)).toMatchObject({ kind: 'daily', content: 7, level: 'moderate', note: false });
    expect(at(8)).toMatchObject({ content: 8, level: 'moderate', summaryWeek: 1 });
    // Week 2 had a 7: programDay 15 repeats content day 8, one level gentler, with the kind note.
    expect(at(15)).toMatchObject({ content: 8, level: 'gentle', note: true, summaryWeek: 2 });
    expect(at(16)).toMatchObject({ content: 9, level: 'gentle', note: false });
    // The repeat went well (flat, rated daily): back to the chosen level for week 3.
    expect(at(22)).toMatchObject({ content: 15, level: 'moderate', note: false, summaryWeek: 2 });
    expect(at(49)).toMatchObject({ kind: 'daily', content: 42 });
    expect(at(50)).toMatchObject({ kind: 'closing', summaryWeek: 6 });
    expect(log.at(-1)!.programDay).toBe(50);
    // One summary per content week that ended, including the repeated one.
    expect(log.filter((l) => l.summaryWeek !== undefined).map((l) => l.summaryWeek)).toEqual([1, 2, 2, 3, 4, 5, 6]);
  });

  it('labels a summary with content days and needs ratings only at week starts', () => {
    const sub = { programDay: 22, level: 'gentle' as const, repeats: 1 };
    expect(startsNewWeek(sub)).toBe(true);
    expect(startsNewWeek({ ...sub, programDay: 21 })).toBe(false);
    const plan = planMessage(sub, week(15, [4, 4, 4, 4, 4, 4, 4]));
    expect(plan.summary?.days.map((d) => d.day)).toEqual([8, 9, 10, 11, 12, 13, 14]);
    expect(plan.summary).toMatchObject({ programDay: 21, week: 2, average: 4 });
    expect(planMessage({ programDay: 5, level: 'active' })).toEqual({ kind: 'daily', contentDay: 5, level: 'active', set: {} });
  });
});
