import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { ensureTable } from '../../local/table-schema';
import { dueShardOf, DUE_SHARDS } from '../../functions/core/identifiers';
import type { SendClaim, SendRecord, Status, Subscriber } from '../../functions/core/model';
import type { SubscriberExpectation, SubscriberPatch } from '../../functions/ports';
import { startDynalite } from '../../local/stand-ins';
import twilio from 'twilio';
import { ENV } from '../../functions/config';
import { ManualClock } from '../../local/manual-clock';
import { SEND_KEY_HEADER } from '../../functions/core/send-key';
import { createSesEventsHandler } from '../../functions/handlers/ses-events';
import { createTwilioStatusHandler } from '../../functions/handlers/twilio-status';
import type { Store } from '../../functions/ports';
import { formPostEvent } from '../../local/lambda-http';
import { sesEventsFor } from '../../local/ses-event-bridge';
import { AcceptingMailer, AcceptingSms, benchEnv, dueSubscribers, PEPPER, pool, T0, TWILIO_SID, TWILIO_TOKEN, type Accepted } from './fixtures';
import { runPipeline, type PipelineRun } from './pipeline';

/**
 * DynamoDB units per delivered message: the same pipeline against dynalite with
 * ReturnConsumedCapacity=INDEXES on every request; then the providers' reports of those messages
 * (SES Send + Delivery events, Twilio 'sent' + 'delivered' status callbacks) through the real
 * ses-events and twilio-status handlers, counted apart: they create and update the SendRecords.
 *
 * dynalite reports table units for writes (1 per started KB of the larger of the old and new item, as
 * DynamoDB does) and index units for a Query on the index, but NO index units for writes. So the
 * due-index writes are computed here from DynamoDB's rules for a GSI, from each subscriber's index
 * entry before and after every successful write: entry added or removed = 1 write, key changed =
 * 2 (delete + put), only a projected attribute changed = 1, nothing changed = 0 (the projection is
 * id + programDay; the entry is far below 1 KB, so each index write is 1 WCU).
 */

export interface OpUnits {
  requests: number;
  rcu: number;
  wcu: number;
  /** Index read units dynalite reported (Query on the due index). */
  indexRcu: number;
  /** Index write units computed from the item change rules (dynalite does not report them). */
  indexWcuComputed: number;
}

type IndexEntry = string | undefined;

function indexEntry(sub: Pick<Subscriber, 'id' | 'status' | 'nextSendAt' | 'programDay'>, shards: number): IndexEntry {
  if (sub.status !== 'active' || !sub.nextSendAt) return undefined;
  return `DUE#${dueShardOf(sub.id, shards)}|${sub.nextSendAt}|${sub.programDay}`;
}

function indexWrites(before: IndexEntry, after: IndexEntry): number {
  if (before === after) return 0;
  if (!before || !after) return 1;
  const key = (e: string) => e.slice(0, e.lastIndexOf('|'));
  return key(before) === key(after) ? 1 : 2;
}

/** DynamoStore with capacity reporting, plus the computed index writes of every subscriber write. */
class CountingStore extends DynamoStore {
  readonly ops = new Map<string, OpUnits>();
  private readonly index = new Map<string, IndexEntry>();

  constructor(client: DynamoDBClient, tableName: string) {
    super({
      client,
      tableName,
      onCapacity: (op, consumed) => this.record(op, consumed),
    });
  }

  private op(name: string): OpUnits {
    let o = this.ops.get(name);
    if (!o) this.ops.set(name, (o = { requests: 0, rcu: 0, wcu: 0, indexRcu: 0, indexWcuComputed: 0 }));
    return o;
  }

  private record(name: string, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined) {
    const o = this.op(name);
    o.requests++;
    const read = /^(get|query|list|scan|isSuppressed)/i.test(name);
    for (const c of [consumed ?? []].flat()) {
      const idx = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((s, v) => s + (v.CapacityUnits ?? 0), 0);
      const table = c.Table?.CapacityUnits ?? (c.CapacityUnits ?? 0) - idx;
      if (read) {
        // dynalite reports 0 for a read that finds nothing; DynamoDB charges at least one read unit
        // (0.5 eventually consistent: every index read; our table reads are all strongly consistent).
        if (table + idx === 0) {
          if (name === 'queryDue') o.indexRcu += 0.5;
          else o.rcu += 1;
        } else {
          o.rcu += table;
          o.indexRcu += idx;
        }
      } else o.wcu += table;
    }
  }

  /** A conditional write that failed consumed 1 WCU and changed nothing (the SDK throws; the store returns undefined). */
  private failedWrite(name: string) {
    const o = this.op(name);
    o.requests++;
    o.wcu += 1;
  }

  private track(name: string, sub: Subscriber | undefined) {
    if (!sub) return;
    const after = indexEntry(sub, DUE_SHARDS);
    this.op(name).indexWcuComputed += indexWrites(this.index.get(sub.id), after);
    this.index.set(sub.id, after);
  }

  override async createSubscriber(sub: Subscriber, replaceIf?: { statuses: readonly Status[]; nowEpochSeconds: number }) {
    const out = await super.createSubscriber(sub, replaceIf);
    if (out) this.track('createSubscriber', out);
    else this.failedWrite('createSubscriber');
    return out;
  }
  override async updateSubscriber(id: string, expect: SubscriberExpectation, patch: SubscriberPatch) {
    const out = await super.updateSubscriber(id, expect, patch);
    if (out) this.track('updateSubscriber', out);
    else this.failedWrite('updateSubscriber');
    return out;
  }
  override async claimSend(id: string, day: number, claim: SendClaim, nowIso: string) {
    const out = await super.claimSend(id, day, claim, nowIso);
    if (out) this.track('claimSend', out);
    else this.failedWrite('claimSend');
    return out;
  }
  override async completeSend(id: string, token: string, patch: SubscriberPatch) {
    const out = await super.completeSend(id, token, patch);
    if (out) this.track('completeSend', out);
    else this.failedWrite('completeSend');
    return out;
  }
  override async putSendRecord(rec: SendRecord) {
    const out = await super.putSendRecord(rec);
    if (!out) this.failedWrite('putSendRecord');
    return out;
  }
  override async updateDeliveryStatus(...args: Parameters<Store['updateDeliveryStatus']>) {
    const out = await super.updateDeliveryStatus(...args);
    if (!out) this.failedWrite('updateDeliveryStatus');
    return out;
  }
  override async releaseClaim(id: string, token: string) {
    const out = await super.releaseClaim(id, token);
    if (!out) this.failedWrite('releaseClaim');
    return out;
  }
}

export type UnitTotals = OpUnits & { readUnits: number; writeUnits: number };

export interface DynamoUnitsResult {
  subscribers: number;
  delivered: number;
  run: PipelineRun;
  /** The send path (dispatcher + sender), per delivered message, by store operation. */
  perMessage: Record<string, OpUnits>;
  total: UnitTotals;
  /** The providers' reports of the same messages (two each), per delivered message. */
  reports: { perMessage: Record<string, OpUnits>; total: UnitTotals; events: number };
  /** Send path + reports. */
  allIn: UnitTotals;
  /** What the seed (createSubscriber) cost per subscriber: what a confirmed sign-up roughly costs to store. */
  seedPerSubscriber: OpUnits | undefined;
  dynaliteOpsPerSecond: number;
}

function perDelivered(ops: ReadonlyMap<string, OpUnits>, delivered: number): { perMessage: Record<string, OpUnits>; total: UnitTotals } {
  const perMessage: Record<string, OpUnits> = {};
  const total: UnitTotals = { requests: 0, rcu: 0, wcu: 0, indexRcu: 0, indexWcuComputed: 0, readUnits: 0, writeUnits: 0 };
  for (const [name, o] of ops) {
    const per = {
      requests: o.requests / delivered,
      rcu: o.rcu / delivered,
      wcu: o.wcu / delivered,
      indexRcu: o.indexRcu / delivered,
      indexWcuComputed: o.indexWcuComputed / delivered,
    };
    perMessage[name] = per;
    for (const k of Object.keys(per) as (keyof OpUnits)[]) total[k] += per[k];
  }
  total.readUnits = total.rcu + total.indexRcu;
  total.writeUnits = total.wcu + total.indexWcuComputed;
  return { perMessage, total };
}

/**
 * What SES and Twilio report about the accepted messages, as they would: for each mail the EventBridge
 * events SES publishes (the local event bridge's shapes: Send, then Delivery), for each text Twilio's
 * signed 'sent' and 'delivered' callbacks. Returns how many reports were handled.
 */
async function replayReports(store: Store, mails: readonly Accepted[], texts: readonly Accepted[]): Promise<number> {
  const clock = new ManualClock(T0);
  const env = benchEnv();
  const sesEvents = createSesEventsHandler(async () => ({ store, pepper: PEPPER }));
  const twilioStatus = createTwilioStatusHandler(async () => ({
    store,
    pepper: PEPPER,
    authToken: TWILIO_TOKEN,
    publicBaseUrl: env[ENV.publicBaseUrl]!,
    clock,
  }));
  const atIso = new Date(T0).toISOString();
  let events = 0;
  await pool(mails, 16, async (m) => {
    const mail = {
      messageId: m.messageId,
      from: env[ENV.fromEmail]!,
      destination: { to: [m.to] },
      subject: 'Limber',
      headers: [{ name: SEND_KEY_HEADER, value: m.key }],
      at: 0,
    };
    for (const event of sesEventsFor(mail, { atIso })) {
      if ((await sesEvents(event)) !== 'recorded') throw new Error('bench: an SES event was not recorded');
      events++;
    }
  });
  await pool(texts, 16, async (t) => {
    for (const status of ['sent', 'delivered']) {
      const params = { AccountSid: TWILIO_SID, MessageSid: t.messageId, MessageStatus: status, To: t.to };
      const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, t.key, params);
      const res = (await twilioStatus(formPostEvent(t.key, params, { 'x-twilio-signature': signature }))) as { statusCode: number };
      if (res.statusCode !== 204) throw new Error(`bench: status callback answered ${res.statusCode}`);
      events++;
    }
  });
  return events;
}

export async function benchDynamoUnits(subscriberCount: number, log: (s: string) => void = () => {}): Promise<DynamoUnitsResult> {
  const dynalite = await startDynalite({ port: 0 });
  try {
    const client = new DynamoDBClient({
      endpoint: dynalite.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(client, 'limber-bench');
    const store = new CountingStore(client, 'limber-bench');
    const subscribers = dueSubscribers(subscriberCount, 7);
    let seed: OpUnits | undefined;
    const mailer = new AcceptingMailer(true);
    const sms = new AcceptingSms(true);
    const run = await runPipeline({
      store,
      subscribers,
      mailer,
      sms,
      seedConcurrency: 16,
      invocations: 8,
      onPhase: (phase) => {
        log(`dynalite: ${phase}`);
        if (phase === 'seeded') {
          const s = store.ops.get('createSubscriber');
          seed = s && {
            requests: s.requests / subscriberCount,
            rcu: s.rcu / subscriberCount,
            wcu: s.wcu / subscriberCount,
            indexRcu: 0,
            indexWcuComputed: s.indexWcuComputed / subscriberCount,
          };
          store.ops.clear();
        }
      },
    });
    const delivered = run.sent.email + run.sent.sms;
    if (delivered !== subscriberCount || run.failures) throw new Error(`dynalite pipeline: ${delivered}/${subscriberCount}, ${run.failures} failures`);
    const sendPath = perDelivered(store.ops, delivered);
    store.ops.clear();
    log('dynalite: provider reports');
    const events = await replayReports(store, mailer.accepted, sms.accepted);
    const reports = { ...perDelivered(store.ops, delivered), events };
    const allIn = { ...sendPath.total };
    for (const k of Object.keys(allIn) as (keyof UnitTotals)[]) allIn[k] += reports.total[k];
    return {
      subscribers: subscriberCount,
      delivered,
      run,
      ...sendPath,
      reports,
      allIn,
      seedPerSubscriber: seed,
      dynaliteOpsPerSecond: (sendPath.total.requests * delivered) / (run.totalMs / 1000),
    };
  } finally {
    await dynalite.close();
  }
}
