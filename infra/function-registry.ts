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
 *   BatchWriteItem: deleteSubscriberData, removeRating, removeSendRecord (the undo of a write that
 *     found the profile gone: no transactions, so a rating or record is put, then the profile re-read)
 */

export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'Query' | 'Scan' | 'BatchWriteItem';
export type SecretKind = 'linkKeys' | 'twilioAuthToken' | 'addressPepper';

export interface HandlerSpec {
  /** Path from the repository root. */
  readonly entry: string;
  readonly purpose: string;
  /** Actions on the table itself. */
  readonly table: readonly TableAction[];
  /** Actions on the sparse `due` index. */
  readonly dueIndex: readonly TableAction[];
  /** Secrets the handler may read (every handler gets every secret's NAME; only these get the value). */
  readonly secrets: readonly SecretKind[];
  /**
   * May call ses:SendEmail (only from the configured address, only through our configuration set).
   * Besides the sender: sign-up confirmations (api) and safety messages after a rating arrive by link
   * (api) or by email reply (sesInbound) go out at once, not through the daily queue
   * (functions/core/notify.ts).
   */
  readonly sendsEmail: boolean;
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
    secrets: ['linkKeys', 'twilioAuthToken'],
    sendsEmail: true,
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
  },
  twilioInbound: {
    entry: 'functions/handlers/twilio-inbound.ts',
    purpose: 'POST /twilio/inbound: signed SMS replies (ratings, STOP/START/HELP/YES), answers TwiML',
    table: [...RW, 'BatchWriteItem'],
    dueIndex: [],
    secrets: ['twilioAuthToken', 'addressPepper', 'linkKeys'],
    sendsEmail: false,
  },
  api: {
    entry: 'functions/handlers/api.ts',
    purpose: 'sign-up page and form, signed links (confirm, rate, pause, resume, unsubscribe, my data)',
    table: [...RW, 'BatchWriteItem'],
    dueIndex: [],
    secrets: ['linkKeys', 'addressPepper', 'twilioAuthToken'],
    sendsEmail: true,
  },
  sesInbound: {
    entry: 'functions/handlers/ses-inbound.ts',
    purpose: 'SES receipt rule -> S3 -> here: parse the reply mail, log the rating, delete the object',
    table: [...RW, 'BatchWriteItem'],
    dueIndex: [],
    secrets: ['linkKeys', 'addressPepper'],
    sendsEmail: true,
  },
  dashboard: {
    entry: 'functions/handlers/dashboard.ts',
    purpose: 'operator dashboard (IAM-authorized routes only); reads, never writes',
    // scanSubscribers, listRatings, listSendRecords.
    table: ['Scan', 'Query'],
    dueIndex: [],
    secrets: [],
    sendsEmail: false,
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
];
