import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import type { AddressObject } from 'mailparser';

/**
 * Inbound email: SES's receipt rule stores the raw message in S3 (the Lambda event carries no
 * body), the handler fetches it here, parses it with mailparser and deletes it once handled.
 */

export interface InboundMailStore {
  /** The raw mail; 'too-large' (without downloading it) when it is over `maxBytes`. */
  get(key: string, maxBytes?: number): Promise<Buffer | undefined | 'too-large'>;
  delete(key: string): Promise<void>;
}

export class S3InboundMail implements InboundMailStore {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = new S3Client({}),
  ) {}

  async get(key: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer | undefined | 'too-large'> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) return undefined;
      // The size is known from the headers; the body is never read into memory when it is over.
      if ((out.ContentLength ?? 0) > maxBytes) {
        (out.Body as { destroy?: () => void }).destroy?.();
        return 'too-large';
      }
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/** A stand-in for tests and the local stack. */
export interface ParsedEmail {
  /** The From header's address, lower-cased. */
  from?: string;
  /** To, Cc and Delivered-To addresses. */
  recipients: string[];
  /** The body as text: the text/plain part, or text made from the HTML part. */
  text: string;
  /** RFC 3834 auto-replies (out-of-office, bounces) must never be read as a score. */
  autoSubmitted: boolean;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);

/** Raw MIME (or plain text without headers) -> the parts a reply handler reads. */
export async function parseEmail(raw: Buffer | string): Promise<ParsedEmail> {
  // Loaded on first use (~0.2 s): only the inbound-mail handler parses mail.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const header = (name: string) => {
    const v = mail.headers.get(name);
    return typeof v === 'string' ? v.toLowerCase() : '';
  };
  const autoSubmitted =
    (header('auto-submitted') !== '' && header('auto-submitted') !== 'no') ||
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond') ||
    ['auto_reply', 'bulk', 'junk', 'list'].includes(header('precedence'));
  const rawDelivered = mail.headers.get('delivered-to');
  const deliveredTo = typeof rawDelivered === 'string' ? rawDelivered.trim() : '';
  return {
    from: addresses(mail.from)[0]?.toLowerCase(),
    recipients: [...addresses(mail.to), ...addresses(mail.cc), ...(deliveredTo ? [deliveredTo] : [])],
    text: mail.text ?? (typeof mail.html === 'string' ? mail.html : ''),
    autoSubmitted,
  };
}
