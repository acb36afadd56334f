import { describe, expect, it } from 'vitest';
import { cohortReport, cohortReportCsv } from '../../functions/core/cohort-report';
import { cohortMembers } from '../support/cohort-fixture';

/**
 * Every number below was worked out by hand from the 20 rows of test/support/cohort-fixture.ts and
 * the definitions in docs/outcomes.md, not by running the code. The working is in the comments.
 */

const f = (n: number, of: number) => ({ n, of, share: of ? n / of : null });

describe('cohort report on the hand-computed cohort of 20', () => {
  const r = cohortReport(cohortMembers());

  it('funnel: enrolled -> confirmed -> active at day 7/14/28 -> completed', () => {
    expect(r.enrolled).toBe(20);
    // Not confirmed: s16, s17 (pending), s20 (left while pending).
    expect(r.confirmed).toEqual(f(17, 20));
    // Day 7: completers rating on 14+ (s01-s05, s08) + s09 (10) s10 (28) s11 (8) s12 (15) s15 (9) = 11.
    // Day 14: the six completers + s10 + s12 = 8. Day 28: the six + s10 = 7.
    // In progress: s09 (next day 16), s10 (30), s19 (4): day 7 not reached by s19; day 28 by s09, s19.
    expect(r.activeAt).toEqual([
      { day: 7, active: f(11, 17), notYetReached: 1 },
      { day: 14, active: f(8, 17), notYetReached: 1 },
      { day: 28, active: f(7, 17), notYetReached: 2 },
    ]);
    expect(r.completed).toEqual(f(8, 17));
    expect(r.inProgress).toBe(3);
  });

  it('weekly reply rate: rated daily messages over daily messages sent, by program week', () => {
    // Week 1 sent: 8 completers x 7 + s09 7 s10 7 s11 7 s12 7 s13 5 s14 3 s15 7 s18 2 s19 3 = 104;
    // replied: completers 7 x 3 = 21 (s07 none) + s09 3 s10 4 s11 3 s12 4 s13 2 s15 3 s19 3 = 43.
    // Week 2: sent 56 + s09 7 s10 7 s11 1 s12 7 s15 3 = 81; replied day 14 x 6 + s09 s10 s11 s15 = 10.
    // Week 3: sent 56 + s09 1 + s10 7 + s12 6 = 70; replied s12 day 15 = 1.
    // Week 4: 56 + s10 7 = 63; day 28 x 6 + s10 = 7. Week 5: 56 + s10 1 = 57; none. Week 6: 56; day 42 x 6.
    expect(r.weeklyReplies).toEqual([
      { week: 1, replied: 43, sent: 104, share: 43 / 104 },
      { week: 2, replied: 10, sent: 81, share: 10 / 81 },
      { week: 3, replied: 1, sent: 70, share: 1 / 70 },
      { week: 4, replied: 7, sent: 63, share: 7 / 63 },
      { week: 5, replied: 0, sent: 57, share: 0 },
      { week: 6, replied: 6, sent: 56, share: 6 / 56 },
    ]);
  });

  it('pain outcome among completers and among everyone with a baseline (missing = not improved)', () => {
    // Completers with a baseline: s01-s06, s08 (s07 never rated). Improved: s01 (6->3), s03 (5->0),
    // s04 (3->2 is 33 %), s08 (mean 5 -> 1). Not: s02 (4->4), s05 (7->6, 14 %), s06 (no follow-up).
    expect(r.pain.completers).toEqual({ withBaseline: 7, withFollowUp: 6, improved: f(4, 7), painFree: f(1, 7) });
    expect(r.pain.completersWithoutBaseline).toBe(1);
    // Everyone with a baseline: those 7 + s09 s10 s11 s12 s13 s15 s19 = 14; follow-up missing for s06 s13 s19.
    // Improved adds s09 (mean 5 -> 3), s12 (7 -> 4), s15 (4 -> 0): 7. Pain-free: s03, s15.
    expect(r.pain.everyone).toEqual({ withBaseline: 14, withFollowUp: 11, improved: f(7, 14), painFree: f(2, 14) });
  });

  it('function score: +2 (the MDC) from the first weekly rating, same two denominators', () => {
    // Completers with a first rating: s01 (+3) s02 (+1) s03 (+6) s05 (+1) s06 (none later) s08 (0): 2 of 6.
    expect(r.function.completers).toEqual({ withBaseline: 6, withFollowUp: 5, improved: f(2, 6) });
    // Everyone: + s09 (+3) s11 (none) s13 (none) s15 (+2): 4 of 10.
    expect(r.function.everyone).toEqual({ withBaseline: 10, withFollowUp: 7, improved: f(4, 10) });
  });

  it('dropout by the week of the last rating; completers and people in progress remain', () => {
    // Stopped: s14, s18 never rated (week 0); s13 day 2 (week 1); s11 day 8, s15 day 9 (week 2); s12 day 15 (week 3).
    expect(r.dropout).toEqual([
      { week: 0, stopped: 2, remaining: 15 },
      { week: 1, stopped: 1, remaining: 14 },
      { week: 2, stopped: 2, remaining: 12 },
      { week: 3, stopped: 1, remaining: 11 },
      { week: 4, stopped: 0, remaining: 11 },
      { week: 5, stopped: 0, remaining: 11 },
      { week: 6, stopped: 0, remaining: 11 },
    ]);
  });

  it('by level and by channel', () => {
    expect(r.groups).toEqual([
      // gentle: s01 s02 s06 s09 s12 s15 s18 s19; baseline all but s18; improved s01 s09 s12 s15.
      { by: 'level', group: 'gentle', enrolled: 8, confirmed: 8, completed: 3, improved: f(4, 7) },
      // moderate: s03 s04 s07 s10 s13 s16 s20; baseline s03 s04 s10 s13; improved s03 s04.
      { by: 'level', group: 'moderate', enrolled: 7, confirmed: 5, completed: 3, improved: f(2, 4) },
      // active: s05 s08 s11 s14 s17; baseline s05 s08 s11; improved s08.
      { by: 'level', group: 'active', enrolled: 5, confirmed: 4, completed: 2, improved: f(1, 3) },
      // email: s01 s02 s05 s07 s09 s11 s13 s15 s17 s18 s20; improved s01 s09 s15 of 7 with a baseline.
      { by: 'channel', group: 'email', enrolled: 11, confirmed: 9, completed: 4, improved: f(3, 7) },
      // sms: s03 s04 s06 s08 s10 s12 s14 s16 s19; improved s03 s04 s08 s12 of 7.
      { by: 'channel', group: 'sms', enrolled: 9, confirmed: 8, completed: 4, improved: f(4, 7) },
    ]);
  });

  it('CSV states numerator, denominator and definition on every row', () => {
    const lines = cohortReportCsv(r).trim().split('\r\n');
    expect(lines[0]).toBe('figure,group,numerator,denominator,share_percent,definition');
    expect(lines).toContainEqual(expect.stringMatching(/^pain_improved,everyone with a baseline,7,14,50\.0,Follow-up/));
    expect(lines).toContainEqual(expect.stringMatching(/^reply_rate,week 1,43,104,41\.3,/));
    expect(lines).toContainEqual(expect.stringMatching(/^active_day_28,all \(2 not yet reached\),7,17,41\.2,/));
    expect(lines).toContainEqual(expect.stringMatching(/^remaining_after_week,week 2 \(2 stopped\),12,17,70\.6,/));
    for (const l of lines.slice(1)) expect(l).toMatch(/,\d+,\d+,(\d+\.\d)?,.{30,}$/);
  });

  it('an empty cohort has no shares, not zeros', () => {
    const e = cohortReport([]);
    expect(e.confirmed).toEqual({ n: 0, of: 0, share: null });
    expect(e.pain.everyone.improved.share).toBeNull();
  });
});
