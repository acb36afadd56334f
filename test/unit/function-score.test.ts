import { describe, expect, it } from 'vitest';
import { composeEmail, composeSms } from '../../functions/core/messages';
import { cleanActivity, functionChange, functionImproved, functionWeekOf, parseFunctionReply } from '../../functions/core/function-score';
import { gsm7Length } from '../../functions/core/gsm7';

describe('the one-activity function score', () => {
  it('keeps the activity to safe, short plain text', () => {
    expect(cleanActivity('  putting on   socks ')).toBe('putting on socks');
    expect(cleanActivity('<script>alert(1)</script>')).toBe('script alert(1) /script');
    expect(cleanActivity('lifting 🧒 my child\u0007')).toBe('lifting my child');
    expect(cleanActivity('x')).toBeUndefined();
    expect(cleanActivity('a'.repeat(80))).toHaveLength(60);
    expect(cleanActivity(undefined)).toBeUndefined();
  });

  it('reads F0..F10 as a function rating and ACT ... as the activity; a bare number stays a pain score', () => {
    expect(parseFunctionReply('F7')).toEqual({ kind: 'score', score: 7 });
    expect(parseFunctionReply(' f 10.\nsent from my phone')).toEqual({ kind: 'score', score: 10 });
    expect(parseFunctionReply('F11')).toBeUndefined();
    expect(parseFunctionReply('7')).toBeUndefined();
    expect(parseFunctionReply('feeling 7')).toBeUndefined();
    expect(parseFunctionReply('ACT tying my shoes')).toEqual({ kind: 'activity', activity: 'tying my shoes' });
    expect(parseFunctionReply('activity: gardening')).toEqual({ kind: 'activity', activity: 'gardening' });
    expect(parseFunctionReply('actually my back is fine')).toBeUndefined();
  });

  it('weeks: days 1-6 are the baseline week 0, the week-1 summary (after day 7) asks for week 1', () => {
    expect([0, 1, 6, 7, 13, 14, 42, 99].map(functionWeekOf)).toEqual([0, 0, 0, 1, 1, 2, 6, 10]);
  });

  it('change counts from the first rating to the latest of a later week; +2 is the MDC', () => {
    const r = (week: number, score: number) => ({ subscriberId: 's_x', week, score, source: 'sms' as const, at: '2026-03-01T00:00:00.000Z' });
    expect(functionChange([r(2, 6), r(0, 3), r(1, 4)])).toEqual({ baseline: 3, latest: 6 });
    expect(functionChange([r(0, 3)])).toEqual({ baseline: 3, latest: null });
    expect(functionChange([])).toBeNull();
    expect([functionImproved(3, 5), functionImproved(3, 4)]).toEqual([true, false]);
  });
});

describe('the weekly summary asks the question', () => {
  const links = { rate: (n: number) => `https://l.test/rate/t?score=${n}`, unsubscribe: 'https://l.test/u', myData: 'https://l.test/d' };
  const summary = { week: 1, average: 4, previousAverage: null, days: [{ day: 1, score: 4 }] };

  it('by SMS: names the activity and asks for F0-F10, or asks to name one; GSM-7 and one message', () => {
    const withActivity = composeSms({
      kind: 'summary',
      channel: 'sms',
      level: 'gentle',
      programDay: 8,
      links,
      summary: { ...summary, activity: 'putting on socks' },
    });
    // The weekly band question (core/band-question.ts) rides on the same text.
    const fq = 'Week 1: avg 4.0 Your activity: putting on socks. How well can you do it now? Reply F0 (not at all) to F10 (as before).';
    expect(gsm7Length(fq)).toBeLessThanOrEqual(160);
    expect(withActivity).toBe(`${fq} Positions too easy, right or too hard? Reply EASY, RIGHT or HARD.`);
    expect(gsm7Length(withActivity)).toBeLessThanOrEqual(2 * 153);
    const ask = composeSms({ kind: 'summary', channel: 'sms', level: 'gentle', programDay: 8, links, summary: { ...summary, askActivity: true } });
    expect(ask).toMatch(/reply ACT and it/);
    expect(composeSms({ kind: 'summary', channel: 'sms', level: 'gentle', programDay: 8, links, summary })).toBe(
      'Week 1: avg 4.0 Positions too easy, right or too hard? Reply EASY, RIGHT or HARD.',
    );
  });

  it('by email: a sentence and a button to the tap page, only with both an activity and the link', () => {
    const mail = composeEmail({
      kind: 'summary',
      channel: 'email',
      level: 'gentle',
      programDay: 8,
      links: { ...links, functionRate: 'https://l.test/function/tok' },
      summary: { ...summary, activity: 'gardening' },
    });
    expect(mail.button).toEqual({ label: 'Answer 0-10', url: 'https://l.test/function/tok' });
    expect(JSON.stringify(mail.blocks)).toContain('Your activity: gardening.');
    const none = composeEmail({ kind: 'summary', channel: 'email', level: 'gentle', programDay: 8, links, summary: { ...summary, activity: 'gardening' } });
    expect(none.button).toBeUndefined();
  });
});
