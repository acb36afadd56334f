import type { CohortMember } from '../../functions/core/cohort-report';
import type { Channel, Level, SendRecord, Status } from '../../functions/core/model';

/**
 * The hand-computed cohort of 20 (docs/outcomes.md): each person is written as what happened to
 * them: channel, chosen level, status, whether they confirmed, how many daily messages were sent
 * (days 1..sent), the closing message, their pain ratings by program day and function ratings by
 * week. test/unit/cohort-report.test.ts states every expected figure by hand from these rows.
 */

interface Person {
  channel: Channel;
  level: Level;
  status: Status;
  confirmed: boolean;
  sent: number;
  closing?: boolean;
  pain?: Record<number, number>;
  fn?: Record<number, number>;
  /** Next message's number; defaults to sent + 1 (completers: 44). */
  programDay?: number;
}

const P = (channel: Channel, level: Level, status: Status, confirmed: boolean, sent: number, extra: Partial<Person> = {}): Person => ({
  channel,
  level,
  status,
  confirmed,
  sent,
  ...extra,
});

export const COHORT: Record<string, Person> = {
  s01: P('email', 'gentle', 'completed', true, 42, { closing: true, pain: { 1: 6, 2: 6, 3: 6, 14: 5, 28: 4, 42: 3 }, fn: { 0: 3, 6: 6 } }),
  s02: P('email', 'gentle', 'completed', true, 42, { closing: true, pain: { 1: 4, 2: 4, 3: 4, 14: 4, 28: 4, 42: 4 }, fn: { 0: 5, 6: 6 } }),
  s03: P('sms', 'moderate', 'completed', true, 42, { closing: true, pain: { 1: 5, 2: 5, 3: 5, 14: 2, 28: 1, 42: 0 }, fn: { 0: 2, 6: 8 } }),
  s04: P('sms', 'moderate', 'completed', true, 42, { closing: true, pain: { 1: 3, 2: 3, 3: 3, 14: 3, 28: 2, 42: 2 } }),
  s05: P('email', 'active', 'completed', true, 42, { closing: true, pain: { 1: 7, 2: 7, 3: 7, 14: 6, 28: 6, 42: 6 }, fn: { 0: 4, 6: 5 } }),
  s06: P('sms', 'gentle', 'completed', true, 42, { closing: true, pain: { 1: 2, 2: 2, 3: 2 }, fn: { 0: 5 } }),
  s07: P('email', 'moderate', 'completed', true, 42, { closing: true }),
  s08: P('sms', 'active', 'completed', true, 42, { closing: true, pain: { 1: 5, 2: 4, 3: 6, 14: 5, 28: 3, 42: 1 }, fn: { 0: 1, 6: 1 } }),
  s09: P('email', 'gentle', 'active', true, 15, { pain: { 1: 6, 2: 5, 3: 4, 10: 3 }, fn: { 0: 4, 2: 7 } }),
  s10: P('sms', 'moderate', 'active', true, 29, { pain: { 1: 5, 2: 5, 3: 5, 7: 5, 14: 6, 28: 5 } }),
  s11: P('email', 'active', 'paused', true, 8, { pain: { 1: 3, 2: 3, 3: 3, 8: 8 }, fn: { 0: 5 } }),
  s12: P('sms', 'gentle', 'unsubscribed', true, 20, { pain: { 1: 7, 2: 7, 3: 7, 7: 6, 15: 4 } }),
  s13: P('email', 'moderate', 'unsubscribed', true, 5, { pain: { 1: 5, 2: 5 }, fn: { 0: 3 } }),
  s14: P('sms', 'active', 'unsubscribed', true, 3),
  s15: P('email', 'gentle', 'unsubscribed', true, 10, { pain: { 1: 4, 2: 4, 3: 4, 9: 0 }, fn: { 0: 2, 1: 4 } }),
  s16: P('sms', 'moderate', 'pending', false, 0),
  s17: P('email', 'active', 'pending', false, 0),
  s18: P('email', 'gentle', 'suppressed', true, 2),
  s19: P('sms', 'gentle', 'active', true, 3, { pain: { 1: 6, 2: 6, 3: 6 } }),
  s20: P('email', 'moderate', 'unsubscribed', false, 0),
};

const DAY = 86_400_000;
const START = Date.parse('2026-03-01T08:00:00.000Z');
const at = (day: number) => new Date(START + day * DAY).toISOString();

export function cohortMembers(): CohortMember[] {
  return Object.entries(COHORT).map(([id, p]) => {
    const sends: SendRecord[] = [];
    for (let d = 1; d <= p.sent; d++) {
      sends.push({
        subscriberId: id,
        programDay: d,
        channel: p.channel,
        providerMessageId: `m-${id}-${d}`,
        at: at(d),
        kind: 'daily',
        deliveryStatus: 'delivered',
      });
    }
    if (p.closing)
      sends.push({
        subscriberId: id,
        programDay: 43,
        channel: p.channel,
        providerMessageId: `m-${id}-c`,
        at: at(43),
        kind: 'closing',
        deliveryStatus: 'delivered',
      });
    const programDay = p.programDay ?? (p.closing ? 44 : p.sent + 1);
    return {
      subscriber: {
        id,
        channel: p.channel,
        address: p.channel === 'email' ? `${id}@example.com` : `+1555000${id.slice(1)}`,
        timezone: 'UTC',
        sendAt: '08:00',
        level: p.level,
        status: p.status,
        programDay,
        createdAt: at(0),
        ...(p.confirmed ? { confirmedAt: at(0) } : {}),
        ...(p.status === 'active' ? { nextSendAt: at(programDay) } : {}),
        version: 1,
      },
      sends,
      ratings: Object.entries(p.pain ?? {}).map(([d, score]) => ({
        subscriberId: id,
        programDay: Number(d),
        score,
        source: 'sms' as const,
        redFlag: false,
        at: at(Number(d)),
      })),
      functionRatings: Object.entries(p.fn ?? {}).map(([w, score]) => ({
        subscriberId: id,
        week: Number(w),
        score,
        source: 'sms' as const,
        at: at(Number(w) * 7),
      })),
    };
  });
}

/** Writes the cohort through the real adapters, 25 writes at a time (dynalite is slow one by one). */
export async function seedCohort(
  store: {
    createSubscriber(s: CohortMember['subscriber']): Promise<unknown>;
    putRating(r: CohortMember['ratings'][number]): Promise<void>;
    putSendRecord(r: SendRecord): Promise<boolean>;
  },
  scores: { putFunctionRating(r: NonNullable<CohortMember['functionRatings']>[number]): Promise<void> },
): Promise<void> {
  const writes: (() => Promise<unknown>)[] = [];
  for (const m of cohortMembers()) {
    writes.push(() => store.createSubscriber(m.subscriber));
    for (const r of m.ratings) writes.push(() => store.putRating(r));
    for (const s of m.sends) writes.push(() => store.putSendRecord(s));
    for (const f of m.functionRatings ?? []) writes.push(() => scores.putFunctionRating(f));
  }
  for (let i = 0; i < writes.length; i += 25) await Promise.all(writes.slice(i, i + 25).map((w) => w()));
}
