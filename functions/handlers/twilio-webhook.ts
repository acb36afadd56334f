import type { Log } from '../ports';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { formFields, HttpError, type HttpRequest } from './http';

/**
 * Twilio webhooks (incoming messages, status callbacks), one check for both. Twilio signs the URL
 * it called plus the form parameters. We check against the URL we CONFIGURED at Twilio (public base
 * URL + route, functions/routes.ts) plus the query string as received, never a URL rebuilt from
 * Host or X-Forwarded-*: an attacker controls those, and a proxy or API Gateway rewrite changes them.
 * Our own query strings (status callbacks' send keys) hold only URL-safe characters, so the
 * re-serialised query is byte for byte what Twilio signed. A missing or bad signature is a 403 and
 * nothing is read or stored.
 */
export function signedWebhookUrl(configuredUrl: string, req: Pick<HttpRequest, 'query'>): string {
  const query = req.query.toString();
  return query && !configuredUrl.includes('?') ? `${configuredUrl}?${query}` : configuredUrl;
}

/** The verified form parameters of a Twilio webhook request; throws a 403 HttpError otherwise. */
export function verifiedTwilioForm(req: HttpRequest, authToken: string, configuredUrl: string, log?: Log): Record<string, string> {
  const signature = req.headers['x-twilio-signature'];
  if (!signature) throw new HttpError(403, 'forbidden');
  const params: Record<string, string> = {};
  for (const [k, v] of formFields(req)) params[k] = v;
  if (!validateRequest(authToken, signature, signedWebhookUrl(configuredUrl, req), params)) {
    log?.warn('twilio signature rejected');
    throw new HttpError(403, 'forbidden');
  }
  return params;
}
