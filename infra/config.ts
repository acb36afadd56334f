import { z } from 'zod';
import { RuntimeConfig } from '../functions/config';
import {
  BrandColour,
  DEFAULT_BRAND_COLOUR,
  PostalAddress,
  OperatorPageUrl,
  ProgramName,
  SenderName,
  SupportEmail,
  SupportPhone,
} from '../functions/core/brand';

/**
 * Deploy-time configuration. Each key is read from CDK context (`-c fromEmail=coach@limber.health` or
 * cdk.json) first, then from the environment (`LIMBER_DEPLOY_FROM_EMAIL`), then the default below.
 * The defaults are placeholders (example.com) so that `npx cdk synth` works on a fresh clone; a real
 * deploy sets at least fromEmail and replyDomain (docs/deploy.md). The LIMBER_DEPLOY_ prefix keeps these
 * apart from the runtime variables of functions/config.ts, which a developer may have exported for the
 * local stack.
 */

/** What a fresh clone synthesizes with: obviously not a real operator, and warned about at synth. */
const PLACEHOLDER_BRAND = {
  programName: 'Example Back Care',
  supportEmail: 'support@example.com',
  postalAddress: '1 Example Street, Example City, EX 00000',
} as const;

const hostname = z
  .string()
  .regex(/^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'expected a lower-case DNS name, e.g. reply.example.com');
const flag = z.union([z.boolean(), z.stringbool()]);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The retention periods CloudWatch Logs accepts (days). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const DeployConfig = z
  .object({
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'letters, digits and hyphens, starting with a letter')
      .default('Limber'),
    account: z
      .string()
      .regex(/^\d{12}$/, 'expected a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1')
      .optional(),

    /** The address daily emails come from; its domain becomes the SES sending identity. */
    fromEmail: z.email().default('coach@example.com'),
    /** Replies go to reply+TOKEN@<replyDomain>; its MX record points at SES inbound. */
    replyDomain: hostname.default('reply.example.com'),
    /** The operator's brand (functions/core/brand.ts), in every message and page. Placeholders until set. */
    programName: ProgramName.default(PLACEHOLDER_BRAND.programName),
    /** The From display name; default: programName. */
    senderName: SenderName.optional(),
    /** Named in the SMS HELP answer (CTIA requires a contact), email footers and pages; phone optional, both preferred. */
    supportEmail: SupportEmail.default(PLACEHOLDER_BRAND.supportEmail),
    supportPhone: SupportPhone.optional(),
    /** One line, in every email footer (CAN-SPAM requires a postal address) and on the privacy page. */
    postalAddress: PostalAddress.default(PLACEHOLDER_BRAND.postalAddress),
    /** Your privacy policy (https). Default: the program's own plain notice at /privacy. */
    privacyUrl: OperatorPageUrl.optional(),
    /** Your messaging terms (https), linked from the sign-up page as A2P 10DLC asks. Default: the program's own at /terms. */
    termsUrl: OperatorPageUrl.optional(),
    /** #rrggbb: buttons and links; needs AA contrast (4.5:1) with white text. */
    brandColour: BrandColour.default(DEFAULT_BRAND_COLOUR),
    /** Create the SES domain identity (Easy DKIM) for fromEmail's domain. Off when it exists already. */
    manageEmailIdentity: flag.default(true),

    /** Public base URL of the API (links, Twilio signature checks). Default: the API Gateway URL. */
    publicBaseUrl: z
      .url({ protocol: /^https$/, error: 'expected an https:// URL' })
      .refine((u) => !u.endsWith('/'), 'no trailing slash: paths such as /twilio/inbound are appended to it')
      .optional(),
    /** Custom domain for the HTTP API, with an ACM certificate in the same region. */
    apiDomainName: hostname.optional(),
    apiCertificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'expected an ACM certificate ARN')
      .optional(),

    twilioAccountSid: RuntimeConfig.shape.twilioAccountSid,
    twilioMessagingServiceSid: RuntimeConfig.shape.twilioMessagingServiceSid,
    twilioFrom: RuntimeConfig.shape.twilioFrom,
    /** SMS sign-ups: allowed countries (comma list; default the twilioFrom number's), confirmation-text budgets. */
    smsCountries: RuntimeConfig.shape.smsCountries,
    smsConfirmationsPerHour: int(0, 100_000).default(60),
    smsConfirmationsPerNumberPerDay: int(0, 100).default(3),
    /** Twilio messages per second the sender may use (your number's or service's throughput). */
    twilioMps: z.coerce.number().positive().max(1000).default(1),

    /** Concurrent sender invocations the SQS poller may run (Lambda's minimum is 2). */
    senderMaxConcurrency: int(2, 1000).default(2),
    /**
     * Reserved concurrency for the sender; 0 (the default) = none. The SQS event source's maximum
     * concurrency already bounds the sender; a reservation only guarantees it capacity, and Lambda
     * refuses any that leaves fewer than 100 unreserved executions (a new account's quota is 10).
     */
    senderReservedConcurrency: int(0, 1000).default(0),
    /** Open escalations older than this many minutes raise the escalation alarm. */
    escalationAlarmMinutes: int(5, 10_080).default(60),
    /** Attempts before an outbound webhook delivery moves to its dead-letter queue. */
    webhookMaxReceiveCount: int(1, 100).default(8),
    /** Receives before a delivery job moves to the dead-letter queue. */
    maxReceiveCount: int(1, 100).default(5),

    /** HTTP API throttling: steady rate (requests/s) and burst, for every route. */
    apiRateLimit: int(1, 10_000).default(25),
    apiBurstLimit: int(1, 5_000).default(50),
    /** Tighter throttling for POST /signup (the per-IP limit lives in the handler). */
    signupRateLimit: int(1, 10_000).default(2),
    signupBurstLimit: int(1, 5_000).default(5),
    /** The handler's own limit: sign-ups per client IP per window. */
    signupLimitPerIp: int(1, 10_000).default(20),
    signupLimitWindowSeconds: int(60, 86_400).default(600),
    /** The Twilio webhooks' own throttle, so a flood of other routes never 429s a STOP (Twilio does not retry). */
    twilioWebhookRateLimit: int(1, 10_000).default(20),
    twilioWebhookBurstLimit: int(1, 5_000).default(40),

    /** Encrypt the table with a customer-managed KMS key (rotated yearly) instead of the AWS-managed key. */
    customerManagedKey: flag.default(false),
    /** Email address subscribed to the alarm topic; without it no topic is created. */
    alarmEmail: z.email().optional(),
    logRetentionDays: z.coerce
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), `one of ${LOG_RETENTION_DAYS.join(', ')}`)
      .default(30),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /**
     * Activate the reply domain's receipt rule set at deploy. SES has one active set per account and
     * region: this replaces any other (`limber doctor --aws` shows which is active). Off: activate by hand.
     */
    activateReceiptRuleSet: flag.default(true),
    /** Days raw inbound mail stays in S3 when the handler did not delete it. */
    inboundMailRetentionDays: int(1, 365).default(7),
    /** The pictures uploaded to the image host (`npm run illustrations` writes them). */
    illustrationsDir: z.string().min(1).default('build/illustrations'),
    /** Attach the day's first new exercise's picture to the daily SMS as MMS (US and Canada only; costs more). */
    smsPictures: flag.default(false),
  })
  // A reservation below the poller's concurrency throttles it: messages go back to the queue, count
  // as receives, and healthy jobs end in the DLQ.
  .refine((c) => c.senderReservedConcurrency === 0 || c.senderReservedConcurrency >= c.senderMaxConcurrency, {
    message: 'must be 0 (none) or at least senderMaxConcurrency: a smaller reservation throttles the SQS poller into the DLQ',
    path: ['senderReservedConcurrency'],
  })
  .refine((c) => (c.apiDomainName === undefined) === (c.apiCertificateArn === undefined), {
    message: 'apiDomainName and apiCertificateArn go together',
    path: ['apiDomainName'],
  })
  // Sign-up texts go only to listed countries; with no From number there is no default to take.
  .refine((c) => !c.twilioMessagingServiceSid || c.twilioFrom !== undefined || c.smsCountries !== undefined, {
    message: 'a Messaging Service without twilioFrom needs smsCountries (e.g. US,CA): the countries sign-up may text',
    path: ['smsCountries'],
  });
export type DeployConfig = z.infer<typeof DeployConfig>;

export type ConfigKey = keyof z.input<typeof DeployConfig>;
const KEYS = Object.keys(DeployConfig.shape) as ConfigKey[];

export function envNameOf(key: string): string {
  return `LIMBER_DEPLOY_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/**
 * Reads every key from context, then environment; validates; throws one error naming each bad key
 * and where it came from.
 */
export function loadDeployConfig(context: (key: string) => unknown, env: Record<string, string | undefined> = process.env): DeployConfig {
  const raw: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  for (const key of KEYS) {
    const fromContext = context(key);
    const fromEnv = env[envNameOf(key)];
    if (fromContext !== undefined && fromContext !== '') {
      raw[key] = fromContext;
      source[key] = `context "${key}"`;
    } else if (fromEnv !== undefined && fromEnv !== '') {
      raw[key] = fromEnv;
      source[key] = `env ${envNameOf(key)}`;
    }
  }
  raw.account ??= env.CDK_DEFAULT_ACCOUNT;
  raw.region ??= env.CDK_DEFAULT_REGION;
  const parsed = DeployConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const key = String(i.path[0] ?? '');
    const from = source[key] ?? `context "${key}" / env ${envNameOf(key)}`;
    return `${key} (${from}): ${i.message}`;
  });
  throw new Error(`invalid Limber deploy configuration:\n  ${problems.join('\n  ')}\nSee docs/deploy.md.`);
}

/** Keys still on their placeholder (example.com, the example brand): fine for synth, useless for a deploy. */
export function placeholderKeys(config: DeployConfig): string[] {
  const out: string[] = [];
  if (config.fromEmail.endsWith('@example.com')) out.push('fromEmail');
  if (config.replyDomain.endsWith('example.com')) out.push('replyDomain');
  for (const key of ['programName', 'supportEmail', 'postalAddress'] as const) if (config[key] === PLACEHOLDER_BRAND[key]) out.push(key);
  return out;
}
