import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';
import { gsm7Segments } from '../functions/core/gsm7';
import { closer } from './stand-ins';

/**
 * A local stand-in for Twilio's Messages API (2010-04-01), speaking its wire format so the official
 * client runs unchanged against it (its base URL): create (form-encoded, Basic auth, 201 JSON),
 * list with To / From / DateSent / DateSent> / DateSent< filters and paging, fetch one, error JSON
 * {code, message, more_info, status}. Messages count as sent the moment they are created (date_sent is
 * set at once; real Twilio sets it when the carrier takes the message).
 *
 * Test hooks: fault injection (failNext, setFaultRate, failFor) and Twilio's magic test numbers
 * (+15005550001 invalid, +15005550004 opted out, +15005550009 not mobile). The phone page reads
 * threads() and subscribes with onMessage(); recordInbound() adds a text from a phone. With
 * `statusCallback` set, status changes are reported like Twilio does: form fields signed with the
 * auth token for the message's StatusCallback URL (hand them to the twilio-status handler).
 */

export interface StoredSms {
  sid: string;
  accountSid: string;
  direction: 'outbound-api' | 'inbound';
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: string;
  numSegments: number;
  statusCallback?: string;
  /** MediaUrl parameters (MMS): the pictures Twilio would fetch and attach. */
  mediaUrl?: string[];
  /** Epoch ms. */
  dateCreated: number;
  dateSent: number;
  errorCode: number | null;
}

export interface TwilioFault {
  status: number;
  code: number;
  message?: string;
}

export interface Thread {
  /** The phone on the far side: `to` of outbound texts, `from` of inbound ones. */
  number: string;
  messages: StoredSms[];
}

export interface TwilioServer {
  url: string;
  port: number;
  accountSid: string;
  close(): Promise<void>;
  /** The next `n` creates fail with `fault` (default 429 / 20429). */
  failNext(n: number, fault?: TwilioFault): void;
  /** Each create fails with probability `rate`, with one of `faults` (default 429 and 500). */
  setFaultRate(rate: number, opts?: { faults?: TwilioFault[]; random?: () => number }): void;
  /** Every create to `to` fails with `fault` until cleared with undefined. */
  failFor(to: string, fault: TwilioFault | undefined): void;
  messages(): readonly StoredSms[];
  threads(): Thread[];
  thread(number: string): StoredSms[];
  /** Called for every stored message, outbound or inbound; returns an unsubscribe function. */
  onMessage(listener: (m: StoredSms) => void): () => void;
  recordInbound(m: { from: string; to: string; body: string }): StoredSms;
  /** Changes a message's status (delivered, undelivered, failed) as a carrier report would. */
  setStatus(sid: string, status: string, errorCode?: number): Promise<StoredSms | undefined>;
  /** Counters of what the server answered, for tests and the simulation report. */
  stats(): { created: number; faults: number };
}

export interface TwilioServerOptions {
  port: number;
  host?: string;
  accountSid: string;
  authToken: string;
  /** Epoch ms; a simulation passes its fake clock so DateSent filters follow it. */
  now?: () => number;
  /** Receives each status callback (sent, delivered, ...) of messages that asked for one. */
  statusCallback?: (cb: StatusCallbackRequest) => Promise<unknown> | unknown;
  /** Report every created message 'sent' then 'delivered' at once (through statusCallback). */
  autoDeliver?: boolean;
}

export interface StatusCallbackRequest {
  url: string;
  /** The form fields Twilio posts: MessageSid, MessageStatus, ErrorCode, To, From, AccountSid, ... */
  params: Record<string, string>;
  /** The X-Twilio-Signature header value. */
  signature: string;
}

/** The status callback Twilio would post for a message, signed with the account's auth token. */
export function statusCallbackFor(m: StoredSms, authToken: string): StatusCallbackRequest | undefined {
  if (!m.statusCallback) return undefined;
  const params: Record<string, string> = {
    AccountSid: m.accountSid,
    ApiVersion: '2010-04-01',
    MessageSid: m.sid,
    SmsSid: m.sid,
    MessageStatus: m.status,
    SmsStatus: m.status,
    To: m.to,
    From: m.from ?? '',
    ...(m.messagingServiceSid ? { MessagingServiceSid: m.messagingServiceSid } : {}),
    ...(m.errorCode !== null ? { ErrorCode: String(m.errorCode) } : {}),
  };
  return { url: m.statusCallback, params, signature: twilio.getExpectedTwilioSignature(authToken, m.statusCallback, params) };
}

const MAGIC: Record<string, TwilioFault> = {
  '+15005550001': { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." },
  '+15005550004': { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  '+15005550009': { status: 400, code: 21614, message: "'To' number is not a valid mobile number" },
};

const rfc2822 = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toUTCString().replace('GMT', '+0000');
const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, fault: TwilioFault): void {
  send(res, fault.status, {
    code: fault.code,
    message: fault.message ?? 'Error',
    more_info: `https://www.twilio.com/docs/errors/${fault.code}`,
    status: fault.status,
  });
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Parses a DateSent filter value: YYYY-MM-DD (midnight UTC) or an ISO-8601 instant. */
function parseDate(value: string | null): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

export async function startTwilioServer(opts: TwilioServerOptions): Promise<TwilioServer> {
  const now = opts.now ?? Date.now;
  const host = opts.host ?? '127.0.0.1';
  const store: StoredSms[] = [];
  const listeners = new Set<(m: StoredSms) => void>();
  const perNumber = new Map<string, TwilioFault>();
  let pending: { left: number; fault: TwilioFault } | undefined;
  let rate = 0;
  let rateFaults: TwilioFault[] = [];
  let random = Math.random;
  const counts = { created: 0, faults: 0 };
  const base = `/2010-04-01/Accounts/${opts.accountSid}`;

  const emit = (m: StoredSms) => {
    for (const l of listeners) l(m);
  };
  const callBack = async (m: StoredSms) => {
    const cb = opts.statusCallback ? statusCallbackFor(m, opts.authToken) : undefined;
    if (cb) await opts.statusCallback!(cb);
  };

  const json = (m: StoredSms) => ({
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: rfc2822(m.dateSent),
    date_updated: rfc2822(m.dateSent),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: null,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: String(m.mediaUrl?.length ?? 0),
    num_segments: String(m.numSegments),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${base}/Messages/${m.sid}/Media.json` },
    to: m.to,
    uri: `${base}/Messages/${m.sid}.json`,
  });

  const authorised = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const expected = Buffer.from(`${opts.accountSid}:${opts.authToken}`);
    const given = Buffer.from(Buffer.from(header.slice(6), 'base64').toString('utf8'));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const injectedFault = (to: string): TwilioFault | undefined => {
    if (pending && pending.left > 0) {
      pending.left--;
      return pending.fault;
    }
    if (rate > 0 && random() < rate) return rateFaults[Math.floor(random() * rateFaults.length)];
    return perNumber.get(to) ?? MAGIC[to];
  };

  const create = async (req: IncomingMessage, res: ServerResponse) => {
    const form = await readForm(req);
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    if (!to) return sendError(res, { status: 400, code: 21604, message: "A 'To' phone number is required." });
    if (!from && !service) return sendError(res, { status: 400, code: 21603, message: "A 'From' phone number is required." });
    const media = form.getAll('MediaUrl');
    if (!body && media.length === 0) return sendError(res, { status: 400, code: 21602, message: 'Message body is required.' });
    // As Twilio: at most 10 media, each an absolute http(s) URL it can fetch.
    if (media.length > 10) return sendError(res, { status: 400, code: 21623, message: 'Number of media files exceeds allowed limit.' });
    if (media.some((u) => !/^https?:\/\/[^\s]+$/i.test(u))) return sendError(res, { status: 400, code: 21620, message: 'Invalid media URL(s).' });
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return sendError(res, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const fault = injectedFault(to);
    if (fault) {
      counts.faults++;
      return sendError(res, fault);
    }
    const t = now();
    const m: StoredSms = {
      sid: sid('SM'),
      accountSid: opts.accountSid,
      direction: 'outbound-api',
      to,
      from: from ?? null,
      messagingServiceSid: service ?? null,
      body,
      status: 'queued',
      numSegments: gsm7Segments(body),
      statusCallback: form.get('StatusCallback') ?? undefined,
      ...(media.length > 0 ? { mediaUrl: media } : {}),
      dateCreated: t,
      dateSent: t,
      errorCode: null,
    };
    store.push(m);
    counts.created++;
    send(res, 201, json(m));
    m.status = 'sent';
    emit(m);
    await callBack(m);
    if (opts.autoDeliver) {
      m.status = 'delivered';
      emit(m);
      await callBack(m);
    }
  };

  const list = (url: URL, res: ServerResponse) => {
    const q = url.searchParams;
    const on = parseDate(q.get('DateSent'));
    const after = parseDate(q.get('DateSent>'));
    const before = parseDate(q.get('DateSent<'));
    const day = 86_400_000;
    const rows = store
      .filter((m) => (!q.get('To') || m.to === q.get('To')) && (!q.get('From') || m.from === q.get('From')))
      .filter((m) => {
        const sent = Math.floor(m.dateSent / 1000) * 1000;
        if (on !== undefined && (sent < on || sent >= on + day)) return false;
        if (after !== undefined && sent < after) return false;
        if (before !== undefined && sent > before) return false;
        return true;
      })
      .sort((a, b) => b.dateSent - a.dateSent || (a.sid < b.sid ? -1 : 1));
    const pageSize = Math.min(1000, Math.max(1, Number(q.get('PageSize') ?? 50) || 50));
    const page = Math.max(0, Number(q.get('Page') ?? 0) || 0);
    const slice = rows.slice(page * pageSize, (page + 1) * pageSize);
    const uriFor = (p: number) => {
      const next = new URLSearchParams(q);
      next.set('PageSize', String(pageSize));
      next.set('Page', String(p));
      return `${base}/Messages.json?${next.toString()}`;
    };
    send(res, 200, {
      messages: slice.map(json),
      end: page * pageSize + Math.max(0, slice.length - 1),
      first_page_uri: uriFor(0),
      next_page_uri: (page + 1) * pageSize < rows.length ? uriFor(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? uriFor(page - 1) : null,
      start: page * pageSize,
      uri: uriFor(page),
    });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!url.pathname.startsWith('/2010-04-01/Accounts/')) return sendError(res, { status: 404, code: 20404, message: 'Not found' });
    if (!url.pathname.startsWith(`${base}/`) || !authorised(req)) {
      return sendError(res, { status: 401, code: 20003, message: 'Authenticate' });
    }
    const path = url.pathname.slice(base.length);
    if (path === '/Messages.json' && req.method === 'POST') {
      create(req, res).catch(() => {
        if (!res.headersSent) sendError(res, { status: 500, code: 20500, message: 'Internal Server Error' });
      });
      return;
    }
    if (path === '/Messages.json' && req.method === 'GET') return list(url, res);
    const one = /^\/Messages\/(SM[0-9a-f]{32})\.json$/.exec(path);
    if (one && req.method === 'GET') {
      const m = store.find((s) => s.sid === one[1]);
      return m ? send(res, 200, json(m)) : sendError(res, { status: 404, code: 20404, message: 'Not found' });
    }
    sendError(res, { status: 404, code: 20404, message: 'Not found' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const threadsOf = (): Thread[] => {
    const byNumber = new Map<string, StoredSms[]>();
    for (const m of store) {
      const number = m.direction === 'inbound' ? (m.from ?? '') : m.to;
      byNumber.set(number, [...(byNumber.get(number) ?? []), m]);
    }
    return [...byNumber].map(([number, messages]) => ({ number, messages }));
  };

  return {
    url: `http://${host}:${port}`,
    port,
    accountSid: opts.accountSid,
    close: closer(server),
    failNext: (n, fault = { status: 429, code: 20429, message: 'Too Many Requests' }) => {
      pending = { left: n, fault };
    },
    setFaultRate: (r, o = {}) => {
      rate = r;
      rateFaults = o.faults ?? [
        { status: 429, code: 20429, message: 'Too Many Requests' },
        { status: 500, code: 20500, message: 'Internal Server Error' },
      ];
      random = o.random ?? Math.random;
    },
    failFor: (to, fault) => {
      if (fault) perNumber.set(to, fault);
      else perNumber.delete(to);
    },
    messages: () => store,
    threads: threadsOf,
    thread: (number) => store.filter((m) => m.to === number || m.from === number),
    onMessage: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recordInbound: ({ from, to, body }) => {
      const t = now();
      const m: StoredSms = {
        sid: sid('SM'),
        accountSid: opts.accountSid,
        direction: 'inbound',
        to,
        from,
        messagingServiceSid: null,
        body,
        status: 'received',
        numSegments: gsm7Segments(body),
        dateCreated: t,
        dateSent: t,
        errorCode: null,
      };
      store.push(m);
      emit(m);
      return m;
    },
    setStatus: async (messageSid, status, errorCode) => {
      const m = store.find((s) => s.sid === messageSid);
      if (!m) return undefined;
      m.status = status;
      m.errorCode = errorCode ?? null;
      emit(m);
      await callBack(m);
      return m;
    },
    stats: () => ({ ...counts }),
  };
}
