import * as z from 'zod';

/**
 * A stick-figure model for the exercise illustrations: body segments in the proportions of an adult
 * (segment lengths as fractions of standing height, after Drillis & Contini's anthropometric table),
 * joint angles per pose, forward kinematics, and an SVG of the figure on a mat. Pure: no I/O.
 *
 * Conventions (world units, y up, the mat's top at y = 0, standing height 100):
 * - Side view: the figure faces +x when the torso points up (90 degrees). Angles are degrees,
 *   counter-clockwise. `torso` is the absolute direction of the lower torso (pelvis to waist);
 *   every other angle is relative to the segment before it. Positive hip and shoulder angles swing
 *   the limb forward (flexion), positive knee angles bend the knee, positive elbow angles bend the
 *   elbow, positive ankle angles lift the toes towards the shin.
 *   Facing right, the figure's right side is nearer the viewer (whatever the torso's angle).
 * - Front view: the figure faces the viewer, its left side at +x. Positive hip and shoulder angles
 *   lift the limb away from the body's midline (abduction), on either side; `torso` below 90 leans
 *   towards the figure's left.
 * - A joint angle may be [inPlane, outOfPlane]: the segment also turns out of the picture by
 *   outOfPlane degrees, so it is drawn shortened by cos(outOfPlane) (a knee dropped towards the viewer).
 */

export const SEGMENT = {
  lowerTorso: 14,
  upperTorso: 15,
  /** shoulder line to the centre of the head */
  neck: 11.5,
  upperArm: 18.6,
  forearm: 14.6,
  hand: 7,
  thigh: 24.5,
  shin: 24.6,
  /** ankle to toe tip */
  foot: 11,
  /** half the distance between the hip joints, and between the shoulder joints (front view) */
  hipHalfWidth: 9,
  shoulderHalfWidth: 14,
} as const;

/** Half the thickness of the body at each point: what touches the mat is the surface, not the bone. */
const RADIUS = {
  pelvis: 6,
  waist: 5.5,
  chest: 5.5,
  head: 6.5,
  shoulder: 3,
  elbow: 2.5,
  wrist: 2,
  hand: 2,
  hip: 4.5,
  knee: 3.5,
  ankle: 3,
  toe: 2,
} as const;

const Angle = z.union([z.number().min(-360).max(360), z.tuple([z.number().min(-360).max(360), z.number().min(-90).max(90)])]);
export type Angle = z.infer<typeof Angle>;

const Arm = z.object({ shoulder: Angle, elbow: Angle, wrist: Angle.default(0) }).strict();
const Leg = z.object({ hip: Angle, knee: Angle, ankle: Angle.default(0) }).strict();

export const Side = z.enum(['left', 'right']);
export type Side = z.infer<typeof Side>;

const POINT_NAMES = [
  'pelvis',
  'waist',
  'chest',
  'head',
  'leftShoulder',
  'leftElbow',
  'leftWrist',
  'leftHand',
  'rightShoulder',
  'rightElbow',
  'rightWrist',
  'rightHand',
  'leftHip',
  'leftKnee',
  'leftAnkle',
  'leftToe',
  'rightHip',
  'rightKnee',
  'rightAnkle',
  'rightToe',
] as const;
export const PointName = z.enum(POINT_NAMES);
export type PointName = z.infer<typeof PointName>;

/**
 * Simple equipment, placed relative to a body point: a dumbbell in a hand, an exercise bike or a
 * chair under the hips (built around the figure: seat under the pelvis, legs down to the lower foot),
 * the back of a chair under a hand that holds it, a pillow (cushion) or a folded towel under a point.
 */
export const Prop = z
  .object({
    kind: z.enum(['dumbbell', 'bike', 'chair', 'chair-back', 'cushion', 'towel']),
    at: PointName,
  })
  .strict();
export type Prop = z.infer<typeof Prop>;

export const Pose = z
  .object({
    /** 'above': lying on the back seen from above, head to the left; the angles are the front view's. */
    view: z.enum(['side', 'front', 'above']),
    /**
     * Side view: which way the figure's front points when it stands. Facing right, its right side is
     * nearer the viewer; facing left (the drawing mirrored), its left side is (see nearSide).
     */
    facing: z.enum(['right', 'left']).default('right'),
    /** Front and above views: a side drawn in front and darker, the other lighter (a leg crossed over the other). */
    near: Side.optional(),
    /**
     * 'mat': the lowest points rest on the mat; 'water': the figure floats with the waterline through
     * its torso; 'pool': it stands on the floor of a shallow pool, the water up to its waist.
     */
    surface: z.enum(['mat', 'water', 'pool']).default('mat'),
    torso: z.number().min(-360).max(360),
    /** Bend at the waist: positive rounds the back forward (side view) or bends sideways (front view). */
    spine: z.number().min(-90).max(90).default(0),
    neck: z.number().min(-90).max(90).default(0),
    leftArm: Arm,
    rightArm: Arm,
    leftLeg: Leg,
    rightLeg: Leg,
    /** Points that rest on the mat in this pose; the geometry test holds the drawing to them. */
    contacts: z.array(PointName).default([]),
    props: z.array(Prop).default([]),
  })
  .strict();
export type Pose = z.infer<typeof Pose>;
export type PoseInput = z.input<typeof Pose>;

export type Point = { x: number; y: number; r: number };
export type Skeleton = Record<PointName, Point>;

const rad = (deg: number) => (deg * Math.PI) / 180;
const inPlane = (a: Angle) => (typeof a === 'number' ? a : a[0]);
const shortening = (a: Angle) => (typeof a === 'number' ? 1 : Math.cos(rad(a[1])));

function step(from: Point, angle: number, length: number, r: number): Point {
  return { x: from.x + length * Math.cos(rad(angle)), y: from.y + length * Math.sin(rad(angle)), r };
}

/** Joint positions of a pose, with the pelvis at the origin (before the figure is put on the mat). */
export function forwardKinematics(pose: Pose): Skeleton {
  const front = pose.view !== 'side';
  const pelvis: Point = { x: 0, y: 0, r: RADIUS.pelvis };
  const lower = pose.torso;
  const waist = step(pelvis, lower, SEGMENT.lowerTorso, RADIUS.waist);
  // Side view: a forward bend turns the upper torso towards the front, which is clockwise.
  const upper = lower - pose.spine;
  const chest = step(waist, upper, SEGMENT.upperTorso, RADIUS.chest);
  const head = step(chest, upper - pose.neck, SEGMENT.neck, RADIUS.head);
  const points = { pelvis, waist, chest, head } as Partial<Skeleton>;

  for (const side of Side.options) {
    // Front view: each side mirrors the other; the figure's left is at +x when it stands upright.
    const sign = front && side === 'right' ? -1 : 1;
    const offset = (base: Point, dirAngle: number, half: number): Point => (front ? step(base, dirAngle - 90 * sign, half, base.r) : { ...base });
    const arm = pose[`${side}Arm`];
    const shoulder = { ...offset(chest, upper, SEGMENT.shoulderHalfWidth), r: RADIUS.shoulder };
    const a1 = upper + 180 + sign * inPlane(arm.shoulder);
    const elbow = step(shoulder, a1, SEGMENT.upperArm * shortening(arm.shoulder), RADIUS.elbow);
    const a2 = a1 + sign * inPlane(arm.elbow);
    const wrist = step(elbow, a2, SEGMENT.forearm * shortening(arm.elbow), RADIUS.wrist);
    const hand = step(wrist, a2 + sign * inPlane(arm.wrist), SEGMENT.hand * shortening(arm.wrist), RADIUS.hand);

    const leg = pose[`${side}Leg`];
    const hip = { ...offset(pelvis, lower, SEGMENT.hipHalfWidth), r: RADIUS.hip };
    const l1 = lower + 180 + sign * inPlane(leg.hip);
    const knee = step(hip, l1, SEGMENT.thigh * shortening(leg.hip), RADIUS.knee);
    const l2 = l1 - sign * inPlane(leg.knee);
    const ankle = step(knee, l2, SEGMENT.shin * shortening(leg.knee), RADIUS.ankle);
    // The foot points forward of the shin in side view, outwards in front view.
    const toe = step(ankle, l2 + 90 * sign + sign * inPlane(leg.ankle), SEGMENT.foot * shortening(leg.ankle), RADIUS.toe);
    Object.assign(points, {
      [`${side}Shoulder`]: shoulder,
      [`${side}Elbow`]: elbow,
      [`${side}Wrist`]: wrist,
      [`${side}Hand`]: hand,
      [`${side}Hip`]: hip,
      [`${side}Knee`]: knee,
      [`${side}Ankle`]: ankle,
      [`${side}Toe`]: toe,
    });
  }
  if (pose.view === 'side' && pose.facing === 'left') for (const p of Object.values(points)) p.x = -p.x;
  // Seen from above, the front view turns a quarter: the head to the left, the figure's left side up.
  if (pose.view === 'above') for (const p of Object.values(points)) [p.x, p.y] = [-p.y, p.x];
  return points as Skeleton;
}

/** Side view: the side of the body nearer the viewer, drawn in front in the darker tone. */
export function nearSide(pose: Pose): Side {
  if (pose.view !== 'side') return pose.near ?? 'left';
  return pose.facing === 'right' ? 'right' : 'left';
}

/** The bones, as pairs of points, in the order the figure is built: each starts where another ends. */
export const BONES: readonly (readonly [PointName, PointName])[] = [
  ['pelvis', 'waist'],
  ['waist', 'chest'],
  ['chest', 'head'],
  ...(['left', 'right'] as const).flatMap(
    (s) =>
      [
        ['chest', `${s}Shoulder`],
        [`${s}Shoulder`, `${s}Elbow`],
        [`${s}Elbow`, `${s}Wrist`],
        [`${s}Wrist`, `${s}Hand`],
        ['pelvis', `${s}Hip`],
        [`${s}Hip`, `${s}Knee`],
        [`${s}Knee`, `${s}Ankle`],
        [`${s}Ankle`, `${s}Toe`],
      ] as const,
  ),
];
