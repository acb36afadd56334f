import type { Log } from '../ports';
import * as z from 'zod';
import { readMail } from '../adapters/inbound-mail';
import type { InboundMailStore } from '../ports';
import { unsubscribe } from '../core/enrolment';
import { handleEmailReply } from '../core/inbound';
import { normaliseEmail, redactedRef } from '../core/identifiers';
import { replyRecipient, replySender } from '../core/links';
import { INBOUND_MAIL_LIMITS, overCap, senderAuthenticated, stopOnlyReply, virusFound, type MailLimits } from '../core/mail-trust';
import type { EnrolmentContext } from '../core/notify';
import { lambdaEntry, type Build } from '../app/entry';
import { INBOUND_MAIL_PREFIX } from '../routes';

/**
 * Email replies: SES receipt rule -> S3 action (stores the raw mail) -> this Lambda (the event holds
 * headers and verdicts, no body). The recipient is checked first, then the object's size and part
 * count, and only then is the mail parsed (core/mail-trust.ts). A reply maps to its subscriber by
 * the reply+TOKEN@ address; it may change state only when From is that subscriber AND the From
 * domain vouches for it (DMARC pass or aligned DKIM); otherwise only a STOP acts. Auto-replies
 * (by header, subject or text: `readMail`, the reader `limber reply` uses too) are dropped, which
 * would otherwise turn "back on the 7th" into a 7. Our List-Unsubscribe mailto unsubscribes
 * whatever the body, like any STOP. The stored mail is deleted once handled (nothing kept to erase).
 */

export interface SesInboundOptions {
  ctx: EnrolmentContext;
  mail: InboundMailStore;
  replyDomain: string;
  /** The receipt rule's S3 objectKeyPrefix; the object key is prefix + SES messageId. */
  objectPrefix?: string;
  /** Size and part caps checked before parsing (core/mail-trust.ts). */
  limits?: MailLimits;
  log?: Log;
}

const Verdict = z.looseObject({ status: z.string() }).optional();

export const SesEvent = z.looseObject({
  Records: z.array(
    z.looseObject({
      ses: z.looseObject({
        mail: z.looseObject({ messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/) }),
        receipt: z.looseObject({
          recipients: z.array(z.string()).default([]),
          spamVerdict: Verdict,
          virusVerdict: Verdict,
          spfVerdict: Verdict,
          dkimVerdict: Verdict,
          dmarcVerdict: Verdict,
        }),
      }),
    }),
  ),
});
type SesRecord = z.infer<typeof SesEvent>['Records'][number];

/** "unsubscribe", as our mailto sets it; a client may add "Re:" or change case. */
export function isUnsubscribeSubject(subject: string): boolean {
  return /^\s*(?:re:\s*)?unsubscribe\s*$/i.test(subject);
}

export type InboundMailOutcome =
  | 'handled'
  | 'handled-stop-only'
  | 'dropped-verdict'
  | 'dropped-auto-reply'
  | 'dropped-unmatched'
  | 'dropped-unverified'
  | 'dropped-unreadable'
  | 'missing';

/** A reply address whose local part a mail system folded to lower case: only From can then name the subscriber. */
const foldedReplyAddress = (r: string, domain: string) =>
  typeof r === 'string' &&
  r.length <= 320 &&
  r.trim() === r.trim().toLowerCase() &&
  r.trim().toLowerCase().startsWith('reply+s_') &&
  r.trim().endsWith(`@${domain.toLowerCase()}`);

export function createSesInboundHandler(opts: SesInboundOptions) {
  const { ctx } = opts;
  const prefix = opts.objectPrefix ?? '';
  const limits = opts.limits ?? INBOUND_MAIL_LIMITS;

  async function drop(key: string, outcome: InboundMailOutcome, reason: string): Promise<InboundMailOutcome> {
    opts.log?.info('inbound mail dropped', { reason });
    await opts.mail.delete(key);
    return outcome;
  }

  async function handleRecord(record: SesRecord): Promise<InboundMailOutcome> {
    const { mail, receipt } = record.ses;
    const key = `${prefix}${mail.messageId}`;
    if (virusFound(receipt)) return drop(key, 'dropped-verdict', 'virusVerdict');
    // The recipient first: mail to an address we never issued is not even read.
    const direct = replyRecipient(ctx.linkKeys, opts.replyDomain, receipt.recipients);
    if (!direct && !receipt.recipients.some((r) => foldedReplyAddress(r, opts.replyDomain))) {
      return drop(key, 'dropped-unmatched', 'no matching subscriber');
    }
    const raw = await opts.mail.get(key, limits.maxBytes);
    if (!raw) {
      opts.log?.warn('inbound mail object missing');
      return 'missing';
    }
    const cap = raw === 'too-large' ? 'too-large' : overCap(raw, limits);
    // Unreadable: dropped and logged by reason only, so the async invocation never retries it.
    if (raw === 'too-large' || cap) return drop(key, 'dropped-unreadable', cap ?? 'too-large');
    const read = await readMail(raw).catch(() => undefined);
    if (!read) return drop(key, 'dropped-unreadable', 'unparseable');
    const { mail: parsed, reply } = read;
    // Our List-Unsubscribe mailto (<mailto:reply+TOKEN@…?subject=unsubscribe>): mail apps' unsubscribe
    // banners send exactly that, often empty and marked Auto-Submitted. It unsubscribes whatever the body.
    const mailtoUnsubscribe = isUnsubscribeSubject(parsed.subject);
    if (reply.intent === 'auto-reply' && !mailtoUnsubscribe) return drop(key, 'dropped-auto-reply', 'auto-reply');
    const from = parsed.from ?? '';
    const fromId = from ? replySender(ctx.linkKeys, ctx.pepper, opts.replyDomain, [...receipt.recipients, ...parsed.recipients], from) : undefined;
    const id = direct ?? fromId;
    const sub = id ? await ctx.store.getSubscriber(id) : undefined;
    if (sub?.channel !== 'email') return drop(key, 'dropped-unmatched', 'no matching subscriber');
    if (mailtoUnsubscribe) {
      const r = await unsubscribe(ctx, sub.id, 'mailto');
      opts.log?.info('inbound mail handled', { ref: redactedRef(sub.id), outcome: r === 'done' ? 'unsubscribed' : 'already-unsubscribed' });
      await opts.mail.delete(key);
      return 'handled';
    }
    const authentic = fromId === sub.id && sub.address === normaliseEmail(from) && senderAuthenticated(receipt, raw, from, limits);
    if (!authentic) {
      const r = await stopOnlyReply(ctx, sub.id, parsed.text);
      if (r === 'ignored') return drop(key, 'dropped-unverified', 'sender not authenticated');
      await opts.mail.delete(key);
      return 'handled-stop-only';
    }
    const result = await handleEmailReply(ctx, sub, reply, parsed.text);
    opts.log?.info('inbound mail handled', { ref: redactedRef(sub.id), outcome: result.outcome });
    await opts.mail.delete(key);
    return 'handled';
  }

  /** Errors other than bad input propagate: the async invocation retries, then lands in the DLQ. */
  return async (event: unknown): Promise<{ disposition: 'CONTINUE'; outcomes: InboundMailOutcome[] }> => {
    const parsed = SesEvent.safeParse(event);
    if (!parsed.success) {
      opts.log?.warn('not an SES receipt event');
      return { disposition: 'CONTINUE', outcomes: [] };
    }
    const outcomes: InboundMailOutcome[] = [];
    for (const record of parsed.data.Records) outcomes.push(await handleRecord(record));
    return { disposition: 'CONTINUE', outcomes };
  };
}

export const buildSesInboundHandler: Build<unknown, Awaited<ReturnType<ReturnType<typeof createSesInboundHandler>>>> = async (w) =>
  createSesInboundHandler({
    ctx: await w.enrolmentContext({ sms: false }),
    mail: w.inboundMail,
    replyDomain: w.config.replyDomain,
    objectPrefix: INBOUND_MAIL_PREFIX,
    log: w.log,
  });

/** The Lambda entry point (invoked by the SES receipt rule after its S3 action). */
export const handler = lambdaEntry(buildSesInboundHandler);
