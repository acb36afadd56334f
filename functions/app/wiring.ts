import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { Logger } from '@aws-lambda-powertools/logger';
import { brandOf, loadConfig, type RuntimeConfig } from '../config';
import type { Brand } from '../core/brand';
import type { DeliveryContext } from '../core/deliver';
import type { Log } from '../ports';
import type { EnrolmentContext } from '../core/notify';
import type { ProviderEventContext } from '../core/provider-events';
import type { SmsPolicy } from '../core/sms-guard';
import type { DashboardExtras } from '../handlers/pages/dashboard';
import { parseLinkKeys, type LinkKeys } from '../core/links';
import type { Renderer } from '../ports';
import { TokenBucket } from '../core/pacing';
import type { Clock, DeliveryJob, Escalations, Events, FunctionScores, Mailer, OutboxSweep, Queue, Secrets, Sms, Store, SubscriberDirectory } from '../ports';
import { WebhookConfig, type WebhookDelivery, type WebhookEndpoint, type WebhookSenderDeps } from '../core/webhooks';
import { DynamoOutboxEvents } from '../adapters/dynamo-outbox';
import { fetchWebhookHttp, SqsWebhookQueue } from '../adapters/webhook-queue';
import { DynamoEscalations } from '../adapters/dynamo-escalations';
import { DynamoFunctionScores } from '../adapters/dynamo-function-scores';
import { DynamoDirectory } from '../adapters/dynamo-directory';
import { DynamoStore } from '../adapters/dynamo-store';
import { S3InboundMail } from '../adapters/inbound-mail';
import type { InboundMailStore } from '../ports';
import { EnvSecrets, SecretsManagerSecrets } from '../adapters/secrets';
import { SesMailer } from '../adapters/ses-mailer';
import { SqsQueue } from '../adapters/sqs-queue';
import { systemClock } from '../adapters/system-clock';
import { defaultRetryPolicy, realTimer } from '../adapters/timers';
import { TwilioSms } from '../adapters/twilio-sms';

/**
 * The one composition root: every context a handler needs (delivery, enrolment, inbound, provider
 * events, dashboard) is built here from one validated configuration, for the Lambdas, the local
 * stack, the CLI and the simulation alike. Those differ only in the configuration and the
 * endpoints they pass, and in the few stand-ins the local stack hands over as overrides (its clock,
 * in-process queue, inbound mail in memory). Each adapter is built from the configuration once per container:
 * each getter creates its adapter on first use and keeps it. Secrets are the exception: they are
 * read through the Secrets port's cache every time, so a rotation reaches warm containers (what
 * depends on one, the Twilio client, is rebuilt when it changes). A handler module does
 *   const wiring = wiringFromEnv();            // module scope
 *   ... await wiring.deliveryContext() ...     // in the handler
 * The local stack and the simulation pass overrides (a fake clock, the in-process queue). To add an
 * adapter, add a getter that goes through `once` (and an override field if the local stack swaps it).
 * SDK clients other than DynamoDB's (which nearly every function calls) are made, and their packages
 * imported, on first use (adapters/lazy-client.ts): a bundle leaves out what its function never calls.
 *
 * Local mode (LIMBER_DYNAMODB_ENDPOINT set): fixed dummy AWS credentials, secrets from
 * LIMBER_SECRET_VALUE_<NAME> variables (adapters/secrets.ts), the send key echoed in a mail header.
 */

export interface WiringOverrides {
  clock?: Clock;
  store?: Store;
  directory?: SubscriberDirectory;
  functionScores?: FunctionScores;
  escalations?: Escalations;
  secrets?: Secrets;
  mailer?: Mailer;
  sms?: Sms;
  renderer?: Renderer;
  queue?: Queue<DeliveryJob>;
  /** Outbound webhooks: the local stack passes its in-process queue and its endpoints. */
  webhookQueue?: Queue<WebhookDelivery>;
  webhookEndpoints?: () => Promise<WebhookEndpoint[]>;
  log?: Log;
  sesClient?: SESv2Client;
  /** Wraps the SES mailer this Wiring builds (the local stack makes the inbox's links open in a new tab). */
  decorateMailer?: (mailer: Mailer) => Mailer;
  /** The local stack's dashboard shows its dead letters, its other pages and its clock. */
  dashboardExtras?: () => Pick<DashboardExtras, 'deadLetters' | 'nav' | 'clockNote'>;
  /** Where inbound mail is read from; default: the receipt rule's S3 bucket. */
  inboundMail?: InboundMailStore;
  env?: Record<string, string | undefined>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Adapts the Powertools logger to the small log interface the core uses. */
export function powertoolsLog(logger: Logger): Log {
  return {
    info: (message, attrs) => logger.info(message, attrs ?? {}),
    warn: (message, attrs) => logger.warn(message, attrs ?? {}),
    error: (message, attrs) => logger.error(message, attrs ?? {}),
  };
}

/** Allowed countries default to the sending number's; none known (Messaging Service only) = no SMS sign-ups. */
async function smsPolicyOf(config: RuntimeConfig): Promise<SmsPolicy> {
  // Imported here, not at the top: libphonenumber's metadata (~0.2 MB) is for the functions that enrol.
  const { countryOf } = await import('../core/sms-guard');
  const home = countryOf(config.twilioFrom);
  return {
    countries: config.smsCountries ?? (home ? [home] : []),
    hourlyBudget: config.smsConfirmationsPerHour,
    perNumberPerDay: config.smsConfirmationsPerNumberPerDay,
  };
}

export class Wiring {
  private readonly made = new Map<string, unknown>();

  constructor(
    readonly config: RuntimeConfig,
    private readonly overrides: WiringOverrides = {},
  ) {}

  /**
   * Creates a dependency on first use and keeps it (promises included, so concurrent callers share
   * one). A promise that fails is dropped, so the next call tries again instead of failing forever.
   */
  protected once<T>(key: string, make: () => T): T {
    if (!this.made.has(key)) {
      const value = make();
      this.made.set(key, value);
      if (value instanceof Promise) value.catch(() => this.made.delete(key));
    }
    return this.made.get(key) as T;
  }

  get isLocal(): boolean {
    return this.config.dynamoEndpoint !== undefined;
  }

  private awsClientConfig(endpoint?: string) {
    return endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'us-east-1', credentials: LOCAL_CREDENTIALS } : {};
  }

  get clock(): Clock {
    return this.overrides.clock ?? systemClock;
  }

  /** The operator's brand, one object per container (its copy is built once per brand object). */
  get brand(): Brand {
    return this.once('brand', () => brandOf(this.config));
  }

  get logger(): Logger {
    return this.once('logger', () => new Logger());
  }

  get log(): Log {
    return this.overrides.log ?? this.once('log', () => powertoolsLog(this.logger));
  }

  get store(): Store {
    return (
      this.overrides.store ??
      this.once('store', () => {
        // On AWS a call that hangs in an outage must fail well inside the sender's 60 s, or the sender
        // is killed between the send and the failed completeSend, with no evidence left behind
        // (core/complete-later.ts). The local stand-ins on a loaded machine get no such limit.
        const timeouts = this.isLocal ? {} : { requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 }, maxAttempts: 3 };
        const client = new DynamoDBClient({ ...this.awsClientConfig(this.config.dynamoEndpoint), ...timeouts });
        return new DynamoStore({ tableName: this.config.tableName, client });
      })
    );
  }

  /** The dashboard's status-index reads; an in-memory store override serves them itself. */
  get directory(): SubscriberDirectory {
    return (
      this.overrides.directory ??
      this.once('directory', () => {
        const store = this.store as Store & Partial<SubscriberDirectory>;
        if (this.overrides.store && store.countByStatus && store.listByStatus) return store as Store & SubscriberDirectory;
        const client = new DynamoDBClient(this.awsClientConfig(this.config.dynamoEndpoint));
        return new DynamoDirectory({ tableName: this.config.tableName, client });
      })
    );
  }

  /** Weekly function ratings: same table, sharing the store's connection when it is a DynamoStore. */
  get functionScores(): FunctionScores {
    return (
      this.overrides.functionScores ??
      this.once('functionScores', () => {
        const store = this.store;
        const tableName = this.config.tableName;
        if (store instanceof DynamoStore) return new DynamoFunctionScores({ tableName, doc: store.doc });
        return new DynamoFunctionScores({ tableName, client: new DynamoDBClient(this.awsClientConfig(this.config.dynamoEndpoint)) });
      })
    );
  }

  /** The escalation list: same table and connection as the store. */
  get escalations(): Escalations {
    return (
      this.overrides.escalations ??
      this.once('escalations', () => {
        const store = this.store;
        const tableName = this.config.tableName;
        if (store instanceof DynamoStore) return new DynamoEscalations({ tableName, doc: store.doc });
        return new DynamoEscalations({ tableName, client: new DynamoDBClient(this.awsClientConfig(this.config.dynamoEndpoint)) });
      })
    );
  }

  get secrets(): Secrets {
    return (
      this.overrides.secrets ??
      this.once('secrets', () =>
        this.isLocal
          ? new EnvSecrets(this.overrides.env ?? process.env)
          : new SecretsManagerSecrets(() =>
              this.once('secretsClient', async () => new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient({})),
            ),
      )
    );
  }

  /**
   * Secret values are read through the Secrets port on every call, never kept here: its cache
   * (SecretsManagerSecrets: 5 minutes) decides how soon a rotated value reaches a warm container.
   * The names read are remembered for `secretsStamp`.
   */
  private readonly secretsRead = new Set<string>();
  private secret(name: string): Promise<string> {
    this.secretsRead.add(name);
    return this.secrets.get(name);
  }

  /** The values of every secret this container has read, as one string: it changes when one rotates. */
  async secretsStamp(): Promise<string> {
    const values = await Promise.all([...this.secretsRead].sort().map((name) => this.secrets.get(name)));
    return values.join('\u0000');
  }

  private parsedKeys?: { json: string; keys: LinkKeys };
  async linkKeys(): Promise<LinkKeys> {
    const json = await this.secret(this.config.secretLinkKeys);
    if (this.parsedKeys?.json !== json) this.parsedKeys = { json, keys: parseLinkKeys(json) };
    return this.parsedKeys.keys;
  }

  addressPepper(): Promise<string> {
    return this.secret(this.config.secretAddressPepper);
  }

  twilioAuthToken(): Promise<string> {
    const name = this.config.secretTwilioAuthToken;
    if (!name) return Promise.reject(new Error('LIMBER_SECRET_TWILIO_AUTH_TOKEN is not set'));
    return this.secret(name);
  }

  sesClient(): Promise<SESv2Client> {
    if (this.overrides.sesClient) return Promise.resolve(this.overrides.sesClient);
    // One attempt: the sender retries with its own backoff and token bucket.
    const config = { ...this.awsClientConfig(this.config.sesEndpoint), maxAttempts: 1 };
    return this.once('ses', async () => new (await import('@aws-sdk/client-sesv2')).SESv2Client(config));
  }

  /** One SQS client for the delivery and webhook queues. */
  private sqsClient() {
    const config = this.awsClientConfig(this.config.sqsEndpoint);
    return this.once('sqs', async () => new (await import('@aws-sdk/client-sqs')).SQSClient(config));
  }

  get mailer(): Mailer {
    return (
      this.overrides.mailer ??
      this.once('mailer', () => {
        const ses = new SesMailer({
          client: () => this.sesClient(),
          from: this.config.fromEmail,
          fromName: this.brand.senderName,
          configurationSet: this.config.sesConfigurationSet,
          sendKeyHeader: this.config.sesEndpoint !== undefined,
          // The stand-in answers GetAccount only when AWS_SES_ACCOUNT is set.
          ...(this.config.sesEndpoint ? { fallbackSendRate: 50 } : {}),
        });
        return this.overrides.decorateMailer?.(ses) ?? ses;
      })
    );
  }

  /** The Twilio client for the current auth token (a new one after the token rotated). */
  private twilio?: { token: string; sms: TwilioSms };
  async sms(): Promise<Sms> {
    if (this.overrides.sms) return this.overrides.sms;
    const accountSid = this.config.twilioAccountSid;
    if (!accountSid) throw new Error('LIMBER_TWILIO_ACCOUNT_SID is not set');
    const token = await this.twilioAuthToken();
    if (this.twilio?.token !== token) {
      const sms = new TwilioSms({
        accountSid,
        authToken: token,
        messagingServiceSid: this.config.twilioMessagingServiceSid,
        from: this.config.twilioFrom,
        baseUrl: this.config.twilioBaseUrl,
      });
      this.twilio = { token, sms };
    }
    return this.twilio.sms;
  }

  get renderer(): Renderer {
    if (this.overrides.renderer) return this.overrides.renderer;
    // Loaded on first render: the functions that never render skip the program, copy and layouts at import.
    const load = () =>
      this.once(
        'mjmlRenderer',
        async () =>
          new (await import('../adapters/mjml-renderer')).MjmlRenderer({
            imageBaseUrl: this.config.imageBaseUrl,
            smsPictures: this.config.smsPictures,
            brand: this.brand,
          }),
      );
    return this.once('renderer', () => ({ render: async (req) => (await load()).render(req) }));
  }

  get queue(): Queue<DeliveryJob> {
    return (
      this.overrides.queue ??
      this.once('queue', () => {
        const queueUrl = this.config.queueUrl;
        if (!queueUrl) throw new Error('LIMBER_QUEUE_URL is not set');
        return new SqsQueue({ client: () => this.sqsClient(), queueUrl });
      })
    );
  }

  /** The webhook endpoints (with their secrets) from their secret; none when it is not configured. */
  async webhookEndpoints(): Promise<WebhookEndpoint[]> {
    if (this.overrides.webhookEndpoints) return this.overrides.webhookEndpoints();
    const name = this.config.secretWebhookEndpoints;
    if (!name) return [];
    const json = await this.secret(name);
    return WebhookConfig.parse(JSON.parse(json)).endpoints;
  }

  /** Where events are published: SQS, or the local stack's in-process queue. */
  private get webhookQueue(): Queue<WebhookDelivery> {
    return this.overrides.webhookQueue ?? this.sqsWebhookQueue;
  }

  private get sqsWebhookQueue(): SqsWebhookQueue {
    return this.once('webhookQueue', () => {
      const queueUrl = this.config.webhookQueueUrl;
      if (!queueUrl) throw new Error('LIMBER_WEBHOOK_QUEUE_URL is not set');
      return new SqsWebhookQueue({ client: () => this.sqsClient(), queueUrl });
    });
  }

  /** Outbound events, when a webhook queue is configured (or the local stack passes its own). */
  get events(): (Events & OutboxSweep) | undefined {
    if (!this.config.webhookQueueUrl && !this.overrides.webhookQueue) return undefined;
    const store = this.store;
    // The outbox lives on the items the store writes; a store that is not DynamoDB has none.
    if (!(store instanceof DynamoStore)) return undefined;
    return this.once(
      'events',
      () =>
        new DynamoOutboxEvents({
          doc: store.doc,
          tableName: this.config.tableName,
          endpoints: () => this.webhookEndpoints(),
          queue: this.webhookQueue,
          log: this.log,
        }),
    );
  }

  /** What the webhook-sender handler needs. */
  async webhookSenderDeps(): Promise<WebhookSenderDeps> {
    return {
      endpoints: () => this.webhookEndpoints(),
      http: this.once('webhookHttp', () => fetchWebhookHttp()),
      now: () => this.clock.now(),
      retryLater: (receipt, seconds) => this.sqsWebhookQueue.retryLater(receipt, seconds),
      log: this.log,
    };
  }

  /**
   * Everything the sender needs, for one invocation. The token buckets live as long as the container,
   * so pacing spans invocations; the link keys and the Twilio client follow the secrets. Each
   * container takes an equal share of the provider rates: with N senders running at once
   * (LIMBER_SENDER_CONCURRENCY, the event source's maxConcurrency) the sum stays within them.
   */
  async deliveryContext(): Promise<DeliveryContext> {
    const [base, linkKeys, sms] = await Promise.all([this.deliveryBase(), this.linkKeys(), this.smsOrUnavailable()]);
    return { ...base, linkKeys, sms, ...(this.events ? { events: this.events } : {}) };
  }

  /** The part of the sender's context that lasts as long as the container (the buckets above all). */
  private deliveryBase(): Promise<Omit<DeliveryContext, 'linkKeys' | 'sms'>> {
    return this.once('deliveryBase', async () => {
      const emailRate = await this.mailer.maxSendRate();
      return {
        store: this.store,
        mailer: this.mailer,
        renderer: this.renderer,
        clock: this.clock,
        publicBaseUrl: this.config.publicBaseUrl,
        replyDomain: this.config.replyDomain,
        pace: {
          email: new TokenBucket(emailRate / this.config.senderConcurrency, realTimer),
          sms: new TokenBucket(this.config.twilioMps / this.config.senderConcurrency, realTimer),
        },
        retry: defaultRetryPolicy,
        log: this.log,
        // Built on first use: only a job whose completeSend failed puts itself back (core/complete-later.ts).
        requeue: { sendBatch: (jobs: readonly DeliveryJob[], opts?: { delaySeconds?: number }) => this.queue.sendBatch(jobs, opts) },
      };
    });
  }

  /**
   * Sign-up, links and replies. `sms: false` for handlers that never send a text (their role may not
   * read the Twilio token).
   */
  async enrolmentContext(opts: { sms?: boolean } = {}): Promise<EnrolmentContext> {
    const wantSms = (opts.sms ?? true) && (this.overrides.sms !== undefined || this.config.twilioAccountSid !== undefined);
    const [linkKeys, pepper, sms] = await Promise.all([this.linkKeys(), this.addressPepper(), wantSms ? this.sms() : Promise.resolve(undefined)]);
    const log = this.log;
    return {
      store: this.store,
      clock: this.clock,
      renderer: this.renderer,
      mailer: this.mailer,
      sms,
      linkKeys,
      pepper,
      baseUrl: this.config.publicBaseUrl,
      replyDomain: this.config.replyDomain,
      brand: this.brand,
      smsNumber: this.config.twilioFrom,
      smsPolicy: await smsPolicyOf(this.config),
      log,
      ...(this.events ? { events: this.events } : {}),
      escalations: this.escalations,
      functionScores: this.functionScores,
    };
  }

  /** SES events and Twilio status callbacks: records, delivery states, suppressions. */
  async providerEventContext(opts: { pepper?: boolean } = {}): Promise<ProviderEventContext> {
    return { store: this.store, log: this.log, ...(opts.pepper === false ? {} : { pepper: await this.addressPepper() }) };
  }

  get dashboardExtras(): WiringOverrides['dashboardExtras'] {
    return this.overrides.dashboardExtras;
  }

  get inboundMail(): InboundMailStore {
    return (
      this.overrides.inboundMail ??
      this.once('inboundMail', () => {
        const bucket = this.config.inboundBucket;
        if (!bucket) throw new Error('LIMBER_INBOUND_BUCKET is not set');
        const config = { ...this.awsClientConfig(this.config.s3Endpoint), ...(this.config.s3Endpoint ? { forcePathStyle: true } : {}) };
        return new S3InboundMail(bucket, () => this.once('s3', async () => new (await import('@aws-sdk/client-s3')).S3Client(config)));
      })
    );
  }

  /** Email-only deployments have no Twilio account: SMS jobs then fail loudly instead of the whole sender. */
  private async smsOrUnavailable(): Promise<Sms> {
    if (this.overrides.sms || this.config.twilioAccountSid) return this.sms();
    const refuse = async (): Promise<never> => {
      throw new Error('SMS is not configured (LIMBER_TWILIO_ACCOUNT_SID)');
    };
    return { send: refuse, listSentSince: refuse };
  }
}

export function wiringFromEnv(env: Record<string, string | undefined> = process.env, overrides: WiringOverrides = {}): Wiring {
  return new Wiring(loadConfig(env), { env, ...overrides });
}
