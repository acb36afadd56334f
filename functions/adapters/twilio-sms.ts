import type V2010 from 'twilio/lib/rest/api/V2010';
import { AMBIGUOUS } from '../core/pacing';
import { ProviderError, type OutboundSms, type SentSms, type Sms } from '../ports';

/**
 * SMS through the official Twilio client. Production and the local stack run the same code; only the
 * API base URL differs (local/twilio-server.ts speaks the Messages API wire format). The client's
 * own retry is off: the sender retries with its own backoff and pacing.
 */

/**
 * A CommonJS module's `exports.default`: Node (and so the ESM bundle) hands over module.exports as the
 * default, tsx and TypeScript's interop the `default` property itself.
 */
function cjsDefault<T>(m: { default: T }): T {
  const d = m.default as T & { default?: T };
  return typeof d === 'object' && d !== null && 'default' in d ? (d.default as T) : d;
}

/**
 * The official client with only the resource we call (api.twilio.com 2010-04-01: Messages). `twilio()`
 * builds every Twilio product's domain into the bundle (3.2 MB of a handler's 8 MB), and even the Api
 * domain alone brings every account resource (calls, conferences, SIP: ~0.5 MB); this is the same
 * request code (auth, user agent, errors, paging) with the Messages list only. Loaded on first use, so
 * a handler that never texts can be bundled without it (infra/function-registry.ts `loads`).
 */
async function messagesClient(accountSid: string, authToken: string, options: { autoRetry: boolean; timeout: number }, baseUrl: string) {
  const [{ default: BaseTwilio }, domain, version, { MessageListInstance }] = await Promise.all([
    import('twilio/lib/base/BaseTwilio'),
    import('twilio/lib/base/Domain'),
    import('twilio/lib/base/Version'),
    import('twilio/lib/rest/api/v2010/account/message'),
  ]);
  const Domain = cjsDefault(domain);
  const Version = cjsDefault(version);
  class TwilioMessagesClient extends BaseTwilio.Client {
    // The list calls only the generic Version methods; its type asks for the whole V2010 version.
    readonly messages = MessageListInstance(new Version(new Domain(this, baseUrl), '2010-04-01') as V2010, accountSid);
  }
  return new TwilioMessagesClient(accountSid, authToken, options);
}
export type TwilioMessagesClient = Awaited<ReturnType<typeof messagesClient>>;

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** One of the two is required; a Messaging Service is preferred (it picks the sender number). */
  messagingServiceSid?: string;
  from?: string;
  /** e.g. http://127.0.0.1:8006 for the local server; unset on AWS. */
  baseUrl?: string;
  timeoutMs?: number;
}

/** Twilio error codes that end sending to one number with a status other than suppressed. */
const RECIPIENT_CODES: Record<number, 'unsubscribed' | 'suppressed'> = {
  21610: 'unsubscribed', // the recipient replied STOP
  21211: 'suppressed', // not a valid phone number
  21614: 'suppressed', // not a mobile number
  21612: 'suppressed', // not reachable from our sender
  21408: 'suppressed', // the destination's region is not enabled (Geo Permissions)
};

/**
 * 4xx codes about OUR account, sender or request: every send would fail the same way, so the run
 * stops (SendingStoppedError) instead of suppressing subscriber after subscriber. Any other 4xx is
 * about the recipient (Twilio's dictionary grows; 21408, 21635, ... name the To number), so it ends
 * that one subscriber and the sender carries on.
 */
const ACCOUNT_CODES = new Set([
  20003, // authentication failed
  20005, // account not active
  20008, // test credentials used against the live API
  20404, // resource (account, service) not found
  21212, // invalid From number
  21602, // body required (our request)
  21603, // From required
  21604, // To required (our request)
  21606, // From is not a message-capable number of this account
  21608, // trial account: To not verified
  21617, // body too long (our request)
  21619, // body or media required
  21659, // From is not a Twilio number
  30002, // account suspended
]);
const isAccountCode = (code: number) => ACCOUNT_CODES.has(code) || (code >= 21701 && code <= 21712); // Messaging Service set-up

/** Classifies an error from the twilio client into the failure classes of ports.ts. */
function classifyTwilioError(err: unknown): ProviderError {
  const e = err as { status?: number; code?: number | string; name?: string };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;
  if (status === undefined) {
    // No HTTP answer. A refused connection never reached Twilio; a timeout or reset may have.
    const net = typeof e.code === 'string' ? e.code : (e.name ?? 'unknown');
    if (net === 'ECONNREFUSED' || net === 'ENOTFOUND' || net === 'EAI_AGAIN') {
      return new ProviderError('transient', `twilio-${net}`, `twilio: connection failed (${net})`);
    }
    return new ProviderError('transient', AMBIGUOUS, `twilio: no response (${net})`);
  }
  const tag = `twilio-${code ?? status}`;
  // Never the provider's message text: it can quote the phone number.
  if (status === 429 || code === 20429) return new ProviderError('throttled', tag, `twilio: throttled (${code ?? status})`);
  if (status >= 500) return new ProviderError('transient', tag, `twilio: server error ${status}`);
  if (status === 401 || status === 403 || code === undefined || isAccountCode(code)) {
    return new ProviderError('account', tag, `twilio: request refused (${code ?? status})`);
  }
  return new ProviderError('permanent', tag, `twilio: recipient refused (${code})`, RECIPIENT_CODES[code] ?? 'suppressed');
}

export class TwilioSms implements Sms {
  private made?: Promise<TwilioMessagesClient>;

  constructor(private readonly opts: TwilioSmsOptions) {
    if (!opts.messagingServiceSid && !opts.from) throw new Error('TwilioSms needs a Messaging Service SID or a From number');
  }

  /** The official client, built on first use (a failed load is retried on the next call). */
  client(): Promise<TwilioMessagesClient> {
    const baseUrl = this.opts.baseUrl?.replace(/\/+$/, '') ?? 'https://api.twilio.com';
    this.made ??= messagesClient(this.opts.accountSid, this.opts.authToken, { autoRetry: false, timeout: this.opts.timeoutMs ?? 10_000 }, baseUrl).catch(
      (err: unknown) => {
        this.made = undefined;
        throw err;
      },
    );
    return this.made;
  }

  async send(sms: OutboundSms): Promise<{ messageId: string; segments: number }> {
    const client = await this.client();
    try {
      const m = await client.messages.create({
        to: sms.to,
        body: sms.body,
        ...(this.opts.messagingServiceSid ? { messagingServiceSid: this.opts.messagingServiceSid } : { from: this.opts.from! }),
        ...(sms.statusCallback ? { statusCallback: sms.statusCallback } : {}),
        ...(sms.mediaUrl?.length ? { mediaUrl: sms.mediaUrl } : {}),
      });
      return { messageId: m.sid, segments: Number(m.numSegments ?? 1) };
    } catch (err) {
      throw classifyTwilioError(err);
    }
  }

  async listSentSince(to: string, sinceIso: string): Promise<SentSms[]> {
    const since = Date.parse(sinceIso);
    // Twilio's DateSent filters have whole-second precision; filter again here.
    const floor = Math.floor(since / 1000) * 1000;
    const client = await this.client();
    try {
      const rows = await client.messages.list({ to, dateSentAfter: new Date(floor), pageSize: 50, limit: 200 });
      return rows
        .filter((m) => m.direction !== 'inbound' && m.dateSent instanceof Date && m.dateSent.getTime() >= floor)
        .map((m) => ({ messageId: m.sid, to: m.to, body: m.body, at: m.dateSent.toISOString(), status: m.status }));
    } catch (err) {
      throw classifyTwilioError(err);
    }
  }
}
