import { kneeRolls } from './knee-rolls';
import { piriformis } from './piriformis';
import { happyBaby } from './happy-baby';
import { catCow } from './cat-cow';
import { seatedTwist } from './seated-twist';
import { headToKnee } from './head-to-knee';
import { triangle } from './triangle';
import { sideStretch } from './side-stretch';
import { childsPose } from './childs-pose';
import { walking } from './walking';
import { swimming } from './swimming';
import { cycling } from './cycling';
import { weightLifting } from './weight-lifting';

/**
 * The illustration of every exercise in templates/program/exercises.ts, as data: a start and an end
 * pose of the figure model (functions/core/figure.ts explains the angles), the step each frame shows
 * (its alt text) and a note of what the pose shows, to check against that step. A new exercise gets
 * two poses here, not a drawing. Validated by functions/core/illustrations.ts; every frame is drawn
 * and its geometry checked by test/unit/illustrations.test.ts (contacts are the points that must
 * rest on the mat).
 *
 * Side view, facing right: the figure's right side is nearer the viewer; facing left mirrors it.
 */
export const illustrations = {
  'knee-rolls': kneeRolls,
  piriformis: piriformis,
  'happy-baby': happyBaby,
  'cat-cow': catCow,
  'seated-twist': seatedTwist,
  'head-to-knee': headToKnee,
  triangle: triangle,
  'side-stretch': sideStretch,
  'childs-pose': childsPose,
  walking: walking,
  swimming: swimming,
  cycling: cycling,
  'weight-lifting': weightLifting,
};
