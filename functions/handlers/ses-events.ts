import * as z from 'zod';
import { lambdaEntry, type Build } from '../app/entry';
import { redactedRef } from '../core/identifiers';
import { applyEmailEvent, type EmailEvent, type EventOutcome, type ProviderEventContext } from '../core/provider-events';
import { parseSendKey, SEND_KEY_TAG } from '../core/send-key';

/**
 * SES configuration-set events from EventBridge (Send, Delivery, Bounce, Complaint, Reject): the
 * SendRecord of the send key in the mail's tags is created or updated; hard bounces and complaints suppress
 * (functions/core/provider-events.ts). Locally local/ses-event-bridge.ts produces the same events.
 */

const TYPES = { Send: 'send', Delivery: 'delivery', Bounce: 'bounce', Complaint: 'complaint', Reject: 'reject' } as const;

/** An instant as SES writes it; anything Date cannot read is refused here, not thrown on later. */
const Timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp');

export const SesEventBridgeEvent = z.looseObject({
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  time: Timestamp,
  detail: z.looseObject({
    eventType: z.string(),
    mail: z.looseObject({
      messageId: z.string().min(1),
      timestamp: Timestamp,
      tags: z.record(z.string(), z.array(z.string())).optional(),
    }),
    bounce: z.looseObject({ bounceType: z.string(), timestamp: Timestamp.optional() }).optional(),
    complaint: z.looseObject({ timestamp: Timestamp.optional() }).optional(),
    delivery: z.looseObject({ timestamp: Timestamp.optional() }).optional(),
  }),
});
export type SesEventBridgeEvent = z.infer<typeof SesEventBridgeEvent>;

export type SesEventResult = EventOutcome | 'ignored';

/** The domain event inside an SES EventBridge event, or undefined for types and mails that are not ours. */
export function toEmailEvent(event: SesEventBridgeEvent): EmailEvent | undefined {
  const d = event.detail;
  const type = Object.hasOwn(TYPES, d.eventType) ? TYPES[d.eventType as keyof typeof TYPES] : undefined;
  const tag = d.mail.tags?.[SEND_KEY_TAG]?.[0];
  const key = tag ? parseSendKey(tag) : undefined;
  if (!type || !key) return undefined;
  const at = d.bounce?.timestamp ?? d.complaint?.timestamp ?? d.delivery?.timestamp ?? event.time;
  const iso = (t: string) => new Date(t).toISOString();
  return { type, key, messageId: d.mail.messageId, sentAt: iso(d.mail.timestamp), at: iso(at), ...(d.bounce ? { bounceType: d.bounce.bounceType } : {}) };
}

export function createSesEventsHandler(context: () => Promise<ProviderEventContext>) {
  return async (event: unknown): Promise<SesEventResult> => {
    const ctx = await context();
    const parsed = SesEventBridgeEvent.safeParse(event);
    // A malformed event will not get better on retry: log it and move on.
    if (!parsed.success) {
      ctx.log?.error('malformed SES event', { issues: parsed.error.issues.length });
      return 'ignored';
    }
    const ev = toEmailEvent(parsed.data);
    if (!ev) return 'ignored';
    const outcome = await applyEmailEvent(ctx, ev);
    ctx.log?.info('ses event', { type: ev.type, ref: redactedRef(ev.key.subscriberId), day: ev.key.programDay, outcome });
    return outcome;
  };
}

export const buildSesEventsHandler: Build<unknown, SesEventResult> = async (w) => createSesEventsHandler(() => w.providerEventContext());

export const handler = lambdaEntry(buildSesEventsHandler);
