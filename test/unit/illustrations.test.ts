import { describe, expect, it } from 'vitest';
import { BONES, forwardKinematics, Pose, SEGMENT, type PoseInput } from '../../functions/core/figure';
import { FRAME, fitScale, frameSvg, PALETTE, placeFigure } from '../../functions/core/figure-svg';
import { FORM_KEYS, FRAME_NAMES, frameViews, illustrationProblems, restingProblems, type Frames } from '../../functions/core/illustrations';
import { applyForm, formAt } from '../../functions/core/range';
import { defaultContent, loadProgram, validateProgram } from '../../functions/core/program';

/**
 * Every frame of every exercise is drawn and its SVG read back: the limbs join up, the figure lies on
 * the mat (nothing below it, the declared contacts on it) and stays inside the frame. The checks
 * are shown to fail on broken poses, so a green run means something.
 */

type Line = { x1: number; y1: number; x2: number; y2: number; width: number; stroke: string };
type Circle = { cx: number; cy: number; r: number; fill: string };

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  if (!m) throw new Error(`no ${name} in ${tag}`);
  return m[1]!;
};
const num = (tag: string, name: string) => Number(attr(tag, name));

function parse(svg: string): { lines: Line[]; circles: Circle[]; rects: string[]; viewBox: number[] } {
  const lines = [...svg.matchAll(/<line [^>]*>/g)].map(([t]) => ({
    x1: num(t, 'x1'),
    y1: num(t, 'y1'),
    x2: num(t, 'x2'),
    y2: num(t, 'y2'),
    width: num(t, 'stroke-width'),
    stroke: attr(t, 'stroke'),
  }));
  const circles = [...svg.matchAll(/<circle [^>]*>/g)].map(([t]) => ({ cx: num(t, 'cx'), cy: num(t, 'cy'), r: num(t, 'r'), fill: attr(t, 'fill') }));
  const rects = [...svg.matchAll(/<rect [^>]*>/g)].map(([t]) => t);
  return {
    lines,
    circles,
    rects,
    viewBox: attr(svg.match(/<svg [^>]*>/)![0], 'viewBox')
      .split(' ')
      .map(Number),
  };
}

const NEAR = 0.15;
const same = (ax: number, ay: number, bx: number, by: number) => Math.hypot(ax - bx, ay - by) <= NEAR;

/** What is wrong with the drawing of one frame, as sentences. */
function drawingProblems(svg: string, pose: Pose, scale: number): string[] {
  const problems: string[] = [];
  const { lines, circles, rects, viewBox } = parse(svg);
  if (viewBox.join(' ') !== `0 0 ${FRAME.width} ${FRAME.height}`) problems.push(`viewBox ${viewBox.join(' ')}`);
  const body = lines.filter((l) => l.stroke !== PALETTE.prop && l.stroke !== PALETTE.waterEdge);
  if (body.length !== BONES.length) problems.push(`${body.length} bones drawn, expected ${BONES.length}`);

  // Attached: starting from one bone, every other bone is reached through shared end points.
  const ends = body.map(
    (l) =>
      [
        [l.x1, l.y1],
        [l.x2, l.y2],
      ] as const,
  );
  const reached = new Set([0]);
  for (let grew = true; grew; ) {
    grew = false;
    body.forEach((_, i) => {
      if (reached.has(i)) return;
      const joins = [...reached].some((j) => ends[i]!.some(([x, y]) => ends[j]!.some(([u, v]) => same(x, y, u, v))));
      if (joins) reached.add(i), (grew = true);
    });
  }
  if (reached.size !== body.length) problems.push(`${body.length - reached.size} bones are not attached to the rest`);
  const head = circles.find((c) => c.fill !== 'none' && c.fill !== PALETTE.prop);
  if (!head || !ends.some((e) => e.some(([x, y]) => same(x, y, head.cx, head.cy)))) problems.push('the head is not on the neck');
  // Continuous joints: every bone end meets another bone, except the four tips (fingers and toes).
  const free = ends.flatMap((e, i) =>
    e.filter(([x, y]) => !(head && same(x, y, head.cx, head.cy)) && !ends.some((f, j) => j !== i && f.some(([u, v]) => same(x, y, u, v)))),
  );
  // (Fewer than four where, seen from the side, the two hands or feet meet.)
  if (free.length > 4) problems.push(`${free.length} loose bone ends, expected at most 4 (hands and toes): a joint is not continuous`);
  // And each stroke is a bone of the model, joint to joint.
  const { points } = placeFigure(pose, scale);
  for (const l of body) {
    const isBone = BONES.some(([a, b]) => same(l.x1, l.y1, points[a].x, points[a].y) && same(l.x2, l.y2, points[b].x, points[b].y));
    if (!isBone) problems.push(`a stroke from (${l.x1}, ${l.y1}) to (${l.x2}, ${l.y2}) is not a bone between two joints`);
  }

  // Inside the frame, strokes and all.
  const extents = [
    ...lines.flatMap((l) => [
      [l.x1, l.y1, l.width / 2],
      [l.x2, l.y2, l.width / 2],
    ]),
    ...circles.map((c) => [c.cx, c.cy, c.r]),
  ] as [number, number, number][];
  for (const [x, y, r] of extents) {
    if (x - r < 0 || x + r > FRAME.width || y - r < 0 || y + r > FRAME.height) problems.push(`(${x}, ${y}) r ${r} leaves the frame`);
  }

  const bottoms = extents.map(([, y, r]) => y + r);
  if (pose.view === 'above') {
    const mat = rects.find((r) => r.includes(`fill="${PALETTE.mat}"`))!;
    const [top, height] = [num(mat, 'y'), num(mat, 'height')];
    for (const [x, y, r] of extents) if (y - r < top || y + r > top + height || x < num(mat, 'x')) problems.push(`(${x}, ${y}) is off the mat`);
  } else if (pose.surface === 'water') {
    const { groundY } = placeFigure(pose, scale);
    if (!(Math.min(points.pelvis.y, points.chest.y) <= groundY && Math.max(points.pelvis.y, points.chest.y) >= groundY - 1))
      problems.push('the torso is not at the waterline');
  } else {
    const lowest = Math.max(...bottoms);
    if (lowest > FRAME.matY + 0.3) problems.push(`something is ${(lowest - FRAME.matY).toFixed(1)} below the mat`);
    if (lowest < FRAME.matY - 0.3) problems.push(`the figure floats ${(FRAME.matY - lowest).toFixed(1)} above the mat`);
  }
  return problems;
}

const program = loadProgram();
const exercises = [...program.exercises.values()];
/** Every form drawn in its own poses (templates/illustrations/poses/*.ts `forms`), with the exercise as sent in it. */
const drawnForms = exercises.flatMap((ex) =>
  FORM_KEYS.flatMap((key) => {
    const frames = program.illustrations[ex.id]!.forms[key];
    const form = formAt(program.variants[ex.id], key);
    return frames && !('sameAs' in frames) && form?.from === key ? [[`${ex.id} ${key}`, applyForm(ex, form), key, frames] as const] : [];
  }),
);

describe('illustrations', () => {
  it('every exercise has a start and an end frame, each showing one of its steps', () => {
    expect(exercises).toHaveLength(13);
    for (const ex of exercises) {
      const ill = program.illustrations[ex.id];
      expect(ill, ex.id).toBeDefined();
      for (const f of FRAME_NAMES) expect(ill![f].step).toBeLessThanOrEqual(ex.steps.length);
    }
    expect(illustrationProblems(defaultContent() && (defaultContent() as { illustrations: unknown }).illustrations, exercises)).toEqual([]);
  });

  describe.each(exercises.map((e) => [e.id, e] as const))('%s', (id, ex) => {
    const ill = program.illustrations[id]!;
    const scale = fitScale(FRAME_NAMES.map((f) => ill[f].pose));
    it.each(FRAME_NAMES)('%s frame: attached, on the mat, inside the frame, contacts resting', (frame) => {
      const pose = ill[frame].pose;
      expect(drawingProblems(frameSvg(pose, ill.emphasis, scale), pose, scale)).toEqual([]);
      expect(restingProblems(pose, scale)).toEqual([]);
      expect(ill[frame].note.length).toBeGreaterThan(20);
    });
    it('keeps the proportions: in-plane bones at their length, turned ones shorter', () => {
      for (const frame of FRAME_NAMES) {
        const p = forwardKinematics(ill[frame].pose);
        const d = (a: keyof typeof p, b: keyof typeof p) => Math.hypot(p[a].x - p[b].x, p[a].y - p[b].y);
        expect(d('pelvis', 'waist')).toBeCloseTo(SEGMENT.lowerTorso, 6);
        expect(d('waist', 'chest')).toBeCloseTo(SEGMENT.upperTorso, 6);
        for (const s of ['left', 'right'] as const) {
          expect(d(`${s}Hip`, `${s}Knee`)).toBeLessThanOrEqual(SEGMENT.thigh + 1e-9);
          expect(d(`${s}Knee`, `${s}Ankle`)).toBeLessThanOrEqual(SEGMENT.shin + 1e-9);
          expect(d(`${s}Shoulder`, `${s}Elbow`)).toBeLessThanOrEqual(SEGMENT.upperArm + 1e-9);
          const leg = ill[frame].pose[`${s}Leg`];
          if (typeof leg.hip === 'number') expect(d(`${s}Hip`, `${s}Knee`)).toBeCloseTo(SEGMENT.thigh, 6);
        }
      }
    });
    it('names its images by content and takes the alt text from the step shown', () => {
      const views = frameViews(ex, ill);
      expect(views.map((v) => v.frame)).toEqual(['start', 'end']);
      for (const v of views) {
        expect(v.file).toMatch(new RegExp(`^${id}-${v.frame}\\.[0-9a-f]{10}\\.png$`));
        expect(v.file2x).toBe(v.file.replace('.png', '@2x.png'));
        expect(v.alt).toContain(ex.steps[ill[v.frame].step - 1]!);
        expect(v.svg).not.toMatch(/<text/);
      }
      expect(views[0]!.file).not.toBe(views[1]!.file);
    });
  });

  describe.each(drawnForms)('%s form', (_, ex, key, frames: Frames) => {
    const scale = fitScale(FRAME_NAMES.map((f) => frames[f].pose));
    const variant = program.variants[ex.id]![key]!;
    it.each(FRAME_NAMES)('%s frame: attached, on the mat or seated on the chair, inside the frame', (frame) => {
      const pose = frames[frame].pose;
      expect(drawingProblems(frameSvg(pose, frames.emphasis, scale), pose, scale)).toEqual([]);
      expect(restingProblems(pose, scale)).toEqual([]);
      // A chair form shows the chair, and no form done off the floor lies on it.
      expect(pose.props.some((p) => p.kind === 'chair')).toBe(variant.position === 'chair');
    });
    it('has its own image names and takes the alt text from its own steps', () => {
      const views = frameViews(ex, program.illustrations[ex.id]!, key);
      const written = frameViews(program.exercises.get(ex.id)!, program.illustrations[ex.id]!);
      for (const v of views) {
        expect(v.file).toMatch(new RegExp(`^${ex.id}-${key}-${v.frame}\\.[0-9a-f]{10}\\.png$`));
        expect(v.alt).toContain(variant.name);
        expect(v.alt).toContain(variant.steps[frames[v.frame].step - 1]!);
      }
      expect(views.map((v) => v.file)).not.toEqual(written.map((v) => v.file));
    });
  });

  it('every chair form is drawn on a chair in its own frames', () => {
    const chairs = drawnForms.filter(([, , key]) => key === 'chair');
    const expected = exercises.filter((e) => program.variants[e.id]?.chair).length;
    expect(chairs).toHaveLength(expected);
    expect(expected).toBeGreaterThanOrEqual(8);
  });

  it('validate fails when a form in another position shows the written poses, or a chair form has no chair', () => {
    const content = JSON.parse(JSON.stringify(defaultContent()));
    content.illustrations['cat-cow'].forms.chair = { sameAs: 'standard', steps: { start: 1, end: 2 }, note: 'the floor poses, wrongly, for the chair' };
    delete content.illustrations['childs-pose'].forms.chair;
    content.illustrations['knee-rolls'].forms.chair.end.pose.props = [];
    const problems = validateProgram(content);
    expect(problems).toContain('exercise "cat-cow", chair form is done chair, not all-fours: it needs its own frames');
    expect(problems).toContainEqual(expect.stringContaining('exercise "childs-pose", chair form (chair): no pictures of its own'));
    expect(problems).toContain('exercise "knee-rolls", chair form, end frame: a chair form is drawn on a chair');
  });

  it('the seat and towel checks catch a figure perched too high, no foot on the floor, a towel in the air', () => {
    const chair = program.illustrations.piriformis!.forms.chair as Frames;
    const perched = Pose.parse({ ...chair.start.pose, leftLeg: { hip: 60, knee: 60 }, rightLeg: { hip: 60, knee: 60 } });
    expect(restingProblems(perched, 1).join()).toMatch(/seat is [\d.]+ above the floor/);
    const floating = Pose.parse({ ...chair.start.pose, contacts: [] });
    expect(restingProblems(floating, 1)).toContain('seated on a chair, at least one foot must rest on the floor (a contact)');
    // A towel lies on the mat: one put under the hips of a figure on all fours hangs in the air.
    const towelled = (program.illustrations['cat-cow']!.forms.easier as Frames).start.pose;
    expect(restingProblems(towelled, 1)).toEqual([]);
    const lifted = Pose.parse({ ...towelled, props: [{ kind: 'towel', at: 'pelvis' }] });
    expect(restingProblems(lifted, 1).join()).toMatch(/the towel under pelvis should lie on the mat but is [\d.]+ above it/);
  });

  it('the checks catch a broken pose: a knee bent into the floor, a contact in the air, a missing frame', () => {
    const cat = program.illustrations['cat-cow']!;
    const broken: PoseInput = { ...cat.start.pose, leftLeg: { hip: 93, knee: -60, ankle: -93 } };
    const pose = Pose.parse(broken);
    // Placed on its lowest point, the figure then hangs off the bent knee: hands and knees leave the mat.
    expect(restingProblems(pose, 1).length).toBeGreaterThan(0);
    const floating = Pose.parse({ ...cat.start.pose, contacts: ['head'] });
    expect(restingProblems(floating, 1)).toEqual([expect.stringContaining('head should rest on the mat')]);

    const content = JSON.parse(JSON.stringify(defaultContent()));
    delete content.illustrations['knee-rolls'].end;
    delete content.illustrations.triangle;
    const problems = validateProgram(content);
    expect(problems).toContain('exercise "knee-rolls": the illustration has no end frame');
    expect(problems).toContain('exercise "triangle": no illustration (a start and an end frame)');
  });

  it('the drawing check catches a detached limb and a figure below the mat', () => {
    const ill = program.illustrations['seated-twist']!;
    const scale = fitScale([ill.start.pose]);
    const svg = frameSvg(ill.start.pose, ill.emphasis, scale);
    const first = svg.match(/<line x1="([\d.]+)"/)!;
    const detached = svg.replace(first[0], `<line x1="${Number(first[1]) + 5}"`);
    expect(drawingProblems(detached, ill.start.pose, scale).join()).toMatch(/loose bone ends|not a bone between two joints/);
    const sunk = svg.replace(/y1="([\d.]+)"/g, (_, y) => `y1="${Number(y) + 6}"`);
    expect(drawingProblems(sunk, ill.start.pose, scale).join()).toMatch(/below the mat/);
  });
});
