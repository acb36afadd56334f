import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatInstant, localDateOf, resolveLocal, sendInstants } from '../../functions/core/schedule';

const run = (tz: string, at: string, from: string, count: number) => sendInstants(tz, at, Date.parse(from), count).map(formatInstant);

// Expected values were worked out by hand from each zone's rules (offsets in the comments).
describe('sendInstants', () => {
  it('moves a time in the spring-forward gap forward by the gap (New York, 8 Mar 2026)', () => {
    expect(run('America/New_York', '02:30', '2026-03-06T12:00:00Z', 4)).toEqual([
      '2026-03-07T07:30:00Z', // 02:30 EST (-5)
      '2026-03-08T07:30:00Z', // 02:30 does not exist: 03:30 EDT (-4)
      '2026-03-09T06:30:00Z', // 02:30 EDT
      '2026-03-10T06:30:00Z',
    ]);
  });

  it('uses the first occurrence of an ambiguous time (New York, 1 Nov 2026)', () => {
    expect(run('America/New_York', '01:30', '2026-10-30T12:00:00Z', 3)).toEqual([
      '2026-10-31T05:30:00Z', // 01:30 EDT
      '2026-11-01T05:30:00Z', // 01:30 happens twice: the EDT one, not 06:30Z
      '2026-11-02T06:30:00Z', // 01:30 EST
    ]);
  });

  it('handles Kathmandu (+05:45, no DST)', () => {
    expect(run('Asia/Kathmandu', '06:30', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-01T00:45:00Z', '2026-01-02T00:45:00Z']);
  });

  it('handles Chatham (+12:45 / +13:45) across its September gap', () => {
    expect(run('Pacific/Chatham', '03:00', '2026-09-25T00:00:00Z', 3)).toEqual([
      '2026-09-25T14:15:00Z', // 26 Sep 03:00 +12:45
      '2026-09-26T14:15:00Z', // 27 Sep: 02:45 jumps to 03:45, so 03:00 becomes 04:00 +13:45
      '2026-09-27T13:15:00Z', // 28 Sep 03:00 +13:45
    ]);
  });

  it('handles Chatham when its DST ends in April', () => {
    expect(run('Pacific/Chatham', '07:00', '2026-04-03T00:00:00Z', 3)).toEqual([
      '2026-04-03T17:15:00Z', // 4 Apr 07:00 +13:45
      '2026-04-04T18:15:00Z', // 5 Apr 07:00 +12:45
      '2026-04-05T18:15:00Z',
    ]);
  });

  it("handles Lord Howe's 30-minute DST: gap in October, overlap in April", () => {
    expect(run('Australia/Lord_Howe', '02:15', '2026-10-02T00:00:00Z', 3)).toEqual([
      '2026-10-02T15:45:00Z', // 3 Oct 02:15 +10:30
      '2026-10-03T15:45:00Z', // 4 Oct: 02:00 jumps to 02:30, so 02:15 becomes 02:45 +11
      '2026-10-04T15:15:00Z', // 5 Oct 02:15 +11
    ]);
    expect(run('Australia/Lord_Howe', '01:45', '2026-04-03T00:00:00Z', 3)).toEqual([
      '2026-04-03T14:45:00Z', // 4 Apr 01:45 +11
      '2026-04-04T14:45:00Z', // 5 Apr: 01:45 happens twice; the first is +11
      '2026-04-05T15:15:00Z', // 6 Apr 01:45 +10:30
    ]);
  });

  it('is strictly after --from', () => {
    expect(run('UTC', '06:30', '2026-03-29T06:30:00Z', 1)).toEqual(['2026-03-30T06:30:00Z']);
    expect(run('UTC', '06:30', '2026-03-29T06:29:59Z', 1)).toEqual(['2026-03-29T06:30:00Z']);
  });

  it('rejects bad zones and times', () => {
    expect(() => sendInstants('Mars/Olympus', '06:30', 0, 1)).toThrow(/time zone/);
    expect(() => sendInstants('UTC', '6:30', 0, 1)).toThrow(/HH:MM/);
    expect(() => resolveLocal('UTC', { year: 2026, month: 1, day: 1 }, '24:00')).toThrow(/HH:MM/);
  });

  const zones = [
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Asia/Kathmandu',
    'America/Santiago',
    'Africa/Casablanca',
    'Pacific/Kiritimati',
    'America/St_Johns',
  ];
  it('gives exactly one instant per consecutive local day, always increasing (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
        (tz, h, m, from) => {
          const at = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const out = sendInstants(tz, at, from, 10);
          expect(out[0]!).toBeGreaterThan(from);
          for (let i = 1; i < out.length; i++) {
            expect(out[i]!).toBeGreaterThan(out[i - 1]!);
            const a = localDateOf(tz, out[i - 1]!);
            const b = localDateOf(tz, out[i]!);
            const next = new Date(Date.UTC(a.year, a.month - 1, a.day + 1));
            expect([b.year, b.month, b.day]).toEqual([next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
