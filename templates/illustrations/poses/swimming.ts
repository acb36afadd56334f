/** swimming: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const swimming = {
  emphasis: ['leftArm', 'rightArm'],
  start: {
    step: 1,
    note: 'Swimming face down on the water at an easy pace: the right arm reaches forward, the left arm is back by the hip, legs long behind.',
    pose: {
      view: 'side',
      surface: 'water',
      torso: 0,
      neck: -10,
      leftArm: { shoulder: 10, elbow: 10 },
      rightArm: { shoulder: 175, elbow: 0 },
      leftLeg: { hip: 6, knee: 10, ankle: -80 },
      rightLeg: { hip: -6, knee: 4, ankle: -80 },
    },
  },
  end: {
    step: 1,
    note: 'The next stroke: the left arm reaches forward, the right arm is back by the hip; the legs kick the other way.',
    pose: {
      view: 'side',
      surface: 'water',
      torso: 0,
      neck: -10,
      leftArm: { shoulder: 175, elbow: 0 },
      rightArm: { shoulder: 10, elbow: 10 },
      leftLeg: { hip: -6, knee: 4, ankle: -80 },
      rightLeg: { hip: 6, knee: 10, ankle: -80 },
    },
  },
  forms: {
    easier: {
      sameAs: 'standard',
      steps: { start: 1, end: 1 },
      note: 'Placeholder replaced below.',
    },
  },
};
