import type { FieldErrors } from './signup';

/**
 * Sign-up errors as people read them (issue 21): each names its field as the form labels it and
 * says what to do. The API's JSON answer carries the same words, keyed by field.
 */

const LABEL: Record<string, string> = {
  channel: 'How to reach you',
  email: 'Email address',
  phone: 'Mobile number',
  country: 'Country',
  timezone: 'Time zone',
  sendAt: 'Send time',
  level: 'Level',
  consent: 'Consent',
  healthConsent: 'Consent to keeping your scores',
  body: 'Form',
};

const REQUIRED: Record<string, string> = {
  channel: 'please choose email or text message.',
  email: 'please enter your email address.',
  phone: 'please enter your mobile number.',
  timezone: 'please choose your time zone from the list, for example Europe/London.',
  sendAt: 'please enter a time such as 07:30.',
  level: 'please choose gentle, moderate or active.',
  consent: 'please tick the box to agree to receive the messages.',
  healthConsent: 'please tick the box to agree to us keeping your pain and activity scores: the program adapts to them.',
};

const INVALID: Record<string, string> = {
  channel: 'please choose email or text message.',
  email: 'that does not look like an email address. Please check it (for example name@example.com).',
  country: 'please enter two letters, such as GB or US.',
  sendAt: 'please enter a time such as 07:30.',
  level: 'please choose gentle, moderate or active.',
  consent: 'please tick the box to agree to receive the messages.',
  healthConsent: 'please tick the box to agree to us keeping your pain and activity scores: the program adapts to them.',
};

/** `raw` holds the validator's wording; `given` says which fields had a value at all. */
export function inPlainWords(raw: FieldErrors, given: Record<string, unknown>): FieldErrors {
  // No prototype: a client's `__proto__` or `constructor` field is an own entry, not a hidden member.
  const out = Object.create(null) as FieldErrors;
  for (const [field, message] of Object.entries(raw)) {
    const label = LABEL[field];
    if (!label) {
      out[field] = message; // an API caller's unknown field: only scripts send those
      continue;
    }
    const missing = given[field] === undefined || given[field] === '' || message === 'required' || message.startsWith('required for');
    let words: string;
    if (/not both/.test(message)) words = 'please give an email address or a mobile number, not both.';
    else if (field === 'timezone' || field === 'phone' || field === 'body') words = missing ? (REQUIRED[field] ?? message) : message;
    else words = (missing ? REQUIRED[field] : INVALID[field]) ?? message;
    out[field] = `${label}: ${/^[A-Z][a-z]/.test(words) ? words.charAt(0).toLowerCase() + words.slice(1) : words}`;
  }
  return out;
}
