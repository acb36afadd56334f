import { INBOUND_MAIL_PREFIX } from '../functions/routes';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import twilio from 'twilio';
import { pngNamed } from './illustration-png';
import type { MemoryInboundMail } from './memory-inbound-mail';
import { cspHash } from '../functions/handlers/http';
import { clockBody, localPage, LOCAL_STYLE, mailBody, phoneBody, type LocalNav, type MailSummary, type PhoneThread } from './local-pages-html';
import type { LocalClock } from './local-clock';
import type { TwilioServer } from './twilio-server';
import { refusedForeign, loopbackNames } from './host-guard';
import { closer, listen } from './stand-ins';

/**
 * The local stack's own pages, on their own loopback port:
 *   /phone        threads per phone number; a reply is a correctly signed Twilio webhook to the real handler
 *   /mail         stored mails with a reply box; a reply goes through the real ses-inbound handler
 *   /clock        the shared clock: see it, move it (then the dispatcher and sender run at once)
 *   /clock.json   the same for `limber clock`
 *   /illustrations/<file>.png   the exercise pictures the emails link (drawn on first request, kept)
 *   /webhooks     outbound webhooks the local receiver got (local/webhook-receiver.ts)
 */

export interface LocalPagesOptions {
  port: number;
  host?: string;
  clock: LocalClock;
  twilio: TwilioServer;
  /** Our number: the To of an inbound text. */
  twilioNumber: string;
  twilioAuthToken: string;
  /** The webhook URL configured for inbound texts (public base URL + /twilio/inbound). */
  inboundWebhookUrl: string;
  /** Sends a TwiML answer as the text it becomes at Twilio. */
  sendSms(to: string, body: string): Promise<void>;
  sesUrl: string;
  inboundMail: MemoryInboundMail;
  sesInbound(event: unknown): Promise<{ outcomes: string[] }>;
  /** Runs the dispatcher and drains the queue once. */
  tick(): Promise<void>;
  nav: () => LocalNav;
  /** The local webhook receiver's routes and page. */
  webhooks?: { route(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>; body(): string };
}

export interface RunningLocalPages {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface StoredMail {
  messageId: string;
  from: string;
  replyTo?: string[];
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

const HEADERS = {
  'content-security-policy': `default-src 'none'; style-src ${cspHash(LOCAL_STYLE)}; form-action 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Path of the pictures; the local stack's image base URL is the pages URL + this. */
export const ILLUSTRATIONS = '/illustrations/';
class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

async function readBody(req: IncomingMessage, max = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max) throw new BodyTooLarge();
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The text of the <Message> elements of a TwiML answer. */
function twimlMessages(xml: string): string[] {
  const xmlText = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<Message(?:\s[^>]*)?>([\s\S]*?)<\/Message>/g)].map((m) => xmlText(m[1]!));
}

/** A plain-text reply as a mail client writes it: the answer on top, the original quoted below. */
function replyMime(opts: {
  from: string;
  to: string;
  subject: string;
  inReplyTo: string;
  body: string;
  quoted?: string;
  date: Date;
  autoReply?: boolean;
}): string {
  const quoted = (opts.quoted ?? '')
    .split('\n')
    .slice(0, 15)
    .map((l) => `> ${l}`)
    .join('\r\n');
  return [
    `From: ${opts.from}`,
    `To: ${opts.to}`,
    `Subject: ${/^re:/i.test(opts.subject) ? opts.subject : `Re: ${opts.subject}`}`,
    `Date: ${opts.date.toUTCString()}`,
    `Message-ID: <${randomUUID()}@limber.local>`,
    `In-Reply-To: <${opts.inReplyTo}>`,
    // RFC 3834, as an out-of-office responder marks its mail.
    ...(opts.autoReply ? ['Auto-Submitted: auto-replied'] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    opts.body,
    '',
    ...(quoted ? [`On ${opts.date.toUTCString()}, Limber wrote:`, quoted] : []),
    '',
  ].join('\r\n');
}

export async function startLocalPages(opts: LocalPagesOptions): Promise<RunningLocalPages> {
  const clockNote = () => `Local clock: ${new Date(opts.clock.now()).toISOString()} (${opts.clock.speed}x)`;
  const html = (res: ServerResponse, status: number, title: string, body: string) => {
    res.writeHead(status, { ...HEADERS, 'content-type': 'text/html; charset=utf-8' });
    res.end(localPage(title, opts.nav(), body, clockNote()));
  };
  const redirect = (res: ServerResponse, to: string) => {
    res.writeHead(303, { ...HEADERS, location: to });
    res.end();
  };
  const json = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { ...HEADERS, 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };

  const threads = (): PhoneThread[] =>
    opts.twilio
      .threads()
      .filter((t) => t.number !== opts.twilioNumber && t.number !== '')
      .map((t) => ({
        number: t.number,
        messages: t.messages.map((m) => ({
          direction: m.direction === 'inbound' ? ('inbound' as const) : ('outbound' as const),
          body: m.body,
          at: new Date(m.dateCreated).toISOString(),
          status: m.status,
          ...(m.mediaUrl ? { media: m.mediaUrl } : {}),
        })),
      }));

  /** What Twilio does with a text from a phone: store it, POST a signed webhook, send the TwiML answer. */
  async function textFromPhone(from: string, body: string): Promise<string> {
    const m = opts.twilio.recordInbound({ from, to: opts.twilioNumber, body });
    const params: Record<string, string> = {
      AccountSid: opts.twilio.accountSid,
      ApiVersion: '2010-04-01',
      Body: body,
      From: from,
      MessageSid: m.sid,
      NumMedia: '0',
      NumSegments: String(m.numSegments),
      SmsMessageSid: m.sid,
      SmsSid: m.sid,
      SmsStatus: 'received',
      To: opts.twilioNumber,
    };
    const signature = twilio.getExpectedTwilioSignature(opts.twilioAuthToken, opts.inboundWebhookUrl, params);
    const res = await fetch(opts.inboundWebhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    const answer = await res.text();
    if (!res.ok) return `The webhook answered ${res.status}`;
    const replies = twimlMessages(answer);
    for (const text of replies) await opts.sendSms(from, text);
    return replies.length ? 'Sent; Limber answered.' : 'Sent.';
  }

  async function storedMails(): Promise<StoredMail[]> {
    const res = await fetch(`${opts.sesUrl}/store`);
    const body = (await res.json()) as { emails: StoredMail[] };
    return body.emails;
  }

  /** What SES does with a reply: the receipt rule stores it (S3) and invokes the inbound Lambda. */
  async function replyToMail(messageId: string, body: string, autoReply = false): Promise<string> {
    const mail = (await storedMails()).find((m) => m.messageId === messageId);
    if (!mail) return 'No such message.';
    const to = mail.replyTo?.[0];
    const from = mail.destination.to[0];
    if (!to || !from) return 'That message has no Reply-To address.';
    const inboundId = `local-${randomUUID()}`;
    const raw = replyMime({
      from,
      to,
      subject: mail.subject,
      inReplyTo: mail.messageId,
      body,
      quoted: mail.body.text,
      date: new Date(opts.clock.now()),
      autoReply,
    });
    // Stored where the receipt rule's S3 action puts it: the prefix plus the SES message id.
    opts.inboundMail.objects.set(`${INBOUND_MAIL_PREFIX}${inboundId}`, Buffer.from(raw, 'utf8'));
    const pass = { status: 'PASS' };
    const result = await opts.sesInbound({
      Records: [
        {
          eventSource: 'aws:ses',
          eventVersion: '1.0',
          ses: {
            mail: { messageId: inboundId, source: from, destination: [to], timestamp: new Date(opts.clock.now()).toISOString() },
            receipt: { recipients: [to], spamVerdict: pass, virusVerdict: pass, spfVerdict: pass, dkimVerdict: pass, dmarcVerdict: pass },
          },
        },
      ],
    });
    return `Reply delivered to the inbound handler: ${result.outcomes.join(', ') || 'no outcome'}.`;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const notice = url.searchParams.get('notice') ?? undefined;
    const method = req.method ?? 'GET';
    if (url.pathname === '/' && method === 'GET') return redirect(res, '/phone');
    if (url.pathname.startsWith(ILLUSTRATIONS) && method === 'GET') {
      const png = await pngNamed(url.pathname.slice(ILLUSTRATIONS.length));
      if (!png) return void res.writeHead(404, { ...HEADERS, 'content-type': 'text/plain' }).end('no such picture');
      // Content-hashed names: a file never changes, so it may be cached for ever (as on CloudFront).
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
      return void res.end(png);
    }
    if (opts.webhooks && url.pathname === '/webhooks' && method === 'GET') return html(res, 200, 'Webhooks', opts.webhooks.body());
    if (opts.webhooks && (await opts.webhooks.route(req, res, url.pathname))) return;
    if (url.pathname === '/phone' && method === 'GET') return html(res, 200, 'SMS phone', phoneBody(threads(), notice));
    if (url.pathname === '/phone/send' && method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const from = form.get('from') ?? '';
      const body = (form.get('body') ?? '').slice(0, 1600);
      if (!/^\+[1-9]\d{6,14}$/.test(from) || !body) return redirect(res, '/phone?notice=Enter+a+reply');
      const note = await textFromPhone(from, body);
      return redirect(res, `/phone?notice=${encodeURIComponent(note)}#${encodeURIComponent(from)}`);
    }
    if (url.pathname === '/mail' && method === 'GET') {
      const mails = (await storedMails())
        .sort((a, b) => b.at - a.at)
        .map(
          (m): MailSummary => ({
            messageId: m.messageId,
            to: m.destination.to.join(', '),
            replyTo: m.replyTo?.[0],
            subject: m.subject,
            at: new Date(m.at * (m.at < 1e12 ? 1000 : 1)).toISOString(),
          }),
        );
      return html(res, 200, 'Reply to an email', mailBody(mails, opts.nav().inbox, notice));
    }
    if (url.pathname === '/mail/reply' && method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const note = await replyToMail(form.get('messageId') ?? '', (form.get('body') ?? '').slice(0, 2000), form.get('auto') === 'yes');
      return redirect(res, `/mail?notice=${encodeURIComponent(note)}`);
    }
    if (url.pathname === '/clock' && method === 'GET') {
      return html(res, 200, 'Clock', clockBody(new Date(opts.clock.now()).toISOString(), opts.clock.speed));
    }
    if ((url.pathname === '/clock' || url.pathname === '/clock.json') && method === 'POST') {
      const raw = await readBody(req);
      const form = url.pathname === '/clock.json' ? (JSON.parse(raw || '{}') as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
      const advance = Number(form.advance ?? 0);
      if (!(advance >= 0) || advance > 365 * 86_400_000) return json(res, 400, { error: 'advance must be 0..1 year in ms' });
      if (form.speed !== undefined) opts.clock.setSpeed(Number(form.speed));
      if (advance > 0) opts.clock.advance(advance);
      await opts.tick();
      if (url.pathname === '/clock') return redirect(res, '/clock');
    }
    if (url.pathname === '/clock.json') return json(res, 200, { now: new Date(opts.clock.now()).toISOString(), speed: opts.clock.speed });
    res.writeHead(404, { ...HEADERS, 'content-type': 'text/plain' });
    res.end('not found');
  }

  let names: string[] = [];
  const server = createServer((req, res) => {
    if (refusedForeign(req, res, names)) return;
    route(req, res).catch((err: unknown) => {
      // An oversized form is the sender's fault (413), not ours.
      const status = err instanceof BodyTooLarge ? 413 : 500;
      if (!res.headersSent) res.writeHead(status, { ...HEADERS, 'content-type': 'text/plain', ...(status === 413 ? { connection: 'close' } : {}) });
      res.end(`error: ${(err as Error)?.name ?? 'Error'}`);
    });
  });
  const host = opts.host ?? '127.0.0.1';
  const port = await listen(server, opts.port, host);
  names = loopbackNames(port, host);
  return { url: `http://${host}:${port}`, port, close: closer(server) };
}
