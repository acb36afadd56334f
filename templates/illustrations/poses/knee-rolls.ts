import { seatedLegFront, holdingSeat, onChair, feetDown } from './seated';
/** knee-rolls: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const kneeRolls = {
  emphasis: ['leftLeg', 'rightLeg'],
  // Seen from above: from the side, knees rolling towards the viewer only foreshorten.
  start: {
    step: 1,
    note: 'Seen from above, head to the left: on the back, both knees bent and pointing up at the ceiling (so the legs look short from above), feet flexed, arms on the mat a little away from the sides.',
    pose: {
      view: 'above',
      torso: 90,
      leftArm: { shoulder: 14, elbow: 0 },
      rightArm: { shoulder: 14, elbow: 0 },
      leftLeg: { hip: [0, 50], knee: [0, 50], ankle: [-90, 80] },
      rightLeg: { hip: [0, 50], knee: [0, 50], ankle: [-90, 80] },
    },
  },
  end: {
    step: 3,
    note: 'Seen from above: both knees, still bent, lowered to the right side (the bottom of the picture) so the right thigh lies on the mat and the left knee rests on top of the right; feet stay together, shoulders and arms stay on the mat.',
    pose: {
      view: 'above',
      near: 'left',
      torso: 90,
      leftArm: { shoulder: 14, elbow: 0 },
      rightArm: { shoulder: 14, elbow: 0 },
      leftLeg: { hip: [-49, 20], knee: -59, ankle: [-90, 60] },
      rightLeg: { hip: 25, knee: [55, 22], ankle: [-90, 60] },
    },
  },
  forms: {
    easier: {
      emphasis: ['leftLeg', 'rightLeg'],
      start: {
        step: 1,
        note: 'Seen from above, head to the left: on the back, both knees bent and pointing up at the ceiling (so the legs look short from above), feet flat, arms on the mat beside the body.',
        pose: {
          view: 'above',
          torso: 90,
          leftArm: { shoulder: 14, elbow: 0 },
          rightArm: { shoulder: 14, elbow: 0 },
          leftLeg: { hip: [0, 50], knee: [0, 50], ankle: [-90, 80] },
          rightLeg: { hip: [0, 50], knee: [0, 50], ankle: [-90, 80] },
        },
      },
      end: {
        step: 3,
        note: 'Seen from above: both knees, still bent and together, swayed only part of the way to the right (the bottom of the picture); they stay well off the mat, the feet and shoulders stay put.',
        pose: {
          view: 'above',
          near: 'left',
          torso: 90,
          leftArm: { shoulder: 14, elbow: 0 },
          rightArm: { shoulder: 14, elbow: 0 },
          leftLeg: { hip: [-22, 38], knee: [-28, 38], ankle: [-90, 70] },
          rightLeg: { hip: [12, 38], knee: [26, 38], ankle: [-90, 70] },
        },
      },
    },
    chair: {
      emphasis: ['leftLeg', 'rightLeg'],
      start: {
        step: 1,
        note: 'Seen from the front, sitting towards the front of a chair: feet flat on the floor, knees together and pointing at the viewer (so the thighs look short), hands holding the sides of the seat.',
        pose: {
          view: 'front',
          torso: 90,
          leftArm: holdingSeat,
          rightArm: holdingSeat,
          leftLeg: { ...seatedLegFront, hip: [-8, 76] },
          rightLeg: { ...seatedLegFront, hip: [-8, 76] },
          contacts: [...feetDown],
          props: onChair,
        },
      },
      end: {
        step: 3,
        note: "Both knees, still together, have swayed a little way to the figure's left (the viewer's right); the feet stay where they were on the floor and the upper body stays still.",
        pose: {
          view: 'front',
          torso: 90,
          leftArm: holdingSeat,
          rightArm: holdingSeat,
          leftLeg: { hip: [54, 65], knee: 73, ankle: [-3, 70] },
          rightLeg: { hip: [-54, 65], knee: -73, ankle: [-3, 70] },
          contacts: [...feetDown],
          props: onChair,
        },
      },
    },
    fuller: {
      sameAs: 'standard',
      steps: { start: 1, end: 3 },
      note: 'The same roll as written; the pause at each side is a breath, not another position.',
    },
  },
};
