import * as z from 'zod';
import { MAX_PROGRAM_DAY, Run, runOf, SendRecord } from './model';

/**
 * The send key names one message: subscriber, run, program day and kind. It travels with the message
 * (SES EmailTags, the Twilio StatusCallback query) so provider events map back to the send without a
 * lookup table. SES tag values allow only A-Z a-z 0-9 _ - . @, so the key uses '.' as separator;
 * subscriber ids are base64url (see keys.ts) and fit that alphabet. Run 1 keeps the key it had before
 * runs existed (`id.day.kind`); later runs append `.r<run>`, so a report of a message sent before the
 * change still lands on its record.
 */

export type SendKind = SendRecord['kind'];
export const SendKind = SendRecord.shape.kind.unwrap();

export interface SendKey {
  subscriberId: string;
  programDay: number;
  kind: SendKind;
  /** The subscriber's run (model.ts); absent means run 1. */
  run?: number;
}

/** The EmailTag name that carries the key (SES) and the header that carries it locally. */
export const SEND_KEY_TAG = 'limber_send';
export const SEND_KEY_HEADER = 'X-Limber-Send';
/** Where Twilio posts status callbacks (functions/handlers/twilio-status.ts). */
export const STATUS_CALLBACK_PATH = '/twilio/status';

const TAG_VALUE = /^[A-Za-z0-9_.@-]{1,256}$/;

export function formatSendKey(key: SendKey): string {
  const run = runOf(key);
  const value = `${key.subscriberId}.${key.programDay}.${key.kind}${run === 1 ? '' : `.r${run}`}`;
  if (!TAG_VALUE.test(value)) throw new RangeError('send key holds characters SES tags do not allow');
  return value;
}

const KeyParts = z.object({
  subscriberId: z.string().min(3).max(64),
  // Repeated weeks push programDay past PROGRAM_DAYS (core/adaptive.ts).
  programDay: z.coerce.number().int().min(0).max(MAX_PROGRAM_DAY),
  kind: SendKind,
  run: z.coerce.number().pipe(Run).optional(),
});

const withRun = (key: z.infer<typeof KeyParts>): SendKey =>
  runOf(key) === 1 ? { subscriberId: key.subscriberId, programDay: key.programDay, kind: key.kind } : key;

export function parseSendKey(value: string): SendKey | undefined {
  if (!TAG_VALUE.test(value)) return undefined;
  const m = /^(.+)\.(\d{1,3})\.([a-z]+)(?:\.r(\d{1,3}))?$/.exec(value);
  if (!m) return undefined;
  const parsed = KeyParts.safeParse({ subscriberId: m[1], programDay: m[2], kind: m[3], run: m[4] });
  return parsed.success ? withRun(parsed.data) : undefined;
}

/** The StatusCallback URL for an SMS: the configured public URL plus the send key as query params. */
export function statusCallbackUrl(publicBaseUrl: string, key: SendKey): string {
  const q = new URLSearchParams({ s: key.subscriberId, d: String(key.programDay), k: key.kind });
  if (runOf(key) !== 1) q.set('r', String(key.run));
  return `${publicBaseUrl.replace(/\/+$/, '')}${STATUS_CALLBACK_PATH}?${q.toString()}`;
}

/** Reads the send key back from a status callback's query parameters. */
export function sendKeyFromQuery(query: Record<string, string | undefined>): SendKey | undefined {
  const parsed = KeyParts.safeParse({ subscriberId: query.s, programDay: query.d, kind: query.k, run: query.r });
  return parsed.success ? withRun(parsed.data) : undefined;
}
