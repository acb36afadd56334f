import { createHash } from 'node:crypto';
import * as z from 'zod';
import { illustrations as illustrationContent } from '../../templates/illustrations/poses/index';
import { Pose } from './figure';
import { Variants } from './range';
import { BODY_PARTS, FRAME, fitScale, frameSvg, placeFigure, TOWEL_THICKNESS } from './figure-svg';

/**
 * Every exercise's illustration as data (templates/illustrations/poses.ts): a start and an end frame,
 * each a pose of the figure model with the step it shows and a note a reviewer can check against
 * that step. Images are named by a hash of their SVG, so a changed pose is a new URL and every URL
 * can be cached for ever. Pure (hashing is computation, not I/O).
 */

export const FRAME_NAMES = ['start', 'end'] as const;
export type FrameName = (typeof FRAME_NAMES)[number];

const Frame = z
  .object({
    /** The exercise step (1-based) this frame shows; its text becomes the image's alt text. */
    step: z.number().int().min(1),
    /** What the pose shows, in words a reviewer can hold against the step: angles, sides, hands. */
    note: z.string().min(20),
    pose: Pose,
  })
  .strict();
export type Frame = z.infer<typeof Frame>;

const frameShape = {
  /** The body parts that move between the frames: drawn in the accent colour. */
  emphasis: z.array(z.enum(BODY_PARTS)).min(1),
  start: Frame,
  end: Frame,
};
/** Two frames: the exercise as written, or a form of it drawn in its own position and shape. */
const Frames = z.object(frameShape).strict();
export type Frames = z.infer<typeof Frames>;

/**
 * A form whose position and shape are those of the exercise as written (a slower walk, a pause at
 * each side): it shows the written poses, with the alt text from its own steps.
 */
const SameAsWritten = z
  .object({
    sameAs: z.literal('standard'),
    /** The form's own step (1-based) each frame shows. */
    steps: z.object({ start: z.number().int().min(1), end: z.number().int().min(1) }).strict(),
    /** Why the written poses show this form too. */
    note: z.string().min(20),
  })
  .strict();
export type SameAsWritten = z.infer<typeof SameAsWritten>;
const FormIllustration = z.union([Frames, SameAsWritten]);

export const FORM_KEYS = ['easier', 'chair', 'fuller'] as const;
export type FormKey = (typeof FORM_KEYS)[number];

export const Illustration = z
  .object({
    ...frameShape,
    /** One per form in templates/program/variants.ts (range bands), keyed as there. */
    forms: z.object({ easier: FormIllustration.optional(), chair: FormIllustration.optional(), fuller: FormIllustration.optional() }).strict().default({}),
  })
  .strict();
export type Illustration = z.infer<typeof Illustration>;

export const Illustrations = z.record(z.string(), Illustration);
export type Illustrations = z.infer<typeof Illustrations>;

export function defaultIllustrations(): unknown {
  return illustrationContent;
}

type ExerciseSteps = { id: string; steps: readonly string[] };

/**
 * Problems with the illustrations of a set of exercises and their forms, as sentences; empty when
 * every exercise has both frames and every form of it (templates/program/variants.ts) has its own,
 * or, when done in the written position, says it shows the written ones.
 */
export function illustrationProblems(raw: unknown, exercises: readonly ExerciseSteps[], rawVariants?: unknown): string[] {
  if (raw === undefined || raw === null) return ['illustrations: missing (templates/illustrations/poses/)'];
  const problems: string[] = [];
  const byId = new Map(exercises.map((e) => [e.id, e]));
  const record = typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  for (const ex of exercises) {
    const entry = record[ex.id] as Record<string, unknown> | undefined;
    if (!entry) {
      problems.push(`exercise "${ex.id}": no illustration (a start and an end frame)`);
      continue;
    }
    for (const f of FRAME_NAMES) if (!entry[f]) problems.push(`exercise "${ex.id}": the illustration has no ${f} frame`);
  }
  for (const id of Object.keys(record)) if (!byId.has(id)) problems.push(`illustrations: "${id}" is not an exercise`);
  const parsed = Illustrations.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      // A missing frame is reported above, in words.
      if (i.code === 'invalid_type' && FRAME_NAMES.includes(i.path[1] as FrameName) && i.path.length === 2) continue;
      problems.push(`illustrations.${i.path.join('.')}: ${i.message}`);
    }
    return problems;
  }
  // Bad variants are rangeProblems' to report (core/range.ts); without them only the written forms are checked.
  const variants = Variants.safeParse(rawVariants ?? {});
  for (const [id, ill] of Object.entries(parsed.data)) {
    const ex = byId.get(id);
    if (!ex) continue;
    problems.push(...framesProblems(`exercise "${id}"`, ill, ex.steps));
    const forms = variants.success ? variants.data[id] : undefined;
    for (const key of FORM_KEYS) {
      const variant = forms?.[key];
      const drawn = ill.forms[key];
      const where = `exercise "${id}", ${key} form`;
      if (!variant) {
        if (drawn && variants.success && rawVariants !== undefined) problems.push(`${where}: has pictures but no such form in variants.ts`);
        continue;
      }
      if (!drawn) {
        problems.push(`${where} (${variant.position}): no pictures of its own (frames, or sameAs: 'standard' when done as written)`);
        continue;
      }
      if ('sameAs' in drawn) {
        // A form in another position must never show the written one (a chair form showing the floor).
        if (variant.position !== forms.position) problems.push(`${where} is done ${variant.position}, not ${forms.position}: it needs its own frames`);
        for (const f of FRAME_NAMES) {
          if (drawn.steps[f] > variant.steps.length)
            problems.push(`${where}: the ${f} frame shows step ${drawn.steps[f]}, but it has ${variant.steps.length} steps`);
        }
        continue;
      }
      problems.push(...framesProblems(where, drawn, variant.steps));
      if (variant.position === 'chair') {
        for (const f of FRAME_NAMES)
          if (!drawn[f].pose.props.some((p) => p.kind === 'chair')) problems.push(`${where}, ${f} frame: a chair form is drawn on a chair`);
      }
    }
  }
  return problems;
}

function framesProblems(where: string, frames: Frames, steps: readonly string[]): string[] {
  const problems: string[] = [];
  const scale = fitScale(FRAME_NAMES.map((f) => frames[f].pose));
  for (const f of FRAME_NAMES) {
    const step = frames[f].step;
    if (step > steps.length) problems.push(`${where}: the ${f} frame shows step ${step}, but it has ${steps.length} steps`);
    for (const p of restingProblems(frames[f].pose, scale)) problems.push(`${where}, ${f} frame: ${p}`);
  }
  return problems;
}

/** How far (in model units, standing height 100) a contact may float above the mat: about 2 cm. */
const CONTACT_TOLERANCE = 1.5;

/** A chair's seat height in model units (standing height 100): about 38 to 55 cm for a 170 cm adult. */
const SEAT_HEIGHT = { min: 22, max: 32 } as const;

/**
 * A pose's declared contacts that do not rest on the mat once the figure is placed; on a chair, also
 * a seat that is no chair's height above the floor, or feet that do not reach it.
 */
export function restingProblems(pose: Pose, scale: number): string[] {
  if (pose.view === 'above' || pose.surface === 'water') return [];
  const { points, groundY } = placeFigure(pose, scale);
  const problems = pose.contacts.flatMap((name) => {
    const p = points[name];
    const gap = (groundY - (p.y + p.r)) / scale;
    return Math.abs(gap) > CONTACT_TOLERANCE ? [`${name} should rest on the mat but is ${gap.toFixed(1)} above it`] : [];
  });
  // A folded towel lies on the mat: the point on it rests a towel's thickness above the mat.
  for (const towel of pose.props.filter((p) => p.kind === 'towel')) {
    const p = points[towel.at];
    const gap = (groundY - (p.y + p.r)) / scale - TOWEL_THICKNESS;
    if (Math.abs(gap) > CONTACT_TOLERANCE) problems.push(`the towel under ${towel.at} should lie on the mat but is ${gap.toFixed(1)} above it`);
  }
  if (pose.props.some((p) => p.kind === 'chair')) {
    const seat = (groundY - (points.pelvis.y + points.pelvis.r)) / scale;
    if (seat < SEAT_HEIGHT.min || seat > SEAT_HEIGHT.max)
      problems.push(`the chair's seat is ${seat.toFixed(1)} above the floor, not ${SEAT_HEIGHT.min}..${SEAT_HEIGHT.max}`);
    const feet = pose.contacts.filter((c) => /Ankle|Toe/.test(c));
    if (feet.length === 0) problems.push('seated on a chair, at least one foot must rest on the floor (a contact)');
  }
  return problems;
}

/** What the email and the web need of one frame: file names (1x and 2x), alt text, size. */
export interface FrameView {
  frame: FrameName;
  /** e.g. "cat-cow-start.3f9a0c1b2d.png"; the 2x image is the same name with "@2x" before ".png". */
  file: string;
  file2x: string;
  alt: string;
  width: number;
  height: number;
  svg: string;
}

/**
 * Bumped when the SVG-to-PNG step changes in a way that changes the pixels for the same SVG (another
 * resvg version or option), so the names change with them.
 */
const PNG_RENDER_VERSION = 'resvg-2.6-v1';

function contentHash(svg: string): string {
  return createHash('sha256').update(PNG_RENDER_VERSION).update(svg).digest('hex').slice(0, 10);
}

const FRAME_WORD: Record<FrameName, string> = { start: 'start', end: 'end' };

/** The frames a form shows: its own, or the written ones with its own steps (sameAs); none when it has no entry. */
function framesOfForm(ill: Illustration, form: FormKey | 'standard'): { frames: Frames; own: boolean; steps: Record<FrameName, number> } | undefined {
  const stepsOf = (f: Frames) => ({ start: f.start.step, end: f.end.step });
  if (form === 'standard') return { frames: ill, own: false, steps: stepsOf(ill) };
  const drawn = ill.forms[form];
  if (!drawn) return undefined;
  if ('sameAs' in drawn) return { frames: ill, own: false, steps: drawn.steps };
  return { frames: drawn, own: true, steps: stepsOf(drawn) };
}

/**
 * The frames of one form of an exercise. `exercise` is the form as sent (core/range.ts applyForm):
 * its name and steps give the alt text. A form drawn in its own poses has its own file names.
 */
export function frameViews(
  exercise: { id: string; name: string; steps: readonly string[] },
  illustration: Illustration,
  form: FormKey | 'standard' = 'standard',
): FrameView[] {
  const chosen = framesOfForm(illustration, form);
  if (!chosen) return [];
  const { frames, own, steps } = chosen;
  const scale = fitScale(FRAME_NAMES.map((f) => frames[f].pose));
  return FRAME_NAMES.map((frame) => {
    const svg = frameSvg(frames[frame].pose, frames.emphasis, scale);
    const base = `${exercise.id}${own ? `-${form}` : ''}-${frame}.${contentHash(svg)}`;
    const step = exercise.steps[steps[frame] - 1] ?? '';
    return {
      frame,
      file: `${base}.png`,
      file2x: `${base}@2x.png`,
      alt: `${exercise.name}, ${FRAME_WORD[frame]} position: ${step}`,
      width: FRAME.width,
      height: FRAME.height,
      svg,
    };
  });
}
