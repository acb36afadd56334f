import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { localSecretVariable } from '../../functions/adapters/secrets';
import { ENV } from '../../functions/config';
import { replyAddress } from '../../functions/core/links';
import { outboxEntry } from '../../functions/core/webhooks';
import type { Subscriber } from '../../functions/core/model';
import { HANDLERS, librariesOf, WIRED_HANDLERS, type BundledLibrary, type HandlerName } from '../../infra/function-registry';
import { buildApp } from '../../infra/limber-app';
import { sesEventsFor, type StoreMail } from '../../local/ses-event-bridge';
import { statusCallbackFor, startTwilioServer, type TwilioServer } from '../../local/twilio-server';
import { invokeBundled, lambdaRuntimeEnvironment, readAssembly, resolveEnvironment, type Assembly, type BundledFunction } from '../support/bundled-lambda';
import { BASE_URL, FORM, httpEvent, KEYS, PEPPER, REPLY_DOMAIN, subscriber, TWILIO_SID, TWILIO_TOKEN } from '../support/enrolment-fixture';
import { dynamoClient, freshTable, storedMail } from '../support/stand-ins';
import { inject } from 'vitest';

/**
 * The deployed bundles, run as Lambda runs them (issue 20): one real synth with esbuild bundling
 * (the same `buildApp` as `cdk deploy`), then each function's asset from the cloud assembly in a
 * fresh Node 24 process with only the environment its template gives it (intrinsics resolved to
 * the stand-ins: dynalite, aws-ses-v2-local, fauxqs for SQS and S3, the local Twilio server) and an
 * event of the real shape. A module, template file or variable missing from a bundle fails here.
 *
 * The one difference from AWS: LIMBER_DYNAMODB_ENDPOINT puts the wiring in local mode, which reads
 * secret values from LIMBER_SECRET_VALUE_<name> instead of Secrets Manager (no stand-in for it).
 */

const MG = `MG${'1'.repeat(32)}`;
const FROM_EMAIL = 'coach@limber.example';

let outdir: string;
let assembly: Assembly;
let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
let twilioServer: TwilioServer;
let store: DynamoStore;
let tableName: string;
const queues = new Map<string, { url: string; arn: string }>();
const buckets = new Map<string, string>();

/** The local value of each resource a function's environment refers to. */
function localValue({ logicalId, type, attribute }: { logicalId: string; type: string; attribute?: string }): string | undefined {
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return attribute === undefined ? tableName : undefined;
    case 'AWS::SQS::Queue': {
      if (!queues.has(logicalId)) {
        const q = fauxqs.createQueue(logicalId.toLowerCase());
        queues.set(logicalId, { url: q.queueUrl, arn: q.queueArn });
      }
      return attribute === undefined ? queues.get(logicalId)!.url : attribute === 'Arn' ? queues.get(logicalId)!.arn : undefined;
    }
    case 'AWS::S3::Bucket':
      if (!buckets.has(logicalId)) buckets.set(logicalId, fauxqs.createBucket(logicalId.toLowerCase()).bucketName);
      return attribute === undefined ? buckets.get(logicalId) : undefined;
    case 'AWS::SES::ConfigurationSet':
      return attribute === undefined ? 'limber-bundle-test' : undefined;
    case 'AWS::ApiGatewayV2::Api':
      return attribute === 'ApiEndpoint' ? BASE_URL : undefined;
    // The picture host: only its name goes into links (image URLs in the email), never fetched here.
    case 'AWS::CloudFront::Distribution':
      return attribute === 'DomainName' ? 'pictures.limber.test' : undefined;
    default:
      return undefined;
  }
}

function fn(name: HandlerName): BundledFunction {
  const found = assembly.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no bundle for ${name} in the assembly`);
  return found;
}

/** Lambda's environment for a function: the template's (resolved), the runtime's, stand-in endpoints, secret values. */
function envOf(f: BundledFunction): Record<string, string> {
  const env = resolveEnvironment(assembly, f, localValue);
  const secrets: Record<string, string> = {
    [env[ENV.secretLinkKeys]!]: JSON.stringify(KEYS),
    [env[ENV.secretAddressPepper]!]: PEPPER,
    [env[ENV.secretTwilioAuthToken]!]: TWILIO_TOKEN,
    [env[ENV.secretWebhookEndpoints]!]: JSON.stringify({ endpoints: [] }),
  };
  return {
    ...lambdaRuntimeEnvironment(f),
    ...env,
    [ENV.dynamoEndpoint]: inject('dynamoEndpoint'),
    [ENV.sesEndpoint]: inject('sesEndpoint'),
    [ENV.sqsEndpoint]: fauxqs.address,
    [ENV.twilioBaseUrl]: twilioServer.url,
    AWS_ENDPOINT_URL_S3: fauxqs.address,
    ...Object.fromEntries(Object.entries(secrets).map(([name, value]) => [localSecretVariable(name), value])),
  };
}

const invoke = <R = any>(name: HandlerName, event: unknown) => invokeBundled<R>(fn(name), envOf(fn(name)), event);

const s3 = () => new S3Client({ endpoint: fauxqs.address, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });

// Two SMS subscribers twelve hours apart: whatever the hour, one of them is inside the 08:00-21:00 window.
const emailSub = subscriber({ channel: 'email', address: 'jane@example.org' });
const smsSubs: Subscriber[] = [
  subscriber({ channel: 'sms', address: '+8801711000001', timezone: 'Asia/Dhaka' }),
  subscriber({ channel: 'sms', address: '+5016100001', timezone: 'America/Belize' }),
];

/**
 * LIMBER_BUNDLES_REUSE=<dir>: keep the assembly in <dir> and reuse it on the next run (a developer
 * iterating on this file; delete the folder after changing functions/ or infra/). Unset: a fresh
 * synth every run, as in CI.
 */
const REUSE = process.env.LIMBER_BUNDLES_REUSE;

beforeAll(async () => {
  outdir = REUSE ?? mkdtempSync(join(tmpdir(), 'limber-bundles-'));
  const context = { fromEmail: FROM_EMAIL, replyDomain: REPLY_DOMAIN, twilioAccountSid: TWILIO_SID, twilioMessagingServiceSid: MG, smsCountries: 'US' };
  if (!(REUSE && existsSync(join(REUSE, 'Limber.template.json')))) buildApp({ outdir, context }, {}).app.synth();
  assembly = readAssembly(outdir, 'Limber');
  fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  twilioServer = await startTwilioServer({ port: 0, accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  ({ tableName } = await freshTable('limber-bundles'));
  store = new DynamoStore({ client: dynamoClient(), tableName });
  for (const s of [emailSub, ...smsSubs]) await store.createSubscriber(s);
}, 300_000);

afterAll(async () => {
  await fauxqs?.stop();
  await twilioServer?.close();
  if (outdir && !REUSE) rmSync(outdir, { recursive: true, force: true });
});

describe('the bundled Lambdas, run from cdk.out as Lambda runs them', () => {
  it('the assembly has one bundle per wired handler, the stand-ins bind loopback only', () => {
    expect(assembly.functions.map((f) => f.name).sort()).toEqual([...WIRED_HANDLERS].sort());
    expect(new URL(fauxqs.address).hostname).toBe('127.0.0.1');
  });

  it("each bundle carries only the optional libraries its registry row loads, and none of zod's locales but English", () => {
    // Where each optional library's code lives (infra/function-registry.ts BundledLibrary), read from the bundle's source map.
    const where: Record<BundledLibrary, string> = {
      twilioRest: '/twilio/lib/rest/',
      mailparser: '/mailparser/',
      sqs: '/@aws-sdk/client-sqs/',
      sesv2: '/@aws-sdk/client-sesv2/',
      s3: '/@aws-sdk/client-s3/',
      secretsManager: '/@aws-sdk/client-secrets-manager/',
    };
    for (const fn of assembly.functions) {
      const sources = (JSON.parse(readFileSync(join(fn.assetDir, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources;
      const carried = (Object.keys(where) as BundledLibrary[]).filter((lib) => sources.some((s) => s.includes(where[lib])));
      expect(carried.sort(), fn.name).toEqual([...librariesOf(HANDLERS[fn.name])].sort());
      expect(
        sources.filter((s) => /\/zod\/v4\/locales\/(?!en\.js|index\.js)/.test(s)),
        fn.name,
      ).toEqual([]);
      expect(
        sources.some((s) => s.includes('/node_modules/mjml')),
        fn.name,
      ).toBe(false);
    }
  });

  it('api: serves the sign-up page and takes a form sign-up (HTTP API v2, base64 body), sending the confirmation', async () => {
    const page = await invoke('api', httpEvent('GET', '/', { headers: { accept: 'text/html' } }));
    expect(page.result.statusCode).toBe(200);
    expect(page.result.body).toContain('<form');
    const form = new URLSearchParams({
      channel: 'email',
      email: 'new.person@example.org',
      timezone: 'Europe/London',
      sendAt: '07:30',
      level: 'gentle',
      consent: 'on',
      healthConsent: 'on',
    });
    const signup = await invoke('api', httpEvent('POST', '/signup', { body: form.toString(), base64: true, headers: { ...FORM, accept: 'text/html' } }));
    expect(signup.result.statusCode).toBe(202);
    const mail = await storedMail('new.person@example.org');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body.html).toContain(`${BASE_URL}/`); // the confirmation link, rendered from the bundled layout
    expect(signup.logs).not.toContain('new.person@example.org');
  });

  let jobs: { messageId: string; receiptHandle: string; body: string; attributes: Record<string, string>; md5OfBody: string }[] = [];

  it('dispatcher: a Scheduler invocation enqueues the due subscriber-days on the jobs queue (SQS on fauxqs)', async () => {
    const out = await invoke<{ enqueued: number; complete: boolean }>('dispatcher', {});
    expect(out.result).toMatchObject({ enqueued: 3, complete: true });
    const dispatcherEnv = envOf(fn('dispatcher'));
    const sqs = new SQSClient({ endpoint: fauxqs.address, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dispatcherEnv[ENV.queueUrl], MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
    );
    jobs = (got.Messages ?? []).map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body!,
      attributes: (m.Attributes ?? {}) as Record<string, string>,
      md5OfBody: m.MD5OfBody!,
    }));
    expect(jobs.map((j) => JSON.parse(j.body).subscriberId).sort()).toEqual([emailSub, ...smsSubs].map((s) => s.id).sort());
  });

  it('sender: an SQS batch sends the email through SES (rendered from the precompiled layout) and the SMS through Twilio', async () => {
    const queueArn = [...queues.values()].find((q) => q.url === envOf(fn('dispatcher'))[ENV.queueUrl])!.arn;
    const event = {
      Records: jobs.map((j) => ({ ...j, messageAttributes: {}, eventSource: 'aws:sqs', eventSourceARN: queueArn, awsRegion: 'us-east-1' })),
    };
    const out = await invoke<{ batchItemFailures: unknown[] }>('sender', event);
    expect(out.result.batchItemFailures).toEqual([]);
    const [mail] = await storedMail('jane@example.org');
    expect(mail?.body.html).toMatch(/<!doctype html>/i);
    expect(twilioServer.messages().filter((m) => m.direction === 'outbound-api').length).toBeGreaterThanOrEqual(1);
    expect(out.logs).not.toContain('jane@example.org');
  });

  it('ses-events: the SES Send and Delivery events via EventBridge create and update the send record', async () => {
    const [mail] = (await storedMail('jane@example.org')) as unknown as StoreMail[];
    const events = sesEventsFor(mail!, { atIso: new Date(mail!.at * 1000).toISOString(), configurationSet: 'limber-bundle-test' });
    for (const event of events) expect((await invoke('sesEvents', event)).result).not.toBe('ignored');
    const records = await store.listSendRecords(emailSub.id);
    expect(records.map((r) => r.deliveryStatus)).toContain('delivered');
  });

  it('twilio-status: a signed status callback (form post, base64) updates the SMS send record', async () => {
    const sent = twilioServer.messages().find((m) => m.direction === 'outbound-api')!;
    await twilioServer.setStatus(sent.sid, 'delivered');
    const cb = statusCallbackFor(twilioServer.messages().find((m) => m.sid === sent.sid)!, TWILIO_TOKEN)!;
    const url = new URL(cb.url);
    const out = await invoke(
      'twilioStatus',
      httpEvent('POST', url.pathname, {
        query: url.search.slice(1),
        body: new URLSearchParams(cb.params).toString(),
        base64: true,
        headers: { ...FORM, 'x-twilio-signature': cb.signature },
      }),
    );
    expect(out.result.statusCode).toBe(204); // accepted, no body (Twilio ignores the answer's body)
    const sub = smsSubs.find((s) => s.address === sent.to)!;
    expect((await store.listSendRecords(sub.id)).map((r) => r.deliveryStatus)).toContain('delivered');
  });

  it('twilio-inbound: a signed incoming text is logged as a rating and answered with TwiML', async () => {
    const sub = smsSubs.find((s) => twilioServer.messages().some((m) => m.to === s.address))!;
    const params = { AccountSid: TWILIO_SID, MessageSid: `SM${'9'.repeat(32)}`, From: sub.address, To: '+15005550006', Body: '4', NumMedia: '0' };
    const url = `${BASE_URL}/twilio/inbound`;
    const out = await invoke(
      'twilioInbound',
      httpEvent('POST', '/twilio/inbound', {
        body: new URLSearchParams(params).toString(),
        base64: true,
        headers: { ...FORM, 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params) },
      }),
    );
    expect(out.result.statusCode).toBe(200);
    expect(out.result.body).toContain('<Response>');
    expect((await store.listRatings(sub.id)).map((r) => r.score)).toContain(4);
    expect(out.logs).not.toContain(sub.address);
  });

  it('ses-inbound: the SES receipt event for a reply stored in S3 (fauxqs) logs the rating and deletes the mail', async () => {
    const bucket = envOf(fn('sesInbound'))[ENV.inboundBucket]!;
    const to = replyAddress(KEYS, REPLY_DOMAIN, emailSub.id);
    const raw = [
      `From: Jane <${emailSub.address}>`,
      `To: ${to}`,
      'Subject: Re: Day 5',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '6',
      '',
    ].join('\r\n');
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: 'inbound/bundle-msg-1', Body: raw }));
    const pass = { status: 'PASS' };
    const event = {
      Records: [
        {
          eventSource: 'aws:ses',
          eventVersion: '1.0',
          ses: {
            mail: { messageId: 'bundle-msg-1', source: emailSub.address, destination: [to], headersTruncated: false, commonHeaders: { subject: 'Re: Day 5' } },
            receipt: {
              recipients: [to],
              spamVerdict: pass,
              virusVerdict: pass,
              spfVerdict: pass,
              dkimVerdict: pass,
              dmarcVerdict: pass,
              action: { type: 'Lambda', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:x', invocationType: 'Event' },
            },
          },
        },
      ],
    };
    const out = await invoke<{ outcomes: string[] }>('sesInbound', event);
    expect(out.result.outcomes).toEqual(['handled']);
    expect((await store.listRatings(emailSub.id)).map((r) => r.score)).toContain(6);
    await expect(s3().send(new HeadObjectCommand({ Bucket: bucket, Key: 'inbound/bundle-msg-1' }))).rejects.toThrow();
    expect(out.logs).not.toContain(emailSub.address);
  });

  it('dashboard: an IAM-authorized GET /dashboard renders the operator page', async () => {
    const event = httpEvent('GET', '/dashboard', { headers: { accept: 'text/html' } });
    const out = await invoke('dashboard', {
      ...event,
      routeKey: 'GET /dashboard',
      requestContext: { ...event.requestContext, authorizer: { iam: { accountId: '000000000000', userArn: 'arn:aws:iam::000000000000:user/operator' } } },
    });
    expect(out.result.statusCode).toBe(200);
    expect(out.result.body).toContain('<html');
  });

  it('webhook-outbox: a Scheduler invocation publishes an event left in an outbox and empties it', async () => {
    const at = '2026-03-01T08:00:00.000Z'; // long before the sweep's cutoff, whatever the hour
    const event = { type: 'score.recorded', subscriberId: smsSubs[1]!.id, channel: 'sms', at, programDay: 9, score: 3, key: `9:${at}` } as const;
    await store.putRating({ subscriberId: smsSubs[1]!.id, programDay: 9, score: 3, source: 'sms', at, redFlag: false }, { at, entries: [outboxEntry(event)] });
    const out = await invoke<{ items: number; published: number; failed: number }>('webhookOutbox', {});
    expect(out.result, out.logs).toEqual({ items: 1, published: 1, failed: 0 });
    expect((await invoke<{ items: number }>('webhookOutbox', {})).result.items).toBe(0);
  });

  it('a bundle that lacks a variable its template should give fails to handle its event, naming it', async () => {
    const f = fn('dispatcher');
    const env = envOf(f);
    delete env[ENV.tableName];
    await expect(invokeBundled(f, env, {})).rejects.toThrow(new RegExp(ENV.tableName));
  });
});
