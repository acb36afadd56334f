/** weight-lifting: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const weightLifting = {
  emphasis: ['leftArm', 'rightArm'],
  start: {
    step: 2,
    note: 'Standing tall with a light weight in each hand, arms by the sides. Only a generic picture of holding weights: the routine itself is the one your doctor approves.',
    pose: {
      view: 'side',
      torso: 90,
      leftArm: { shoulder: 0, elbow: 5 },
      rightArm: { shoulder: 0, elbow: 5 },
      leftLeg: { hip: 0, knee: 0, ankle: 0 },
      rightLeg: { hip: 0, knee: 0, ankle: 0 },
      contacts: ['leftAnkle', 'rightAnkle', 'leftToe', 'rightToe'],
      props: [
        { kind: 'dumbbell', at: 'leftWrist' },
        { kind: 'dumbbell', at: 'rightWrist' },
      ],
    },
  },
  end: {
    step: 2,
    note: 'The same stance with the elbows bent and the weights raised towards the shoulders, upper arms by the sides.',
    pose: {
      view: 'side',
      torso: 90,
      leftArm: { shoulder: 5, elbow: 120 },
      rightArm: { shoulder: 5, elbow: 120 },
      leftLeg: { hip: 0, knee: 0, ankle: 0 },
      rightLeg: { hip: 0, knee: 0, ankle: 0 },
      contacts: ['leftAnkle', 'rightAnkle', 'leftToe', 'rightToe'],
      props: [
        { kind: 'dumbbell', at: 'leftWrist' },
        { kind: 'dumbbell', at: 'rightWrist' },
      ],
    },
  },
  forms: {
    easier: {
      sameAs: 'standard',
      steps: { start: 2, end: 2 },
      note: 'The same generic picture of holding weights, with lighter ones: the routine is the one your doctor approves.',
    },
  },
};
