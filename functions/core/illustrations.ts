import { createHash } from 'node:crypto';
import * as z from 'zod';
import { illustrations as illustrationContent } from '../../templates/illustrations/poses';
import { Pose } from './figure';
import { BODY_PARTS, FRAME, fitScale, frameSvg, placeFigure } from './figure-svg';

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

export const Illustration = z
  .object({
    /** The body parts that move between the frames: drawn in the accent colour. */
    emphasis: z.array(z.enum(BODY_PARTS)).min(1),
    start: Frame,
    end: Frame,
  })
  .strict();
export type Illustration = z.infer<typeof Illustration>;

export const Illustrations = z.record(z.string(), Illustration);
export type Illustrations = z.infer<typeof Illustrations>;

export function defaultIllustrations(): unknown {
  return illustrationContent;
}

/** Problems with the illustrations of a set of exercises, as sentences; empty when every one has both frames. */
export function illustrationProblems(raw: unknown, exercises: readonly { id: string; steps: readonly string[] }[]): string[] {
  if (raw === undefined || raw === null) return ['illustrations: missing (templates/illustrations/poses.ts)'];
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
  for (const [id, ill] of Object.entries(parsed.data)) {
    const ex = byId.get(id);
    if (!ex) continue;
    const scale = fitScale(FRAME_NAMES.map((f) => ill[f].pose));
    for (const f of FRAME_NAMES) {
      const step = ill[f].step;
      if (step > ex.steps.length) problems.push(`exercise "${id}": the ${f} frame shows step ${step}, but it has ${ex.steps.length} steps`);
      for (const p of restingProblems(ill[f].pose, scale)) problems.push(`exercise "${id}", ${f} frame: ${p}`);
    }
  }
  return problems;
}

/** How far (in model units, standing height 100) a contact may float above the mat: about 2 cm. */
const CONTACT_TOLERANCE = 1.5;

/** A pose's declared contacts that do not rest on the mat once the figure is placed. */
export function restingProblems(pose: Pose, scale: number): string[] {
  if (pose.view === 'above' || pose.surface === 'water') return [];
  const { points, groundY } = placeFigure(pose, scale);
  return pose.contacts.flatMap((name) => {
    const p = points[name];
    const gap = (groundY - (p.y + p.r)) / scale;
    return Math.abs(gap) > CONTACT_TOLERANCE ? [`${name} should rest on the mat but is ${gap.toFixed(1)} above it`] : [];
  });
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

export function frameViews(exercise: { id: string; name: string; steps: readonly string[] }, illustration: Illustration): FrameView[] {
  const scale = fitScale(FRAME_NAMES.map((f) => illustration[f].pose));
  return FRAME_NAMES.map((frame) => {
    const f = illustration[frame];
    const svg = frameSvg(f.pose, illustration.emphasis, scale);
    const base = `${exercise.id}-${frame}.${contentHash(svg)}`;
    const step = exercise.steps[f.step - 1] ?? '';
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
