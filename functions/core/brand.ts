import * as z from 'zod';
import { isGsm7 } from './gsm7';

/**
 * The operator's brand: who the messages and pages say they are from. Set per deployment (a clinic,
 * a physio service); validated at synth (infra/config.ts) and at start (functions/config.ts) with the
 * same schemas, so a bad value is named before anything is sent.
 */

/** Short enough that every SMS that carries it still fits its segment budget (test/unit/messages.test.ts). */
export const PROGRAM_NAME_MAX = 30;
const GSM7_EXTENSION = /[\f^{}\\[~\]|\u20ac]/;
const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;

/** The email body's page colour: footer links sit on it, so the brand colour is checked against it too. */
const EMAIL_PAGE_BACKGROUND = '#f4f1ec';
/** WCAG 2.x AA for normal text. */
export const MIN_CONTRAST = 4.5;

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21); the same whichever is text and which background. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const ProgramName = z
  .string()
  .trim()
  .min(2, 'at least 2 characters')
  .max(PROGRAM_NAME_MAX, `at most ${PROGRAM_NAME_MAX} characters: it starts every SMS`)
  .refine((v) => isGsm7(v) && !GSM7_EXTENSION.test(v) && ONE_LINE.test(v), 'plain letters, digits and punctuation only (it must stay GSM-7 in SMS)');

/** The From display name; quoted or RFC 2047-encoded by the mailer, so only line breaks and angle brackets are refused. */
export const SenderName = z
  .string()
  .trim()
  .min(2, 'at least 2 characters')
  .max(80, 'at most 80 characters')
  .regex(/^[^\u0000-\u001f\u007f<>"\\]*$/, 'no line breaks, quotes, backslashes or angle brackets');

/** At most 60 characters, so the HELP answer stays within two SMS segments. */
export const SupportEmail = z
  .email('expected an email address, e.g. support@clinic.example')
  .max(60, 'at most 60 characters (it goes into the SMS HELP answer)');
export const SupportPhone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number, e.g. +15551234567');
export const PostalAddress = z
  .string()
  .trim()
  .min(10, 'at least 10 characters: a full postal address (CAN-SPAM)')
  .max(200, 'at most 200 characters')
  .regex(ONE_LINE, 'one line: separate its parts with commas');
/** An operator's own public page (privacy policy, messaging terms): https only. */
export const OperatorPageUrl = z.url({ protocol: /^https$/, error: 'expected an https:// URL' });
/**
 * White text on the colour (email buttons, rating numbers) and the colour as link text on white and on
 * the email's page background: all need AA contrast. Contrast is symmetric, so the darker background
 * is the one to check.
 */
export const BrandColour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour as #rrggbb')
  .transform((v) => v.toLowerCase())
  .superRefine((v, ctx) => {
    const onPage = contrastRatio(v, EMAIL_PAGE_BACKGROUND);
    if (onPage >= MIN_CONTRAST) return;
    const onWhite = contrastRatio(v, '#ffffff').toFixed(2);
    ctx.addIssue({
      code: 'custom',
      message: `too light: ${onWhite}:1 with white text, ${onPage.toFixed(2)}:1 on the email background; WCAG AA needs ${MIN_CONTRAST}:1 (choose a darker colour)`,
    });
  });

/** The default colour: a dark teal, 5.8:1 against white, 5.2:1 against the email background. */
export const DEFAULT_BRAND_COLOUR = '#2f6f6a';

/** A resolved brand, as every message and page uses it. */
export interface Brand {
  programName: string;
  /** The From display name of every email. */
  senderName: string;
  supportEmail: string;
  supportPhone?: string;
  postalAddress: string;
  /** The operator's privacy policy, or the program's own /privacy page. */
  privacyUrl: string;
  /** The operator's messaging terms (A2P 10DLC), or the program's own /terms page. */
  termsUrl: string;
  colour: string;
}

/** The contacts a person can reach, in the order HELP and footers name them. */
export function supportContacts(brand: Pick<Brand, 'supportEmail' | 'supportPhone'>): string[] {
  return brand.supportPhone ? [brand.supportEmail, brand.supportPhone] : [brand.supportEmail];
}

/** The example brand of the local stack and the tests that do not care which brand they get. */
export const LOCAL_BRAND: Brand = {
  programName: 'Limber',
  senderName: 'Limber (local)',
  supportEmail: 'support@limber.local',
  supportPhone: '+15005550100',
  postalAddress: '1 Example Street, Springfield, EX 00000',
  privacyUrl: 'http://127.0.0.1/privacy',
  termsUrl: 'http://127.0.0.1/terms',
  colour: DEFAULT_BRAND_COLOUR,
};
