import * as z from 'zod';
import { selfCheck as selfCheckContent } from '../../templates/program/self-check';
import { variants as variantContent } from '../../templates/program/variants';
import { DEFAULT_BAND, RangeBand } from './model';
import type { Exercise } from './program';
import { isGsm7 } from './gsm7';

/**
 * Range of motion (docs/program.md, "Range bands"): the self-check that picks a band, the forms of
 * each exercise per band, and the checks `limber program validate` runs on them. Pure data and rules.
 */

export const BANDS = RangeBand.options;
export const bandIndex = (b: RangeBand): number => BANDS.indexOf(b);
/** The smaller (more cautious) of two bands. */
export const smaller = (a: RangeBand, b: RangeBand): RangeBand => (bandIndex(a) <= bandIndex(b) ? a : b);

export const Position = z.enum(['lying', 'all-fours', 'kneeling', 'floor-seated', 'standing', 'chair', 'moving']);
export type Position = z.infer<typeof Position>;
/** Positions that need getting down to the floor. */
const FLOOR_POSITIONS: readonly Position[] = ['lying', 'all-fours', 'kneeling', 'floor-seated'];
export const onFloor = (p: Position): boolean => FLOOR_POSITIONS.includes(p);

const Variant = z
  .object({
    name: z.string().min(2).max(40),
    position: Position,
    /** What is different from the form as written, one sentence. */
    change: z.string().min(10).max(140),
    steps: z.array(z.string().min(5)).min(1),
    cue: z.string().min(5).max(60),
    /** Replaces the exercise's equipment when set. */
    equipment: z.array(z.string().min(2)).optional(),
  })
  .strict();
export type Variant = z.infer<typeof Variant>;

export const ExerciseForms = z.object({ position: Position, easier: Variant, chair: Variant.optional(), fuller: Variant.optional() }).strict();
export type ExerciseForms = z.infer<typeof ExerciseForms>;
export const Variants = z.record(z.string(), ExerciseForms);
export type Variants = z.infer<typeof Variants>;

export const SelfCheckQuestion = z
  .object({
    id: z.enum(['reach', 'floor', 'back']),
    question: z.string().min(10),
    sms: z.string().min(10).max(120),
    guards: z.array(Position).min(1),
    answers: z
      .array(
        z
          .object({
            value: z.string().regex(/^[a-z-]+$/),
            label: z.string().min(2),
            band: RangeBand,
            /** A frame of an exercise that shows the answer (the preferences page draws it). */
            picture: z
              .object({ exercise: z.string(), frame: z.enum(['start', 'end']) })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .min(2),
  })
  .strict();
export type SelfCheckQuestion = z.infer<typeof SelfCheckQuestion>;
const SelfCheck = z.array(SelfCheckQuestion).min(1);

export const defaultVariants = (): unknown => variantContent;
export const defaultSelfCheck = (): SelfCheckQuestion[] => SelfCheck.parse(selfCheckContent);
/** The self-check questions when they are valid (rangeProblems names what is wrong otherwise). */
export const validSelfCheck = (raw: unknown): SelfCheckQuestion[] => SelfCheck.safeParse(raw).data ?? [];

/** Answers by question id; a missing or blank answer caps at DEFAULT_BAND. */
export type SelfCheckAnswers = Partial<Record<SelfCheckQuestion['id'], string>>;

/** The band a set of answers gives: the smallest cap. Unknown answers are the caller's to reject. */
export function bandFromAnswers(answers: SelfCheckAnswers, questions: readonly SelfCheckQuestion[] = defaultSelfCheck()): RangeBand {
  let band: RangeBand = BANDS[BANDS.length - 1]!;
  for (const q of questions) {
    const answer = q.answers.find((a) => a.value === answers[q.id]);
    band = smaller(band, answer ? answer.band : DEFAULT_BAND);
  }
  return band;
}

/** One form of an exercise: what a person at `band` is sent. */
export interface ExerciseForm {
  band: RangeBand;
  /** Which entry the form came from: `standard` is the exercise as written. */
  from: RangeBand;
  position: Position;
  variant?: Variant;
}

/**
 * The form for a band: the band's own form, else the next smaller one. The chair band takes the
 * chair form, else the first of easier or the form as written that is off the floor; undefined when
 * none is (validate reports it, so a shipped program always has one).
 */
export function formAt(forms: ExerciseForms | undefined, band: RangeBand): ExerciseForm | undefined {
  const standard = { band, from: 'standard' as const, position: forms?.position ?? 'moving' };
  if (!forms) return band === 'chair' ? undefined : standard;
  const easier = { band, from: 'easier' as const, position: forms.easier.position, variant: forms.easier };
  switch (band) {
    case 'fuller':
      return forms.fuller ? { band, from: 'fuller', position: forms.fuller.position, variant: forms.fuller } : standard;
    case 'standard':
      return standard;
    case 'easier':
      return easier;
    case 'chair':
      if (forms.chair) return { band, from: 'chair', position: forms.chair.position, variant: forms.chair };
      return [easier, standard].find((f) => !onFloor(f.position));
  }
}

/** The exercise as sent at a form: the variant's name, steps, cue and equipment replace the written ones. */
export function applyForm(exercise: Exercise, form: ExerciseForm): Exercise {
  const v = form.variant;
  if (!v) return exercise;
  return { ...exercise, name: v.name, steps: v.steps, cue: v.cue, equipment: v.equipment ?? exercise.equipment };
}

/**
 * Words that would claim more than the source article does. A variant only says how a position
 * changes; it never promises an outcome.
 */
const BANNED_CLAIMS = [
  'cure',
  'heal',
  'fix',
  'treat',
  'therap',
  'guarantee',
  'proven',
  'clinical',
  'prevent',
  'reverse',
  'diagnos',
  'pain-free',
  'eliminat',
  'repair',
  'injur',
  'safe for',
  'recommended by',
  'osteoporosis',
  'sciatic',
  'relief',
  'relieve',
];

export function claimProblems(where: string, text: string): string[] {
  const lower = text.toLowerCase();
  return BANNED_CLAIMS.filter((w) => new RegExp(`\\b${w.replace(/[-\s]/g, '[-\\s]')}`).test(lower)).map(
    (w) => `${where}: "${w}" makes a claim beyond the source article`,
  );
}

/**
 * Problems with the variants and the self-check, as sentences. `used` lists the exercises the plan
 * uses (every band can reach every one of them); every exercise needs an easier form.
 */
export function rangeProblems(rawVariants: unknown, exercises: readonly Exercise[], used: ReadonlySet<string>, rawSelfCheck: unknown): string[] {
  const parsed = Variants.safeParse(rawVariants);
  if (!parsed.success) return parsed.error.issues.map((i) => `variants.${i.path.join('.')}: ${i.message}`);
  const check = SelfCheck.safeParse(rawSelfCheck);
  if (!check.success) return check.error.issues.map((i) => `selfCheck.${i.path.join('.')}: ${i.message}`);
  const problems: string[] = [];
  const known = new Set(exercises.map((e) => e.id));
  for (const id of Object.keys(parsed.data)) if (!known.has(id)) problems.push(`variants: unknown exercise "${id}"`);
  for (const q of check.data) {
    for (const a of q.answers)
      if (a.picture && !known.has(a.picture.exercise)) problems.push(`selfCheck "${q.id}" ${a.value}: picture of unknown exercise "${a.picture.exercise}"`);
  }
  for (const ex of exercises) {
    const forms = parsed.data[ex.id];
    if (!forms) {
      problems.push(`exercise "${ex.id}" has no variants (it needs at least an easier form)`);
      continue;
    }
    for (const key of ['easier', 'chair', 'fuller'] as const) {
      const v = forms[key];
      if (!v) continue;
      const where = `variant "${ex.id}" ${key}`;
      if (!isGsm7(v.name) || !isGsm7(v.cue)) problems.push(`${where}: name and cue must use GSM-7 characters only`);
      problems.push(...claimProblems(where, [v.name, v.change, v.cue, ...v.steps].join(' ')));
      if (key === 'chair' && onFloor(v.position)) problems.push(`${where}: a chair form cannot be on the floor (${v.position})`);
    }
    if (!used.has(ex.id)) continue;
    for (const band of BANDS) {
      const form = formAt(forms, band);
      // Safety: someone who cannot get down to the floor never gets a floor-only exercise.
      if (!form) problems.push(`exercise "${ex.id}" has no form for the ${band} band (it is on the floor: add a chair form)`);
    }
    const guarded = check.data.some((q) => q.guards.includes(forms.position) && q.answers.some((a) => a.band !== 'fuller'));
    if (onFloor(forms.position) && !guarded) problems.push(`exercise "${ex.id}": no self-check question guards its position (${forms.position})`);
  }
  return problems;
}
