import { describe, expect, it } from 'vitest';
import { computeInsights, improvedFromBaseline, ratingsCsv, type SubscriberHistory } from '../../functions/core/insights';
import type { PainRating, SendRecord, Subscriber } from '../../functions/core/model';

const T = '2026-03-01T08:00:00.000Z';
const sub = (id: string, over: Partial<Subscriber> = {}): Subscriber => ({
  id,
  channel: 'sms',
  address: '+15551234567',
  timezone: 'UTC',
  sendAt: '08:00',
  level: 'gentle',
  status: 'active',
  programDay: 5,
  createdAt: T,
  version: 1,
  ...over,
});
const r = (id: string, programDay: number, score: number, redFlag = false): PainRating => ({
  subscriberId: id,
  programDay,
  score,
  source: 'sms',
  at: `2026-03-0${Math.min(9, programDay)}T08:00:00.000Z`,
  redFlag,
});
const s = (id: string, programDay: number, deliveryStatus: SendRecord['deliveryStatus'] = 'delivered'): SendRecord => ({
  subscriberId: id,
  programDay,
  channel: 'sms',
  providerMessageId: `SM${id}${programDay}`,
  at: T,
  kind: 'daily',
  deliveryStatus,
});

describe('computeInsights', () => {
  const histories: SubscriberHistory[] = [
    {
      subscriber: sub('s_a', { programDay: 6 }),
      ratings: [r('s_a', 1, 6), r('s_a', 2, 6), r('s_a', 3, 6), r('s_a', 5, 3)],
      sends: [1, 2, 3, 4, 5].map((d) => s('s_a', d)),
    },
    {
      subscriber: sub('s_b', { status: 'paused', programDay: 9 }),
      ratings: [r('s_b', 1, 4), r('s_b', 2, 4), r('s_b', 3, 5), r('s_b', 4, 9, true)],
      sends: [s('s_b', 1), s('s_b', 2), s('s_b', 3), s('s_b', 4, 'undelivered')],
    },
    { subscriber: sub('s_c', { status: 'pending', programDay: 1 }), ratings: [], sends: [] },
  ];
  const out = computeInsights(histories);

  it('counts subscribers by status and week', () => {
    expect(out.totals.subscribers).toBe(3);
    expect(out.totals.byStatus).toMatchObject({ active: 1, paused: 1, pending: 1, completed: 0 });
    expect(out.totals.byDay).toEqual({ 'week 1': 1, 'week 2': 1 });
  });

  it('computes the response rate over daily messages sent', () => {
    expect(out.responseRate).toBeCloseTo(8 / 9);
    expect(out.subscribers.find((x) => x.id === 's_a')?.responseRate).toBeCloseTo(4 / 5);
  });

  it('measures the cohort outcome against each baseline', () => {
    // s_a: baseline 6, latest 3 (improved); s_b: baseline 4.33, latest 9 (not).
    expect(out.cohort).toEqual({ measured: 2, improved: 1, share: 0.5 });
    expect(improvedFromBaseline(5, 3)).toBe(true);
    expect(improvedFromBaseline(3, 2)).toBe(true); // 33 %
    expect(improvedFromBaseline(8, 7)).toBe(false);
  });

  it('lists escalations and failed sends, newest first', () => {
    expect(out.escalations).toEqual([{ subscriberId: 's_b', programDay: 4, at: '2026-03-04T08:00:00.000Z', reason: 'red flag' }]);
    expect(out.failedSends).toHaveLength(1);
    expect(out.failedSends[0]).toMatchObject({ subscriberId: 's_b', status: 'undelivered' });
  });

  it('writes ratings as CSV with a header', () => {
    expect(ratingsCsv([r('s_a', 1, 6)])).toBe('subscriber_id,program_day,score,source,red_flag,at\r\ns_a,1,6,sms,false,2026-03-01T08:00:00.000Z\r\n');
  });
});

describe('the dashboard shows the plan day, not the message count', () => {
  it('subtracts repeated weeks', () => {
    const out = computeInsights([{ subscriber: sub('s_r', { programDay: 20, repeats: 1 }), ratings: [], sends: [] }]);
    expect(out.subscribers[0]).toMatchObject({ programDay: 20, contentDay: 13, repeats: 1 });
    expect(out.totals.byDay).toEqual({ 'week 2': 1 });
  });
});
