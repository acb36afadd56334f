import { z } from 'zod';
import { readMail, type InboundMailStore } from '../adapters/inbound-mail';
import { unsubscribe } from '../core/enrolment';
import { handleEmailReply } from '../core/inbound';
import { normaliseEmail, redactedRef } from '../core/keys';
import { replySender } from '../core/links';
import type { EnrolmentContext } from '../core/notify';
import { lambdaEntry, type Build } from '../app/entry';
import { INBOUND_MAIL_PREFIX } from '../routes';
import type { Logger } from './http';

/**
 * Email replies: SES receipt rule -> S3 action (stores the raw mail) -> this Lambda (the event holds
 * headers and verdicts, no body). Mail that fails SES's checks is dropped unread (`verdictFailures`);
 * so is an auto-reply (by header, subject or text: `readMail`, the reader `limber reply` uses too),
 * which would otherwise turn "back on the 7th" into a 7.
 * A reply maps to its subscriber by the reply+TOKEN@ address, and only when the From address
 * hashes to the same subscriber. The stored mail is deleted once handled (nothing kept to erase).
 */

export interface SesInboundOptions {
  ctx: EnrolmentContext;
  mail: InboundMailStore;
  replyDomain: string;
  /** The receipt rule's S3 objectKeyPrefix; the object key is prefix + SES messageId. */
  objectPrefix?: string;
  log?: Logger;
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

type Receipt = SesRecord['ses']['receipt'];

/**
 * Why SES's verdicts rule a mail out, or [] to read it. Spam, virus and DMARC FAIL always do (DMARC
 * fails when neither SPF nor DKIM vouches for the From domain, and From is what names the
 * subscriber). An SPF or DKIM FAIL is forgiven when the other one passes: forwarding breaks SPF and
 * keeps the DKIM signature, a list footer can break DKIM while SPF passes.
 */
export function verdictFailures(receipt: Receipt): string[] {
  type Check = 'spamVerdict' | 'virusVerdict' | 'dmarcVerdict' | 'spfVerdict' | 'dkimVerdict';
  const is = (v: Check, status: string) => receipt[v]?.status?.toUpperCase() === status;
  const failed: Check[] = (['spamVerdict', 'virusVerdict', 'dmarcVerdict'] as const).filter((v) => is(v, 'FAIL'));
  if (is('spfVerdict', 'FAIL') && !is('dkimVerdict', 'PASS')) failed.push('spfVerdict');
  if (is('dkimVerdict', 'FAIL') && !is('spfVerdict', 'PASS')) failed.push('dkimVerdict');
  return failed;
}

/** "unsubscribe", as our mailto sets it; a client may add "Re:" or change case. */
export function isUnsubscribeSubject(subject: string): boolean {
  return /^\s*(?:re:\s*)?unsubscribe\s*$/i.test(subject);
}

export type InboundMailOutcome = 'handled' | 'dropped-verdict' | 'dropped-auto-reply' | 'dropped-unmatched' | 'missing';

export function createSesInboundHandler(opts: SesInboundOptions) {
  const { ctx } = opts;
  const prefix = opts.objectPrefix ?? '';

  async function handleRecord(record: SesRecord): Promise<InboundMailOutcome> {
    const { mail, receipt } = record.ses;
    const key = `${prefix}${mail.messageId}`;
    const failed = verdictFailures(receipt);
    if (failed.length > 0) {
      opts.log?.('info', 'inbound mail dropped', { reason: failed.join(',') });
      await opts.mail.delete(key);
      return 'dropped-verdict';
    }
    const raw = await opts.mail.get(key);
    if (!raw) {
      opts.log?.('warn', 'inbound mail object missing');
      return 'missing';
    }
    const { mail: parsed, reply } = await readMail(raw);
    // Our List-Unsubscribe mailto (<mailto:reply+TOKEN@…?subject=unsubscribe>): mail apps' unsubscribe
    // banners send exactly that, often empty and marked Auto-Submitted. It unsubscribes whatever the body.
    const mailtoUnsubscribe = isUnsubscribeSubject(parsed.subject);
    if (reply.intent === 'auto-reply' && !mailtoUnsubscribe) {
      opts.log?.('info', 'inbound mail dropped', { reason: 'auto-reply' });
      await opts.mail.delete(key);
      return 'dropped-auto-reply';
    }
    const from = parsed.from ?? '';
    const recipients = [...receipt.recipients, ...parsed.recipients];
    const id = from ? replySender(ctx.linkKeys, ctx.pepper, opts.replyDomain, recipients, from) : undefined;
    const sub = id ? await ctx.store.getSubscriber(id) : undefined;
    if (!sub || sub.channel !== 'email' || sub.address !== normaliseEmail(from)) {
      opts.log?.('info', 'inbound mail dropped', { reason: 'no matching subscriber' });
      await opts.mail.delete(key);
      return 'dropped-unmatched';
    }
    if (mailtoUnsubscribe) {
      const r = await unsubscribe(ctx, sub.id, 'mailto');
      opts.log?.('info', 'inbound mail handled', { ref: redactedRef(sub.id), outcome: r === 'done' ? 'unsubscribed' : 'already-unsubscribed' });
      await opts.mail.delete(key);
      return 'handled';
    }
    const result = await handleEmailReply(ctx, sub, reply);
    opts.log?.('info', 'inbound mail handled', { ref: redactedRef(sub.id), outcome: result.outcome });
    await opts.mail.delete(key);
    return 'handled';
  }

  /** Errors other than bad input propagate: the async invocation retries, then lands in the DLQ. */
  return async (event: unknown): Promise<{ disposition: 'CONTINUE'; outcomes: InboundMailOutcome[] }> => {
    const parsed = SesEvent.safeParse(event);
    if (!parsed.success) {
      opts.log?.('warn', 'not an SES receipt event');
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
    log: w.httpLog,
  });

/** The Lambda entry point (invoked by the SES receipt rule after its S3 action). */
export const handler = lambdaEntry(buildSesInboundHandler);
