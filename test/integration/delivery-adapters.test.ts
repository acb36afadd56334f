import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { HeaderInjectionError, SesMailer } from '../../functions/adapters/ses-mailer';
import { TwilioSms } from '../../functions/adapters/twilio-sms';
import { ProviderError } from '../../functions/ports';
import { injectSesFaults, type SesFault } from '../../local/ses-faults';
import { SES_ACCOUNT } from '../../local/simulation';
import { startSesLocal } from '../../local/stand-ins';
import { startTwilioServer, type TwilioServer } from '../../local/twilio-server';
import { sesClient, storedMail } from '../support/stand-ins';

/** The SES v2 and Twilio adapters against aws-ses-v2-local and the local Twilio wire server. */

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const unique = () => `${Math.random().toString(36).slice(2, 10)}@example.test`;
const email = (to: string, extra: Partial<Parameters<SesMailer['send']>[0]> = {}) => ({
  to,
  subject: 'Day 3 of 42',
  html: '<p>Cat-cow</p>',
  text: 'Cat-cow',
  replyTo: 'reply+s_abc.mac@reply.limber.test',
  headers: {
    'List-Unsubscribe': '<https://limber.test/unsubscribe/tok>, <mailto:reply+s_abc.mac@reply.limber.test?subject=unsubscribe>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  tags: { limber_send: 's_abc.3.daily' },
  ...extra,
});

/** One attempt, as the wiring builds it: the SDK's own retry would hide the first failure. */
const singleAttemptSes = () => new SESv2Client({ endpoint: inject('sesEndpoint'), region: 'us-east-1', credentials, maxAttempts: 1 });

async function classify(fault: SesFault): Promise<ProviderError> {
  const client = singleAttemptSes();
  injectSesFaults(client, () => fault);
  const mailer = new SesMailer({ client, from: 'coach@limber.test' });
  return mailer.send(email(unique())).then(
    () => {
      throw new Error('expected a failure');
    },
    (err: ProviderError) => err,
  );
}

describe('SesMailer on aws-ses-v2-local', () => {
  it('sends HTML + text with Reply-To, RFC 8058 headers and the send key', async () => {
    const to = unique();
    const mailer = new SesMailer({ client: sesClient(), from: 'coach@limber.test', configurationSet: 'limber', sendKeyHeader: true });
    const { messageId } = await mailer.send(email(to));
    const [mail] = await storedMail(to);
    expect(mail).toMatchObject({ messageId, from: 'coach@limber.test', replyTo: ['reply+s_abc.mac@reply.limber.test'], subject: 'Day 3 of 42' });
    expect(mail!.body).toEqual({ html: '<p>Cat-cow</p>', text: 'Cat-cow' });
    const headers = Object.fromEntries(mail!.headers!.map((h) => [h.name, h.value]));
    expect(headers['List-Unsubscribe']).toMatch(/^<https:\/\/[^>]+>, <mailto:[^>]+>$/);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(headers['X-Limber-Send']).toBe('s_abc.3.daily');
  });

  it('echoes the send key in a header only when asked (the stand-in drops EmailTags)', async () => {
    const to = unique();
    await new SesMailer({ client: sesClient(), from: 'coach@limber.test' }).send(email(to));
    const [mail] = await storedMail(to);
    expect(mail!.headers!.map((h) => h.name)).not.toContain('X-Limber-Send');
  });

  it('refuses CR/LF in header values and characters SES tags do not allow; folds a subject line break', async () => {
    const to = unique();
    const mailer = new SesMailer({ client: sesClient(), from: 'coach@limber.test' });
    const smuggled = { 'List-Unsubscribe': '<https://limber.test/u>\r\nBcc: victim@example.test' };
    await expect(mailer.send(email(to, { headers: smuggled }))).rejects.toBeInstanceOf(HeaderInjectionError);
    await expect(mailer.send(email(to, { headers: { 'X-Bad\nName': 'v' } }))).rejects.toBeInstanceOf(HeaderInjectionError);
    await expect(mailer.send(email(to, { tags: { limber_send: 'has space' } }))).rejects.toThrow(/EmailTag/);
    expect(await storedMail(to)).toHaveLength(0);
    await mailer.send(email(to, { subject: 'Day 3\r\nBcc: x@example.test' }));
    expect((await storedMail(to))[0]!.subject).toBe('Day 3 Bcc: x@example.test');
  });

  it.each([
    [{ status: 429, type: 'TooManyRequestsException' }, 'throttled', undefined],
    [{ status: 400, type: 'LimitExceededException' }, 'throttled', undefined],
    [{ status: 500, type: 'InternalServiceErrorException' }, 'transient', undefined],
    [{ status: 400, type: 'MessageRejected' }, 'permanent', 'suppressed'],
    [{ status: 400, type: 'SendingPausedException' }, 'account', undefined],
    [{ status: 400, type: 'AccountSuspendedException' }, 'account', undefined],
  ] as const)('classifies %o as %s', async (fault, kind, recipientStatus) => {
    const err = await classify(fault);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe(kind);
    expect(err.recipientStatus).toBe(recipientStatus);
    expect(err.message).not.toMatch(/@/);
  });

  it('treats a refused connection as transient (certainly not sent)', async () => {
    const client = new SESv2Client({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials, maxAttempts: 1 });
    const err = await new SesMailer({ client, from: 'coach@limber.test' }).send(email(unique())).catch((e: ProviderError) => e);
    expect(err).toMatchObject({ kind: 'transient', code: 'ses-ECONNREFUSED' });
  });

  describe('maxSendRate from GetAccount', () => {
    let own: Awaited<ReturnType<typeof startSesLocal>>;
    beforeAll(async () => {
      process.env.AWS_SES_ACCOUNT = JSON.stringify({ ...SES_ACCOUNT, SendQuota: { ...SES_ACCOUNT.SendQuota, MaxSendRate: 14 } });
      own = await startSesLocal({ port: 0 });
    });
    afterAll(async () => {
      delete process.env.AWS_SES_ACCOUNT;
      await own.close();
    });

    it('reads MaxSendRate once and caches it', async () => {
      let calls = 0;
      const client = new SESv2Client({ endpoint: own.url, region: 'us-east-1', credentials });
      client.middlewareStack.add((next) => (args) => (calls++, next(args)), { step: 'initialize' });
      const mailer = new SesMailer({ client, from: 'coach@limber.test' });
      expect(await mailer.maxSendRate()).toBe(14);
      expect(await mailer.maxSendRate()).toBe(14);
      expect(calls).toBe(1);
    });

    it('falls back to the configured rate only when one is given', async () => {
      const client = sesClient(); // the shared stand-in has no AWS_SES_ACCOUNT
      expect(await new SesMailer({ client, from: 'c@limber.test', fallbackSendRate: 3 }).maxSendRate()).toBe(3);
      await expect(new SesMailer({ client, from: 'c@limber.test' }).maxSendRate()).rejects.toBeInstanceOf(ProviderError);
    });
  });
});

describe('TwilioSms on the local Twilio server', () => {
  const accountSid = `AC${'1'.repeat(32)}`;
  let now = Date.parse('2026-03-02T09:00:00Z');
  let server: TwilioServer;
  let sms: TwilioSms;
  beforeAll(async () => {
    server = await startTwilioServer({ port: 0, accountSid, authToken: 'secret-token', now: () => now });
    sms = new TwilioSms({ accountSid, authToken: 'secret-token', messagingServiceSid: `MG${'2'.repeat(32)}`, baseUrl: server.url });
  });
  afterAll(() => server.close());

  it('creates a message through the official client, with the status callback and segments', async () => {
    const callback = 'https://limber.test/twilio/status?s=s_abc&d=1&k=daily';
    const out = await sms.send({ to: '+14155550100', body: 'Day 1: cat-cow 10x', statusCallback: callback });
    expect(out.messageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(out.segments).toBe(1);
    const stored = server.messages().find((m) => m.sid === out.messageId)!;
    expect(stored).toMatchObject({ to: '+14155550100', statusCallback: callback, messagingServiceSid: `MG${'2'.repeat(32)}`, from: null });
    expect(server.thread('+14155550100').map((m) => m.sid)).toContain(out.messageId);
  });

  it('lists what went to a number since an instant (DateSent> filter, paging past 50)', async () => {
    const to = '+14155550101';
    now = Date.parse('2026-03-03T09:00:00Z');
    await sms.send({ to, body: 'old' });
    now = Date.parse('2026-03-04T09:00:00Z');
    for (let i = 0; i < 55; i++) await sms.send({ to, body: `new ${i}` });
    await sms.send({ to: '+14155550102', body: 'someone else' });
    const since = await sms.listSentSince(to, '2026-03-04T08:59:59.500Z');
    expect(since).toHaveLength(55);
    expect(since.every((m) => m.to === to && m.body.startsWith('new'))).toBe(true);
    expect(await sms.listSentSince(to, '2026-03-05T00:00:00Z')).toHaveLength(0);
  });

  it.each([
    [{ status: 429, code: 20429 }, 'throttled', undefined],
    [{ status: 503, code: 20503 }, 'transient', undefined],
  ] as const)('classifies injected fault %o as %s', async (fault, kind, status) => {
    server.failNext(1, fault);
    const err = await sms.send({ to: '+14155550103', body: 'x' }).catch((e: ProviderError) => e);
    expect(err).toMatchObject({ kind, recipientStatus: status });
    expect(await sms.send({ to: '+14155550103', body: 'x' })).toHaveProperty('messageId');
  });

  it.each([
    ['+15005550004', 'permanent', 'unsubscribed', 'twilio-21610'],
    ['+15005550001', 'permanent', 'suppressed', 'twilio-21211'],
    ['+15005550009', 'permanent', 'suppressed', 'twilio-21614'],
  ] as const)('classifies the magic number %s as %s (%s)', async (to, kind, status, code) => {
    const err = (await sms.send({ to, body: 'x' }).catch((e: unknown) => e)) as ProviderError;
    expect(err).toMatchObject({ kind, recipientStatus: status, code });
    expect(err.message).not.toContain(to);
  });

  it('a refused credential is account-level (stop the run)', async () => {
    const wrong = new TwilioSms({ accountSid, authToken: 'nope', from: '+15550001111', baseUrl: server.url });
    await expect(wrong.send({ to: '+14155550104', body: 'x' })).rejects.toMatchObject({ kind: 'account', code: 'twilio-20003' });
  });

  it('answers the wire format: 401 without auth, 400 with Twilio error JSON', async () => {
    const url = `${server.url}/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const noAuth = await fetch(url, { method: 'POST', body: new URLSearchParams({ To: '+14155550105', Body: 'x', From: '+15550001111' }) });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ code: 20003, status: 401, more_info: expect.stringContaining('20003') });
    const auth = `Basic ${Buffer.from(`${accountSid}:secret-token`).toString('base64')}`;
    const noTo = await fetch(url, { method: 'POST', headers: { authorization: auth }, body: new URLSearchParams({ Body: 'x', From: '+15550001111' }) });
    expect(noTo.status).toBe(400);
    expect(await noTo.json()).toMatchObject({ code: 21604, status: 400 });
  });
});
