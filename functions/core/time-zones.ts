import { isValidTimeZone } from './schedule';

/**
 * Which time zones a person may choose. Only named IANA zones with daylight-saving rules are taken:
 * "EST", "CET" or "Etc/GMT+5" are fixed offsets, so a message set for 07:30 would drift by an hour
 * twice a year. Each refusal says what to choose instead, in plain words.
 */

const SUGGESTIONS: Record<string, string> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  GMT: 'Europe/London',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  EET: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  EST5EDT: 'America/New_York',
  CST6CDT: 'America/Chicago',
  MST7MDT: 'America/Denver',
  PST8PDT: 'America/Los_Angeles',
};

export type ZoneCheck = { ok: true; zone: string } | { ok: false; message: string };

/** UTC is a deliberate choice some people make; every other zone must name a place. */
export function checkTimeZone(input: unknown): ZoneCheck {
  const zone = typeof input === 'string' ? input.trim() : '';
  if (!zone) return { ok: false, message: 'Please choose your time zone from the list, for example Europe/London.' };
  if (zone === 'UTC') return { ok: true, zone };
  const suggestion = SUGGESTIONS[zone.toUpperCase()];
  if (suggestion) {
    return { ok: false, message: `"${zone.slice(0, 12)}" ignores daylight saving. Please choose a place instead, for example ${suggestion}.` };
  }
  if (/^(Etc\/|GMT|UTC)/i.test(zone) || !zone.includes('/')) {
    return { ok: false, message: 'Please choose a city or region from the list (for example Europe/London), not a fixed offset.' };
  }
  if (!isValidTimeZone(zone)) {
    return { ok: false, message: 'We do not know that time zone. Please choose one from the list, for example Europe/London.' };
  }
  return { ok: true, zone };
}

/** Every zone the runtime knows, for the searchable list on the pages. */
export function timeZoneNames(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.filter((z) => checkTimeZone(z).ok);
}
