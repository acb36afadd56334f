import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../local/manual-clock';
import { MemoryStore } from '../../local/memory-store';
import type { DeliveryContext } from '../../functions/core/deliver';
import { applyEmailEvent, applySmsStatus } from '../../functions/core/provider-events';
import { parseSendKey, SEND_KEY_TAG, sendKeyFromQuery } from '../../functions/core/send-key';
import type { LinkKeys } from '../../functions/core/links';
import type { RenderRequest } from '../../functions/core/messages';
import type { Renderer } from '../../functions/ports';
import { Subscriber } from '../../functions/core/model';
import type { Mailer, OutboundEmail, OutboundSms, SentSms, Sms, Store } from '../../functions/ports';

/** Fakes and builders shared by the delivery tests (core tests use these; adapter tests use the stand-ins). */

export const LINK_KEYS: LinkKeys = [{ id: 't1', secret: 'test-link-secret-0123456789abcdefghij' }];

/** Renders a short deterministic text from the request (the links are part of it). */
export const textRenderer: Renderer = {
  async render(req: RenderRequest) {
    const text = `${req.kind} day ${req.programDay} (${req.level}) stop: ${req.links.unsubscribe}`;
    return req.channel === 'email' ? { subject: `Day ${req.programDay}`, html: `<p>${text}</p>`, text } : { text };
  },
};

/** A Mailer that records what it sent; `fail` queues errors for the next calls. */
export class FakeMailer implements Mailer {
  readonly sent: (OutboundEmail & { messageId: string })[] = [];
  readonly fail: unknown[] = [];
  /** The provider's report of an accepted message (SES's Send event); testDelivery wires the real handling. */
  report?: (email: OutboundEmail, messageId: string) => Promise<void>;
  /** Called after the provider accepted a message (e.g. to simulate the sender dying there). */
  afterAccept?: () => void;

  async send(email: OutboundEmail): Promise<{ messageId: string }> {
    const err = this.fail.shift();
    if (err) throw err;
    const messageId = `ses-${this.sent.length + 1}`;
    this.sent.push({ ...email, messageId });
    await this.report?.(email, messageId);
    this.afterAccept?.();
    return { messageId };
  }

  async maxSendRate(): Promise<number> {
    return 100;
  }
}

export class FakeSms implements Sms {
  readonly sent: (OutboundSms & { messageId: string; at: string })[] = [];
  readonly fail: unknown[] = [];
  /** The provider's report of an accepted message (Twilio's status callback); testDelivery wires the real handling. */
  report?: (sms: OutboundSms, messageId: string) => Promise<void>;
  afterAccept?: () => void;

  constructor(private readonly clock: { now(): number }) {}

  async send(sms: OutboundSms): Promise<{ messageId: string; segments: number }> {
    const err = this.fail.shift();
    if (err) throw err;
    const messageId = `SM${String(this.sent.length + 1).padStart(32, '0')}`;
    this.sent.push({ ...sms, messageId, at: new Date(this.clock.now()).toISOString() });
    await this.report?.(sms, messageId);
    this.afterAccept?.();
    return { messageId, segments: 1 };
  }

  async listSentSince(to: string, sinceIso: string): Promise<SentSms[]> {
    return this.sent.filter((m) => m.to === to && m.at >= sinceIso).map((m) => ({ messageId: m.messageId, to: m.to, body: m.body, at: m.at, status: 'sent' }));
  }
}

export function uniqueId(prefix = 's_t'): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

export function subscriber(over: Partial<Subscriber> = {}): Subscriber {
  return Subscriber.parse({
    id: uniqueId(),
    channel: 'email',
    address: `${randomBytes(4).toString('hex')}@example.test`,
    timezone: 'Europe/Berlin',
    sendAt: '07:00',
    level: 'gentle',
    status: 'active',
    programDay: 1,
    nextSendAt: '2026-03-02T06:00:00.000Z',
    createdAt: '2026-03-01T00:00:00.000Z',
    version: 0,
    ...over,
  });
}

export interface TestDelivery {
  ctx: DeliveryContext;
  store: Store;
  clock: ManualClock;
  mailer: FakeMailer;
  sms: FakeSms;
  sleeps: number[];
}

/**
 * Fakes of the providers' transports, with their reports of each accepted message handled by the real
 * core (as SES's Send event and Twilio's 'sent' status callback would be, only at once): that is what
 * creates the SendRecords. `reports: false` leaves them out (a provider whose events are lost).
 */
export function testDelivery(over: { store?: Store; now?: string; reports?: boolean } = {}): TestDelivery {
  const clock = new ManualClock(Date.parse(over.now ?? '2026-03-02T06:00:00.000Z'));
  const store = over.store ?? new MemoryStore();
  const mailer = new FakeMailer();
  const sms = new FakeSms(clock);
  if (over.reports !== false) {
    const now = () => new Date(clock.now()).toISOString();
    mailer.report = async (email, messageId) => {
      const key = parseSendKey(email.tags?.[SEND_KEY_TAG] ?? '');
      if (key) await applyEmailEvent({ store }, { type: 'send', key, messageId, sentAt: now(), at: now() });
    };
    sms.report = async (text, messageId) => {
      const key = text.statusCallback ? sendKeyFromQuery(Object.fromEntries(new URL(text.statusCallback).searchParams)) : undefined;
      if (key) await applySmsStatus({ store }, { key, messageSid: messageId, status: 'sent', at: now() });
    };
  }
  const sleeps: number[] = [];
  const ctx: DeliveryContext = {
    store,
    mailer,
    sms,
    renderer: textRenderer,
    clock,
    linkKeys: LINK_KEYS,
    publicBaseUrl: 'https://limber.test',
    replyDomain: 'reply.limber.test',
    leaseMs: 3 * 60_000,
    retry: { maxAttempts: 4, baseMs: 100, capMs: 1_000, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
  };
  return { ctx, store, clock, mailer, sms, sleeps };
}
