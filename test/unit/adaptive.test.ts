import { describe, expect, it } from 'vitest';
import { baseline, contentDay, decideAfterDay, programFinished, weekStats } from '../../functions/core/adaptive';
import type { PainRating } from '../../functions/core/model';

const rating = (programDay: number, score: number): PainRating => ({
  subscriberId: 's_test',
  at: '2026-03-01T08:00:00.000Z',
  score,
  source: 'sms',
  programDay,
  redFlag: false,
});
const week = (startDay: number, scores: (number | null)[]) =>
  scores.flatMap((s, i) => (s === null ? [] : [rating(startDay + i, s)]));

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
});
