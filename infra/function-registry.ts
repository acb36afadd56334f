/**
 * Every Lambda of the stack in one place: its entry file, and exactly what it may touch. The constructs
 * read the grants from here, the tests check the synthesized policies against this table, and
 * docs/deploy.md explains it. Adding a handler = adding a row (and wiring its trigger in a construct).
 *
 * Table grants are explicit DynamoDB actions on the table ARN (and the `due` index ARN where listed),
 * never `dynamodb:*` and never the CDK `grantReadWriteData` bundle, which would hand every function
 * Scan, DeleteItem and BatchGet it does not use. The actions follow the Store methods each handler
 * calls (functions/ports.ts -> functions/adapters/dynamo-store.ts):
 *   GetItem: getSubscriber, getSendRecord, isSuppressed
 *   PutItem: createSubscriber, putSendRecord, putRating, putSuppression
 *   UpdateItem: updateSubscriber, claimSend, completeSend, releaseClaim, updateDeliveryStatus, consumeRateLimit
 *   Query: listSendRecords, listRatings, deleteSubscriberData (table); queryDue (index)
 *   Scan: scanSubscribers (operator dashboard only)
 *   BatchGetItem (table), Query (status index): the dashboard's SubscriberDirectory
 *   BatchWriteItem: deleteSubscriberData, removeRating, removeSendRecord (the undo of a write that
 *     found the profile gone: no transactions, so a rating or record is put, then the profile re-read)
 */

export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'Query' | 'Scan' | 'BatchWriteItem' | 'BatchGetItem';
export type SecretKind = 'linkKeys' | 'twilioAuthToken' | 'addressPepper' | 'webhookEndpoints';
/**
 * Large libraries that only some handlers load, each through a dynamic import: Twilio's REST client
 * (functions/adapters/twilio-sms.ts, ~0.9 MB with axios), mailparser (adapters/inbound-mail.ts,
 * ~1.3 MB with iconv-lite), and the AWS SDK clients other than DynamoDB's (adapters/lazy-client.ts:
 * SQS, SES v2, S3, Secrets Manager; 15-130 kB each). MJML is in none: the layouts are compiled when
 * the bundle is built.
 */
export type BundledLibrary = 'twilioRest' | 'mailparser' | 'sqs' | 'sesv2' | 's3' | 'secretsManager';

export interface HandlerSpec {
  /** Path from the repository root. */
  readonly entry: string;
  readonly purpose: string;
  /** Actions on the table itself. */
  readonly table: readonly TableAction[];
  /** Actions on the sparse `due` index. */
  readonly dueIndex: readonly TableAction[];
  /** Actions on the `status` index (dashboard counts and pages); none when absent. */
  readonly statusIndex?: readonly TableAction[];
  /** Actions on the sparse `outbox` index (webhook events still pending); none when absent. */
  readonly outboxIndex?: readonly TableAction[];
  /** Secrets the handler may read (every handler gets every secret's NAME; only these get the value). */
  readonly secrets: readonly SecretKind[];
  /**
   * May call ses:SendEmail (only from the configured address, only through our configuration set).
   * Besides the sender: sign-up confirmations (api) and safety messages after a rating arrive by link
   * (api) or by email reply (sesInbound) go out at once, not through the daily queue
   * (functions/core/notify.ts).
   */
  readonly sendsEmail: boolean;
  /**
   * Changes subscriber state that outbound webhooks report (core/webhooks.ts): may enqueue on the
   * webhook queue and reads the webhookEndpoints secret to fan out.
   */
  readonly emitsEvents: boolean;
  /**
   * The libraries above that the handler loads besides those its grants imply (`librariesOf`); the
   * others are left out of its bundle (smaller, faster cold start). test/infra/bundles.test.ts runs
   * every bundle on its events: a handler that reaches a library it does not list fails there.
   */
  readonly loads: readonly BundledLibrary[];
}

/**
 * Everything a handler's bundle carries of the optional libraries: its `loads`, plus Secrets Manager
 * when it may read a secret, SES when it sends email, SQS when it emits events. Derived, because the
 * bundle test runs in local mode (secrets from the environment) and may not reach every such path.
 */
export function librariesOf(spec: HandlerSpec): ReadonlySet<BundledLibrary> {
  const implied: BundledLibrary[] = [
    ...(spec.secrets.length > 0 ? (['secretsManager'] as const) : []),
    ...(spec.sendsEmail ? (['sesv2'] as const) : []),
    ...(spec.emitsEvents ? (['sqs'] as const) : []),
  ];
  return new Set([...spec.loads, ...implied]);
}

const RW = ['GetItem', 'PutItem', 'UpdateItem', 'Query'] as const;

export const HANDLERS = {
  dispatcher: {
    entry: 'functions/handlers/dispatcher.ts',
    purpose: 'every 5 minutes: query the due index shard by shard, enqueue one job per subscriber-day',
    table: [],
    dueIndex: ['Query'],
    secrets: [],
    sendsEmail: false,
    emitsEvents: false,
    loads: ['sqs', 'sesv2'],
  },
  sender: {
    entry: 'functions/handlers/sender.ts',
    purpose: 'SQS consumer: claim, render, send (SES / Twilio), complete',
    // claimSend, completeSend, releaseClaim, updateSubscriber; getSubscriber, getSendRecord; listRatings.
    // The provider's report of a send writes its record (sesEvents, twilioStatus); only a job whose
    // completeSend failed writes it here (putSendRecord, removeSendRecord if the profile is gone:
    // core/complete-later.ts), since that report may have failed in the same outage.
    table: ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'BatchWriteItem'],
    dueIndex: [],
    secrets: ['linkKeys', 'twilioAuthToken', 'webhookEndpoints'],
    sendsEmail: true,
    emitsEvents: true,
    loads: ['twilioRest', 'sqs'],
  },
  sesEvents: {
    entry: 'functions/handlers/ses-events.ts',
    purpose: 'SES configuration-set events (Send, Delivery, Bounce, Complaint, Reject): send records and suppression',
    // putSendRecord + getSubscriber (removeSendRecord if the profile is gone), updateDeliveryStatus;
    // on a hard bounce/complaint updateSubscriber + putSuppression.
    table: ['GetItem', 'PutItem', 'UpdateItem', 'BatchWriteItem'],
    dueIndex: [],
    secrets: ['addressPepper'],
    sendsEmail: false,
    emitsEvents: false,
    loads: [],
  },
  twilioStatus: {
    entry: 'functions/handlers/twilio-status.ts',
    purpose: 'POST /twilio/status: signed delivery status callbacks',
    // putSendRecord + getSubscriber (removeSendRecord if the profile is gone), updateDeliveryStatus;
    // updateSubscriber + putSuppression on a carrier opt-out (21610).
    table: ['GetItem', 'PutItem', 'UpdateItem', 'BatchWriteItem'],
    dueIndex: [],
    secrets: ['twilioAuthToken'],
    sendsEmail: false,
    emitsEvents: false,
    loads: [],
  },
  twilioInbound: {
    entry: 'functions/handlers/twilio-inbound.ts',
    purpose: 'POST /twilio/inbound: signed SMS replies (ratings, STOP/START/HELP/YES), answers TwiML',
    table: [...RW, 'BatchWriteItem'],
    dueIndex: [],
    secrets: ['twilioAuthToken', 'addressPepper', 'linkKeys', 'webhookEndpoints'],
    sendsEmail: false,
    emitsEvents: true,
    loads: [],
  },
  api: {
    entry: 'functions/handlers/api.ts',
    purpose: 'sign-up page and form, signed links (confirm, rate, pause, resume, unsubscribe, my data)',
    table: [...RW, 'BatchWriteItem'],
    dueIndex: [],
    secrets: ['linkKeys', 'addressPepper', 'twilioAuthToken', 'webhookEndpoints'],
    sendsEmail: true,
    emitsEvents: true,
    loads: ['twilioRest'],
  },
  sesInbound: {
    entry: 'functions/handlers/ses-inbound.ts',
    purpose: 'SES receipt rule -> S3 -> here: parse the reply mail, log the rating, delete the object',
    table: [...RW, 'BatchWriteItem'],
    dueIndex: [],
    secrets: ['linkKeys', 'addressPepper', 'webhookEndpoints'],
    sendsEmail: true,
    emitsEvents: true,
    loads: ['mailparser', 's3'],
  },
  dashboard: {
    entry: 'functions/handlers/dashboard.ts',
    purpose: "operator dashboard (IAM-authorized routes only); reads, and moves an escalation on an operator's POST",
    // scanSubscribers, listRatings, listSendRecords; the page's profiles (BatchGetItem); counts and pages;
    // getEscalation + moveEscalation (one conditional UpdateItem) for the POST; its form tokens use the link keys.
    table: ['Scan', 'Query', 'BatchGetItem', 'GetItem', 'UpdateItem'],
    dueIndex: [],
    statusIndex: ['Query'],
    secrets: ['linkKeys'],
    sendsEmail: false,
    emitsEvents: false,
    loads: [],
  },
  webhookSender: {
    entry: 'functions/handlers/webhook-sender.ts',
    purpose: 'SQS consumer: sign (Standard Webhooks) and POST outbound webhook deliveries, with backoff',
    table: [],
    dueIndex: [],
    secrets: ['webhookEndpoints'],
    sendsEmail: false,
    emitsEvents: false,
    loads: ['sqs'],
  },
  webhookOutbox: {
    entry: 'functions/handlers/webhook-outbox.ts',
    purpose: 'every 5 minutes: publish the webhook events still in an outbox a minute after their write, then remove them there',
    // sweepOutbox: Query the outbox index, GetItem the item (and the profile, for an address), UpdateItem to remove the entries.
    table: ['GetItem', 'UpdateItem'],
    dueIndex: [],
    outboxIndex: ['Query'],
    secrets: ['webhookEndpoints'],
    sendsEmail: false,
    emitsEvents: true,
    loads: [],
  },
  escalationMonitor: {
    entry: 'functions/handlers/escalation-monitor.ts',
    purpose: 'every 5 minutes: count open escalations older than the setting, publish the metric the alarm watches',
    // listOpenBefore: one Query of the sparse index partition ESCOPEN (never a DUE# shard).
    table: [],
    dueIndex: ['Query'],
    secrets: [],
    sendsEmail: false,
    emitsEvents: false,
    loads: [],
  },
} as const satisfies Record<string, HandlerSpec>;

export type HandlerName = keyof typeof HANDLERS;

/**
 * The handlers this stack deploys. The handlers are written alongside the infrastructure: one whose
 * entry file does not exist yet stays out of this list (its trigger and routes are then not created),
 * so `npm run synth` keeps working. Complete the list when the file lands.
 */
export const WIRED_HANDLERS: readonly HandlerName[] = [
  'dispatcher',
  'sender',
  'sesEvents',
  'twilioStatus',
  'twilioInbound',
  'api',
  'sesInbound',
  'dashboard',
  'webhookSender',
  'webhookOutbox',
  'escalationMonitor',
];
