/** walking: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const walking = {
  emphasis: ['leftLeg', 'rightLeg'],
  start: {
    step: 2,
    note: 'Walking upright at an easy pace: the right leg forward with the heel down, the left leg behind on its toes; the arms swing opposite the legs.',
    pose: {
      view: 'side',
      torso: 90,
      leftArm: { shoulder: 20, elbow: 25 },
      rightArm: { shoulder: -20, elbow: 15 },
      leftLeg: { hip: -20, knee: 35, ankle: -20 },
      rightLeg: { hip: 18, knee: 0, ankle: 12 },
      contacts: ['rightAnkle', 'leftToe'],
    },
  },
  end: {
    step: 2,
    note: 'The next step: the left leg forward with the heel down, the right leg behind on its toes; the arms have swapped.',
    pose: {
      view: 'side',
      torso: 90,
      leftArm: { shoulder: -20, elbow: 15 },
      rightArm: { shoulder: 20, elbow: 25 },
      leftLeg: { hip: 18, knee: 0, ankle: 12 },
      rightLeg: { hip: -20, knee: 35, ankle: -20 },
      contacts: ['leftAnkle', 'rightToe'],
    },
  },
  forms: {
    easier: {
      sameAs: 'standard',
      steps: { start: 2, end: 2 },
      note: 'The same walk as written, on flat ground and slower: a pace is not a position.',
    },
    fuller: {
      sameAs: 'standard',
      steps: { start: 2, end: 2 },
      note: 'The same walk as written, at a brisker pace: a pace is not a position.',
    },
  },
};
