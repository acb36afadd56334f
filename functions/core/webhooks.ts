import { createHash, createHmac } from 'node:crypto';
import * as z from 'zod';
import { EscalationReason } from './escalations';
import { Channel } from './model';
import type { Events, OutboxWrite } from '../ports';

/**
 * Outbound webhooks, signed as the Standard Webhooks specification has it: headers webhook-id,
 * webhook-timestamp (Unix seconds) and webhook-signature `v1,<base64 HMAC-SHA256>` over
 * `<id>.<timestamp>.<body>`, the key being the base64 part of the endpoint's `whsec_` secret.
 * Payloads are `{ type, timestamp, data }` and carry the pseudonymous subscriber id only: no address,
 * phone number or score unless the endpoint turns `include.contact` / `include.score` on.
 * The webhook id is derived from the event (and endpoint), so a retried delivery, and an event that
 * is emitted twice for the same fact, carry the same id and a receiver can drop the repeat.
 */

const WEBHOOK_EVENTS = [
  'subscriber.confirmed',
  'score.recorded',
  'function_score.recorded',
  'safety.paused',
  'subscriber.opted_out',
  'program.completed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const WebhookEndpoint = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  url: z.url({ protocol: /^https?$/ }),
  /** whsec_ + base64 of at least 24 random bytes. */
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'expected whsec_<base64, 24+ bytes>'),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1)
    .default([...WEBHOOK_EVENTS]),
  include: z.object({ contact: z.boolean().default(false), score: z.boolean().default(false) }).default({ contact: false, score: false }),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;
/** The webhookEndpoints secret: `{ "endpoints": [...] }` (other keys are ignored). */
export const WebhookConfig = z.object({ endpoints: z.array(WebhookEndpoint).default([]) });

/** What the core reports; the fan-out decides per endpoint what leaves the system. */
export interface DomainEvent {
  type: WebhookEventType;
  subscriberId: string;
  channel: Channel;
  /** Only read when an endpoint includes contact details. */
  address?: string;
  at: string;
  programDay?: number;
  week?: number;
  score?: number;
  reasons?: readonly z.infer<typeof EscalationReason>[];
  /** Distinguishes two facts of the same type for one subscriber (e.g. a program day); default `at`. */
  key?: string;
}

/**
 * The outbox (docs/outcomes.md): the write that records a fact also adds its event to a string set
 * on the same item, so the event exists exactly when the fact does; a relay publishes it and then
 * deletes exactly that element. An entry is the event as canonical JSON, without the address (the
 * relay reads that from the profile when an endpoint wants it): the same fact gives the same
 * element, so adding it twice stores it once.
 */
const OutboxEvent = z.object({
  type: z.enum(WEBHOOK_EVENTS),
  subscriberId: z.string().min(1),
  channel: Channel,
  at: z.string().min(1),
  programDay: z.number().int().optional(),
  week: z.number().int().optional(),
  score: z.number().int().optional(),
  reasons: z.array(EscalationReason).optional(),
  key: z.string().optional(),
});

export function outboxEntry(event: DomainEvent): string {
  const { type, subscriberId, channel, at, programDay, week, score, reasons, key } = event;
  return JSON.stringify(OutboxEvent.parse({ type, subscriberId, channel, at, programDay, week, score, reasons: reasons ? [...reasons] : undefined, key }));
}

/** The event an entry holds; undefined for an entry this version cannot read (left in place). */
export function outboxEvent(entry: string): DomainEvent | undefined {
  try {
    const parsed = OutboxEvent.safeParse(JSON.parse(entry));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The outbox to write with a fact's state change; none when events are off (nothing would empty it). */
export function outboxFor(events: Events | undefined, list: readonly DomainEvent[]): OutboxWrite | undefined {
  return events && list.length > 0 ? { at: list[0]!.at, entries: list.map(outboxEntry) } : undefined;
}

/** One queued delivery: the body is final (already filtered for its endpoint); the secret is not in it. */
export const WebhookDelivery = z.object({
  endpointId: z.string().min(1),
  webhookId: z.string().min(1),
  body: z.string().min(2),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

function webhookId(event: DomainEvent, endpointId: string): string {
  const h = createHash('sha256')
    .update(`${endpointId}|${event.type}|${event.subscriberId}|${event.key ?? event.at}`)
    .digest('base64url');
  return `msg_${h.slice(0, 27)}`;
}

function webhookPayload(event: DomainEvent, endpoint: Pick<WebhookEndpoint, 'include'>): Record<string, unknown> {
  const data: Record<string, unknown> = { subscriber_id: event.subscriberId, channel: event.channel };
  if (event.programDay !== undefined) data.program_day = event.programDay;
  if (event.week !== undefined) data.week = event.week;
  if (event.reasons) data.reasons = [...event.reasons];
  if (endpoint.include.score && event.score !== undefined) data.score = event.score;
  if (endpoint.include.contact && event.address) data[event.channel === 'email' ? 'email' : 'phone'] = event.address;
  return { type: event.type, timestamp: event.at, data };
}

/** The deliveries an event makes: one per endpoint subscribed to its type. */
export function fanOut(event: DomainEvent, endpoints: readonly WebhookEndpoint[]): WebhookDelivery[] {
  return endpoints
    .filter((e) => e.events.includes(event.type))
    .map((e) => ({ endpointId: e.id, webhookId: webhookId(event, e.id), body: JSON.stringify(webhookPayload(event, e)) }));
}

/** webhook-signature value for one secret: `v1,` + base64(HMAC-SHA256(key, id.timestamp.body)). */
function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export function webhookHeaders(secret: string, id: string, nowMs: number, body: string): Record<string, string> {
  const ts = Math.floor(nowMs / 1000);
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, id, ts, body) };
}

/**
 * When to try again after the n-th failed attempt: 10 s, 20 s, 40 s ... capped at 15 minutes. The
 * queue's maxReceiveCount bounds the attempts; then the delivery lands in the webhook DLQ.
 */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(900, 10 * 2 ** Math.max(0, attempt - 1));
}

export type WebhookOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status?: number; error?: string; delaySeconds: number }
  | { kind: 'dropped'; reason: 'unknown-endpoint' | 'gone' };

export interface WebhookHttp {
  post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number }>;
}

/** What the webhook-sender handler needs (functions/handlers/webhook-sender.ts). */
export interface WebhookSenderDeps {
  endpoints: () => Promise<readonly WebhookEndpoint[]>;
  http: WebhookHttp;
  now: () => number;
  /** Pushes the message's next attempt back (SQS ChangeMessageVisibility). */
  retryLater: (receiptHandle: string, seconds: number) => Promise<void>;
  log?: { info(message: string, attrs?: Record<string, unknown>): void; error(message: string, attrs?: Record<string, unknown>): void };
}

/** Signs and posts one delivery. 2xx delivered; 410 Gone drops it (the receiver asked us to stop); anything else retries. */
export async function deliverWebhook(
  deps: { endpoints: readonly WebhookEndpoint[]; http: WebhookHttp; now: () => number },
  delivery: WebhookDelivery,
  attempt: number,
): Promise<WebhookOutcome> {
  const endpoint = deps.endpoints.find((e) => e.id === delivery.endpointId);
  if (!endpoint) return { kind: 'dropped', reason: 'unknown-endpoint' };
  const headers = webhookHeaders(endpoint.secret, delivery.webhookId, deps.now(), delivery.body);
  try {
    const { status } = await deps.http.post(endpoint.url, headers, delivery.body);
    if (status >= 200 && status < 300) return { kind: 'delivered', status };
    if (status === 410) return { kind: 'dropped', reason: 'gone' };
    return { kind: 'retry', status, delaySeconds: retryDelaySeconds(attempt) };
  } catch (err) {
    return { kind: 'retry', error: (err as Error)?.name ?? 'Error', delaySeconds: retryDelaySeconds(attempt) };
  }
}
