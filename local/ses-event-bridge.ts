import { randomUUID } from 'node:crypto';
import { SEND_KEY_HEADER, SEND_KEY_TAG } from '../functions/core/send-key';
import type { Clock } from '../functions/ports';

/**
 * aws-ses-v2-local emits no SES events, so the local stack makes them: poll its GET /store?since=,
 * turn every new mail into the EventBridge events SES would publish for a configuration set, and
 * hand each to the real ses-events handler. Every mail gets "Email Sent"; mail to the SES mailbox
 * simulator's bounce@ / complaint@ addresses also gets "Email Bounced" (Permanent) or
 * "Email Delivered" + "Email Complaint Received"; anything else "Email Delivered".
 *
 * The stand-in keeps headers but not EmailTags, so the send key comes from the X-Limber-Send header
 * (SesMailer's sendKeyHeader option) and is put back where SES puts tags: detail.mail.tags.
 *
 * An event the handler fails on is retried as Lambda retries an asynchronous invocation (after one
 * minute, then two more: `RETRY_AFTER_MS`) at the first poll after that, then kept in `failedEvents`
 * (our FailedEvents queue on AWS).
 */

const RETRY_AFTER_MS = [60_000, 120_000] as const;

export interface StoreMail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc?: string[]; bcc?: string[] };
  subject: string;
  headers?: { name: string; value: string }[];
  /** Epoch seconds (real time). */
  at: number;
}

export interface SesEventBridgeOptions {
  sesUrl: string;
  /** Receives each event, e.g. the ses-events handler. */
  deliver: (event: Record<string, unknown>) => Promise<unknown>;
  /** Event timestamps (a simulation passes its fake clock). */
  clock?: Clock;
  configurationSet?: string;
  /** Only mail stored at or after this epoch second; default: when the bridge was created. */
  sinceSeconds?: number;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

export interface SesEventBridge {
  /** Retries the events that are due, fetches new mail once and delivers its events; resolves with how many mails were new. */
  pollOnce(): Promise<number>;
  /** Failed events waiting for a retry. */
  readonly retrying: number;
  /** When the next retry is due, if any (a simulation wakes up for it). */
  nextRetryAt(): number | undefined;
  /** Events that failed every attempt. */
  readonly failedEvents: Record<string, unknown>[];
  start(): void;
  stop(): Promise<void>;
}

const SIMULATOR = /^(success|bounce|complaint|ooto|suppressionlist)(\+[^@]*)?@simulator\.amazonses\.com$/i;

function simulatorOutcome(address: string): string | undefined {
  return SIMULATOR.exec(address.trim())?.[1]?.toLowerCase();
}

/** The SES events for one stored mail, in the order SES would publish them. */
export function sesEventsFor(mail: StoreMail, opts: { atIso: string; configurationSet?: string; region?: string }): Record<string, unknown>[] {
  const key = mail.headers?.find((h) => h.name.toLowerCase() === SEND_KEY_HEADER.toLowerCase())?.value;
  const to = mail.destination.to;
  const tags: Record<string, string[]> = {
    'ses:configuration-set': [opts.configurationSet ?? 'limber-local'],
    'ses:from-domain': [mail.from.split('@')[1]?.replace(/>.*$/, '') ?? 'local'],
    ...(key ? { [SEND_KEY_TAG]: [key] } : {}),
  };
  const detailMail = {
    timestamp: opts.atIso,
    source: mail.from,
    sendingAccountId: '000000000000',
    messageId: mail.messageId,
    destination: to,
    headersTruncated: false,
    headers: mail.headers ?? [],
    commonHeaders: { from: [mail.from], to, messageId: mail.messageId, subject: mail.subject },
    tags,
  };
  const envelope = (detailType: string, detail: Record<string, unknown>) => ({
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ses',
    account: '000000000000',
    time: opts.atIso,
    region: opts.region ?? 'us-east-1',
    resources: [],
    detail: { ...detail, mail: detailMail },
  });
  const delivered = envelope('Email Delivered', {
    eventType: 'Delivery',
    delivery: { timestamp: opts.atIso, processingTimeMillis: 1, recipients: to, smtpResponse: '250 2.6.0 Message received', reportingMTA: 'local' },
  });
  const events = [envelope('Email Sent', { eventType: 'Send', send: {} })];
  const outcomes = new Set(to.map(simulatorOutcome));
  if (outcomes.has('bounce')) {
    events.push(
      envelope('Email Bounced', {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: to
            .filter((a) => simulatorOutcome(a) === 'bounce')
            .map((emailAddress) => ({ emailAddress, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' })),
          timestamp: opts.atIso,
          feedbackId: randomUUID(),
          reportingMTA: 'dsn; local',
        },
      }),
    );
  } else {
    events.push(delivered);
  }
  if (outcomes.has('complaint')) {
    events.push(
      envelope('Email Complaint Received', {
        eventType: 'Complaint',
        complaint: {
          complainedRecipients: to.filter((a) => simulatorOutcome(a) === 'complaint').map((emailAddress) => ({ emailAddress })),
          timestamp: opts.atIso,
          feedbackId: randomUUID(),
          complaintFeedbackType: 'abuse',
        },
      }),
    );
  }
  return events;
}

export function createSesEventBridge(opts: SesEventBridgeOptions): SesEventBridge {
  let since = opts.sinceSeconds ?? Math.floor(Date.now() / 1000);
  const seen = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  const now = () => opts.clock?.now() ?? Date.now();
  let retries: { event: Record<string, unknown>; attempt: number; at: number }[] = [];
  const failedEvents: Record<string, unknown>[] = [];
  const attempt = async (event: Record<string, unknown>, n: number) => {
    try {
      await opts.deliver(event);
    } catch (err) {
      const wait = RETRY_AFTER_MS[n];
      if (wait === undefined) failedEvents.push(event);
      else retries.push({ event, attempt: n + 1, at: now() + wait });
      opts.onError?.(err);
    }
  };

  const poll = async (): Promise<number> => {
    const due = retries.filter((r) => r.at <= now());
    retries = retries.filter((r) => r.at > now());
    for (const r of due) await attempt(r.event, r.attempt);
    const res = await fetch(`${opts.sesUrl.replace(/\/+$/, '')}/store?since=${since}`);
    if (!res.ok) throw new Error(`aws-ses-v2-local /store answered ${res.status}`);
    const { emails } = (await res.json()) as { emails: StoreMail[] };
    let fresh = 0;
    for (const mail of emails) {
      if (seen.has(mail.messageId)) continue;
      seen.set(mail.messageId, mail.at);
      fresh++;
      const atIso = new Date(now()).toISOString();
      for (const event of sesEventsFor(mail, { atIso, configurationSet: opts.configurationSet })) await attempt(event, 0);
    }
    // `since` is inclusive and whole seconds: keep the ids of the last second to skip them next time.
    const newest = Math.max(since, ...emails.map((m) => m.at));
    for (const [id, at] of seen) if (at < newest) seen.delete(id);
    since = newest;
    return fresh;
  };

  // One poll at a time, so a slow handler never sees a mail twice.
  const pollOnce = () => {
    const next = (running ?? Promise.resolve(0)).catch(() => 0).then(poll);
    running = next;
    return next;
  };

  return {
    pollOnce,
    get retrying() {
      return retries.length;
    },
    nextRetryAt: () => (retries.length ? Math.min(...retries.map((r) => r.at)) : undefined),
    failedEvents,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        pollOnce().catch((err) => opts.onError?.(err));
      }, opts.intervalMs ?? 1_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
