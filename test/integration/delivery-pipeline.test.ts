import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import { ENV } from '../../functions/config';
import { localSecretVariable } from '../../functions/adapters/secrets';
import { ManualClock } from '../../local/manual-clock';
import { Wiring, wiringFromEnv } from '../../functions/app/wiring';
import { createDispatcherHandler } from '../../functions/handlers/dispatcher';
import { createSenderHandler, SendingStoppedError } from '../../functions/handlers/sender';
import type { DeliveryJob } from '../../functions/ports';
import { LocalQueue } from '../../local/local-queue';
import { injectSesFaults } from '../../local/ses-faults';
import { LEASE_MS, runSimulation } from '../../local/simulation';
import type { FaultName } from '../../local/simulation-faults';
import { startTwilioServer, type TwilioServer } from '../../local/twilio-server';
import { subscriber } from '../support/delivery';
import { storeAs } from '../support/iam-store';
import { freshTable, storedMail } from '../support/stand-ins';

/**
 * The real dispatcher, local queue and sender handler on dynalite + aws-ses-v2-local + the local
 * Twilio server. Each fault alone, at a high rate, over a short run: no duplicate, no lost send.
 */

describe.each([
  ['the sender dies between provider accept and complete', ['crash-after-send', 'crash-before-complete'], 0.4],
  ['a job is delivered twice', ['duplicate-delivery'], 0.6],
  ['two senders take one job at once', ['concurrent-senders'], 0.6],
  ['two dispatchers run at once', ['concurrent-dispatchers'], 0.6],
  ['429 and 5xx answers from SES and Twilio', ['throttle', 'server-error'], 0.3],
  // Every store call of every function fails for up to the lease, starting just after a provider
  // accepted a message: completeSend and the provider's report fail together.
  ['the store is unreachable for up to the lease length', ['store-outage'], 0.3],
] as const)('when %s', (_name, faults, rate) => {
  it('every subscriber gets each day exactly once', async () => {
    const report = await runSimulation({
      subscribers: 12,
      days: 2,
      faultRate: rate,
      seed: 7,
      faults: faults as readonly FaultName[],
      shards: 4,
      dynamoEndpoint: inject('dynamoEndpoint'),
      sesEndpoint: inject('sesEndpoint'),
    });
    for (const f of faults) expect(report.faults[f], f).toBeGreaterThan(0);
    expect(report.expected).toBe(24);
    expect(report).toMatchObject({ sent: 24, duplicates: 0, lost: 0, sameLocalDay: 0, recordMismatch: 0, early: 0, dlq: 0 });
  }, 120_000);
});

describe('a store outage exactly as long as the lease, from the moment a provider accepted a message', () => {
  it('completes every sent day from the evidence the job carries: none sent twice, none lost, every record kept', async () => {
    const report = await runSimulation({
      subscribers: 12,
      days: 2,
      faultRate: 1,
      seed: 11,
      faults: ['store-outage'],
      outageMs: LEASE_MS,
      shards: 4,
      dynamoEndpoint: inject('dynamoEndpoint'),
      sesEndpoint: inject('sesEndpoint'),
    });
    expect(report.faults['store-outage']).toBeGreaterThan(1);
    expect(report.events['completed from deferred evidence']).toBeGreaterThan(1);
    expect(report).toMatchObject({ expected: 24, sent: 24, duplicates: 0, lost: 0, sameLocalDay: 0, recordMismatch: 0, early: 0, dlq: 0 });
  }, 120_000);
});

describe('handlers wired from the environment (local mode)', () => {
  const accountSid = `AC${'3'.repeat(32)}`;
  let twilioServer: TwilioServer;
  let env: Record<string, string>;
  const saved = { ...process.env };

  beforeAll(async () => {
    twilioServer = await startTwilioServer({ port: 0, accountSid, authToken: 'env-token' });
    const { tableName } = await freshTable();
    env = {
      [ENV.tableName]: tableName,
      [ENV.publicBaseUrl]: 'https://limber.test',
      [ENV.fromEmail]: 'coach@limber.test',
      [ENV.programName]: 'Limber',
      [ENV.supportEmail]: 'help@limber.test',
      [ENV.postalAddress]: '1 Test Street, Testville, TE 00000',
      [ENV.replyDomain]: 'reply.limber.test',
      [ENV.twilioAccountSid]: accountSid,
      [ENV.twilioFrom]: '+15550002222',
      [ENV.secretLinkKeys]: 'limber/link-keys',
      [ENV.secretTwilioAuthToken]: 'limber/twilio',
      [ENV.secretAddressPepper]: 'limber/pepper',
      [ENV.dynamoEndpoint]: inject('dynamoEndpoint'),
      [ENV.sesEndpoint]: inject('sesEndpoint'),
      [ENV.twilioBaseUrl]: twilioServer.url,
      [localSecretVariable('limber/link-keys')]: JSON.stringify([{ id: 'e1', secret: 'env-link-secret-0123456789abcdefghij' }]),
      [localSecretVariable('limber/twilio')]: 'env-token',
      [localSecretVariable('limber/pepper')]: 'env-pepper',
    };
    Object.assign(process.env, env);
  });
  afterAll(async () => {
    for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    await twilioServer.close();
  });

  it('dispatcher -> queue -> the sender handler wired from the environment sends email and SMS', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const queue = new LocalQueue<DeliveryJob>({ clock });
    const wiring = new Wiring(wiringFromEnv(env).config, { clock, queue });
    // The dispatcher runs on its own grants (infra/function-registry.ts); `wiring.store` seeds and checks.
    const asDispatcher = new Wiring(wiring.config, { clock, queue, store: storeAs('dispatcher', { tableName: wiring.config.tableName }) });
    const mail = subscriber({ address: `env-${randomUUID()}@example.test`, nextSendAt: '2026-03-02T09:00:00.000Z', sendAt: '10:00' });
    const text = subscriber({ channel: 'sms', address: '+14155550177', nextSendAt: '2026-03-02T09:00:00.000Z', sendAt: '10:00' });
    await wiring.store.createSubscriber(mail);
    await wiring.store.createSubscriber(text);
    const dispatched = await createDispatcherHandler(() => asDispatcher)({}, { getRemainingTimeInMillis: () => 60_000 });
    expect(dispatched).toMatchObject({ enqueued: 2, complete: true });
    const event: SQSEvent = { Records: queue.receive(10) };
    // The sender is wired from the same environment as the Lambda, on the test's clock: 10:00 in
    // Berlin, inside the SMS window whatever the hour CI runs at.
    const sender = createSenderHandler(() => new Wiring(wiringFromEnv(env).config, { env, clock }).deliveryContext());
    expect(await sender(event)).toEqual({ batchItemFailures: [] });
    expect(await storedMail(mail.address)).toHaveLength(1);
    expect(twilioServer.thread('+14155550177')).toHaveLength(1);
    expect((await wiring.store.getSubscriber(mail.id))?.programDay).toBe(2);
  });

  it('caps a dispatcher run at the configured jobs per tick', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const queue = new LocalQueue<DeliveryJob>({ clock });
    const config = wiringFromEnv({ ...env, [ENV.dispatchMaxPerTick]: '1' }).config;
    const wiring = new Wiring(config, { env, clock, queue, store: storeAs('dispatcher', { tableName: config.tableName }) });
    const seed = wiringFromEnv(env).store;
    for (const n of [1, 2]) {
      await seed.createSubscriber(subscriber({ address: `cap-${n}-${randomUUID()}@example.test`, nextSendAt: '2026-03-02T09:00:00.000Z' }));
    }
    const run = createDispatcherHandler(() => wiring);
    expect(await run({}, { getRemainingTimeInMillis: () => 60_000 })).toMatchObject({ enqueued: 1, complete: false });
  });

  it('splits the provider rates between the sender containers that may run at once', async () => {
    const mailer = { send: async () => ({ messageId: 'm' }), maxSendRate: async () => 14 };
    const one = await new Wiring(wiringFromEnv(env).config, { env, mailer }).deliveryContext();
    const two = await new Wiring(wiringFromEnv({ ...env, [ENV.senderConcurrency]: '2', [ENV.twilioMps]: '3' }).config, { env, mailer }).deliveryContext();
    expect(one.pace!.email!.rate).toBe(14);
    expect(two.pace!.email!.rate).toBe(7);
    expect(two.pace!.sms!.rate).toBe(1.5);
  });

  it('an account-level error fails the whole invocation and leaves every job unsent', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const base = wiringFromEnv(env);
    // The sender runs on its own grants (infra/function-registry.ts); `base.store` seeds and checks.
    const paused = new Wiring(base.config, { clock, env, sesClient: undefined, store: storeAs('sender', { tableName: base.config.tableName }) });
    injectSesFaults(await paused.sesClient(), (op) => (op === 'SendEmailCommand' ? { status: 400, type: 'SendingPausedException' } : undefined));
    const subs = [subscriber({ nextSendAt: '2026-03-02T09:00:00.000Z' }), subscriber({ nextSendAt: '2026-03-02T09:00:00.000Z' })];
    for (const s of subs) await base.store.createSubscriber(s);
    const sender = createSenderHandler(() => paused.deliveryContext(), 1);
    const records = subs.map((s, i) => ({ messageId: `m${i}`, body: JSON.stringify({ subscriberId: s.id, programDay: 1, dueAt: s.nextSendAt }) }));
    await expect(sender({ Records: records } as SQSEvent)).rejects.toBeInstanceOf(SendingStoppedError);
    for (const s of subs) expect(await base.store.getSubscriber(s.id)).toMatchObject({ programDay: 1, status: 'active' });
    expect((await base.store.getSubscriber(subs[0]!.id))?.claim).toBeUndefined();
  });

  it('reports a malformed job as a batch item failure (it goes to the DLQ), not the batch', async () => {
    const sender = createSenderHandler(() => wiringFromEnv(env).deliveryContext());
    const out = await sender({ Records: [{ messageId: 'bad', body: '{"subscriberId":1}' }] } as SQSEvent);
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
  });
});
