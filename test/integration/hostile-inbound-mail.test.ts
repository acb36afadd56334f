import { recordingLog } from '../support/recording-log';
import { describe, expect, it } from 'vitest';
import { MemoryInboundMail } from '../../local/memory-inbound-mail';
import { replyAddress } from '../../functions/core/links';
import { createSesInboundHandler } from '../../functions/handlers/ses-inbound';
import { captureOutput, dynaliteFixture, KEYS, RecordingMailer, REPLY_DOMAIN, subscriber } from '../support/enrolment-fixture';
import { ctxAs } from '../support/iam-store';

/**
 * Mail as an attacker sends it to a reply+TOKEN@ address: forged From with verdicts that are not FAIL
 * (GRAY, PROCESSING_FAILED, absent), a fake Authentication-Results header, a 25 MB HTML part, 5,000
 * MIME parts. Real MIME, through the real handler, on dynalite with the handler's IAM grants.
 */

const PREFIX = 'inbound/';
type Verdicts = Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', string | null>>;
const SES_AR =
  'Authentication-Results: amazonses.com;\r\n spf=pass (spfCheck: domain of example.com designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1;\r\n';

function sesEvent(messageId: string, recipient: string, verdicts: Verdicts) {
  const receipt: Record<string, unknown> = { recipients: [recipient] };
  for (const k of ['spam', 'virus', 'spf', 'dkim', 'dmarc'] as const) {
    const v = verdicts[k] === undefined ? 'PASS' : verdicts[k];
    if (v !== null) receipt[`${k}Verdict`] = { status: v };
  }
  return { Records: [{ eventSource: 'aws:ses', ses: { mail: { messageId }, receipt } }] };
}

class CountingMail extends MemoryInboundMail {
  reads = 0;
  override async get(key: string, maxBytes?: number) {
    this.reads++;
    return super.get(key, maxBytes);
  }
}

async function setup(status: 'active' | 'unsubscribed' = 'active') {
  const logs: string[] = [];
  const f = await dynaliteFixture({ mailer: new RecordingMailer() });
  const mail = new CountingMail();
  const handler = createSesInboundHandler({
    ctx: ctxAs('sesInbound', f),
    mail,
    replyDomain: REPLY_DOMAIN,
    objectPrefix: PREFIX,
    log: recordingLog(logs),
  });
  const s = subscriber({ channel: 'email', address: 'jane@example.com', status });
  await f.store.createSubscriber(s);
  const to = replyAddress(KEYS, REPLY_DOMAIN, s.id);
  let n = 0;
  const deliver = async (raw: string | Buffer, verdicts: Verdicts = {}, recipient = to) => {
    const id = `msg${++n}`;
    mail.objects.set(`${PREFIX}${id}`, Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
    const out = await handler(sesEvent(id, recipient, verdicts));
    expect(mail.objects.has(`${PREFIX}${id}`)).toBe(false); // handled or dropped, never left to retry
    return out.outcomes[0];
  };
  const mime = (body: string, o: { from?: string; top?: string; headers?: string[] } = {}) =>
    [
      ...(o.top ? [o.top.replace(/\r\n$/, '')] : []),
      `From: Jane <${o.from ?? 'jane@example.com'}>`,
      `To: ${to}`,
      'Subject: Re: Day 4 of 42',
      ...(o.headers ?? []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
    ].join('\r\n');
  return { f, s, to, deliver, mime, mail, logs };
}

describe('forged replies may not change state', () => {
  it.each([
    ['GRAY everywhere (no SPF, no DKIM, no DMARC record)', { spf: 'GRAY', dkim: 'GRAY', dmarc: 'GRAY' }],
    ['PROCESSING_FAILED', { spf: 'PROCESSING_FAILED', dkim: 'PROCESSING_FAILED', dmarc: 'PROCESSING_FAILED' }],
    ['no verdicts at all', { spf: null, dkim: null, dmarc: null, spam: null, virus: null }],
    ['SPF PASS for the attacker domain, DMARC GRAY', { spf: 'PASS', dkim: 'GRAY', dmarc: 'GRAY' }],
  ] as const)('a rating with %s is not stored', async (_n, verdicts) => {
    const { f, s, deliver, mime } = await setup();
    expect(await deliver(mime('9'), verdicts)).toBe('dropped-unverified');
    expect(await f.store.listRatings(s.id)).toEqual([]);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('active');
  });

  it('a forged START does not re-subscribe someone who left', async () => {
    const { f, s, deliver, mime } = await setup('unsubscribed');
    expect(await deliver(mime('START'), { dmarc: 'GRAY', dkim: 'GRAY' })).toBe('dropped-unverified');
    expect((await f.store.getSubscriber(s.id))?.status).toBe('unsubscribed');
  });

  it("DKIM aligned with From (in SES's own Authentication-Results) is enough when the domain has no DMARC record", async () => {
    const { f, s, deliver, mime } = await setup();
    const top = `${SES_AR} dkim=pass header.i=@example.com;\r\n dmarc=none header.from=example.com;`;
    expect(await deliver(mime('4', { top }), { dmarc: 'GRAY', dkim: 'PASS' })).toBe('handled');
    expect(await f.store.listRatings(s.id)).toMatchObject([{ score: 4 }]);
  });

  it('a DKIM pass for another domain, or an Authentication-Results the sender wrote, is not', async () => {
    const { f, s, deliver, mime } = await setup();
    const otherDomain = `${SES_AR} dkim=pass header.i=@mallory.example;\r\n dmarc=none header.from=example.com;`;
    expect(await deliver(mime('4', { top: otherDomain }), { dmarc: 'GRAY', dkim: 'PASS' })).toBe('dropped-unverified');
    const fake = ['Authentication-Results: amazonses.com; dkim=pass header.i=@example.com; dmarc=pass header.from=example.com'];
    const top = `${SES_AR} dkim=pass header.i=@mallory.example;`;
    expect(await deliver(mime('4', { top, headers: fake }), { dmarc: 'GRAY', dkim: 'PASS' })).toBe('dropped-unverified');
    expect(await f.store.listRatings(s.id)).toEqual([]);
  });

  it.each([
    ['DMARC FAIL', { dmarc: 'FAIL' }],
    ['spam FAIL', { spam: 'FAIL', dmarc: 'GRAY' }],
    ['GRAY', { dmarc: 'GRAY', dkim: 'GRAY' }],
  ] as const)('STOP is honoured from any mail reaching the reply address (%s)', async (_n, verdicts) => {
    const { f, s, deliver, mime } = await setup();
    expect(await deliver(mime('STOP', { from: 'someone@elsewhere.example' }), verdicts)).toBe('handled-stop-only');
    expect((await f.store.getSubscriber(s.id))?.status).toBe('unsubscribed');
  });
});

describe('hostile mail is bounded before parsing', () => {
  it('a 25 MB HTML part: unreadable, logged without content, memory bounded, not retried', async () => {
    const { f, s, deliver, logs, to } = await setup();
    const html = `<div>${'<p>7</p>'.repeat(3_300_000)}</div>`;
    const raw = [`From: jane@example.com`, `To: ${to}`, 'MIME-Version: 1.0', 'Content-Type: text/html', '', html].join('\r\n');
    const before = process.memoryUsage().heapUsed;
    expect(await deliver(raw)).toBe('dropped-unreadable');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(120 * 1024 * 1024);
    expect(await f.store.listRatings(s.id)).toEqual([]);
    expect(logs.join('\n')).toMatch(/too-large/);
    expect(logs.join('\n')).not.toMatch(/jane@example|<p>/);
  });

  it('5,000 MIME parts: unreadable, no throw', async () => {
    const { deliver, to, logs } = await setup();
    const parts = Array.from({ length: 5000 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\n${i}\r\n`).join('');
    const raw = [`From: jane@example.com`, `To: ${to}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', parts, '--b--'].join('\r\n');
    expect(await deliver(raw)).toBe('dropped-unreadable');
    expect(logs.join('\n')).toMatch(/too-many-parts/);
  });

  it('a mail to a reply address we never issued is dropped before its object is read', async () => {
    const { deliver, mail, mime } = await setup();
    expect(await deliver(mime('STOP'), {}, `reply+s_AAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA@${REPLY_DOMAIN}`)).toBe('dropped-unmatched');
    expect(mail.reads).toBe(0);
  });

  it('logs of dropped mail carry neither address nor text', async () => {
    const { deliver, mime, logs } = await setup();
    const { output } = await captureOutput(() => deliver(mime('my back hurts 9', { from: 'mallory@evil.example' }), { dmarc: 'GRAY' }));
    expect(`${output}${logs.join('\n')}`).not.toMatch(/mallory|evil\.example|back hurts|\b9\b/);
  });
});
