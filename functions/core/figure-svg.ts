import { BONES, forwardKinematics, nearSide, type Point, type PointName, type Pose, type Prop, type Skeleton } from './figure';

/**
 * One frame of an illustration as SVG: the figure of figure.ts put on the mat, centred, in a calm
 * palette on an opaque card (so it holds on a dark-mode background), the moving body parts in the
 * accent colour. No text in the image: the words are in the email beside it. Pure.
 */

export const FRAME = { width: 260, height: 160, matY: 146, matHeight: 6, margin: 12 } as const;

export const BODY_PARTS = ['torso', 'head', 'leftArm', 'rightArm', 'leftLeg', 'rightLeg'] as const;
export type BodyPart = (typeof BODY_PARTS)[number];

export const PALETTE = {
  card: '#f6f2ec',
  mat: '#cfe0dc',
  matEdge: '#a9c5bf',
  near: '#36524f',
  far: '#98b0ac',
  accentNear: '#d2693a',
  accentFar: '#eeb08f',
  prop: '#6f7f7d',
  water: '#bcdbe6',
  waterEdge: '#6fa7bb',
} as const;

type Shape = { kind: 'line'; a: Point; b: Point; width: number; color: string } | { kind: 'circle'; c: Point; color: string; fill: boolean; width?: number };

/** A pose placed in the frame: the skeleton in frame coordinates (y down) and the prop shapes. */
export interface PlacedFigure {
  points: Skeleton;
  props: Shape[];
  /** y of the mat's top (or of the waterline) in frame coordinates */
  groundY: number;
}

function partOf(a: PointName, b: PointName): BodyPart {
  // The links from the pelvis to the hips and from the chest to the shoulders belong to the trunk.
  const name = b === 'head' ? 'head' : a === 'pelvis' || a === 'chest' ? 'torso' : b.startsWith('left') ? 'left' : b.startsWith('right') ? 'right' : 'torso';
  if (name === 'head' || name === 'torso') return name;
  return `${name}${/Shoulder|Elbow|Wrist|Hand/.test(b) ? 'Arm' : 'Leg'}` as BodyPart;
}

const pt = (x: number, y: number, r = 1.5): Point => ({ x, y, r });
const propLine = (a: Point, b: Point, width = 3): Shape => ({ kind: 'line', a, b, width, color: PALETTE.prop });

/** Half a chair seat's width, seen from the front: a little wider than the hips. */
const HALF_SEAT = 16;

/** Where the floor is under a figure on a chair (y up): the bottom of its lower foot. */
function floorUnder(p: Skeleton): number {
  return Math.min(...(['leftAnkle', 'rightAnkle', 'leftToe', 'rightToe'] as const).map((k) => p[k].y - p[k].r));
}

/** A chair built around a seated figure (y up): legs end half a stroke below the floor, so they stand on it. */
function chairShapes(p: Skeleton, view: Pose['view']): Shape[] {
  const floor = floorUnder(p) + 1.5;
  const seatY = p.pelvis.y - p.pelvis.r - 1.5;
  if (view !== 'side') {
    // From the front: the seat across under the hips, the back behind the trunk (drawn first, so hidden).
    const half = HALF_SEAT;
    const [l, r] = [p.pelvis.x - half, p.pelvis.x + half];
    return [
      propLine(pt(l, seatY), pt(l, seatY + 34)),
      propLine(pt(r, seatY), pt(r, seatY + 34)),
      propLine(pt(l, seatY + 34), pt(r, seatY + 34)),
      propLine(pt(l, seatY + 22), pt(r, seatY + 22), 2),
      propLine(pt(l, seatY), pt(l, floor)),
      propLine(pt(r, seatY), pt(r, floor)),
      propLine(pt(l - 1, seatY), pt(r + 1, seatY), 3.5),
    ];
  }
  // From the side: the knees show which way the figure faces; the back is behind the pelvis.
  const dir = (p.leftKnee.x + p.rightKnee.x) / 2 >= p.pelvis.x ? 1 : -1;
  const rear = p.pelvis.x - dir * 8;
  const front = p.pelvis.x + dir * 16;
  return [
    propLine(pt(rear, seatY), pt(rear - dir * 3, seatY + 34)),
    propLine(pt(rear, seatY), pt(rear, floor)),
    propLine(pt(front, seatY), pt(front, floor)),
    propLine(pt(rear, seatY), pt(front, seatY), 3.5),
  ];
}

/** The back of a chair standing beside the figure, its top rail under the hand that holds it. */
function chairBackShapes(at: Point, p: Skeleton, view: Pose['view']): Shape[] {
  const floor = floorUnder(p) + 1.5;
  const top = at.y - at.r - 1.5;
  const seatY = floor + 26;
  // Seen from the front, a chair side on: its back upright under the hand, the seat reaching away.
  const away = view === 'side' ? 1 : at.x >= p.pelvis.x ? 1 : -1;
  const back = at.x + away * 2;
  return [
    propLine(pt(back - away * 3, top), pt(back + away * 3, top), 3),
    propLine(pt(back, top), pt(back, floor)),
    propLine(pt(back, seatY), pt(back + away * 16, seatY), 3.5),
    propLine(pt(back + away * 16, seatY), pt(back + away * 16, floor)),
  ];
}

/** A folded towel's thickness in model units (about 4 cm): it lies on the mat under a point. */
export const TOWEL_THICKNESS = 2.5;

/** A pillow (thick) or a folded towel (thin) under a point of the body (y up). */
function cushionShapes(at: Point, thick: number, length: number): Shape[] {
  const y = at.y - at.r - thick / 2;
  return [propLine(pt(at.x - length / 2, y, thick / 2), pt(at.x + length / 2, y, thick / 2), thick)];
}

function propShapes(prop: Prop, p: Skeleton, view: Pose['view']): Shape[] {
  const at = p[prop.at];
  const color = PALETTE.prop;
  // Held at the side, a dumbbell's bar points at the viewer: seen end-on, it is a disc.
  if (prop.kind === 'dumbbell') return [{ kind: 'circle', c: pt(at.x, at.y, 4.5), color, fill: true }];
  if (prop.kind === 'chair') return chairShapes(p, view);
  if (prop.kind === 'chair-back') return chairBackShapes(at, p, view);
  if (prop.kind === 'cushion') return cushionShapes(at, 7, 20);
  if (prop.kind === 'towel') return cushionShapes(at, TOWEL_THICKNESS, 18);
  // An indoor bike built around the rider (y up here): saddle under the hips, the crank centred
  // between the two feet (so both pedals sit under the feet), the bars under the hands.
  const crank = pt((p.leftAnkle.x + p.rightAnkle.x) / 2, (p.leftAnkle.y + p.rightAnkle.y) / 2);
  const saddle = pt(at.x, at.y - at.r - 1);
  const bars = pt((p.leftWrist.x + p.rightWrist.x) / 2, (p.leftWrist.y + p.rightWrist.y) / 2 - 2);
  const floor = crank.y - 18;
  const front = pt(bars.x + 6, floor + 1.5);
  const line = propLine;
  return [
    line(pt(saddle.x - 5, saddle.y), pt(saddle.x + 5, saddle.y), 3),
    line(saddle, crank),
    line(crank, pt(bars.x - 2, bars.y - 8)),
    line(pt(bars.x - 2, bars.y - 8), bars, 2.5),
    line(pt(crank.x - 22, floor + 1.5), front, 3),
    line(crank, pt(crank.x - 12, floor + 1.5)),
    line(pt(bars.x - 2, bars.y - 8), front),
    { kind: 'circle', c: pt(bars.x - 4, floor + 13, 11), color, fill: false, width: 2 },
    line(crank, p.leftAnkle, 2),
    line(crank, p.rightAnkle, 2),
  ];
}

function extent(shape: Shape, pick: (p: Point) => number[]): number[] {
  return shape.kind === 'line' ? [...pick(shape.a), ...pick(shape.b)] : pick(shape.c);
}

const MAX_SCALE = 1.7;
const TOP_ROOM = 10;

/**
 * The skeleton with each point's radius as drawn: a bone is a stroke as thick as the thinner of its
 * two ends, so a point is only as thick as its thickest bone (the head is its own circle).
 */
function drawnSkeleton(pose: Pose): Skeleton {
  const world = forwardKinematics(pose);
  const drawn = new Map<PointName, number>();
  for (const [a, b] of BONES) {
    if (b === 'head') continue;
    const half = Math.min(world[a].r, world[b].r);
    for (const q of [a, b]) drawn.set(q, Math.max(drawn.get(q) ?? 0, half));
  }
  for (const [name, p] of Object.entries(world) as [PointName, Point][]) if (name !== 'head') p.r = drawn.get(name) ?? p.r;
  return world;
}

function worldExtent(pose: Pose) {
  const world = drawnSkeleton(pose);
  const props = pose.props.flatMap((prop) => propShapes(prop, world, pose.view));
  const all = Object.values(world);
  const ys = [...all.flatMap((p) => [p.y - p.r, p.y + p.r]), ...props.flatMap((s) => extent(s, (p) => [p.y - p.r, p.y + p.r]))];
  const xs = [...all.flatMap((p) => [p.x - p.r, p.x + p.r]), ...props.flatMap((s) => extent(s, (p) => [p.x - p.r, p.x + p.r]))];
  return { world, props, minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

const groundOf = (pose: Pose) => (pose.surface === 'water' ? FRAME.matY - 40 : FRAME.matY);
/** Seen from above, the mat is a rectangle behind the figure: this much of it shows around the figure. */
const ABOVE_PAD = 8;

/**
 * The largest scale (frame units per model unit) at which every pose fits its frame: one scale for
 * both frames of an exercise, so the figure does not change size between them.
 */
export function fitScale(poses: readonly Pose[]): number {
  const fits = poses.map((pose) => {
    const e = worldExtent(pose);
    const ground = groundOf(pose);
    const width = (FRAME.width - 2 * FRAME.margin - 8) / (e.maxX - e.minX);
    if (pose.view === 'above') return Math.min(width, (FRAME.height - 2 * ABOVE_PAD - 8) / (e.maxY - e.minY));
    const above = pose.surface === 'water' ? Math.max(e.maxY - (e.world.pelvis.y + e.world.chest.y) / 2, 1) : e.maxY - e.minY;
    const below = pose.surface === 'water' ? Math.max((e.world.pelvis.y + e.world.chest.y) / 2 - e.minY, 1) : 0;
    const height = Math.min((ground - TOP_ROOM) / above, below > 0 ? (FRAME.height - ground - 4) / below : Infinity);
    return Math.min(width, height);
  });
  return Math.min(MAX_SCALE, ...fits);
}

/** Puts a pose in the frame: lowest point on the mat (or the torso on the waterline), centred across. */
export function placeFigure(pose: Pose, scale = 1): PlacedFigure {
  const { world, props, minX, maxX, minY, maxY } = worldExtent(pose);
  const fromAbove = pose.view === 'above';
  const dy = fromAbove ? -(minY + maxY) / 2 : pose.surface === 'water' ? -(world.pelvis.y + world.chest.y) / 2 : -minY;
  const cx = (minX + maxX) / 2;
  const groundY = fromAbove ? FRAME.height / 2 : groundOf(pose);
  const move = (p: Point): Point => ({ x: FRAME.width / 2 + (p.x - cx) * scale, y: groundY - (p.y + dy) * scale, r: p.r * scale });
  const points = Object.fromEntries(Object.entries(world).map(([k, p]) => [k, move(p)])) as Skeleton;
  const placed = props.map(
    (s): Shape => (s.kind === 'line' ? { ...s, a: move(s.a), b: move(s.b), width: s.width * scale } : { ...s, c: move(s.c), width: (s.width ?? 2) * scale }),
  );
  return { points, props: placed, groundY };
}

const n = (v: number) => String(Math.round(v * 10) / 10);

function svgShape(s: Shape): string {
  if (s.kind === 'line') {
    return `<line x1="${n(s.a.x)}" y1="${n(s.a.y)}" x2="${n(s.b.x)}" y2="${n(s.b.y)}" stroke="${s.color}" stroke-width="${n(s.width)}"/>`;
  }
  const paint = s.fill ? `fill="${s.color}"` : `fill="none" stroke="${s.color}" stroke-width="${n(s.width ?? 2)}"`;
  return `<circle cx="${n(s.c.x)}" cy="${n(s.c.y)}" r="${n(s.c.r)}" ${paint}/>`;
}

/** The SVG of one frame. `emphasis`: the body parts that move, drawn in the accent colour. */
export function frameSvg(pose: Pose, emphasis: readonly BodyPart[], scale = fitScale([pose])): string {
  const { points: p, props, groundY } = placeFigure(pose, scale);
  const side = pose.view === 'side';
  const fromAbove = pose.view === 'above';
  const near = nearSide(pose);
  const far = side || pose.near ? (near === 'left' ? 'right' : 'left') : undefined;
  const colour = (part: BodyPart) => {
    const isFar = far !== undefined && part.startsWith(far);
    if (emphasis.includes(part)) return isFar ? PALETTE.accentFar : PALETTE.accentNear;
    return isFar ? PALETTE.far : PALETTE.near;
  };
  const bones: Shape[] = BONES.map(([a, b]) => {
    const part = partOf(a, b);
    // Bones as round-capped strokes as thick as the body there: joints close without gaps.
    const width = b === 'head' ? 2 * p.chest.r * 0.7 : 2 * Math.min(p[a].r, p[b].r);
    return { kind: 'line', a: p[a], b: p[b], width, color: colour(part) };
  });
  const layer = (part: BodyPart) => bones.filter((_, i) => partOf(...BONES[i]!) === part);
  // Far limbs first, the trunk, then the near limbs; in front view the arms go over the trunk.
  const order: BodyPart[] = side
    ? [`${far!}Arm`, `${far!}Leg`, 'torso', 'head', `${near}Leg`, `${near}Arm`]
    : fromAbove
      ? ['leftArm', 'rightArm', 'torso', 'head', `${far ?? 'right'}Leg`, `${near}Leg`]
      : ['leftLeg', 'rightLeg', 'torso', 'head', 'leftArm', 'rightArm'];
  const trunk = side
    ? ''
    : `<polygon points="${[p.leftHip, p.rightHip, p.rightShoulder, p.leftShoulder].map((q) => `${n(q.x)},${n(q.y)}`).join(' ')}" fill="${colour('torso')}" stroke="${colour('torso')}" stroke-width="${n(p.chest.r)}" stroke-linejoin="round"/>`;
  const body = order
    .map((part) => {
      const shapes = layer(part).map(svgShape).join('');
      const head = part === 'head' ? svgShape({ kind: 'circle', c: p.head, color: colour('head'), fill: true }) : '';
      return (part === 'torso' ? trunk : '') + shapes + head;
    })
    .join('');
  const { width: w, height: h, margin: m } = FRAME;
  const ys = Object.values(p).flatMap((q) => [q.y - q.r, q.y + q.r]);
  const matTop = Math.max(2, Math.min(...ys) - ABOVE_PAD);
  const ground = fromAbove
    ? `<rect x="${m}" y="${n(matTop)}" width="${w - 2 * m}" height="${n(Math.min(h - 2, Math.max(...ys) + ABOVE_PAD) - matTop)}" rx="4" fill="${PALETTE.mat}" stroke="${PALETTE.matEdge}" stroke-width="1"/>`
    : pose.surface === 'water'
      ? `<rect x="0" y="${groundY}" width="${w}" height="${h - groundY}" fill="${PALETTE.water}" opacity="0.6"/><line x1="${m}" y1="${groundY}" x2="${w - m}" y2="${groundY}" stroke="${PALETTE.waterEdge}" stroke-width="1.5"/>`
      : `<rect x="${m}" y="${groundY}" width="${w - 2 * m}" height="${FRAME.matHeight}" rx="3" fill="${PALETTE.mat}" stroke="${PALETTE.matEdge}" stroke-width="1"/>`;
  const water = pose.surface === 'water';
  // In a shallow pool the water comes up to the waist, over the legs, and the floor is the mat line.
  const poolY = (p.pelvis.y + p.waist.y) / 2;
  const pool =
    pose.surface === 'pool'
      ? `<rect x="0" y="${n(poolY)}" width="${w}" height="${n(h - poolY)}" fill="${PALETTE.water}" opacity="0.6"/><line x1="${m}" y1="${n(poolY)}" x2="${w - m}" y2="${n(poolY)}" stroke="${PALETTE.waterEdge}" stroke-width="1.5"/>`
      : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">` +
    `<rect width="${w}" height="${h}" rx="10" fill="${PALETTE.card}"/>` +
    (water ? '' : ground) +
    `<g stroke-linecap="round" fill="none">${props.map(svgShape).join('')}${body}</g>` +
    (water ? ground : pool) +
    `</svg>`
  );
}
