import type { Store } from '../ports';
import { redactedRef, suppressionHash } from './keys';
import { csvTable } from './csv';
import type { PainRating, SendRecord, Subscriber } from './model';
import type { LogFn } from './notify';

/**
 * A person's rights over their data (GDPR art. 15, 17, 20): see it, take it away, delete it.
 * Deletion removes every item in the subscriber's partition (profile, ratings, sends, provider
 * events) and keeps only a keyed hash of the address, so it is not contacted again without new
 * consent. Inbound mail is deleted from S3 as soon as it is parsed (ses-inbound), so none is left.
 */

export interface DataExport {
  subscriber: Omit<Subscriber, 'claim' | 'version'>;
  ratings: { programDay: number; at: string; score: number; source: PainRating['source']; redFlag: boolean }[];
  messages: { programDay: number; at: string; kind: SendRecord['kind']; channel: SendRecord['channel']; deliveryStatus: SendRecord['deliveryStatus'] }[];
}

export async function exportData(store: Pick<Store, 'getSubscriber' | 'listRatings' | 'listSendRecords'>, id: string): Promise<DataExport | undefined> {
  const sub = await store.getSubscriber(id);
  if (!sub) return undefined;
  const [ratings, sends] = await Promise.all([store.listRatings(id), store.listSendRecords(id)]);
  const { claim: _claim, version: _version, ...subscriber } = sub;
  return {
    subscriber,
    ratings: ratings
      .sort((a, b) => a.programDay - b.programDay)
      .map((r) => ({ programDay: r.programDay, at: r.at, score: r.score, source: r.source, redFlag: r.redFlag })),
    messages: sends
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
      .map((s) => ({ programDay: s.programDay, at: s.at, kind: s.kind, channel: s.channel, deliveryStatus: s.deliveryStatus })),
  };
}

/** The person's own ratings as CSV, one row per program day. */
export function exportCsv(data: DataExport): string {
  return csvTable(
    ['program_day', 'at', 'score', 'source', 'red_flag'],
    data.ratings.map((r) => [r.programDay, r.at, r.score, r.source, r.redFlag]),
  );
}

export function exportJson(data: DataExport): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

export type DeleteOutcome = { deleted: true; items: number } | { deleted: false };

/**
 * Deletes everything stored about the subscriber. The suppression entry is written first: if the
 * delete stops half-way, the address is still never contacted, and a retry finishes the job.
 */
export async function deleteData(
  ctx: { store: Pick<Store, 'getSubscriber' | 'putSuppression' | 'deleteSubscriberData'>; pepper: string; nowIso: string; log?: LogFn },
  id: string,
): Promise<DeleteOutcome> {
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return { deleted: false };
  await ctx.store.putSuppression(suppressionHash(sub.channel, sub.address, ctx.pepper), 'deleted-by-request', ctx.nowIso);
  const items = await ctx.store.deleteSubscriberData(id);
  ctx.log?.('subscriber data deleted', { ref: redactedRef(id), items });
  return { deleted: true, items };
}
