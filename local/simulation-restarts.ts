import { HEALTH_CONSENT, MESSAGING_CONSENT } from '../templates/messages/consent';
import { deleteData } from '../functions/core/data-rights';
import { confirmSubscriber, resumeSubscriber, signUp, unsubscribe } from '../functions/core/enrolment';
import { PROGRAM_DAYS, runOf, type Channel, type Subscriber } from '../functions/core/model';
import type { EnrolmentContext } from '../functions/core/notify';
import { sendInstants } from '../functions/core/schedule';

/**
 * The simulation's restart paths (issue 17): some subscribers finish the program and press "start
 * again", some unsubscribe and sign up again, some delete their data and sign up again, each through
 * the real enrolment core mid-simulation. Every one comes back as a new run from day 1 under the same
 * id; the report checks each run's days on their own (local/simulation-report.ts).
 */

const CONSENTS = { consentVersion: MESSAGING_CONSENT.version, healthConsentVersion: HEALTH_CONSENT.version };

export type Restart = 'start-again' | 'resign-up' | 'delete-and-resign-up';
const RESTARTS: readonly Restart[] = ['start-again', 'resign-up', 'delete-and-resign-up'];

/** A finisher starts at day 40: content days 40-42, then the closing message (43) on its 4th send. */
export const FINISHER_FIRST_DAY = PROGRAM_DAYS - 2;
const CLOSING_DAY = PROGRAM_DAYS + 1;
/** Life events happen half a day after a send, well clear of its retries and of the next send. */
const AFTER_SEND_MS = 12 * 3600_000;

/** Every third subscriber restarts; a number can only start again (a web form never re-enrols one). */
export function restartOf(i: number, channel: Channel): Restart | undefined {
  if (i % 3 !== 1) return undefined;
  return channel === 'sms' ? 'start-again' : RESTARTS[Math.floor(i / 3) % RESTARTS.length];
}

/** One run of one subscriber: the days the schedule gives it from `fromMs` until `untilMs`. */
export interface RunWindow {
  run: number;
  firstDay: number;
  /** The closing message's day, when the run ends with the program. */
  lastDay?: number;
  fromMs: number;
  untilMs: number;
  /** Its records went with the person's data (the report does not look for them). */
  deleted?: boolean;
}

interface LifeEvent {
  at: number;
  sub: Subscriber;
  step: 'stop' | 'back';
  restart: Restart;
}

export interface RestartTally {
  done: Record<Restart, number>;
  /** Life events whose enrolment call did not do what the person asked (must be 0). */
  missed: number;
}

export class SimulatedLives {
  readonly runs = new Map<string, RunWindow[]>();
  readonly tally: RestartTally = { done: { 'start-again': 0, 'resign-up': 0, 'delete-and-resign-up': 0 }, missed: 0 };
  private readonly events: LifeEvent[] = [];

  constructor(
    private readonly ctx: () => Promise<EnrolmentContext>,
    private readonly startMs: number,
    private readonly endMs: number,
  ) {}

  /** Plans the subscriber's life: one run to the end, or two with a restart between. */
  add(sub: Subscriber, restart: Restart | undefined): void {
    const first: RunWindow = { run: runOf(sub), firstDay: sub.programDay, fromMs: this.startMs, untilMs: this.endMs };
    this.runs.set(sub.id, [first]);
    if (!restart) return;
    const sends = sendInstants(sub.timezone, sub.sendAt, this.startMs - 1, 4);
    const back = sends[3]! + AFTER_SEND_MS;
    if (back >= this.endMs - 2 * 86_400_000) return; // too late to see the new run: keep it simple
    if (restart === 'start-again') first.lastDay = CLOSING_DAY;
    else this.events.push({ at: sends[2]! + AFTER_SEND_MS, sub, step: 'stop', restart });
    this.events.push({ at: back, sub, step: 'back', restart });
  }

  /** When the next life event is due (the simulation's clock must stop there). */
  nextAt(): number {
    return Math.min(Number.POSITIVE_INFINITY, ...this.events.map((e) => e.at));
  }

  /** Runs every event due by `nowMs`, as the person would: a link, the data page, the sign-up form. */
  async runDue(nowMs: number): Promise<void> {
    const due = this.events.filter((e) => e.at <= nowMs);
    if (due.length === 0) return;
    this.events.splice(0, this.events.length, ...this.events.filter((e) => e.at > nowMs));
    const ctx = await this.ctx();
    for (const e of due) await this.apply(ctx, e, nowMs);
  }

  private async apply(ctx: EnrolmentContext, e: LifeEvent, nowMs: number): Promise<void> {
    const windows = this.runs.get(e.sub.id)!;
    const current = windows.at(-1)!;
    if (e.step === 'stop') {
      const ok =
        e.restart === 'resign-up'
          ? (await unsubscribe(ctx, e.sub.id, 'link')) === 'done'
          : (await deleteData({ store: ctx.store, pepper: ctx.pepper, nowIso: new Date(nowMs).toISOString() }, e.sub.id)).profile;
      if (!ok) this.tally.missed++;
      current.untilMs = nowMs;
      if (e.restart === 'delete-and-resign-up') current.deleted = true;
      return;
    }
    let ok: boolean;
    if (e.restart === 'start-again') ok = (await resumeSubscriber(ctx, e.sub.id)) === 'done';
    else {
      const req = { channel: e.sub.channel, address: e.sub.address, timezone: e.sub.timezone, sendAt: e.sub.sendAt, level: e.sub.level, ...CONSENTS };
      ok = (await signUp(ctx, req)) === 'confirmation-sent' && (await confirmSubscriber(ctx, e.sub.id)) === 'confirmed';
    }
    const after = await ctx.store.getSubscriber(e.sub.id);
    if (!ok || !after || runOf(after) <= current.run) {
      this.tally.missed++;
      return;
    }
    current.untilMs = Math.min(current.untilMs, nowMs);
    windows.push({ run: runOf(after), firstDay: 1, fromMs: nowMs, untilMs: this.endMs });
    this.tally.done[e.restart]++;
  }
}

/** The instants a run window expects, day `firstDay + i` at the i-th (the closing day ends a run). */
export function windowInstants(sub: Pick<Subscriber, 'timezone' | 'sendAt'>, w: RunWindow): number[] {
  const days = Math.ceil((w.untilMs - w.fromMs) / 86_400_000) + 2;
  const all = sendInstants(sub.timezone, sub.sendAt, w.fromMs - 1, days).filter((t) => t < w.untilMs);
  return w.lastDay === undefined ? all : all.slice(0, w.lastDay - w.firstDay + 1);
}
