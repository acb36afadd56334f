import * as z from 'zod';
import * as copy from '../../templates/messages/copy';
import type { Clock, Store } from '../ports';
import { type BandChange, DEFAULT_BAND, MAX_BAND_CHANGES, type RangeBand, WEEK, type Subscriber } from './model';
import { csvTable } from './csv';
import { BANDS, bandIndex } from './range';

/**
 * How a person's range band changes after sign-up (docs/program.md, "Range bands"): their own
 * choice (the preferences page), the weekly "too easy, right or too hard?" question, a hard week
 * (adaptive.ts). Each change is one conditional write on the subscriber item, recorded in
 * `bandChanges` for the dashboard and exports.
 */

/** The patch fields that move a person to `to`; empty when nothing changes. */
export function bandChangeSet(
  sub: Pick<Subscriber, 'band' | 'bandChanges'>,
  to: RangeBand | undefined,
  via: BandChange['via'],
  at: string,
): Partial<Subscriber> {
  if (!to || to === (sub.band ?? DEFAULT_BAND)) return to ? { band: to } : {};
  const change: BandChange = { at, ...(sub.band ? { from: sub.band } : {}), to, via };
  return { band: to, bandChanges: [...(sub.bandChanges ?? []), change].slice(-MAX_BAND_CHANGES) };
}

export const BandFeedback = z.enum(['too-easy', 'right', 'too-hard'], 'choose too-easy, right or too-hard');
export type BandFeedback = z.infer<typeof BandFeedback>;

export type FeedbackOutcome =
  | { kind: 'moved'; from: RangeBand; to: RangeBand }
  | { kind: 'kept'; band: RangeBand; reason: 'right' | 'at-limit' | 'chair' | 'once-a-week' };

const WEEK_MS = WEEK * 24 * 60 * 60 * 1000;

/**
 * The weekly question moves one band, at most one step in 7 days. "Too easy" never lifts a person
 * off chair forms: only they can, by answering the self-check again (someone who cannot get down
 * to the floor must never be moved onto it by a tap).
 */
export function decideFeedback(sub: Pick<Subscriber, 'band' | 'bandChanges'>, answer: BandFeedback, nowMs: number): FeedbackOutcome {
  const band = sub.band ?? DEFAULT_BAND;
  if (answer === 'right') return { kind: 'kept', band, reason: 'right' };
  const last = [...(sub.bandChanges ?? [])].reverse().find((c) => c.via === 'feedback');
  if (last && nowMs - Date.parse(last.at) < WEEK_MS) return { kind: 'kept', band, reason: 'once-a-week' };
  if (answer === 'too-easy' && band === 'chair') return { kind: 'kept', band, reason: 'chair' };
  const to = BANDS[bandIndex(band) + (answer === 'too-easy' ? 1 : -1)];
  return to ? { kind: 'moved', from: band, to } : { kind: 'kept', band, reason: 'at-limit' };
}

export type ChangeOutcome = FeedbackOutcome | { kind: 'not-found' } | { kind: 'conflict' };

const FEEDBACK_WORDS: Record<string, BandFeedback> = {
  easy: 'too-easy',
  'too easy': 'too-easy',
  'to easy': 'too-easy',
  'a bit easy': 'too-easy',
  'too easy for me': 'too-easy',
  right: 'right',
  'about right': 'right',
  'just right': 'right',
  hard: 'too-hard',
  'too hard': 'too-hard',
  'to hard': 'too-hard',
  'a bit hard': 'too-hard',
  'too hard for me': 'too-hard',
  difficult: 'too-hard',
  'too difficult': 'too-hard',
};

/**
 * The SMS answer to "Reply EASY, RIGHT or HARD": the whole message is one of those words or an
 * obvious variant ("too easy", "just right", "Hard!"). Never a digit (a pain score) and never a
 * sentence, so "it was hard to get up" is not a vote.
 */
export function parseBandFeedback(body: string): BandFeedback | undefined {
  if (/\d/.test(body) || body.length > 40) return undefined;
  const text = body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\b(?:it was|was|felt|feels|it felt|its|thanks|thank you|please)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return FEEDBACK_WORDS[text];
}

/** What an answer did, in plain words: on the page after the POST, or as the SMS reply. */
export function bandFeedbackText(r: ChangeOutcome, channel: 'page' | 'sms'): string {
  const f = copy.bandFeedback;
  switch (r.kind) {
    case 'moved':
      return f.moved(copy.bands.sms[r.to]);
    case 'kept':
      if (r.reason === 'right') return f.right;
      if (r.reason === 'chair') return channel === 'sms' ? f.chairSms : f.chair;
      if (r.reason === 'once-a-week') return f.onceAWeek;
      return f.atLimit(copy.bands.sms[r.band]);
    default:
      return 'Nothing was changed. Please try again later.';
  }
}

async function write(store: Store, sub: Subscriber, to: RangeBand, via: BandChange['via'], at: string): Promise<boolean> {
  const set = bandChangeSet(sub, to, via, at);
  // Version-conditional: two answers racing for the same person make one change, not two.
  return (await store.updateSubscriber(sub.id, { version: sub.version }, { set })) !== undefined;
}

/** The weekly question's answer, applied with one conditional write. */
export async function applyBandFeedback(ctx: { store: Store; clock: Clock }, id: string, answer: BandFeedback): Promise<ChangeOutcome> {
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return { kind: 'not-found' };
  const now = ctx.clock.now();
  const outcome = decideFeedback(sub, answer, now);
  if (outcome.kind !== 'moved') return outcome;
  return (await write(ctx.store, sub, outcome.to, 'feedback', new Date(now).toISOString())) ? outcome : { kind: 'conflict' };
}

/** The person's own choice (preferences page): any band, with one conditional write. */
export async function changeBand(ctx: { store: Store; clock: Clock }, id: string, to: RangeBand): Promise<ChangeOutcome> {
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return { kind: 'not-found' };
  const from = sub.band ?? DEFAULT_BAND;
  if (from === to && sub.band) return { kind: 'kept', band: to, reason: 'right' };
  const ok = await write(ctx.store, sub, to, 'preferences', new Date(ctx.clock.now()).toISOString());
  return ok ? { kind: 'moved', from, to } : { kind: 'conflict' };
}

/** Every band change as CSV, one row per change (a person with none gets one row with their band). */
export function bandChangesCsv(subs: readonly Pick<Subscriber, 'id' | 'band' | 'bandChanges'>[]): string {
  const rows = subs.flatMap((s) => {
    const band = s.band ?? DEFAULT_BAND;
    const changes = s.bandChanges ?? [];
    return changes.length ? changes.map((c) => [s.id, band, c.at, c.from ?? '', c.to, c.via]) : [[s.id, band, '', '', '', '']];
  });
  return csvTable(['subscriber_id', 'band', 'at', 'from', 'to', 'via'], rows);
}
