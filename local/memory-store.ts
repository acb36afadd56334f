import { addCount, emptyCounts } from '../functions/adapters/dynamo-directory';
import { messageWeek, statusSk } from '../functions/adapters/dynamo-items';
import { PainRating, runOf, SendRecord, Subscriber, type DeliveryStatus, type SendClaim, type Status } from '../functions/core/model';
import { dueShardOf, DUE_SHARDS } from '../functions/core/identifiers';
import type {
  DeletedItems,
  DirectoryQuery,
  DueEntry,
  Suppression,
  Page,
  StatusCounts,
  SubscriberDirectory,
  RateLimitResult,
  Store,
  SubscriberExpectation,
  SubscriberPatch,
} from '../functions/ports';

/**
 * The Store in memory, with the same conditional semantics as DynamoStore. Used by core unit tests
 * and by the benchmark that measures our own CPU cost (a benchmark against dynalite measures dynalite).
 * The shared contract test (test/integration/store-contract.ts) runs against both.
 */
/** The order DynamoDB's sort keys give: run, then program day. */
const byRunAndDay = (a: { run?: number; programDay: number }, b: { run?: number; programDay: number }) => runOf(a) - runOf(b) || a.programDay - b.programDay;

export class MemoryStore implements Store, SubscriberDirectory {
  private readonly subs = new Map<string, Subscriber>();
  private readonly sends = new Map<string, SendRecord>();
  private readonly ratings = new Map<string, PainRating>();
  private readonly suppressed = new Map<string, Suppression>();
  private readonly counters = new Map<string, number>();
  /** Due index: shard -> id -> entry, plus each shard's entries in key order (rebuilt after a change). */
  private readonly due: Map<string, DueEntry>[];
  private readonly dueSorted: (DueEntry[] | undefined)[];

  constructor(private readonly shards = DUE_SHARDS) {
    this.due = Array.from({ length: shards }, () => new Map());
    this.dueSorted = Array.from({ length: shards }, () => undefined);
  }

  /**
   * Copies plain data (objects, arrays, primitives): stored items never share objects with callers.
   * Much cheaper than structuredClone for these small flat items.
   */
  private clone<T>(v: T): T {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.clone(x)) as T;
    const out: Record<string, unknown> = {};
    for (const k in v) out[k] = this.clone((v as Record<string, unknown>)[k]);
    return out as T;
  }

  private save(sub: Subscriber): Subscriber {
    const n = dueShardOf(sub.id, this.shards);
    const shard = this.due[n]!;
    const before = shard.get(sub.id);
    if (sub.status === 'active' && sub.nextSendAt) {
      if (before?.nextSendAt !== sub.nextSendAt || before.programDay !== sub.programDay) {
        shard.set(sub.id, { id: sub.id, programDay: sub.programDay, nextSendAt: sub.nextSendAt });
        this.dueSorted[n] = undefined;
      }
    } else if (before) {
      shard.delete(sub.id);
      this.dueSorted[n] = undefined;
    }
    this.subs.set(sub.id, sub);
    return this.clone(sub);
  }

  async getSubscriber(id: string): Promise<Subscriber | undefined> {
    const s = this.subs.get(id);
    return s ? this.clone(s) : undefined;
  }

  async createSubscriber(sub: Subscriber, replaceIf?: { statuses: readonly Status[]; nowEpochSeconds: number }): Promise<Subscriber | undefined> {
    const valid = Subscriber.parse(sub);
    const existing = this.subs.get(valid.id);
    if (existing) {
      const replaceable =
        replaceIf &&
        (replaceIf.statuses.includes(existing.status) || (existing.status === 'pending' && (existing.expiresAt ?? Infinity) < replaceIf.nowEpochSeconds));
      if (!replaceable) return undefined;
    }
    return this.save(this.clone(valid));
  }

  private matches(sub: Subscriber, expect: SubscriberExpectation): boolean {
    if (expect.status && !expect.status.includes(sub.status)) return false;
    if (expect.version !== undefined && sub.version !== expect.version) return false;
    if (expect.programDay !== undefined && sub.programDay !== expect.programDay) return false;
    if (expect.noClaim && sub.claim) return false;
    return true;
  }

  private patched(sub: Subscriber, patch: SubscriberPatch, extraRemove: string[] = []): Subscriber {
    const next = this.clone(sub) as Record<string, unknown>;
    for (const k of [...(patch.remove ?? []), ...extraRemove]) delete next[k];
    for (const [k, v] of Object.entries(patch.set ?? {})) if (v !== undefined) next[k] = this.clone(v);
    next.version = sub.version + 1;
    // Patches come from typed core code; items are validated when created (DynamoStore parses on read).
    return next as Subscriber;
  }

  async updateSubscriber(id: string, expect: SubscriberExpectation, patch: SubscriberPatch): Promise<Subscriber | undefined> {
    const sub = this.subs.get(id);
    if (!sub || !this.matches(sub, expect)) return undefined;
    return this.save(this.patched(sub, patch));
  }

  async claimSend(id: string, day: number, claim: SendClaim, nowIso: string): Promise<Subscriber | undefined> {
    const sub = this.subs.get(id);
    if (sub?.status !== 'active' || sub.programDay !== day) return undefined;
    if (sub.claim && !(sub.claim.leaseUntil < nowIso)) return undefined;
    return this.save(this.patched(sub, { set: { claim } }));
  }

  async completeSend(id: string, token: string, patch: SubscriberPatch): Promise<Subscriber | undefined> {
    const sub = this.subs.get(id);
    if (!sub || sub.claim?.token !== token) return undefined;
    return this.save(this.patched(sub, patch, ['claim']));
  }

  async releaseClaim(id: string, token: string): Promise<boolean> {
    const sub = this.subs.get(id);
    if (!sub || sub.claim?.token !== token) return false;
    this.save(this.patched(sub, {}, ['claim']));
    return true;
  }

  private sendKey(id: string, day: number, kind: string, run = 1) {
    return `${id}|${run}|${day}|${kind}`;
  }

  private ratingKey(id: string, day: number, run = 1) {
    return `${id}|${run}|${day}`;
  }

  async putSendRecord(rec: SendRecord): Promise<boolean> {
    const valid = SendRecord.parse(rec);
    const key = this.sendKey(valid.subscriberId, valid.programDay, valid.kind, runOf(valid));
    if (this.sends.has(key)) return false;
    this.sends.set(key, valid);
    return true;
  }

  async getSendRecord(subscriberId: string, programDay: number, kind: SendRecord['kind'], run = 1) {
    const r = this.sends.get(this.sendKey(subscriberId, programDay, kind, run));
    return r ? this.clone(r) : undefined;
  }

  async updateDeliveryStatus(
    subscriberId: string,
    programDay: number,
    kind: SendRecord['kind'],
    status: DeliveryStatus,
    errorCode?: string,
    run = 1,
  ): Promise<boolean> {
    const r = this.sends.get(this.sendKey(subscriberId, programDay, kind, run));
    if (!r) return false;
    r.deliveryStatus = status;
    if (errorCode) r.errorCode = errorCode;
    return true;
  }

  async listSendRecords(subscriberId: string): Promise<SendRecord[]> {
    return [...this.sends.values()]
      .filter((r) => r.subscriberId === subscriberId)
      .sort(byRunAndDay)
      .map((r) => this.clone(r));
  }

  async putRating(r: PainRating): Promise<void> {
    const valid = PainRating.parse(r);
    this.ratings.set(this.ratingKey(valid.subscriberId, valid.programDay, runOf(valid)), valid);
  }

  async listRatings(subscriberId: string, run?: number): Promise<PainRating[]> {
    return [...this.ratings.values()]
      .filter((r) => r.subscriberId === subscriberId && (run === undefined || runOf(r) === run))
      .sort(byRunAndDay)
      .map((r) => this.clone(r));
  }

  async queryDue(shard: number, dueBy: string, limit: number, cursor?: string): Promise<Page<DueEntry>> {
    const map = this.due[shard];
    if (!map) return { items: [] };
    const sorted = (this.dueSorted[shard] ??= [...map.values()].sort((a, b) => compareDue(a, b)));
    // Like DynamoDB's ExclusiveStartKey: the cursor is the last key returned, not an offset, so
    // entries that leave the index between pages do not make the next page skip others.
    let start = 0;
    if (cursor) {
      const [at, id] = [cursor.slice(0, cursor.indexOf('|')), cursor.slice(cursor.indexOf('|') + 1)];
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareDue(sorted[mid]!, { nextSendAt: at, id }) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const items: DueEntry[] = [];
    let i = start;
    for (; i < sorted.length && items.length < limit && sorted[i]!.nextSendAt <= dueBy; i++) items.push({ ...sorted[i]! });
    const more = i < sorted.length && sorted[i]!.nextSendAt <= dueBy;
    const last = items.at(-1);
    return { items, cursor: more && last ? `${last.nextSendAt}|${last.id}` : undefined };
  }

  async scanSubscribers(limit: number, cursor?: string): Promise<Page<Subscriber>> {
    const all = [...this.subs.values()];
    const start = cursor ? Number(cursor) : 0;
    const next = start + limit < all.length ? String(start + limit) : undefined;
    return { items: all.slice(start, start + limit).map((s) => this.clone(s)), cursor: next };
  }

  /** The status index (adapters/dynamo-directory.ts), over the map: same keys, same order. */
  async countByStatus(nowEpochSeconds: number): Promise<StatusCounts> {
    const counts = emptyCounts();
    for (const s of this.subs.values()) {
      const expired = s.status === 'pending' && s.expiresAt !== undefined && s.expiresAt < nowEpochSeconds;
      addCount(counts, expired ? 'expired' : s.status, messageWeek(s.programDay));
    }
    return counts;
  }

  async listByStatus(q: DirectoryQuery): Promise<Page<Subscriber>> {
    const keyed = [...this.subs.values()]
      .filter((s) => s.status === q.status && (q.week === undefined || messageWeek(s.programDay) === q.week))
      .map((s) => ({ sk: statusSk(s.programDay, s.id), s }))
      .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
    if (q.order === 'desc') keyed.reverse();
    const start = q.cursor ? keyed.findIndex((k) => (q.order === 'asc' ? k.sk > q.cursor! : k.sk < q.cursor!)) : 0;
    const slice = start < 0 ? [] : keyed.slice(start, start + q.limit);
    const last = slice.at(-1);
    const more = start >= 0 && start + q.limit < keyed.length;
    return {
      items: slice.filter((k) => !q.channel || k.s.channel === q.channel).map((k) => this.clone(k.s)),
      ...(more && last ? { cursor: last.sk } : {}),
    };
  }

  async deleteSubscriberData(id: string): Promise<DeletedItems> {
    const sub = this.subs.get(id);
    if (sub) {
      const shard = dueShardOf(id, this.shards);
      if (this.due[shard]!.delete(id)) this.dueSorted[shard] = undefined;
      this.subs.delete(id);
    }
    const sweep = (map: Map<string, unknown>) => {
      let n = 0;
      for (const key of [...map.keys()]) if (key.startsWith(`${id}|`) && map.delete(key)) n++;
      return n;
    };
    return { profile: sub !== undefined, ratings: sweep(this.ratings), sends: sweep(this.sends), other: 0 };
  }

  async removeRating(subscriberId: string, programDay: number, run = 1): Promise<void> {
    this.ratings.delete(this.ratingKey(subscriberId, programDay, run));
  }

  async removeSendRecord(subscriberId: string, programDay: number, kind: SendRecord['kind'], run = 1): Promise<void> {
    this.sends.delete(this.sendKey(subscriberId, programDay, kind, run));
  }

  async putSuppression(addressHash: string, reason: string, at: string, lastRun?: number): Promise<void> {
    this.suppressed.set(addressHash, { reason, at, ...(lastRun === undefined ? {} : { lastRun }) });
  }

  async isSuppressed(addressHash: string): Promise<boolean> {
    return this.suppressed.has(addressHash);
  }

  async getSuppression(addressHash: string): Promise<Suppression | undefined> {
    const s = this.suppressed.get(addressHash);
    return s ? { ...s } : undefined;
  }

  async liftSuppression(addressHash: string, reason: string): Promise<boolean> {
    if (this.suppressed.get(addressHash)?.reason !== reason) return false;
    this.suppressed.delete(addressHash);
    return true;
  }

  async consumeRateLimit(key: string, limit: number): Promise<RateLimitResult> {
    const count = this.counters.get(key) ?? 0;
    if (count >= limit) return { allowed: false, count: limit };
    this.counters.set(key, count + 1);
    return { allowed: true, count: count + 1 };
  }
}

function compareDue(a: Pick<DueEntry, 'nextSendAt' | 'id'>, b: Pick<DueEntry, 'nextSendAt' | 'id'>): number {
  if (a.nextSendAt !== b.nextSendAt) return a.nextSendAt < b.nextSendAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
