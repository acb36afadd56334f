import type { Log } from '../ports';
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import * as z from 'zod';
import { handleSmsInbound } from '../core/inbound';
import { firstDelivery } from '../core/replay-guard';
import type { EnrolmentContext } from '../core/notify';
import { lambdaEntry, type Build } from '../app/entry';
import { publicUrl, ROUTES } from '../routes';
import { verifiedTwilioForm } from './twilio-webhook';
import { httpHandler, HttpError, textResponse, type HttpRequest, type HttpResult } from './http';

/**
 * Twilio's incoming-message webhook. The X-Twilio-Signature is checked against the webhook URL we
 * CONFIGURED at Twilio, never one rebuilt from Host or X-Forwarded-* (a proxy or API Gateway rewrite
 * would make those differ, and an attacker controls them). A missing or bad signature is a 403 and
 * nothing is read or stored. The answer is TwiML: a <Message> or an empty <Response/>.
 */

export interface TwilioInboundOptions {
  ctx: EnrolmentContext;
  authToken: string;
  /** The exact URL configured as the number's / Messaging Service's incoming webhook. */
  webhookUrl: string;
  log?: Log;
}

/** Twilio sends many parameters (NumMedia, FromCity...); we read four and allow the rest. */
const InboundParams = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'expected a Twilio message SID'),
  From: z.string().min(3).max(32),
  Body: z.string().max(2000).default(''),
  OptOutType: z.string().max(16).optional(),
});

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** One <Message> per text, in order (the welcome, then the self-check's first question). */
export function twiml(message?: string | readonly string[]): string {
  const texts = (typeof message === 'string' ? [message] : (message ?? [])).filter(Boolean);
  if (texts.length === 0) return EMPTY_TWIML;
  const r = new MessagingResponse();
  for (const text of texts) r.message(text);
  return r.toString();
}

function xml(body: string): HttpResult {
  return textResponse(200, body, 'text/xml; charset=utf-8');
}

export function createTwilioInboundHandler(opts: TwilioInboundOptions): (event: unknown) => Promise<HttpResult> {
  async function handle(req: HttpRequest): Promise<HttpResult> {
    if (req.method !== 'POST') throw new HttpError(405, 'method-not-allowed', undefined, { allow: 'POST' });
    const params = verifiedTwilioForm(req, opts.authToken, opts.webhookUrl, opts.log);
    const parsed = InboundParams.safeParse(params);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'body').slice(0, 32)))];
      throw new HttpError(400, 'invalid-fields', { fields });
    }
    // A replay of a text we already handled (same MessageSid) changes nothing and answers nothing.
    if (!(await firstDelivery(opts.ctx.store, 'sms', parsed.data.MessageSid, opts.ctx.clock.now()))) {
      opts.log?.warn('twilio webhook replayed');
      return xml(twiml());
    }
    const result = await handleSmsInbound(opts.ctx, {
      from: parsed.data.From,
      body: parsed.data.Body,
      optOutType: parsed.data.OptOutType,
    });
    return xml(twiml(result.reply));
  }
  return httpHandler(handle, {
    log: opts.log,
    maxBody: 32 * 1024,
    renderError: (status, code, detail) => textResponse(status, Array.isArray(detail?.fields) ? `${code}: ${detail.fields.join(', ')}` : code),
  });
}

/** The webhook URL is the configured public URL plus the route (what Twilio is configured to call). */
export const buildTwilioInboundHandler: Build<unknown, HttpResult> = async (w) =>
  createTwilioInboundHandler({
    ctx: await w.enrolmentContext({ sms: false }),
    authToken: await w.twilioAuthToken(),
    webhookUrl: publicUrl(w.config.publicBaseUrl, ROUTES.twilioInbound),
    log: w.log,
  });

export const handler = lambdaEntry(buildTwilioInboundHandler);
