import type { InboundMailStore } from '../ports';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AddressObject } from 'mailparser';
import { isAutoReplyByHeaders } from '../core/auto-reply';
import { htmlToPlainText } from '../core/email-reply-text';
import { readEmail, type ParsedReply } from '../core/replies';
import { clientOf, type LazyClient } from './lazy-client';

/**
 * Inbound email: SES's receipt rule stores the raw message in S3 (the Lambda event carries no
 * body), the handler fetches it here, parses it with mailparser and deletes it once handled.
 */

export class S3InboundMail implements InboundMailStore {
  constructor(
    private readonly bucket: string,
    private readonly client: LazyClient<S3Client>,
  ) {}

  private async s3() {
    const [client, commands] = await Promise.all([clientOf(this.client), import('@aws-sdk/client-s3')]);
    return { client, ...commands };
  }

  async get(key: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer | undefined | 'too-large'> {
    const { client, GetObjectCommand } = await this.s3();
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) return undefined;
      // The size is known from the headers; the body is never read into memory when it is over.
      if ((out.ContentLength ?? 0) > maxBytes) {
        (out.Body as { destroy?: () => void }).destroy?.();
        return 'too-large';
      }
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const { client, DeleteObjectCommand } = await this.s3();
    await client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

export interface ParsedEmail {
  /** The From header's address, lower-cased. */
  from?: string;
  /** To, Cc and Delivered-To addresses. */
  recipients: string[];
  /** The body as text: the text/plain part, or text made from the HTML part. */
  text: string;
  /** RFC 3834 auto-replies (out-of-office, bounces) must never be read as a score. */
  autoSubmitted: boolean;
  /** The Subject header (a List-Unsubscribe mailto sets it to "unsubscribe"). */
  subject: string;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);

/** A text/plain part anywhere, or no Content-Type at all (which means text/plain). */
function hasPlainPart(raw: string): boolean {
  return /^content-type:\s*text\/plain/im.test(raw) || !/^content-type:/im.test(raw.slice(0, raw.search(/\r?\n\r?\n/) >>> 0));
}

/** Raw MIME (or plain text without headers) -> the parts a reply handler reads. */
export async function parseEmail(raw: Buffer | string): Promise<ParsedEmail> {
  // Loaded on first use (~0.2 s): only the inbound-mail handler parses mail.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const header = (name: string): string | undefined => {
    const v = mail.headers.get(name);
    if (v === undefined) return undefined;
    return typeof v === 'string' ? v : String((v as { value?: unknown }).value ?? v);
  };
  const rawDelivered = mail.headers.get('delivered-to');
  const deliveredTo = typeof rawDelivered === 'string' ? rawDelivered.trim() : '';
  const html = typeof mail.html === 'string' ? mail.html : '';
  // HTML-only mail: our converter drops the clients' quote containers, which mailparser's text keeps.
  const rawText = typeof raw === 'string' ? raw : raw.toString('latin1');
  const text = html && !hasPlainPart(rawText) ? htmlToPlainText(html) : (mail.text ?? htmlToPlainText(html));
  return {
    from: addresses(mail.from)[0]?.toLowerCase(),
    recipients: [...addresses(mail.to), ...addresses(mail.cc), ...(deliveredTo ? [deliveredTo] : [])],
    subject: typeof mail.subject === 'string' ? mail.subject : '',
    text,
    autoSubmitted: isAutoReplyByHeaders(header),
  };
}

/** The one reader for a raw mail, headers and subject included: the inbound handler and `limber reply` call it. */
export async function readMail(raw: Buffer | string): Promise<{ mail: ParsedEmail; reply: ParsedReply }> {
  const mail = await parseEmail(raw);
  return { mail, reply: readEmail({ text: mail.text, subject: mail.subject, autoReplyHeaders: mail.autoSubmitted }) };
}
