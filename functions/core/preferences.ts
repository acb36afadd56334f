import * as z from 'zod';
import { redactedRef } from './identifiers';
import * as copy from '../../templates/messages/copy';
import { DEFAULT_BAND, Level, LocalTime, type RangeBand, type Subscriber } from './model';
import { bandChangeSet } from './band-changes';
import { bandFromAnswers, defaultSelfCheck, formAt, type SelfCheckAnswers } from './range';
import { loadProgram, type Program } from './program';
import { pauseSubscriber, resumeSubscriber, unsubscribe } from './enrolment';
import type { EnrolmentContext } from './notify';
import { localDateOf, nextSendInstant, resolveLocal, type LocalDate } from './schedule';
import { checkTimeZone } from './time-zones';

/**
 * The preferences page's changes (issue 21): send time and zone, level, a break for N days or until
 * a date, resume, stop. Each is ONE version-conditional write on the subscriber item, takes effect
 * from the next send, and leaves a `changeNote` that the next message says once (core/deliver.ts).
 *
 * A break keeps the subscriber active with nextSendAt moved to the first send of the restart day
 * (`pausedUntil` says so): the due index then restarts it with no timer of its own. A safety pause
 * is never turned into a break: only the person resumes after it.
 */

export const MAX_BREAK_DAYS = 90;

export type PreferenceChange =
  | { kind: 'schedule'; sendAt: string; timezone: string }
  | { kind: 'level'; level: Level }
  | { kind: 'band'; band: RangeBand }
  | { kind: 'break'; days: number }
  | { kind: 'break'; until: string }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'stop' };

export type FieldErrors = Record<string, string>;
export type ParsedChange = { ok: true; change: PreferenceChange } | { ok: false; fields: FieldErrors };

const DateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Reads the form fields of a POST. Messages name the field and say what to do, in plain words. */
export function parsePreferenceChange(fields: { get(name: string): string | null | undefined }): ParsedChange {
  switch (fields.get('action')) {
    case 'schedule': {
      const errors: FieldErrors = {};
      const sendAt = LocalTime.safeParse(fields.get('sendAt'));
      if (!sendAt.success) errors.sendAt = 'Send time: please enter a time such as 07:30.';
      const zone = checkTimeZone(fields.get('timezone'));
      if (!zone.ok) errors.timezone = `Time zone: ${zone.message}`;
      if (!sendAt.success || !zone.ok) return { ok: false, fields: errors };
      return { ok: true, change: { kind: 'schedule', sendAt: sendAt.data, timezone: zone.zone } };
    }
    case 'level': {
      const level = Level.safeParse(fields.get('level'));
      if (!level.success) return { ok: false, fields: { level: 'Level: please choose gentle, moderate or active.' } };
      return { ok: true, change: { kind: 'level', level: level.data } };
    }
    case 'break': {
      const days = (fields.get('days') ?? '').trim();
      const until = (fields.get('until') ?? '').trim();
      if (days) {
        const n = Number(days);
        if (!Number.isInteger(n) || n < 1 || n > MAX_BREAK_DAYS) {
          return { ok: false, fields: { days: `Days: please enter a whole number from 1 to ${MAX_BREAK_DAYS}.` } };
        }
        return { ok: true, change: { kind: 'break', days: n } };
      }
      if (DateText.safeParse(until).success) return { ok: true, change: { kind: 'break', until } };
      return { ok: false, fields: { days: 'Pause: please enter a number of days, or choose the date your messages should restart.' } };
    }
    case 'band':
      return parseBandAnswers(fields);
    case 'pause':
      return { ok: true, change: { kind: 'pause' } };
    case 'resume':
      return { ok: true, change: { kind: 'resume' } };
    case 'stop':
      return { ok: true, change: { kind: 'stop' } };
    default:
      return { ok: false, fields: { action: 'Please use one of the buttons on the page.' } };
  }
}

const QUESTION_LABEL: Record<string, string> = { reach: 'Reaching down', floor: 'Getting down to the floor', back: 'Lying on your back' };

/**
 * The self-check answered again: every question this time (a blank would count as "as written" and
 * could lift someone off chair forms they did not mean to leave). The band is the answers' smallest cap.
 */
function parseBandAnswers(fields: { get(name: string): string | null | undefined }): ParsedChange {
  const answers: SelfCheckAnswers = {};
  const errors: FieldErrors = {};
  for (const q of defaultSelfCheck()) {
    const given = fields.get(q.id);
    if (given && q.answers.some((a) => a.value === given)) answers[q.id] = given;
    else errors[q.id] = `${QUESTION_LABEL[q.id] ?? q.id}: please choose one of the answers.`;
  }
  if (Object.keys(errors).length) return { ok: false, fields: errors };
  return { ok: true, change: { kind: 'band', band: bandFromAnswers(answers) } };
}

/** What a band changes, exercise by exercise: each planned exercise whose form differs, with the change. */
export function formsAtBand(band: RangeBand, program: Program = loadProgram()): { name: string; change: string }[] {
  const out: { name: string; change: string }[] = [];
  for (const [id, forms] of Object.entries(program.variants)) {
    const written = program.exercises.get(id);
    const v = formAt(forms, band)?.variant;
    if (written && v) out.push({ name: written.name, change: `${v.name}: ${v.change}` });
  }
  return out;
}

export type ChangeResult =
  | { ok: true; sub: Subscriber; said: string }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'busy' | 'safety-pause' | 'bad-date'; fields?: FieldErrors };

const iso = (ms: number) => new Date(ms).toISOString();

function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** "Tuesday 3 March at 18:30 (Europe/Paris)". */
function describeInstant(ms: number, timezone: string): string {
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long' }).format(ms);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  return `${date} at ${time} (${timezone})`;
}

/**
 * The next send under a new time or zone: on the local day the next send was due (so a day never
 * gets two messages), or the first one after now if that has passed.
 */
function rescheduled(sub: Subscriber, timezone: string, sendAt: string, now: number): number {
  const current = sub.nextSendAt ? Date.parse(sub.nextSendAt) : now;
  const sameDay = resolveLocal(timezone, localDateOf(timezone, Math.max(current, now)), sendAt);
  return sameDay > now ? sameDay : nextSendInstant(timezone, sendAt, now);
}

const CHANGEABLE: readonly Subscriber['status'][] = ['active', 'paused', 'completed'];

export async function changePreferences(ctx: EnrolmentContext, id: string, change: PreferenceChange): Promise<ChangeResult> {
  const now = ctx.clock.now();
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return { ok: false, reason: 'not-found' };
  if (change.kind === 'stop') {
    const r = await unsubscribe(ctx, id, 'preferences');
    if (r === 'not-found') return { ok: false, reason: 'not-found' };
    const after = await ctx.store.getSubscriber(id);
    return after?.status === 'unsubscribed'
      ? { ok: true, sub: after, said: 'You are unsubscribed. We will send you no more messages.' }
      : { ok: false, reason: 'not-allowed' };
  }
  if (!CHANGEABLE.includes(sub.status)) return { ok: false, reason: 'not-allowed' };
  // A send in flight would complete with the old schedule: ask to try again in a moment.
  if (sub.claim && sub.claim.leaseUntil > iso(now)) return { ok: false, reason: 'busy' };
  const expect = { version: sub.version, status: [sub.status], noClaim: !sub.claim };
  const write = async (patch: Parameters<EnrolmentContext['store']['updateSubscriber']>[2], said: string): Promise<ChangeResult> => {
    // Several changes before the next message are all said in it.
    const note = patch.set?.changeNote;
    if (note && sub.changeNote && !sub.changeNote.includes(note)) patch.set!.changeNote = `${sub.changeNote} ${note}`.slice(-300);
    const updated = await ctx.store.updateSubscriber(id, expect, patch);
    if (!updated) return { ok: false, reason: 'busy' };
    ctx.log?.info('preferences changed', { ref: redactedRef(id), change: change.kind });
    return { ok: true, sub: updated, said };
  };

  switch (change.kind) {
    case 'schedule': {
      const when = `${change.sendAt} (${change.timezone} time)`;
      const active = sub.status === 'active' && sub.nextSendAt;
      const next = active ? rescheduled(sub, change.timezone, change.sendAt, now) : undefined;
      const said = `Saved: your messages now come at ${when}.${next !== undefined ? ` Your next message: ${describeInstant(next, change.timezone)}.` : ''}`;
      return write(
        {
          set: {
            sendAt: change.sendAt,
            timezone: change.timezone,
            changeNote: `As you asked, your messages now come at ${when}.`,
            ...(next !== undefined ? { nextSendAt: iso(next) } : {}),
            ...(next !== undefined && sub.pausedUntil ? { pausedUntil: iso(next) } : {}),
          },
        },
        said,
      );
    }
    case 'level':
      return write(
        { set: { level: change.level, changeNote: `As you asked, your program is now at the ${change.level} level.` }, remove: ['effectiveLevel'] },
        `Saved: from your next message, your program is at the ${change.level} level.`,
      );
    case 'band': {
      const form = copy.bands.sms[change.band];
      if (change.band === (sub.band ?? DEFAULT_BAND) && sub.band)
        return { ok: true, sub, said: `Your answers give the forms you have now: your stretches come ${form}.` };
      return write(
        { set: { ...bandChangeSet(sub, change.band, 'preferences', iso(now)), changeNote: `As you asked, your stretches now come ${form}.` } },
        `Saved: from your next message, your stretches come ${form}.`,
      );
    }
    case 'break': {
      if (sub.status === 'paused' && sub.pausedReason === 'safety') return { ok: false, reason: 'safety-pause' };
      if (sub.status === 'completed') return { ok: false, reason: 'not-allowed' };
      const firstDue = sub.status === 'active' && sub.nextSendAt ? Math.max(Date.parse(sub.nextSendAt), now) : nextSendInstant(sub.timezone, sub.sendAt, now);
      let restartDate: LocalDate;
      if ('days' in change) restartDate = addDays(localDateOf(sub.timezone, firstDue), change.days);
      else {
        const [year, month, day] = change.until.split('-').map(Number) as [number, number, number];
        restartDate = { year, month, day };
      }
      const restart = resolveLocal(sub.timezone, restartDate, sub.sendAt);
      const latest = now + (MAX_BREAK_DAYS + 1) * 86_400_000;
      if (!(restart > now) || restart > latest || Number.isNaN(restart)) {
        return { ok: false, reason: 'bad-date', fields: { until: `Restart date: please choose a day after today and within ${MAX_BREAK_DAYS} days.` } };
      }
      const when = describeInstant(restart, sub.timezone);
      return write(
        {
          set: { status: 'active', nextSendAt: iso(restart), pausedUntil: iso(restart), changeNote: 'Welcome back after your break.' },
          remove: ['pausedAt', 'pausedReason', 'pausedForDay'],
        },
        `Saved: your messages are paused until ${when}, when they restart by themselves. You can resume earlier from this page.`,
      );
    }
    case 'pause': {
      const r = await pauseSubscriber(ctx, id, 'self');
      const after = await ctx.store.getSubscriber(id);
      if ((r !== 'done' && r !== 'already') || !after) return { ok: false, reason: 'not-allowed' };
      return { ok: true, sub: after, said: 'Saved: your messages are paused until you resume them here (or reply START).' };
    }
    case 'resume': {
      if (sub.status === 'active' && sub.pausedUntil) {
        const next = nextSendInstant(sub.timezone, sub.sendAt, now);
        return write(
          { set: { nextSendAt: iso(next), changeNote: 'Welcome back.' }, remove: ['pausedUntil'] },
          `Welcome back. Your next message: ${describeInstant(next, sub.timezone)}.`,
        );
      }
      if (sub.status === 'active') return { ok: true, sub, said: 'Your messages are already on.' };
      const r = await resumeSubscriber(ctx, id);
      const after = await ctx.store.getSubscriber(id);
      if ((r !== 'done' && r !== 'already') || !after) return { ok: false, reason: 'not-allowed' };
      const next = after.nextSendAt ? ` Your next message: ${describeInstant(Date.parse(after.nextSendAt), after.timezone)}.` : '';
      return { ok: true, sub: after, said: `Welcome back.${next}` };
    }
  }
}

/** SETTINGS by SMS answers with the page's link (checked before the reply parser). */
export function isSettingsKeyword(body: string): boolean {
  return /^\s*(settings|preferences|prefs)\s*[.!]?\s*$/i.test(body);
}

/** Plain words for the state the page opens in. */
export function describeState(sub: Subscriber, nowMs: number): string {
  switch (sub.status) {
    case 'active':
      if (sub.pausedUntil && Date.parse(sub.pausedUntil) > nowMs)
        return `Your messages are paused until ${describeInstant(Date.parse(sub.pausedUntil), sub.timezone)}.`;
      return sub.nextSendAt ? `Your messages are on. Next message: ${describeInstant(Date.parse(sub.nextSendAt), sub.timezone)}.` : 'Your messages are on.';
    case 'paused':
      return sub.pausedReason === 'safety'
        ? 'Your messages are paused for your safety, after a high pain score or a symptom you told us about. Resume when a health professional says it is fine.'
        : 'Your messages are paused. Nothing arrives until you resume.';
    case 'completed':
      return 'You have finished the program. You can start again from day 1.';
    case 'pending':
      return 'Your sign-up is not confirmed yet. Please use the confirmation link we sent you.';
    default:
      return 'You are unsubscribed. We send you nothing. To start again, sign up on our website.';
  }
}
