import { recordingLog } from '../support/recording-log';
import { createServer, type Server } from 'node:http';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifySesError, SesMailer } from '../../functions/adapters/ses-mailer';
import { subscriberIdFor } from '../../functions/core/identifiers';
import { createApiHandler } from '../../functions/handlers/api';
import { closer, listen } from '../../local/stand-ins';
import { captureOutput, dynaliteFixture, FORM, httpEvent, PEPPER } from '../support/enrolment-fixture';
import { ctxAs } from '../support/iam-store';

/**
 * Issue 20: while the account is in the SES sandbox (or the From identity is unverified, or SES is
 * down) every confirmation fails. Sign-up then answers a plain "try again later" page, never a 5xx,
 * and logs the line the ConfirmationsNotSent alarm counts. SES's answer is recorded from the wire:
 * SES v2 (REST-JSON) answers 400 with x-amzn-ErrorType MessageRejected and this message.
 */

const SANDBOX_MESSAGE = 'Email address is not verified. The following identities failed the check in region US-EAST-1: new.person@example.org';

let answer: { status: number; type: string; message: string } = { status: 400, type: 'MessageRejected', message: SANDBOX_MESSAGE };
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': 'application/json', 'x-amzn-errortype': answer.type, 'x-amzn-requestid': 'rec-1' });
      res.end(JSON.stringify({ message: answer.message }));
    });
  });
  url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
});
afterAll(() => closer(server)());

function mailer() {
  const client = new SESv2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
  return new SesMailer({ client, from: 'coach@limber.example' });
}

const form = (email: string) =>
  new URLSearchParams({ channel: 'email', email, timezone: 'Europe/London', sendAt: '07:30', level: 'gentle', consent: 'on', healthConsent: 'on' }).toString();

describe('sign-up when SES refuses the account', () => {
  it('the sandbox rejection is an account problem, not a bad recipient; other rejections stay per recipient', () => {
    const sandbox = Object.assign(new Error(SANDBOX_MESSAGE), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } });
    expect(classifySesError(sandbox)).toMatchObject({ kind: 'account', code: 'ses-not-verified' });
    expect(classifySesError(sandbox).message).not.toContain('@');
    const content = Object.assign(new Error('Illegal address'), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } });
    expect(classifySesError(content)).toMatchObject({ kind: 'permanent' });
  });

  it.each([
    ['the sandbox (MessageRejected: not verified)', { status: 400, type: 'MessageRejected', message: SANDBOX_MESSAGE }],
    ['a paused account (AccountSuspendedException)', { status: 400, type: 'AccountSuspendedException', message: 'Account suspended' }],
    ['an SES outage (500)', { status: 500, type: 'InternalFailure', message: 'internal' }],
  ])('%s: a plain "try again later" page, no 5xx, the alarm line logged, and a retry is allowed', async (_label, recorded) => {
    answer = recorded;
    const f = await dynaliteFixture({ mailer: mailer() });
    const logs: string[] = [];
    const api = createApiHandler({ ctx: ctxAs('api', f, { log: recordingLog(logs) }) });
    const email = 'new.person@example.org';
    const { result: res, output } = await captureOutput(
      () =>
        api(httpEvent('POST', '/signup', { body: form(email), base64: true, headers: { ...FORM, accept: 'text/html' } })) as Promise<{
          statusCode: number;
          body: string;
        }>,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('We could not send your confirmation');
    expect(res.body).toMatch(/try again later/i);
    expect(logs.some((l) => l.includes('"m":"confirmation not sent"'))).toBe(true);
    expect([...logs, output].join('\n')).not.toContain(email);
    // The slot is freed: once SES accepts, the same person can sign up again at once.
    const sub = await f.store.getSubscriber(subscriberIdFor('email', email, PEPPER));
    expect(sub?.confirmationSentAt).toBeUndefined();
  });

  it('JSON clients get 200 with status not-sent', async () => {
    answer = { status: 400, type: 'MessageRejected', message: SANDBOX_MESSAGE };
    const f = await dynaliteFixture({ mailer: mailer() });
    const api = createApiHandler({ ctx: ctxAs('api', f) });
    const body = JSON.stringify({
      channel: 'email',
      email: 'json.person@example.org',
      timezone: 'Europe/London',
      sendAt: '07:30',
      level: 'gentle',
      consent: true,
      healthConsent: true,
    });
    const res = (await api(httpEvent('POST', '/signup', { body, headers: { 'content-type': 'application/json' } }))) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'not-sent' });
  });
});
