import * as z from 'zod';
import {
  BrandColour,
  DEFAULT_BRAND_COLOUR,
  PostalAddress,
  OperatorPageUrl,
  ProgramName,
  SenderName,
  SupportEmail,
  SupportPhone,
  type Brand,
} from './core/brand';
import { publicUrl, ROUTES } from './routes';

/**
 * Environment variable names, shared by the CDK stack (which sets them) and the handlers (which read them),
 * so the two cannot drift apart. Secrets are never in the environment: only the NAME of the secret
 * (Secrets Manager / SSM) is, and the Secrets port fetches the value.
 */
export const ENV = {
  tableName: 'LIMBER_TABLE',
  queueUrl: 'LIMBER_QUEUE_URL',
  publicBaseUrl: 'LIMBER_PUBLIC_URL',
  fromEmail: 'LIMBER_FROM_EMAIL',
  replyDomain: 'LIMBER_REPLY_DOMAIN',
  sesConfigurationSet: 'LIMBER_SES_CONFIGURATION_SET',
  twilioAccountSid: 'LIMBER_TWILIO_ACCOUNT_SID',
  twilioMessagingServiceSid: 'LIMBER_TWILIO_MESSAGING_SERVICE_SID',
  twilioFrom: 'LIMBER_TWILIO_FROM',
  twilioMps: 'LIMBER_TWILIO_MPS',
  inboundBucket: 'LIMBER_INBOUND_BUCKET',
  /** The operator's brand (core/brand.ts): named in every message and page. */
  programName: 'LIMBER_PROGRAM_NAME',
  /** The From display name of every email; default: the program name. */
  senderName: 'LIMBER_SENDER_NAME',
  /** Support contacts, named in the SMS HELP answer (CTIA requires one), email footers and pages. */
  supportEmail: 'LIMBER_SUPPORT_EMAIL',
  supportPhone: 'LIMBER_SUPPORT_PHONE',
  /** One line, in every email footer (CAN-SPAM) and on the privacy page. */
  postalAddress: 'LIMBER_POSTAL_ADDRESS',
  /** The operator's privacy policy (https); unset: the program's own /privacy page. */
  privacyUrl: 'LIMBER_PRIVACY_URL',
  termsUrl: 'LIMBER_TERMS_URL',
  /** #rrggbb, AA contrast with white text (core/brand.ts BrandColour). */
  brandColour: 'LIMBER_BRAND_COLOUR',
  /** Sign-ups per client IP per window (the per-address guards are in the core). */
  signupLimitPerIp: 'LIMBER_SIGNUP_LIMIT_PER_IP',
  signupLimitWindowSeconds: 'LIMBER_SIGNUP_LIMIT_WINDOW_SECONDS',
  /** SMS pumping guards (core/sms-guard.ts): allowed countries (comma list; default: the From number's), budgets. */
  smsCountries: 'LIMBER_SMS_COUNTRIES',
  smsConfirmationsPerHour: 'LIMBER_SMS_CONFIRMATIONS_PER_HOUR',
  smsConfirmationsPerNumberPerDay: 'LIMBER_SMS_CONFIRMATIONS_PER_NUMBER_PER_DAY',
  /** Jobs one dispatcher run may enqueue; unset: what the provider rates allow in one tick. */
  dispatchMaxPerTick: 'LIMBER_DISPATCH_MAX_PER_TICK',
  /** How many sender containers may run at once (the SQS event source's maxConcurrency). */
  senderConcurrency: 'LIMBER_SENDER_CONCURRENCY',
  /** The outbound webhook queue (core/webhooks.ts); unset = no webhooks. */
  webhookQueueUrl: 'LIMBER_WEBHOOK_QUEUE_URL',
  /** Open escalations older than this many minutes raise the alarm (default 60). */
  escalationAlarmMinutes: 'LIMBER_ESCALATION_ALARM_MINUTES',
  /** Names of secrets (not values). */
  secretLinkKeys: 'LIMBER_SECRET_LINK_KEYS',
  secretTwilioAuthToken: 'LIMBER_SECRET_TWILIO_AUTH_TOKEN',
  secretAddressPepper: 'LIMBER_SECRET_ADDRESS_PEPPER',
  /** Where the exercise pictures are served (a folder URL); unset: emails without pictures. */
  imageBaseUrl: 'LIMBER_IMAGE_BASE_URL',
  /** "true": the daily SMS carries its first new exercise's picture as MMS, to US and Canadian numbers. */
  smsPictures: 'LIMBER_SMS_PICTURES',
  /** JSON array of webhook endpoints with their whsec_ secrets (core/webhooks.ts WebhookEndpoint). */
  secretWebhookEndpoints: 'LIMBER_SECRET_WEBHOOK_ENDPOINTS',
  /** Where the MJML layouts are; set in bundled Lambdas, which carry a copy beside the code. */
  templatesDir: 'LIMBER_TEMPLATES_DIR',
  /** Local stand-in endpoints; unset on AWS. */
  dynamoEndpoint: 'LIMBER_DYNAMODB_ENDPOINT',
  sesEndpoint: 'LIMBER_SES_ENDPOINT',
  sqsEndpoint: 'LIMBER_SQS_ENDPOINT',
  s3Endpoint: 'LIMBER_S3_ENDPOINT',
  twilioBaseUrl: 'LIMBER_TWILIO_BASE_URL',
} as const;

/**
 * Jobs per sender invocation (the SQS event source's batch size), all worked on at once: a job waits
 * on DynamoDB and the provider far longer than it computes, so a batch at full concurrency bills about
 * one job's round trips instead of one per job (`npm run bench`, sender latency; docs/performance.md).
 */
export const SENDER_BATCH_SIZE = 10;

const url = z.url({ protocol: /^https?$/ });

/** Runtime configuration of the handlers, validated once per container. */
export const RuntimeConfig = z.object({
  tableName: z.string().min(3),
  queueUrl: z.string().min(1).optional(),
  publicBaseUrl: url,
  fromEmail: z.email(),
  replyDomain: z.string().min(3),
  sesConfigurationSet: z.string().min(1).optional(),
  twilioAccountSid: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'expected a Twilio Account SID (AC + 32 hex)')
    .optional(),
  twilioMessagingServiceSid: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/)
    .optional(),
  twilioFrom: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/)
    .optional(),
  twilioMps: z.coerce.number().positive().default(1),
  inboundBucket: z.string().optional(),
  programName: ProgramName,
  senderName: SenderName.optional(),
  supportEmail: SupportEmail,
  supportPhone: SupportPhone.optional(),
  postalAddress: PostalAddress,
  privacyUrl: OperatorPageUrl.optional(),
  termsUrl: OperatorPageUrl.optional(),
  brandColour: BrandColour.default(DEFAULT_BRAND_COLOUR),
  signupLimitPerIp: z.coerce.number().int().min(1).default(20),
  signupLimitWindowSeconds: z.coerce.number().int().min(1).default(600),
  smsCountries: z
    .string()
    .regex(/^[A-Za-z]{2}(,[A-Za-z]{2})*$/, 'expected two-letter country codes separated by commas, e.g. US,CA')
    .transform((v) => v.toUpperCase().split(','))
    .optional(),
  smsConfirmationsPerHour: z.coerce.number().int().min(0).default(60),
  smsConfirmationsPerNumberPerDay: z.coerce.number().int().min(0).default(3),
  senderConcurrency: z.coerce.number().int().min(1).default(1),
  dispatchMaxPerTick: z.coerce.number().int().min(1).optional(),
  secretLinkKeys: z.string().min(1),
  secretTwilioAuthToken: z.string().min(1).optional(),
  secretAddressPepper: z.string().min(1),
  webhookQueueUrl: z.string().min(1).optional(),
  escalationAlarmMinutes: z.coerce.number().int().min(1).max(10_080).default(60),
  secretWebhookEndpoints: z.string().min(1).optional(),
  templatesDir: z.string().min(1).optional(),
  imageBaseUrl: url.optional(),
  smsPictures: z.stringbool().default(false),
  dynamoEndpoint: url.optional(),
  sesEndpoint: url.optional(),
  sqsEndpoint: url.optional(),
  s3Endpoint: url.optional(),
  twilioBaseUrl: url.optional(),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;

/** Reads and validates the configuration; the error names each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const raw: Record<string, string | undefined> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const v = env[name];
    raw[key] = v === '' ? undefined : v;
  }
  const parsed = RuntimeConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const key = String(i.path[0]) as keyof typeof ENV;
    return `${ENV[key] ?? key}: ${i.message}`;
  });
  throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
}

/** The brand every message and page uses; without privacy or terms URLs of its own, the program's /privacy and /terms pages. */
export function brandOf(config: RuntimeConfig): Brand {
  return {
    programName: config.programName,
    senderName: config.senderName ?? config.programName,
    supportEmail: config.supportEmail,
    ...(config.supportPhone ? { supportPhone: config.supportPhone } : {}),
    postalAddress: config.postalAddress,
    privacyUrl: config.privacyUrl ?? publicUrl(config.publicBaseUrl, ROUTES.privacy),
    termsUrl: config.termsUrl ?? publicUrl(config.publicBaseUrl, ROUTES.terms),
    colour: config.brandColour,
  };
}
