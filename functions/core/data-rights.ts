import type { DeletedItems, Store } from '../ports';
import { redactedRef, suppressionHashForId } from './identifiers';
import { csvTable } from './csv';
import { runOf, type PainRating, type SendRecord, type Subscriber } from './model';
import type { Log } from '../ports';

/**
 * A person's rights over their data (GDPR art. 15, 17, 20): see it, take it away, delete it.
 * Deletion removes every item in the subscriber's partition (profile, ratings, sends, provider
 * events) and keeps only a keyed hash of the address, so it is not contacted again without new
 * consent. Inbound mail is deleted from S3 as soon as it is parsed (ses-inbound), so none is left.
 */

/** One consent as a person or operator reads it: when and which wording, or that no record exists (older sign-ups). */
export type ConsentRecord = { at: string; version: string } | 'not recorded';
export interface ConsentRecords {
  messaging: ConsentRecord;
  health: ConsentRecord;
}

export function consentRecords(sub: Pick<Subscriber, 'consentAt' | 'consentVersion' | 'healthConsentAt' | 'healthConsentVersion'>): ConsentRecords {
  const one = (at?: string, version?: string): ConsentRecord => (at && version ? { at, version } : 'not recorded');
  return { messaging: one(sub.consentAt, sub.consentVersion), health: one(sub.healthConsentAt, sub.healthConsentVersion) };
}

/** "2026-12-02T08:00:00.000Z (health-2026-12-02)" or "not recorded". */
export function describeConsent(c: ConsentRecord): string {
  return c === 'not recorded' ? c : `${c.at} (${c.version})`;
}

export interface DataExport {
  subscriber: Omit<Subscriber, 'claim' | 'version'>;
  /** The two consents (messaging; keeping health data), each with its time and wording version. */
  consents: ConsentRecords;
  /** Every run's ratings and messages (a restarted program keeps the earlier runs), by run and day. */
  ratings: { run: number; programDay: number; at: string; score: number; source: PainRating['source']; redFlag: boolean }[];
  messages: {
    run: number;
    programDay: number;
    at: string;
    kind: SendRecord['kind'];
    channel: SendRecord['channel'];
    deliveryStatus: SendRecord['deliveryStatus'];
  }[];
}

export async function exportData(store: Pick<Store, 'getSubscriber' | 'listRatings' | 'listSendRecords'>, id: string): Promise<DataExport | undefined> {
  const sub = await store.getSubscriber(id);
  if (!sub) return undefined;
  const [ratings, sends] = await Promise.all([store.listRatings(id), store.listSendRecords(id)]);
  const { claim: _claim, version: _version, ...subscriber } = sub;
  return {
    subscriber,
    consents: consentRecords(sub),
    ratings: ratings
      .sort((a, b) => runOf(a) - runOf(b) || a.programDay - b.programDay)
      .map((r) => ({ run: runOf(r), programDay: r.programDay, at: r.at, score: r.score, source: r.source, redFlag: r.redFlag })),
    messages: sends
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
      .map((s) => ({ run: runOf(s), programDay: s.programDay, at: s.at, kind: s.kind, channel: s.channel, deliveryStatus: s.deliveryStatus })),
  };
}

/** The person's own ratings as CSV, one row per run and program day. */
export function exportCsv(data: DataExport): string {
  return csvTable(
    ['run', 'program_day', 'at', 'score', 'source', 'red_flag'],
    data.ratings.map((r) => [r.run, r.programDay, r.at, r.score, r.source, r.redFlag]),
  );
}

export function exportJson(data: DataExport): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

export type DeleteOutcome = DeletedItems;

/**
 * Deletes everything stored under the subscriber's id, whether or not a profile is still there
 * (orphaned ratings are health data too), and says what it found. The suppression entry is written
 * first and derived from the id, so it is written even when no address is left to hash: if the delete
 * stops half-way the address is still never contacted, and a retry finishes the job.
 */
export async function deleteData(
  ctx: { store: Pick<Store, 'getSubscriber' | 'putSuppression' | 'deleteSubscriberData'>; pepper: string; nowIso: string; log?: Log },
  id: string,
): Promise<DeleteOutcome> {
  // The entry keeps the run that ends here: a sign-up after it starts the next one (core/enrolment.ts).
  const sub = await ctx.store.getSubscriber(id);
  await ctx.store.putSuppression(suppressionHashForId(id, ctx.pepper), DELETION_REASON, ctx.nowIso, sub ? runOf(sub) : undefined);
  const found = await ctx.store.deleteSubscriberData(id);
  ctx.log?.info('subscriber data deleted', { ref: redactedRef(id), profile: found.profile, items: found.ratings + found.sends + found.other });
  return found;
}

export const DELETION_REASON = 'deleted-by-request';

/** What the page and the CLI say: only what was found. */
export function deletedSummary(d: DeletedItems): string[] {
  const parts: string[] = [];
  if (d.profile) parts.push('your sign-up');
  if (d.ratings) parts.push(`${d.ratings} pain score${d.ratings === 1 ? '' : 's'}`);
  if (d.sends) parts.push(`${d.sends} record${d.sends === 1 ? '' : 's'} of messages we sent`);
  if (d.other) parts.push(`${d.other} other item${d.other === 1 ? '' : 's'}`);
  if (parts.length === 0) return ['We found nothing stored for this link: there was nothing to delete.'];
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return [`We found and deleted ${list}.`, ...(d.profile ? [] : ['Your sign-up itself had already ended and was gone.'])];
}
