import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import * as z from 'zod';
import { normaliseEmail } from './identifiers';
import { Channel, Level, LocalTime, TimeZone, type RangeBand } from './model';
import { bandFromAnswers, defaultSelfCheck, type SelfCheckQuestion } from './range';
import { smsRefusal, type SmsPolicy } from './sms-guard';
import { inPlainWords } from './signup-words';
import { checkTimeZone } from './time-zones';
import { HEALTH_CONSENT, MESSAGING_CONSENT } from '../../templates/messages/consent';

/**
 * The sign-up form's body. Strict: an unknown field is an error (a typo must not pass silently).
 * Phone numbers are normalised to E.164 with libphonenumber-js (pure: metadata only, no I/O);
 * `country` is the region a national number is read in, e.g. "GB" for "07700 900123".
 */

/** RFC 5321: 64 octets of local part, 254 for the whole path. */
const EMAIL_MAX = 254;
const LOCAL_PART_MAX = 64;
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

const Email = z
  .string()
  .trim()
  .max(EMAIL_MAX, `at most ${EMAIL_MAX} characters`)
  .pipe(z.email('not a valid email address'))
  .refine((v) => (v.split('@')[0] ?? '').length <= LOCAL_PART_MAX, `the part before @ may have at most ${LOCAL_PART_MAX} characters`)
  .transform(normaliseEmail);

const Country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'expected a two-letter country code')
  .transform((c) => c.toUpperCase());

const answer = (q: SelfCheckQuestion) =>
  z.enum(q.answers.map((a) => a.value) as [string, ...string[]], `choose ${q.answers.map((a) => a.value).join(', ')} (or leave it blank)`).optional();
const questions = Object.fromEntries(defaultSelfCheck().map((q) => [q.id, q])) as Record<SelfCheckQuestion['id'], SelfCheckQuestion>;

/** The optional range self-check (templates/program/self-check.ts), on the sign-up form and the preferences page. */
const SelfCheckFields = z.strictObject({ reach: answer(questions.reach), floor: answer(questions.floor), back: answer(questions.back) });

const SignupBody = z.strictObject({
  ...SelfCheckFields.shape,
  channel: z.enum(Channel.options, 'choose email or sms'),
  email: z.string().max(400).regex(NO_CONTROL, 'control characters are not allowed').optional(),
  phone: z.string().max(40).regex(NO_CONTROL, 'control characters are not allowed').optional(),
  country: Country.optional(),
  timezone: z.string().max(64).pipe(TimeZone),
  sendAt: LocalTime,
  level: z.enum(Level.options, 'choose gentle, moderate or active'),
  consent: z.literal(true, 'consent is required'),
  /** Explicit consent to keeping pain and activity scores (GDPR Art. 9): the program adapts on them, so it is required. */
  healthConsent: z.literal(true, 'consent to keeping your scores is required'),
});
export type SignupBody = z.infer<typeof SignupBody>;

/** What enrolment needs: a normalised address on one channel. */
export interface SignupRequest {
  channel: Channel;
  /** E.164 or lower-cased email. */
  address: string;
  timezone: string;
  sendAt: string;
  level: Level;
  /** From the self-check; the middle band when it was skipped. Only the band is kept, never the answers. */
  band?: RangeBand;
  /** The self-check was answered on the form, so the SMS one after YES is not asked again. */
  selfChecked?: boolean;
  /** The versions of the consent wordings the person ticked (templates/messages/consent.ts). */
  consentVersion: string;
  healthConsentVersion: string;
}

export function toE164(phone: string, country?: string): string | undefined {
  const parsed = parsePhoneNumberFromString(phone, country ? { defaultCountry: country as CountryCode } : undefined);
  if (!parsed?.isValid()) return undefined;
  return parsed.number;
}

export type FieldErrors = Record<string, string>;

export type SignupParse = { ok: true; request: SignupRequest } | { ok: false; fields: FieldErrors };

/**
 * The address rules depend on the channel. They are checked on the raw body even when other fields
 * fail, so one answer names every bad field.
 */
function addressErrors(body: Record<string, unknown>, sms: Pick<SmsPolicy, 'countries'>): FieldErrors {
  const fields: FieldErrors = {};
  const email = typeof body.email === 'string' ? body.email : undefined;
  const phone = typeof body.phone === 'string' ? body.phone : undefined;
  const country = typeof body.country === 'string' && /^[A-Za-z]{2}$/.test(body.country) ? body.country.toUpperCase() : undefined;
  if (body.channel === 'email') {
    if (!email) fields.email = 'required for email sign-up';
    else {
      const r = Email.safeParse(email);
      if (!r.success) fields.email = r.error.issues[0]?.message ?? 'invalid';
    }
    if (phone) fields.phone = 'give an email address or a phone number, not both';
  } else if (body.channel === 'sms') {
    if (!phone) fields.phone = 'required for SMS sign-up';
    else {
      const e164 = NO_CONTROL.test(phone) ? toE164(phone, country) : undefined;
      const refusal = e164 ? smsRefusal(e164, sms) : 'not a valid mobile number (use +country code, or choose a country)';
      if (refusal) fields.phone = refusal;
    }
    if (email) fields.email = 'give an email address or a phone number, not both';
  }
  return fields;
}

/** Validates a body and names each bad field (the first problem per field); `sms` limits which numbers may get texts. */
export function parseSignup(body: unknown, sms: Pick<SmsPolicy, 'countries'> = {}): SignupParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, fields: { body: 'expected a JSON object' } };
  const given = body as Record<string, unknown>;
  const r = SignupBody.safeParse(body);
  const raw = Object.assign(emptyFields(), r.success ? {} : fieldErrors(r.error), addressErrors(given, sms));
  // Fixed-offset zones (EST, CET) are valid IANA names but drift with daylight saving: refused.
  const zone = checkTimeZone(given.timezone);
  if (given.timezone !== undefined && !zone.ok) raw.timezone = zone.message;
  const fields = inPlainWords(raw, given);
  if (!r.success || Object.keys(fields).length > 0) return { ok: false, fields };
  const b = r.data;
  const address = b.channel === 'email' ? Email.parse(b.email) : toE164(b.phone!, b.country)!;
  const band = bandFromAnswers({ reach: b.reach, floor: b.floor, back: b.back });
  const versions = { consentVersion: MESSAGING_CONSENT.version, healthConsentVersion: HEALTH_CONSENT.version };
  const selfChecked = [b.reach, b.floor, b.back].some((a) => a !== undefined && a !== '');
  return {
    ok: true,
    request: {
      channel: b.channel,
      address,
      timezone: b.timezone,
      sendAt: b.sendAt,
      level: b.level,
      band,
      ...(selfChecked ? { selfChecked } : {}),
      ...versions,
    },
  };
}

/**
 * Field names come from the client, so the map has no prototype: `constructor`, `toString` or
 * `__proto__` are own entries like any other, never inherited members that hide the error.
 */
const emptyFields = (): FieldErrors => Object.create(null) as FieldErrors;
const setOnce = (fields: FieldErrors, key: string, message: string) => {
  if (!Object.hasOwn(fields, key)) fields[key] = message;
};

function fieldErrors(error: z.ZodError): FieldErrors {
  const fields = emptyFields();
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) setOnce(fields, String(key).slice(0, 64), 'unknown field');
      continue;
    }
    const key = issue.path.length ? String(issue.path[0]).slice(0, 64) : 'body';
    // zod's own wording ("Invalid input: expected string, received undefined") reaches people on the form.
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    setOnce(fields, key, missing ? 'required' : issue.message);
  }
  return fields;
}

const CHECKBOXES = new Set(['consent', 'healthConsent']);

/** A form post (application/x-www-form-urlencoded) as the JSON shape above: a ticked box ("on"/"true") -> true. */
export function signupFromForm(params: URLSearchParams): Record<string, unknown> {
  // Like JSON.parse: every field an own property, `__proto__` included (never the prototype).
  const out: Record<string, unknown> = {};
  for (const [k, v] of params) {
    const value = CHECKBOXES.has(k) ? v === 'on' || v === 'true' || v === 'yes' : v;
    if (value !== '') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
