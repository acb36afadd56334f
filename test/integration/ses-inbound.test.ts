import { recordingLog } from '../support/recording-log';
import { describe, expect, it } from 'vitest';
import { MemoryInboundMail } from '../../local/memory-inbound-mail';
import { replyAddress } from '../../functions/core/links';
import { createSesInboundHandler } from '../../functions/handlers/ses-inbound';
import { captureOutput, dynaliteFixture, KEYS, RecordingMailer, REPLY_DOMAIN, subscriber } from '../support/enrolment-fixture';
import { ctxAs } from '../support/iam-store';

const PREFIX = 'inbound/';

function mime(o: { from: string; to: string; body: string; headers?: string[]; html?: boolean }): string {
  return [
    `From: Jane <${o.from}>`,
    `To: ${o.to}`,
    'Subject: Re: Day 4 of 42',
    'MIME-Version: 1.0',
    `Content-Type: ${o.html ? 'text/html' : 'text/plain'}; charset=utf-8`,
    ...(o.headers ?? []),
    '',
    o.body,
  ].join('\r\n');
}

/** The SES receipt event as the Lambda action delivers it: headers and verdicts, no body. */
type VerdictName = 'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc';
function sesEvent(messageId: string, recipient: string, verdicts: Partial<Record<VerdictName, string>> = {}) {
  const v = (k: VerdictName) => ({ status: verdicts[k] ?? 'PASS' });
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: { messageId, source: 'jane@example.com', destination: [recipient], headersTruncated: false, commonHeaders: { subject: 'Re: Day 4' } },
          receipt: {
            recipients: [recipient],
            spamVerdict: v('spam'),
            virusVerdict: v('virus'),
            spfVerdict: v('spf'),
            dkimVerdict: v('dkim'),
            dmarcVerdict: v('dmarc'),
            action: { type: 'Lambda', functionArn: 'arn:aws:lambda:eu-west-1:1:function:x', invocationType: 'Event' },
          },
        },
      },
    ],
  };
}

async function setup() {
  const mailer = new RecordingMailer();
  const f = await dynaliteFixture({ mailer });
  const mail = new MemoryInboundMail();
  const handler = createSesInboundHandler({ ctx: ctxAs('sesInbound', f), mail, replyDomain: REPLY_DOMAIN, objectPrefix: PREFIX });
  const s = subscriber({ channel: 'email', address: 'jane@example.com' });
  await f.store.createSubscriber(s);
  const to = replyAddress(KEYS, REPLY_DOMAIN, s.id);
  let n = 0;
  const deliver = async (body: string, o: { from?: string; verdicts?: Parameters<typeof sesEvent>[2]; headers?: string[]; html?: boolean } = {}) => {
    const id = `msg${++n}`;
    mail.objects.set(`${PREFIX}${id}`, Buffer.from(mime({ from: o.from ?? 'jane@example.com', to, body, headers: o.headers, html: o.html })));
    const out = await handler(sesEvent(id, to, o.verdicts));
    expect(mail.objects.has(`${PREFIX}${id}`)).toBe(false); // never kept once handled
    return out.outcomes[0];
  };
  return { f, s, deliver, mailer, handler, mail };
}

describe('SES inbound replies', () => {
  it('maps reply+TOKEN@ to the subscriber, checks From, and logs the rating', async () => {
    const { f, s, deliver } = await setup();
    expect(await deliver('6\n\nOn Mon, Limber <coach@limber.example> wrote:\n> 0 1 2 3 4 5 6 7 8 9 10\n> Unsubscribe')).toBe('handled');
    expect(await f.store.listRatings(s.id)).toMatchObject([{ score: 6, source: 'email', programDay: 4 }]);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('active');
  });

  it('reads HTML-only replies', async () => {
    const { f, s, deliver } = await setup();
    await deliver('<div>3 today</div><blockquote>9 10 stop</blockquote>', { html: true });
    expect(await f.store.listRatings(s.id)).toMatchObject([{ score: 3 }]);
  });

  it.each([
    ['spam FAIL', { spam: 'FAIL' }],
    ['DMARC FAIL', { dmarc: 'FAIL' }],
    ['SPF and DKIM FAIL', { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' }],
    ['SPF FAIL, DKIM unsigned', { spf: 'FAIL', dkim: 'GRAY', dmarc: 'GRAY' }],
    ['DKIM FAIL, no SPF record', { dkim: 'FAIL', spf: 'GRAY', dmarc: 'GRAY' }],
  ] as const)('a rating in mail with %s changes nothing; a STOP in it is honoured', async (_, verdicts) => {
    const { f, s, deliver } = await setup();
    expect(await deliver('3', { verdicts })).toBe('dropped-unverified');
    expect(await f.store.listRatings(s.id)).toEqual([]);
    expect(await deliver('STOP', { verdicts })).toBe('handled-stop-only');
    expect((await f.store.getSubscriber(s.id))?.status).toBe('unsubscribed');
  });

  it('drops mail with a virus FAIL unread, STOP or not', async () => {
    const { f, s, deliver } = await setup();
    expect(await deliver('STOP', { verdicts: { virus: 'FAIL' } })).toBe('dropped-verdict');
    expect((await f.store.getSubscriber(s.id))?.status).toBe('active');
  });

  it('takes forwarded mail: SPF fails at the forwarder, the DKIM signature still passes', async () => {
    const { f, s, deliver } = await setup();
    expect(await deliver('4', { verdicts: { spf: 'FAIL', dkim: 'PASS', dmarc: 'PASS' } })).toBe('handled');
    expect(await f.store.listRatings(s.id)).toMatchObject([{ score: 4 }]);
  });

  it('GRAY or PROCESSING_FAILED verdicts are not FAIL', async () => {
    const { deliver } = await setup();
    expect(await deliver('2', { verdicts: { spam: 'GRAY', spf: 'PROCESSING_FAILED' } })).toBe('handled');
  });

  it('a reply whose From is not the subscriber the token names may only stop', async () => {
    const { f, s, deliver } = await setup();
    expect(await deliver('9', { from: 'mallory@example.com' })).toBe('dropped-unverified');
    expect(await f.store.listRatings(s.id)).toEqual([]);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('active');
  });

  it('drops auto-replies (an out-of-office "back on the 7th" is no score)', async () => {
    const { f, s, deliver } = await setup();
    expect(await deliver('I am away, back on the 7th', { headers: ['Auto-Submitted: auto-replied'] })).toBe('dropped-auto-reply');
    expect(await f.store.listRatings(s.id)).toEqual([]);
  });

  it('reads a mail as `limber reply` does (one reader): X-Autorespond, out-of-office text, a Danish Gmail quote', async () => {
    const { f, s, deliver } = await setup();
    expect(await deliver('Away until 8 June.', { headers: ['X-Autorespond: yes'] })).toBe('dropped-auto-reply');
    expect(await deliver('I am away until 8 June with no access to email.')).toBe('dropped-auto-reply');
    expect(await deliver('4\n\ntor. 26. nov. 2026 kl. 07.30 skrev Limber <coach@limber.example>:\n\n> 0 1 2 3 4 5 6 7 8 9 10\n> Unsubscribe')).toBe('handled');
    expect(await f.store.listRatings(s.id)).toMatchObject([{ score: 4 }]);
  });

  it('STOP by email unsubscribes; a red flag sends the safety email', async () => {
    const a = await setup();
    await a.deliver('Please unsubscribe me');
    expect((await a.f.store.getSubscriber(a.s.id))?.status).toBe('unsubscribed');
    const b = await setup();
    await b.deliver('I have a fever and the pain wakes me at night');
    expect(await b.f.store.getSubscriber(b.s.id)).toMatchObject({ status: 'paused', pausedReason: 'safety' });
    expect(b.mailer.sent.map((m) => m.subject)).toEqual(['Please pause your Limber exercises']);
    expect(b.mailer.sent[0]!.replyTo).toMatch(/^reply\+/);
  });

  it('ignores events that are not SES receipts, and a missing object', async () => {
    const { handler } = await setup();
    expect(await handler({ hello: 'world' })).toEqual({ disposition: 'CONTINUE', outcomes: [] });
    expect((await handler(sesEvent('nope', 'x@y'))).outcomes).toEqual(['dropped-unmatched']);
    expect(
      (await handler(sesEvent('nope', replyAddress(KEYS, REPLY_DOMAIN, subscriber({ channel: 'email', address: 'jane@example.com' }).id)))).outcomes,
    ).toEqual(['missing']);
  });

  it('logs neither the address nor the score', async () => {
    const logs: string[] = [];
    const mailer = new RecordingMailer();
    const f = await dynaliteFixture({ mailer, log: recordingLog(logs) });
    const mail = new MemoryInboundMail();
    const handler = createSesInboundHandler({
      ctx: ctxAs('sesInbound', f),
      mail,
      replyDomain: REPLY_DOMAIN,
      objectPrefix: PREFIX,
      log: recordingLog(logs),
    });
    const s = subscriber({ channel: 'email', address: 'jane@example.com' });
    await f.store.createSubscriber(s);
    mail.objects.set(`${PREFIX}m1`, Buffer.from(mime({ from: 'jane@example.com', to: replyAddress(KEYS, REPLY_DOMAIN, s.id), body: '9' })));
    const { output } = await captureOutput(() => handler(sesEvent('m1', replyAddress(KEYS, REPLY_DOMAIN, s.id))));
    const all = `${output}\n${logs.join('\n')}`;
    expect(logs.length).toBeGreaterThan(1);
    expect(all).not.toMatch(/jane@example\.com|"score"|\b9\b/);
  });
});
