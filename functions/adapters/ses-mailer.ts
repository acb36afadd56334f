import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { AMBIGUOUS } from '../core/pacing';
import { SEND_KEY_HEADER, SEND_KEY_TAG } from '../core/send-key';
import { ProviderError, type Mailer, type OutboundEmail } from '../ports';
import { clientOf, type LazyClient } from './lazy-client';

/**
 * Email through SES v2 SendEmail (Simple content: HTML and text parts). EmailTags carry the send key,
 * which the configuration set's event destination hands back on every SES event (docs/delivery.md).
 * Build the SESv2Client with `maxAttempts: 1`: the sender retries with its own backoff and pacing.
 */

export interface SesMailerOptions {
  client: LazyClient<SESv2Client>;
  from: string;
  /** The From display name (core/brand.ts SenderName: no quotes, backslashes or line breaks). */
  fromName?: string;
  configurationSet?: string;
  /**
   * Also put the send key in an X-Limber-Send header. The local stand-in keeps headers but drops
   * EmailTags, and the local event bridge reads the key from there. Off on AWS.
   */
  sendKeyHeader?: boolean;
  /** Messages per second when GetAccount cannot answer (a stand-in without an account). */
  fallbackSendRate?: number;
  /** How long GetAccount's answer is trusted (ms). */
  rateCacheMs?: number;
  now?: () => number;
}

// SES tag names and values: A-Z a-z 0-9 _ - . @ only, at most 256 characters.
const TAG = /^[A-Za-z0-9_.@-]{1,256}$/;
// RFC 5322 field names: printable ASCII except colon.
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]{1,76}$/;

/**
 * `"Name" <address>`. SES takes only 7-bit ASCII here: a name with other characters goes as an RFC 2047
 * encoded-word, which mail clients show decoded.
 */
export function fromHeader(address: string, name?: string): string {
  if (!name) return address;
  if (/[\r\n"\\<>]/.test(name)) throw new HeaderInjectionError('sender name holds a quote, backslash, angle bracket or line break');
  const ascii = /^[\x20-\x7e]*$/.test(name);
  return ascii ? `"${name}" <${address}>` : `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${address}>`;
}

export class HeaderInjectionError extends Error {
  override name = 'HeaderInjectionError';
}

/** Rejects header names and values that could start a new header or smuggle one in. */
function checkHeaders(headers: Record<string, string>): { Name: string; Value: string }[] {
  return Object.entries(headers).map(([name, value]) => {
    if (!HEADER_NAME.test(name)) throw new HeaderInjectionError('invalid header name');
    if (/[\r\n\0]/.test(value)) throw new HeaderInjectionError(`header ${name} holds CR, LF or NUL`);
    return { Name: name, Value: value };
  });
}

const THROTTLED = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException', 'Throttling']);
const ACCOUNT = new Set([
  'AccountSuspendedException',
  'SendingPausedException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException', // configuration set or identity missing
  'BadRequestException', // our request is malformed: every send would fail the same way
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
]);
const NETWORK_REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Classifies an SES v2 error into the failure classes of ports.ts. */
export function classifySesError(err: unknown): ProviderError {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const tag = `ses-${name}`;
  // Never the provider's message text: SES quotes unverified addresses in it.
  if (THROTTLED.has(name) || status === 429) return new ProviderError('throttled', tag, `ses: throttled (${name})`);
  // In the SES sandbox (and with an unverified From identity) SES rejects with "Email address is not
  // verified": the account cannot send, the recipient is not at fault. Read, never logged: it quotes addresses.
  if (name === 'MessageRejected' && /not verified/i.test((err as Error).message ?? '')) {
    return new ProviderError('account', 'ses-not-verified', 'ses: sending refused (sandbox or unverified identity)');
  }
  if (name === 'MessageRejected') return new ProviderError('permanent', tag, 'ses: message rejected', 'suppressed');
  if (ACCOUNT.has(name)) return new ProviderError('account', tag, `ses: sending refused (${name})`);
  if (status !== undefined && status >= 500) return new ProviderError('transient', tag, `ses: server error ${status}`);
  if (e.$fault === 'server') return new ProviderError('transient', tag, `ses: server fault (${name})`);
  if (status === undefined) {
    // No HTTP answer: a refused connection never reached SES; a timeout or reset may have.
    const net = e.code ?? name;
    if (NETWORK_REFUSED.has(net)) return new ProviderError('transient', `ses-${net}`, `ses: connection failed (${net})`);
    return new ProviderError('transient', AMBIGUOUS, `ses: no response (${net})`);
  }
  return new ProviderError('account', tag, `ses: request refused (${name}, ${status})`);
}

export class SesMailer implements Mailer {
  private rate?: { value: number; until: number };
  private readonly now: () => number;

  constructor(private readonly opts: SesMailerOptions) {
    this.now = opts.now ?? Date.now;
  }

  private async ses() {
    const [client, commands] = await Promise.all([clientOf(this.opts.client), import('@aws-sdk/client-sesv2')]);
    return { client, ...commands };
  }

  async send(email: OutboundEmail): Promise<{ messageId: string }> {
    const tags = Object.entries(email.tags ?? {}).map(([Name, Value]) => {
      if (!TAG.test(Name) || !TAG.test(Value)) throw new RangeError(`EmailTag ${Name}: only A-Z a-z 0-9 _ - . @ allowed`);
      return { Name, Value };
    });
    const extra: Record<string, string> = { ...(email.headers ?? {}) };
    const key = email.tags?.[SEND_KEY_TAG];
    if (this.opts.sendKeyHeader && key) extra[SEND_KEY_HEADER] = key;
    const headers = checkHeaders(extra);
    if (/[\r\n]/.test(email.to) || (email.replyTo && /[\r\n]/.test(email.replyTo))) {
      throw new HeaderInjectionError('address holds CR or LF');
    }
    const { client, SendEmailCommand } = await this.ses();
    const command = new SendEmailCommand({
      FromEmailAddress: fromHeader(this.opts.from, this.opts.fromName),
      Destination: { ToAddresses: [email.to] },
      ...(email.replyTo ? { ReplyToAddresses: [email.replyTo] } : {}),
      ...(this.opts.configurationSet ? { ConfigurationSetName: this.opts.configurationSet } : {}),
      ...(tags.length ? { EmailTags: tags } : {}),
      Content: {
        Simple: {
          // SES encodes the subject; a line break in it would still read as a header fold.
          Subject: { Data: email.subject.replace(/[\r\n]+/g, ' '), Charset: 'UTF-8' },
          Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          ...(headers.length ? { Headers: headers } : {}),
        },
      },
    });
    try {
      const out = await client.send(command);
      if (!out.MessageId) throw new ProviderError('transient', AMBIGUOUS, 'ses: accepted without a MessageId');
      return { messageId: out.MessageId };
    } catch (err) {
      if (err instanceof ProviderError) throw err;
      throw classifySesError(err);
    }
  }

  /** SES GetAccount SendQuota.MaxSendRate, cached (an hour by default). */
  async maxSendRate(): Promise<number> {
    const t = this.now();
    if (this.rate && this.rate.until > t) return this.rate.value;
    let value: number | undefined;
    const { client, GetAccountCommand } = await this.ses();
    try {
      const out = await client.send(new GetAccountCommand({}));
      value = out.SendQuota?.MaxSendRate;
    } catch (err) {
      if (this.opts.fallbackSendRate === undefined) throw classifySesError(err);
    }
    if (!(value && value > 0)) {
      if (this.opts.fallbackSendRate === undefined) throw new ProviderError('account', 'ses-no-quota', 'ses: no MaxSendRate');
      value = this.opts.fallbackSendRate;
    }
    this.rate = { value, until: t + (this.opts.rateCacheMs ?? 3_600_000) };
    return value;
  }
}
