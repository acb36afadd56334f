import { seatedLegFront, holdingSeat, onChair, feetDown } from './seated';
/** side-stretch: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const sideStretch = {
  emphasis: ['torso', 'rightArm'],
  start: {
    step: 2,
    note: "Standing tall, seen from the front, feet hip-width apart; the right arm raised overhead (viewer's left), the left hand resting on the left hip.",
    pose: {
      view: 'front',
      torso: 90,
      leftArm: { shoulder: 40, elbow: -95 },
      rightArm: { shoulder: 172, elbow: 0 },
      leftLeg: { hip: 3, knee: 0, ankle: [-3, 70] },
      rightLeg: { hip: 3, knee: 0, ankle: [-3, 70] },
      contacts: ['leftAnkle', 'rightAnkle'],
    },
  },
  end: {
    step: 3,
    note: "Leaning gently to the left (viewer's right) from the waist, the right arm arching overhead with the side of the body; the left hand stays on the hip, feet stay put.",
    pose: {
      view: 'front',
      torso: 90,
      spine: 28,
      leftArm: { shoulder: 40, elbow: -95 },
      rightArm: { shoulder: 165, elbow: 0 },
      leftLeg: { hip: 3, knee: 0, ankle: [-3, 70] },
      rightLeg: { hip: 3, knee: 0, ankle: [-3, 70] },
      contacts: ['leftAnkle', 'rightAnkle'],
    },
  },
  forms: {
    easier: {
      sameAs: 'standard',
      steps: { start: 2, end: 3 },
      note: 'Placeholder replaced below.',
    },
    chair: {
      emphasis: ['torso', 'rightArm'],
      start: {
        step: 2,
        note: "Sitting tall on a chair, seen from the front: feet flat on the floor, the right arm raised overhead (viewer's left), the left hand resting on the seat.",
        pose: {
          view: 'front',
          torso: 90,
          leftArm: holdingSeat,
          rightArm: { shoulder: 172, elbow: 0 },
          leftLeg: seatedLegFront,
          rightLeg: seatedLegFront,
          contacts: [...feetDown],
          props: onChair,
        },
      },
      end: {
        step: 3,
        note: "Leaning gently to the left (viewer's right) from the waist, the right arm arching overhead; the left hand stays on the seat, the hips and feet stay put.",
        pose: {
          view: 'front',
          torso: 90,
          spine: 25,
          leftArm: { shoulder: -10, elbow: 20, wrist: [0, 70] },
          rightArm: { shoulder: 165, elbow: 0 },
          leftLeg: seatedLegFront,
          rightLeg: seatedLegFront,
          contacts: [...feetDown],
          props: onChair,
        },
      },
    },
    fuller: {
      sameAs: 'standard',
      steps: { start: 2, end: 3 },
      note: 'Placeholder replaced below.',
    },
  },
};
