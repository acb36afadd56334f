import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { z } from 'zod';
import { wiringFromEnv, type Wiring } from '../adapters/wiring';
import type { DeliveryLog } from '../core/deliver';
import { applySmsStatus, type ProviderEventContext } from '../core/provider-events';
import { sendKeyFromQuery, STATUS_CALLBACK_PATH } from '../core/send-key';
import { formFields, HttpError, httpHandler, textResponse, type HttpRequest } from './http';

/**
 * POST /twilio/status: Twilio's message status callbacks (queued, sent, delivered, undelivered,
 * failed + ErrorCode). The X-Twilio-Signature is checked against the URL we configured and gave
 * Twilio (public base URL + path + the query string as received), never one rebuilt from the Host
 * header, which a caller controls. A bad signature is a 403.
 */

export interface TwilioStatusContext extends ProviderEventContext {
  authToken: string;
  publicBaseUrl: string;
  clock: { now(): number };
  log?: DeliveryLog;
}

const StatusForm = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/),
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z.string().regex(/^\d{1,6}$/).optional(),
});

/**
 * The URL Twilio signed: our configured public URL for this path plus the received query string.
 * The query is re-serialised; ours (statusCallbackUrl) holds only URL-safe characters, so it comes
 * out byte for byte as it went in.
 */
export function signedUrl(publicBaseUrl: string, req: Pick<HttpRequest, 'query'>): string {
  const query = req.query.toString();
  return `${publicBaseUrl.replace(/\/+$/, '')}${STATUS_CALLBACK_PATH}${query ? `?${query}` : ''}`;
}

export function verifyTwilioSignature(authToken: string, url: string, signature: string | undefined, params: Record<string, string>): boolean {
  if (!signature) return false;
  return validateRequest(authToken, signature, url, params);
}

export function makeTwilioStatusHandler(context: () => Promise<TwilioStatusContext>) {
  return httpHandler(async (req) => {
    if (req.method !== 'POST') throw new HttpError(405, 'method-not-allowed');
    const ctx = await context();
    const fields = formFields(req);
    const params = Object.fromEntries(fields);
    if (!verifyTwilioSignature(ctx.authToken, signedUrl(ctx.publicBaseUrl, req), req.headers['x-twilio-signature'], params)) {
      throw new HttpError(403, 'bad-signature');
    }
    const key = sendKeyFromQuery(Object.fromEntries(req.query));
    const form = StatusForm.safeParse(params);
    // Signed by Twilio but not one of ours (or a field we do not understand): acknowledge, change nothing.
    if (!key || !form.success) return textResponse(204, '');
    await applySmsStatus(ctx, {
      key,
      messageSid: form.data.MessageSid,
      status: form.data.MessageStatus,
      errorCode: form.data.ErrorCode,
      at: new Date(ctx.clock.now()).toISOString(),
    });
    return textResponse(204, '');
  });
}

let wiring: Wiring | undefined;
export const handler = makeTwilioStatusHandler(async () => {
  const w = (wiring ??= wiringFromEnv());
  return { store: w.store, authToken: await w.twilioAuthToken(), publicBaseUrl: w.config.publicBaseUrl, clock: w.clock, log: w.log };
});
