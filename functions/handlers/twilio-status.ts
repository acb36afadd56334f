import * as z from 'zod';
import { lambdaEntry, type Build } from '../app/entry';
import type { Log } from '../ports';
import { applySmsStatus, type ProviderEventContext } from '../core/provider-events';
import { sendKeyFromQuery } from '../core/send-key';
import { publicUrl, ROUTES } from '../routes';
import { HttpError, httpHandler, textResponse, type HttpResult } from './http';
import { verifiedTwilioForm } from './twilio-webhook';

/**
 * POST /twilio/status: Twilio's message status callbacks (queued, sent, delivered, undelivered,
 * failed + ErrorCode), signed like every Twilio webhook (./twilio-webhook.ts).
 */

export interface TwilioStatusContext extends ProviderEventContext {
  authToken: string;
  publicBaseUrl: string;
  clock: { now(): number };
  log?: Log;
}

const StatusForm = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/),
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional(),
});

export function createTwilioStatusHandler(context: () => Promise<TwilioStatusContext>) {
  return httpHandler(async (req) => {
    if (req.method !== 'POST') throw new HttpError(405, 'method-not-allowed');
    const ctx = await context();
    const params = verifiedTwilioForm(req, ctx.authToken, publicUrl(ctx.publicBaseUrl, ROUTES.twilioStatus));
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

/** Its role may read the Twilio token, not the address pepper (the CDK app's function registry). */
export const buildTwilioStatusHandler: Build<unknown, HttpResult> = async (w) =>
  createTwilioStatusHandler(async () => ({
    ...(await w.providerEventContext({ pepper: false })),
    authToken: await w.twilioAuthToken(),
    publicBaseUrl: w.config.publicBaseUrl,
    clock: w.clock,
  }));

export const handler = lambdaEntry(buildTwilioStatusHandler);
