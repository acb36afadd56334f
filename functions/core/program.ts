import * as z from 'zod';
import { exercises as exerciseContent, sevenStretches as sevenStretchContent } from '../../templates/program/exercises';
import { plan as planContent } from '../../templates/program/plan';
import { defaultIllustrations, Illustrations, illustrationProblems } from './illustrations';
import { DEFAULT_BAND, Level, PROGRAM_DAYS, type RangeBand } from './model';
import { applyForm, defaultSelfCheck, defaultVariants, formAt, rangeProblems, validSelfCheck, Variants, type ExerciseForm } from './range';
import { smsSelfCheckProblems } from './sms-self-check';
import { isGsm7 } from './gsm7';

/**
 * The program's content (templates/program) as validated data, and what each day holds.
 * Pure: the content is imported data, checked once by loadProgram().
 */

const ExerciseId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a kebab-case id');

export const Dose = z
  .object({
    reps: z.number().int().min(1).max(100).optional(),
    holdSeconds: z.number().int().min(1).max(600).optional(),
    breaths: z.number().int().min(1).max(50).optional(),
    minutes: z.number().int().min(1).max(120).optional(),
  })
  .strict()
  .refine((d) => Object.values(d).some((v) => v !== undefined), 'a dose needs reps, holdSeconds, breaths or minutes');
export type Dose = z.infer<typeof Dose>;

/** The dose in the week an exercise first appears (start) and in the final week (peak). */
export const DoseRange = z.object({ start: Dose, peak: Dose }).strict();
export type DoseRange = z.infer<typeof DoseRange>;

const ExerciseKind = z.enum(['stretch', 'activity', 'strength']);

export const Exercise = z
  .object({
    id: ExerciseId,
    name: z.string().min(2).max(40),
    kind: ExerciseKind,
    purpose: z.string().min(20),
    /** In order; rendered as a numbered list. */
    steps: z.array(z.string().min(5)).min(1),
    /** A few words for SMS, where the steps do not fit. */
    cue: z.string().min(5).max(60),
    perSide: z.boolean().default(false),
    equipment: z.array(z.string().min(2)).default([]),
    cautions: z.array(z.string().min(5)).default([]),
    /** Exercises that can stand in for this one at the same dose (swim instead of walk). */
    alternatives: z.array(ExerciseId).default([]),
    doses: z.object({ gentle: DoseRange, moderate: DoseRange, active: DoseRange }).partial().strict().default({}),
  })
  .strict();
export type Exercise = z.infer<typeof Exercise>;

const Session = z.enum(['routine', 'light', 'rest']);
export type Session = z.infer<typeof Session>;

const PlanWeek = z
  .object({
    focus: z.string().min(3).max(60),
    routine: z.array(ExerciseId).min(1),
    light: z.array(ExerciseId).min(1),
    days: z.array(Session).length(7),
  })
  .strict();
export type PlanWeek = z.infer<typeof PlanWeek>;

const Plan = z.object({ gentle: z.array(PlanWeek).min(1), moderate: z.array(PlanWeek).min(1), active: z.array(PlanWeek).min(1) }).strict();
export type Plan = z.infer<typeof Plan>;

const ProgramContent = z.object({
  exercises: z.array(Exercise).min(1),
  plan: Plan,
  sevenStretches: z.array(ExerciseId),
  /** Checked by illustrationProblems (functions/core/illustrations.ts), which names what is missing. */
  illustrations: z.unknown(),
  /** The forms of each exercise per range band; checked by rangeProblems (functions/core/range.ts). */
  variants: z.unknown(),
  /** The sign-up questions that pick a band (templates/program/self-check.ts). */
  selfCheck: z.unknown(),
});
export type ProgramContent = z.infer<typeof ProgramContent>;

export interface DayItem {
  exercise: Exercise;
  dose: Dose;
  /** First week this exercise appears at this level: the email shows it as new. */
  newThisWeek: boolean;
  /** Stand-ins at the same dose (swim or cycle instead of walk). */
  alternatives: Exercise[];
  /** The form sent at the day's band; `exercise` is already that form (name, steps, cue). */
  form: ExerciseForm;
}

export interface DayPlan {
  level: Level;
  band: RangeBand;
  /** 1..PROGRAM_DAYS */
  day: number;
  /** 1..6 */
  week: number;
  session: Session;
  focus: string;
  /** Empty on rest days. */
  items: DayItem[];
}

export interface Program {
  exercises: ReadonlyMap<string, Exercise>;
  sevenStretches: readonly string[];
  plan: Plan;
  days: Readonly<Record<Level, readonly DayPlan[]>>;
  /** Every exercise's start and end frame, by exercise id. */
  illustrations: Illustrations;
  variants: Variants;
}

const LEVELS = Level.options;
const DOSE_FIELDS = ['reps', 'holdSeconds', 'breaths', 'minutes'] as const;

/** The content shipped in templates/program. */
export function defaultContent(): unknown {
  return {
    exercises: exerciseContent,
    plan: planContent,
    sevenStretches: sevenStretchContent,
    illustrations: defaultIllustrations(),
    variants: defaultVariants(),
    selfCheck: defaultSelfCheck(),
  };
}

/** Every problem with the content, as sentences; empty when it is fit to send. */
export function validateProgram(raw: unknown = defaultContent()): string[] {
  const parsed = ProgramContent.safeParse(raw);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  const used = new Set(LEVELS.flatMap((l) => parsed.data.plan[l].flatMap((w) => [...w.routine, ...w.light])));
  return [
    ...contentProblems(parsed.data),
    ...illustrationProblems(parsed.data.illustrations, parsed.data.exercises, parsed.data.variants),
    ...rangeProblems(parsed.data.variants, parsed.data.exercises, used, parsed.data.selfCheck),
    // The self-check's texts go out by SMS after YES: GSM-7, one segment each.
    ...smsSelfCheckProblems(validSelfCheck(parsed.data.selfCheck)),
  ];
}

function contentProblems(content: ProgramContent): string[] {
  const problems: string[] = [];
  const byId = new Map<string, Exercise>();
  const ids = new Set(content.exercises.map((e) => e.id));
  for (const ex of content.exercises) {
    if (byId.has(ex.id)) problems.push(`exercise "${ex.id}" is defined twice`);
    byId.set(ex.id, ex);
    // Names and cues go into SMS: one character outside GSM-7 would double the cost of every message.
    if (!isGsm7(ex.name) || !isGsm7(ex.cue)) problems.push(`exercise "${ex.id}": name and cue must use GSM-7 characters only`);
    for (const alt of ex.alternatives) {
      if (!ids.has(alt)) problems.push(`exercise "${ex.id}": unknown alternative "${alt}"`);
    }
    for (const level of LEVELS) {
      const range = ex.doses[level];
      if (range) problems.push(...doseRangeProblems(`exercise "${ex.id}" (${level})`, range));
    }
  }

  for (const level of LEVELS) {
    const weeks = content.plan[level];
    const days = weeks.length * 7;
    if (days !== PROGRAM_DAYS) problems.push(`${level}: the plan has ${days} days, expected ${PROGRAM_DAYS}`);
    weeks.forEach((week, i) => {
      const where = `${level} week ${i + 1}`;
      if (!week.days.includes('rest')) problems.push(`${where}: no rest day`);
      if (!week.days.includes('light')) problems.push(`${where}: no light day`);
      for (const [session, ids] of [
        ['routine', week.routine],
        ['light', week.light],
      ] as const) {
        for (const id of ids) {
          const ex = byId.get(id);
          if (!ex) problems.push(`${where} ${session}: unknown exercise "${id}"`);
          // The article asks for a doctor's approval before strenuous weight lifting: never prescribe it.
          else if (ex.kind === 'strength') problems.push(`${where} ${session}: "${id}" is strength work, which the plan never prescribes`);
          else if (!ex.doses[level]) problems.push(`${where} ${session}: "${id}" has no ${level} dose`);
        }
        if (new Set(ids).size !== ids.length) problems.push(`${where} ${session}: an exercise is listed twice`);
      }
      const previous = weeks[i - 1];
      if (previous) {
        const dropped = previous.routine.filter((id) => !week.routine.includes(id));
        if (dropped.length > 0) problems.push(`${where}: the routine drops ${dropped.join(', ')} (routines only grow)`);
      }
    });
  }

  if (new Set(content.sevenStretches).size !== 7) problems.push('sevenStretches: expected 7 distinct stretches');
  for (const id of content.sevenStretches) {
    const ex = byId.get(id);
    if (!ex) {
      problems.push(`sevenStretches: unknown exercise "${id}"`);
      continue;
    }
    if (ex.kind !== 'stretch') problems.push(`sevenStretches: "${id}" is not a stretch`);
    for (const level of LEVELS) {
      const last = content.plan[level].at(-1);
      if (last && !last.routine.includes(id)) problems.push(`${level}: the final week's routine lacks "${id}"`);
    }
  }
  return problems;
}

function doseRangeProblems(where: string, range: DoseRange): string[] {
  const problems: string[] = [];
  for (const f of DOSE_FIELDS) {
    const a = range.start[f];
    const b = range.peak[f];
    if ((a === undefined) !== (b === undefined)) problems.push(`${where}: start and peak must set the same fields (${f})`);
    else if (a !== undefined && b !== undefined && b < a) problems.push(`${where}: ${f} peak ${b} is below start ${a}`);
  }
  return problems;
}

/** Validates content and expands every day of every level; throws listing the problems. */
export function buildProgram(raw: unknown): Program {
  const problems = validateProgram(raw);
  if (problems.length > 0) throw new Error(`program content is invalid:\n- ${problems.join('\n- ')}`);
  const content = ProgramContent.parse(raw);
  const exercises = new Map(content.exercises.map((e) => [e.id, e]));
  const variants = Variants.parse(content.variants);
  const days = {} as Record<Level, DayPlan[]>;
  for (const level of LEVELS) days[level] = expandLevel(level, content.plan[level], exercises, variants);
  const illustrations = Illustrations.parse(content.illustrations);
  return { exercises, sevenStretches: content.sevenStretches, plan: content.plan, days, illustrations, variants };
}

let loaded: Program | undefined;

/** The shipped program, validated on first use and kept for the life of the process. */
export function loadProgram(): Program {
  loaded ??= buildProgram(defaultContent());
  return loaded;
}

/** What day `day` (1..PROGRAM_DAYS) holds for a level, each exercise in its form for `band`. */
export function dayPlan(level: Level, day: number, program: Program = loadProgram(), band: RangeBand = DEFAULT_BAND): DayPlan {
  const plan = program.days[level][day - 1];
  if (!Number.isInteger(day) || !plan) throw new RangeError(`program day must be 1..${PROGRAM_DAYS}, got ${day}`);
  if (band === DEFAULT_BAND) return plan;
  return { ...plan, band, items: plan.items.map((item) => atBand(item, band, program)) };
}

function atBand(item: DayItem, band: RangeBand, program: Program): DayItem {
  const written = program.exercises.get(item.exercise.id)!;
  // buildProgram validated that every planned exercise has a form at every band.
  const form = formAt(program.variants[written.id], band)!;
  return { ...item, exercise: applyForm(written, form), form };
}

function expandLevel(level: Level, weeks: PlanWeek[], exercises: ReadonlyMap<string, Exercise>, variants: Variants): DayPlan[] {
  const firstWeek = new Map<string, number>();
  weeks.forEach((w, i) => {
    for (const id of [...w.routine, ...w.light]) if (!firstWeek.has(id)) firstWeek.set(id, i + 1);
  });
  const lastWeek = weeks.length;
  const out: DayPlan[] = [];
  weeks.forEach((w, i) => {
    const week = i + 1;
    w.days.forEach((session, d) => {
      const ids = session === 'rest' ? [] : w[session];
      const items = ids.map((id): DayItem => {
        const exercise = exercises.get(id)!;
        const intro = firstWeek.get(id)!;
        const t = lastWeek === intro ? 0 : (week - intro) / (lastWeek - intro);
        return {
          exercise,
          dose: rampDose(exercise.doses[level]!, t),
          newThisWeek: week === intro,
          alternatives: exercise.alternatives.map((a) => exercises.get(a)!),
          form: formAt(variants[id], DEFAULT_BAND)!,
        };
      });
      out.push({ level, band: DEFAULT_BAND, day: i * 7 + d + 1, week, session, focus: w.focus, items });
    });
  });
  return out;
}

/** Linear from start (t=0) to peak (t=1); whole numbers, and steps of 5 where both ends are. */
export function rampDose(range: DoseRange, t: number): Dose {
  const dose: Dose = {};
  for (const f of DOSE_FIELDS) {
    const a = range.start[f];
    const b = range.peak[f];
    if (a === undefined || b === undefined) continue;
    const step = (f === 'holdSeconds' || f === 'minutes') && a % 5 === 0 && b % 5 === 0 ? 5 : 1;
    dose[f] = Math.round((a + (b - a) * t) / step) * step;
  }
  return dose;
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

function duration(seconds: number): string {
  if (seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** "8 times on each side, holding 10 seconds", for email. */
export function describeDose(dose: Dose, perSide: boolean): string {
  const side = perSide ? ' on each side' : '';
  const parts: string[] = [];
  if (dose.minutes !== undefined) parts.push(`${dose.minutes} minutes`);
  if (dose.reps !== undefined) parts.push(`${times(dose.reps)}${side}`);
  if (dose.holdSeconds !== undefined) {
    parts.push(dose.reps !== undefined ? `holding ${duration(dose.holdSeconds)}` : `stay ${duration(dose.holdSeconds)}${side}`);
  }
  if (dose.breaths !== undefined) parts.push(`${dose.breaths} slow breaths${dose.reps === undefined ? side : ''}`);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "8x/side, hold 10s", for SMS. */
export function shortDose(dose: Dose, perSide: boolean): string {
  const side = perSide ? '/side' : '';
  const parts: string[] = [];
  if (dose.minutes !== undefined) parts.push(`${dose.minutes} min`);
  if (dose.reps !== undefined) parts.push(`${dose.reps}x${side}`);
  if (dose.holdSeconds !== undefined) {
    parts.push(dose.reps !== undefined ? `hold ${dose.holdSeconds}s` : `${dose.holdSeconds}s${side}`);
  }
  if (dose.breaths !== undefined) parts.push(`${dose.breaths} breaths${dose.reps === undefined ? side : ''}`);
  return parts.join(', ');
}
