/**
 * When a subscriber's daily message is due: one instant per local calendar day at their chosen
 * wall-clock time, in their IANA zone.
 *
 * Rules for wall times that DST makes odd (tested in test/unit/schedule.test.ts):
 * - a time that does not exist (spring-forward gap) moves forward by the length of the gap
 *   (02:30 in New York on the spring day becomes 03:30 EDT);
 * - a time that exists twice (fall-back overlap) uses the first occurrence, the earlier instant;
 * - a send pushed past local midnight by a gap (Nuuk: 23:00 jumps to 00:00) still belongs to its own
 *   date, and the next date keeps its own send (checked against Temporal in schedule-oracle.test.ts).
 * (Luxon's own resolution picks the later offset for an overlap; we resolve offsets ourselves.)
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * One Intl.DateTimeFormat per zone, made once: creating one costs ~100 us (it loads zone data), and
 * the sender resolves a zone for every message. Only valid zones are cached, so the cache is bounded
 * by the IANA database (~600 names) whatever input arrives.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
  const cached = formatters.get(zone);
  if (cached) return cached;
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64 || !ZONE_NAME.test(zone)) return undefined;
  try {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
    return f;
  } catch {
    return undefined;
  }
}

export function isValidTimeZone(zone: string): boolean {
  return formatterFor(zone) !== undefined;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of an instant in a zone. */
function wallTime(tz: string, ms: number): WallTime {
  const f = formatterFor(tz);
  if (!f) throw new RangeError(`invalid time zone "${tz}"`);
  const w: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of f.formatToParts(ms)) {
    if (part.type in w) w[part.type as keyof WallTime] = Number(part.value);
  }
  return w;
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
function offsetMinutes(tz: string, ms: number): number {
  const w = wallTime(tz, ms);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / MINUTE);
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

function parseHhMm(at: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!m) throw new RangeError(`invalid local time "${at}": expected HH:MM`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/**
 * Results are memoised: subscribers share zones and send times, so the sender resolves the same
 * (zone, date, time) over and over. Bounded; cleared when full.
 */
const resolved = new Map<string, number>();
const localDates = new Map<string, LocalDate>();
const MEMO_LIMIT = 50_000;

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** The UTC instant (epoch ms) of a local wall time on a local date, with our gap/overlap rules. */
export function resolveLocal(tz: string, date: LocalDate, at: string): number {
  const key = `${tz}|${date.year}-${date.month}-${date.day}|${at}`;
  return resolved.get(key) ?? remember(resolved, key, resolveUncached(tz, date, at));
}

function resolveUncached(tz: string, date: LocalDate, at: string): number {
  if (!isValidTimeZone(tz)) throw new RangeError(`invalid time zone "${tz}"`);
  const { hour, minute } = parseHhMm(at);
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Offsets (minutes) in force a day either side; no zone changes offset twice within two days.
  const before = offsetMinutes(tz, wall - DAY);
  const after = offsetMinutes(tz, wall + DAY);
  // The common case: no transition near this day, the wall time exists exactly once.
  if (before === after) return wall - before * MINUTE;
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset * MINUTE)
    .filter((instant) => wall - offsetMinutes(tz, instant) * MINUTE === instant);
  if (candidates.length > 0) return Math.min(...candidates); // overlap: first occurrence
  // Gap: read the wall time with the offset from before the jump, i.e. move forward by the gap.
  return wall - before * MINUTE;
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(tz: string, instantMs: number): LocalDate {
  const key = `${tz}|${instantMs}`;
  const hit = localDates.get(key);
  if (hit) return { ...hit };
  const { year, month, day } = wallTime(tz, instantMs);
  return { ...remember(localDates, key, { year, month, day }) };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The local date a send instant was due for. Usually the instant's own local date, but a send time
 * in a gap that straddles local midnight (Nuuk jumps from 23:00 to 00:00) is pushed onto the next
 * date: 23:30 on the 28th goes out at 00:30 on the 29th, and is still the 28th's send.
 */
function dueDateOf(tz: string, at: string, instantMs: number): LocalDate {
  const date = localDateOf(tz, instantMs);
  const previous = addDays(date, -1);
  return resolveLocal(tz, previous, at) === instantMs ? previous : date;
}

/** The first send strictly after `afterMs`, with the local date it is for. */
function firstSendAfter(tz: string, at: string, afterMs: number): { date: LocalDate; instant: number } {
  // Start a day early: the previous date's send may have been pushed past midnight, after `afterMs`.
  let date = addDays(localDateOf(tz, afterMs), -1);
  for (let i = 0; i < 4; i++) {
    const instant = resolveLocal(tz, date, at);
    if (instant > afterMs) return { date, instant };
    date = addDays(date, 1);
  }
  throw new Error('unreachable: no send instant within three local days');
}

/** The first send instant strictly after `afterMs`. */
export function nextSendInstant(tz: string, at: string, afterMs: number): number {
  return firstSendAfter(tz, at, afterMs).instant;
}

/**
 * The next `count` send instants strictly after `afterMs`, exactly one per local calendar date. The
 * following date comes from the date iterated, never from the local date of a delayed instant, which
 * would skip the next date's own send.
 */
export function sendInstants(tz: string, at: string, afterMs: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a whole number >= 0');
  const out: number[] = [];
  if (count === 0) return out;
  let { date, instant } = firstSendAfter(tz, at, afterMs);
  out.push(instant);
  while (out.length < count) {
    date = addDays(date, 1);
    instant = resolveLocal(tz, date, at);
    out.push(instant);
  }
  return out;
}

/** The send instant for the local date after the one a send was due on (used when a day completes). */
export function followingSendInstant(tz: string, at: string, dueMs: number): number {
  return resolveLocal(tz, addDays(dueDateOf(tz, at, dueMs), 1), at);
}

/** ISO-8601 UTC with seconds, no milliseconds: 2026-03-29T06:30:00Z (the CLI's format). */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Local hour and minute of an instant in a zone (for quiet hours). */
export function localTimeOf(tz: string, instantMs: number): { hour: number; minute: number } {
  const { hour, minute } = wallTime(tz, instantMs);
  return { hour, minute };
}
