/** triangle: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const triangle = {
  emphasis: ['torso', 'leftArm', 'rightArm'],
  start: {
    step: 3,
    note: "Standing, seen from the front: feet wide apart, the right foot pointing out along the mat (viewer's left), the left toes turned about 45 degrees; both arms out level with the floor, in line with the legs.",
    pose: {
      view: 'front',
      torso: 90,
      leftArm: { shoulder: 90, elbow: 0 },
      rightArm: { shoulder: 90, elbow: 0 },
      leftLeg: { hip: 24, knee: 0, ankle: [-24, 45] },
      rightLeg: { hip: 24, knee: 0, ankle: -24 },
      contacts: ['leftAnkle', 'rightAnkle', 'rightToe'],
    },
  },
  end: {
    step: 4,
    note: 'The body tilts sideways over the right leg, legs still straight and wide; the right fingertips reach down towards the floor by the right shin, the left arm reaches straight up.',
    pose: {
      view: 'front',
      torso: 95,
      spine: -45,
      leftArm: { shoulder: 130, elbow: 0 },
      rightArm: { shoulder: 50, elbow: 0 },
      leftLeg: { hip: 17, knee: 0, ankle: [-22, 45] },
      rightLeg: { hip: 29, knee: 0, ankle: -24 },
      contacts: ['leftAnkle', 'rightAnkle', 'rightToe'],
    },
  },
  forms: {
    easier: {
      sameAs: 'standard',
      steps: { start: 3, end: 4 },
      note: 'Placeholder replaced below.',
    },
    fuller: {
      sameAs: 'standard',
      steps: { start: 3, end: 4 },
      note: 'Placeholder replaced below.',
    },
  },
};
