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
      emphasis: ['leftLeg', 'rightLeg'],
      start: {
        step: 1,
        note: 'Walking slowly through the shallow end, upright, the water at about the waist: the right leg forward, the arms swinging gently.',
        pose: {
          view: 'side',
          surface: 'pool',
          torso: 90,
          leftArm: { shoulder: 20, elbow: 25 },
          rightArm: { shoulder: -15, elbow: 15 },
          leftLeg: { hip: -20, knee: 35, ankle: -20 },
          rightLeg: { hip: 18, knee: 0, ankle: 12 },
          contacts: ['rightAnkle', 'leftToe'],
        },
      },
      end: {
        step: 1,
        note: 'The next step through the water: the left leg forward, the arms swapped.',
        pose: {
          view: 'side',
          surface: 'pool',
          torso: 90,
          leftArm: { shoulder: -15, elbow: 15 },
          rightArm: { shoulder: 20, elbow: 25 },
          leftLeg: { hip: 18, knee: 0, ankle: 12 },
          rightLeg: { hip: -20, knee: 35, ankle: -20 },
          contacts: ['leftAnkle', 'rightToe'],
        },
      },
    },
  },
};
