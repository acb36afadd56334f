import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfig, type RuntimeConfig } from '../config';
import type { DeliveryContext, DeliveryLog } from '../core/deliver';
import { parseLinkKeys, type LinkKeys } from '../core/links';
import type { Renderer } from '../core/messages';
import { TokenBucket } from '../core/pacing';
import type { Clock, DeliveryJob, Mailer, Queue, Secrets, Sms, Store } from '../ports';
import { DynamoStore } from './dynamo-store';
import { MjmlRenderer } from './mjml-renderer';
import { EnvSecrets, SecretsManagerSecrets } from './secrets';
import { SesMailer } from './ses-mailer';
import { SqsQueue } from './sqs-queue';
import { systemClock } from './system-clock';
import { defaultRetryPolicy, realTimer } from './timers';
import { TwilioSms } from './twilio-sms';

/**
 * Builds the adapters every handler needs from the validated configuration, once per container:
 * each getter creates its adapter on first use and keeps it. A handler module does
 *   const wiring = wiringFromEnv();            // module scope
 *   ... await wiring.deliveryContext() ...     // in the handler
 * The local stack and the simulation pass overrides (a fake clock, the in-process queue). To add an
 * adapter, add a getter that goes through `once` (and an override field if the local stack swaps it).
 *
 * Local mode (LIMBER_DYNAMODB_ENDPOINT set): fixed dummy AWS credentials, secrets from
 * LIMBER_SECRET_VALUE_<NAME> variables (adapters/secrets.ts), the send key echoed in a mail header.
 */

export interface WiringOverrides {
  clock?: Clock;
  store?: Store;
  secrets?: Secrets;
  mailer?: Mailer;
  sms?: Sms;
  renderer?: Renderer;
  queue?: Queue<DeliveryJob>;
  log?: DeliveryLog;
  sesClient?: SESv2Client;
  env?: Record<string, string | undefined>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Adapts the Powertools logger to the small log interface the core uses. */
export function powertoolsLog(logger: Logger): DeliveryLog {
  return {
    info: (message, attrs) => logger.info(message, attrs ?? {}),
    warn: (message, attrs) => logger.warn(message, attrs ?? {}),
    error: (message, attrs) => logger.error(message, attrs ?? {}),
  };
}

export class Wiring {
  private readonly made = new Map<string, unknown>();

  constructor(
    readonly config: RuntimeConfig,
    private readonly overrides: WiringOverrides = {},
  ) {}

  /** Creates a dependency on first use and keeps it (promises included, so concurrent callers share one). */
  protected once<T>(key: string, make: () => T): T {
    if (!this.made.has(key)) this.made.set(key, make());
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

  get logger(): Logger {
    return this.once('logger', () => new Logger());
  }

  get log(): DeliveryLog {
    return this.overrides.log ?? this.once('log', () => powertoolsLog(this.logger));
  }

  get store(): Store {
    return (
      this.overrides.store ??
      this.once('store', () => {
        const client = new DynamoDBClient(this.awsClientConfig(this.config.dynamoEndpoint));
        return new DynamoStore({ tableName: this.config.tableName, client });
      })
    );
  }

  get secrets(): Secrets {
    return (
      this.overrides.secrets ??
      this.once('secrets', () =>
        this.isLocal ? new EnvSecrets(this.overrides.env ?? process.env) : new SecretsManagerSecrets(new SecretsManagerClient({})),
      )
    );
  }

  linkKeys(): Promise<LinkKeys> {
    return this.once('linkKeys', async () => parseLinkKeys(await this.secrets.get(this.config.secretLinkKeys)));
  }

  addressPepper(): Promise<string> {
    return this.once('pepper', () => this.secrets.get(this.config.secretAddressPepper));
  }

  twilioAuthToken(): Promise<string> {
    const name = this.config.secretTwilioAuthToken;
    if (!name) return Promise.reject(new Error('LIMBER_SECRET_TWILIO_AUTH_TOKEN is not set'));
    return this.once('twilioToken', () => this.secrets.get(name));
  }

  get sesClient(): SESv2Client {
    return (
      this.overrides.sesClient ??
      // One attempt: the sender retries with its own backoff and token bucket.
      this.once('ses', () => new SESv2Client({ ...this.awsClientConfig(this.config.sesEndpoint), maxAttempts: 1 }))
    );
  }

  get mailer(): Mailer {
    return (
      this.overrides.mailer ??
      this.once(
        'mailer',
        () =>
          new SesMailer({
            client: this.sesClient,
            from: this.config.fromEmail,
            configurationSet: this.config.sesConfigurationSet,
            sendKeyHeader: this.config.sesEndpoint !== undefined,
            // The stand-in answers GetAccount only when AWS_SES_ACCOUNT is set.
            ...(this.config.sesEndpoint ? { fallbackSendRate: 50 } : {}),
          }),
      )
    );
  }

  async sms(): Promise<Sms> {
    if (this.overrides.sms) return this.overrides.sms;
    return this.once('sms', async () => {
      const accountSid = this.config.twilioAccountSid;
      if (!accountSid) throw new Error('LIMBER_TWILIO_ACCOUNT_SID is not set');
      return new TwilioSms({
        accountSid,
        authToken: await this.twilioAuthToken(),
        messagingServiceSid: this.config.twilioMessagingServiceSid,
        from: this.config.twilioFrom,
        baseUrl: this.config.twilioBaseUrl,
      });
    });
  }

  get renderer(): Renderer {
    return this.overrides.renderer ?? this.once('renderer', () => new MjmlRenderer());
  }

  get queue(): Queue<DeliveryJob> {
    return (
      this.overrides.queue ??
      this.once('queue', () => {
        const queueUrl = this.config.queueUrl;
        if (!queueUrl) throw new Error('LIMBER_QUEUE_URL is not set');
        return new SqsQueue({ client: new SQSClient(this.awsClientConfig(this.config.sqsEndpoint)), queueUrl });
      })
    );
  }

  /**
   * Everything the sender needs. The token buckets live as long as the container, so pacing spans
   * invocations. Each container takes an equal share of the provider rates: with N senders running
   * at once (LIMBER_SENDER_CONCURRENCY, the event source's maxConcurrency) the sum stays within them.
   */
  deliveryContext(): Promise<DeliveryContext> {
    return this.once('deliveryContext', async () => {
      const [linkKeys, sms, emailRate] = await Promise.all([this.linkKeys(), this.smsOrUnavailable(), this.mailer.maxSendRate()]);
      return {
        store: this.store,
        mailer: this.mailer,
        sms,
        renderer: this.renderer,
        clock: this.clock,
        linkKeys,
        publicBaseUrl: this.config.publicBaseUrl,
        replyDomain: this.config.replyDomain,
        pace: {
          email: new TokenBucket(emailRate / this.config.senderConcurrency, realTimer),
          sms: new TokenBucket(this.config.twilioMps / this.config.senderConcurrency, realTimer),
        },
        retry: defaultRetryPolicy,
        log: this.log,
      };
    });
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
