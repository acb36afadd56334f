import { parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import type { Store } from '../ports';

/**
 * SMS pumping (toll fraud): bots post sign-up forms with premium-rate, satellite or foreign numbers so
 * that each confirmation text earns someone a share of its fee. Three guards, before any text:
 * 1. Only numbers libphonenumber calls MOBILE, or FIXED_LINE_OR_MOBILE where a country's plan cannot
 *    tell them apart (US, CA); the 'max' metadata is needed, 'min' knows no number types.
 * 2. Only countries the operator lists (default: the country of the sending number).
 * 3. A global hourly budget of confirmation texts and a per-number daily limit, each a counter item.
 * Twilio's Geo Permissions and SMS Pumping Protection are the provider-side guard (docs/deploy.md).
 */

export interface SmsPolicy {
  /** ISO 3166 alpha-2 codes; undefined = any country (type checks still apply). */
  countries?: readonly string[];
  /** Confirmation texts per clock hour, across all numbers. */
  hourlyBudget: number;
  /** Confirmation texts per number per UTC day. */
  perNumberPerDay: number;
}

export const DEFAULT_SMS_POLICY: SmsPolicy = { hourlyBudget: 60, perNumberPerDay: 3 };

const ACCEPTED: readonly NumberType[] = ['MOBILE', 'FIXED_LINE_OR_MOBILE'];

const KIND_WORDS: Partial<Record<NonNullable<NumberType>, string>> = {
  PREMIUM_RATE: 'this is a premium-rate number',
  TOLL_FREE: 'this is a toll-free number',
  FIXED_LINE: 'this looks like a landline',
  SHARED_COST: 'this is a shared-cost number',
  VOIP: 'this is an internet (VoIP) number',
  PAGER: 'this is a pager number',
  PERSONAL_NUMBER: 'this is a personal forwarding number',
  UAN: 'this is a company number',
  VOICEMAIL: 'this is a voicemail number',
};

function countryNames(countries: readonly string[]): string {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const list = countries.map((c) => {
    const n = names.of(c) ?? c;
    return /^(United|Netherlands|Philippines|Czech)/.test(n) ? `the ${n}` : n;
  });
  return list.length <= 1 ? (list[0] ?? 'no country') : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
}

/** Why an E.164 number may not get texts, in words for the form; undefined when it may. */
export function smsRefusal(e164: string, policy: Pick<SmsPolicy, 'countries'>): string | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isValid()) return 'not a valid mobile number (use +country code, or choose a country)';
  const type = parsed.getType();
  if (!type || !ACCEPTED.includes(type)) {
    return `${(type && KIND_WORDS[type]) ?? 'this is not a mobile number'}: we can only text mobile numbers`;
  }
  const countries = policy.countries;
  // +881, +870, +882, +883: satellite and international networks belong to no country, and cost most.
  if (!parsed.country && !countries) return 'this is a satellite or international network number: we can only text mobile numbers';
  if (countries && (!parsed.country || !countries.includes(parsed.country))) {
    return countries.length === 0
      ? 'we cannot send texts at the moment: please sign up by email'
      : `we can only text numbers in ${countryNames(countries)} at the moment: please sign up by email`;
  }
  return undefined;
}

/** The country of the configured sending number, the default list of allowed countries. */
export function countryOf(e164: string | undefined): CountryCode | undefined {
  return e164 ? parsePhoneNumberFromString(e164)?.country : undefined;
}

export type SmsBudget = 'allowed' | 'number-limit' | 'budget-spent';

/**
 * Takes one confirmation text from the budgets: the per-number counter first (so one number cannot
 * spend the global budget), then the global hourly one. Counters are keyed by the subscriber id, a
 * keyed hash, never the number.
 */
export async function takeSmsConfirmation(store: Pick<Store, 'consumeRateLimit'>, subscriberId: string, nowMs: number, policy: SmsPolicy): Promise<SmsBudget> {
  const day = Math.floor(nowMs / 86_400_000);
  const perNumber = await store.consumeRateLimit(`sms-confirm#${subscriberId}#${day}`, policy.perNumberPerDay, (day + 2) * 86_400);
  if (!perNumber.allowed) return 'number-limit';
  const hour = Math.floor(nowMs / 3_600_000);
  const global = await store.consumeRateLimit(`sms-confirm#all#${hour}`, policy.hourlyBudget, (hour + 2) * 3600);
  return global.allowed ? 'allowed' : 'budget-spent';
}
