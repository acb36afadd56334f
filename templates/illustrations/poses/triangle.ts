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
      emphasis: ['torso', 'leftArm', 'rightArm'],
      start: {
        step: 3,
        note: "Standing, seen from the front: feet apart (a little less wide than the full pose), the right foot pointing out along the mat (viewer's left); both arms out level with the floor.",
        pose: {
          view: 'front',
          torso: 90,
          leftArm: { shoulder: 90, elbow: 0 },
          rightArm: { shoulder: 90, elbow: 0 },
          leftLeg: { hip: 20, knee: 0, ankle: [-20, 45] },
          rightLeg: { hip: 20, knee: 0, ankle: -20 },
          contacts: ['leftAnkle', 'rightAnkle', 'rightToe'],
        },
      },
      end: {
        step: 4,
        note: 'Tilted a little way over the right leg: the right hand rests on the right thigh above the knee, the left arm reaches up; legs straight.',
        pose: {
          view: 'front',
          torso: 93,
          spine: -25,
          leftArm: { shoulder: 150, elbow: 0 },
          rightArm: { shoulder: 25, elbow: 0 },
          leftLeg: { hip: 17, knee: 0, ankle: [-18, 45] },
          rightLeg: { hip: 23, knee: 0, ankle: -20 },
          contacts: ['leftAnkle', 'rightAnkle', 'rightToe'],
        },
      },
    },
    fuller: {
      emphasis: ['torso', 'leftArm', 'rightArm', 'head'],
      start: {
        step: 3,
        note: "Standing, seen from the front: feet wide apart, the right foot pointing out along the mat (viewer's left), the left toes turned about 45 degrees; both arms out level with the floor.",
        pose: {
          view: 'front',
          torso: 90,
          leftArm: { shoulder: 90, elbow: 0 },
          rightArm: { shoulder: 90, elbow: 0 },
          leftLeg: { hip: 26, knee: 0, ankle: [-26, 45] },
          rightLeg: { hip: 26, knee: 0, ankle: -26 },
          contacts: ['leftAnkle', 'rightAnkle', 'rightToe'],
        },
      },
      end: {
        step: 4,
        note: 'Tilted further over the right leg: the right hand low by the right shin, the left arm straight up, and the head turned up towards the top hand.',
        pose: {
          view: 'front',
          torso: 98,
          spine: -58,
          neck: -25,
          leftArm: { shoulder: 120, elbow: 0 },
          rightArm: { shoulder: 60, elbow: 0 },
          leftLeg: { hip: 13, knee: 0, ankle: [-18, 45] },
          rightLeg: { hip: 36, knee: 0, ankle: -29 },
          contacts: ['leftAnkle', 'rightAnkle', 'rightToe'],
        },
      },
    },
  },
};
