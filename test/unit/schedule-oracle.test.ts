import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followingSendInstant, formatInstant, nextSendInstant, sendInstants } from '../../functions/core/schedule';

/**
 * sendInstants against an independent oracle: the Temporal polyfill. Our rules are Temporal's
 * `disambiguation: 'compatible'`: a wall time in a gap moves forward by the gap, one in an overlap
 * takes the earlier offset (the first occurrence). The oracle walks local dates one by one, so it
 * also says "one send per local date, none skipped" by construction.
 */

const ZONES = [
  // odd offsets, 30- and 45-minute DST
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Colombo',
  'Asia/Tehran',
  'Asia/Kabul',
  'Asia/Yangon',
  'Australia/Adelaide',
  'Australia/Darwin',
  'Australia/Eucla',
  'Australia/Broken_Hill',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Marquesas',
  'America/St_Johns',
  'Pacific/Norfolk',
  // negative DST in tzdata (Dublin: winter is the DST period; ICU may publish it positive, the offsets agree) and two-hour DST
  'Europe/Dublin',
  'Africa/Casablanca',
  'Africa/El_Aaiun',
  'Antarctica/Troll',
  // transitions at or across local midnight
  'America/Havana',
  'America/Santiago',
  'Asia/Beirut',
  'America/Asuncion',
  'Africa/Cairo',
  'America/Nuuk',
  'America/Scoresbysund',
  'Atlantic/Azores',
  'Pacific/Easter',
  'Asia/Gaza',
  'Asia/Hebron',
  'Asia/Jerusalem',
  'Europe/Chisinau',
  'America/Punta_Arenas',
  // the common ones
  'UTC',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Halifax',
  'America/Mexico_City',
  'America/Sao_Paulo',
  'America/Argentina/Buenos_Aires',
  'America/Bogota',
  'Europe/London',
  'Europe/Lisbon',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Amsterdam',
  'Europe/Copenhagen',
  'Europe/Stockholm',
  'Europe/Oslo',
  'Europe/Helsinki',
  'Europe/Athens',
  'Europe/Istanbul',
  'Europe/Moscow',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Australia/Hobart',
  'Australia/Perth',
  'Pacific/Auckland',
  'Pacific/Fiji',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];
const YEARS = [2026, 2027, 2028, 2029, 2030];

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;

function oracleInstant(tz: string, date: Temporal.PlainDate, at: string): number {
  const [hour, minute] = at.split(':').map(Number);
  return date.toPlainDateTime({ hour, minute }).toZonedDateTime(tz, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** The oracle's sends strictly after `from`: one per local date, dates taken one after another. */
function oracleSends(tz: string, at: string, from: number, count: number): number[] {
  let date = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(tz).toPlainDate().subtract({ days: 1 });
  const out: number[] = [];
  while (out.length < count) {
    const instant = oracleInstant(tz, date, at);
    if (instant > from) out.push(instant);
    date = date.add({ days: 1 });
  }
  return out;
}

interface Transition {
  epochMs: number;
  /** Wall clock minutes of day just before and just after the transition, and the jump in minutes. */
  wallBefore: number;
  wallAfter: number;
  jump: number;
}

function transitionsIn(tz: string, year: number): Transition[] {
  const out: Transition[] = [];
  let zdt: Temporal.ZonedDateTime | null = Temporal.ZonedDateTime.from({ timeZone: tz, year, month: 1, day: 1 });
  for (let i = 0; i < 8; i++) {
    zdt = zdt.getTimeZoneTransition('next');
    if (!zdt || zdt.year !== year) break;
    const before = zdt.subtract({ nanoseconds: 1 });
    out.push({
      epochMs: zdt.epochMilliseconds,
      wallBefore: before.hour * 60 + before.minute + 1,
      wallAfter: zdt.hour * 60 + zdt.minute,
      jump: (zdt.offsetNanoseconds - before.offsetNanoseconds) / 60e9,
    });
  }
  return out;
}

/** A gap that starts before local midnight and ends at or after it: its wall times land on the next date. */
const crossesMidnight = (t: Transition) => t.jump > 0 && t.wallBefore < 1440 && t.wallBefore + t.jump >= 1440;

/** Wall times around a transition, every 15 minutes: inside the gap or overlap, and half an hour either side. */
function wallTimesAround(t: Transition): string[] {
  // A gap's missing wall times start where the clock left off; an overlap's repeated ones where it resumed.
  const start = t.jump > 0 ? t.wallBefore : t.wallAfter;
  const times = new Set<string>();
  for (let m = start - 30; m <= start + Math.abs(t.jump) + 30; m += 15) times.add(hhmm((m + 2880) % 1440));
  return [...times];
}

const iso = (xs: number[]) => xs.map(formatInstant);

describe('sendInstants agrees with Temporal (compatible disambiguation)', () => {
  it('covers at least 60 valid zones, among them midnight, odd-offset and negative-DST zones', () => {
    expect(new Set(ZONES).size).toBeGreaterThanOrEqual(60);
    for (const tz of ZONES) expect(() => new Intl.DateTimeFormat('en', { timeZone: tz }), tz).not.toThrow();
    const kinds = (tz: string) => YEARS.flatMap((y) => transitionsIn(tz, y));
    expect(ZONES.filter((tz) => kinds(tz).some(crossesMidnight))).toEqual(expect.arrayContaining(['America/Nuuk', 'America/Scoresbysund']));
    expect(kinds('Australia/Lord_Howe').map((t) => Math.abs(t.jump))).toContain(30);
  });

  it('every wall time in and around every gap and overlap, 2026-2030: same instants, one per local date', () => {
    let checked = 0;
    let gapsOverMidnight = 0;
    let overlaps = 0;
    for (const tz of ZONES) {
      for (const year of YEARS) {
        for (const t of transitionsIn(tz, year)) {
          if (crossesMidnight(t)) gapsOverMidnight++;
          if (t.jump < 0) overlaps++;
          // From two days before: the sends of the day before, the day of and the day after the transition.
          const from = t.epochMs - 2 * 86_400_000;
          for (const at of wallTimesAround(t)) {
            const expected = oracleSends(tz, at, from, 4);
            const actual = sendInstants(tz, at, from, 4);
            expect(iso(actual), `${tz} ${at} after ${formatInstant(from)}`).toEqual(iso(expected));
            // The day-to-day step the sender uses walks the same dates.
            for (let i = 1; i < expected.length; i++) expect(followingSendInstant(tz, at, expected[i - 1]!)).toBe(expected[i]);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(2_000);
    expect(gapsOverMidnight).toBeGreaterThanOrEqual(10); // the case that used to skip a date is in the sample
    expect(overlaps).toBeGreaterThan(100);
  }, 120_000); // the Temporal polyfill is slow (~40 us a conversion); generous for a loaded machine

  // One whole year per zone, the year rotating with the zone (each year is some 14 zones' whole year);
  // the test above already covers every transition of every year.
  it('a whole year per zone at a wall time inside its first gap (or 23:30): none skipped', () => {
    for (const [i, tz] of ZONES.entries()) {
      for (const year of [YEARS[i % YEARS.length]!]) {
        const gap = transitionsIn(tz, year).find((t) => t.jump > 0);
        const at = gap ? hhmm((gap.wallBefore + Math.floor(gap.jump / 2)) % 1440) : '23:30';
        const from = Date.UTC(year, 0, 1) - 2 * 86_400_000;
        expect(iso(sendInstants(tz, at, from, 367)), `${tz} ${year} ${at}`).toEqual(iso(oracleSends(tz, at, from, 367)));
      }
    }
  }, 120_000);

  it('random zones, wall times and start instants (property); --from stays exclusive', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 11, 31) }),
        (tz, minutes, from) => {
          const at = hhmm(minutes);
          const expected = oracleSends(tz, at, from, 5);
          expect(iso(sendInstants(tz, at, from, 5))).toEqual(iso(expected));
          expect(nextSendInstant(tz, at, from)).toBe(expected[0]);
          // Exclusive: asking "after" a send instant gives the next one, not the same one.
          expect(nextSendInstant(tz, at, expected[0]!)).toBe(expected[1]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('Nuuk, 23:30 on 28 March 2026 (23:00 jumps to 00:00): the 28th goes out at 00:30, the 29th still at 23:30', () => {
    expect(iso(sendInstants('America/Nuuk', '23:30', Date.parse('2026-03-28T12:00:00Z'), 3))).toEqual([
      '2026-03-29T01:30:00Z', // 28 Mar 23:30 does not exist: 29 Mar 00:30 -01
      '2026-03-30T00:30:00Z', // 29 Mar 23:30 -01, not skipped
      '2026-03-31T00:30:00Z',
    ]);
    // The sender's step from the delayed send, and a start between the delayed send and the 29th's own.
    expect(formatInstant(followingSendInstant('America/Nuuk', '23:30', Date.parse('2026-03-29T01:30:00Z')))).toBe('2026-03-30T00:30:00Z');
    expect(formatInstant(nextSendInstant('America/Nuuk', '23:30', Date.parse('2026-03-29T01:00:00Z')))).toBe('2026-03-29T01:30:00Z');
  });
});
