/**
 * The wording of the two consents on the sign-up form, each with its version. The version is stored
 * with the consent (core/model.ts: consentVersion, healthConsentVersion), so a record always says
 * which words the person agreed to. Change the words, and you must give them a new version:
 * test/unit/consent-wording.test.ts pins each version's hash.
 *
 * `{program}` is the operator's program name (core/brand.ts), filled in when the page is built.
 */

/** Messaging consent: what CTIA and A2P 10DLC reviewers look for beside the checkbox. */
export const MESSAGING_CONSENT = {
  version: 'messaging-2026-12-02',
  text: 'I agree to receive {program} messages: one a day for 42 days, by email or by text as I chose above. Msg & data rates may apply. Reply HELP for help, STOP to cancel. I understand {program} is not medical advice.',
} as const;

/** Explicit consent to keeping health data (GDPR Art. 9(2)(a)): separate, never pre-ticked, required to enrol. */
export const HEALTH_CONSENT = {
  version: 'health-2026-12-02',
  text: '{program} keeps the pain and activity scores you send, to adapt your program to how your back is doing. I agree to {program} keeping these health scores. They are never shared or sold for marketing, and I can delete them any time from the My data page.',
} as const;

/** A consent's wording for one program name. */
export function consentWording(consent: { text: string }, programName: string): string {
  return consent.text.replaceAll('{program}', programName);
}
