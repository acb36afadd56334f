import { seatedLeg, onChair } from './seated';
/** childs-pose: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const childsPose = {
  emphasis: ['torso', 'leftArm', 'rightArm'],
  start: {
    step: 2,
    note: 'Kneeling, shins and the tops of the feet on the mat, sitting back towards the heels with the back upright and the hands on the thighs.',
    pose: {
      view: 'side',
      torso: 90,
      leftArm: { shoulder: 5, elbow: 55 },
      rightArm: { shoulder: 5, elbow: 55 },
      leftLeg: { hip: 75, knee: 165, ankle: -80 },
      rightLeg: { hip: 75, knee: 165, ankle: -80 },
      contacts: ['leftKnee', 'rightKnee', 'leftToe', 'rightToe'],
    },
  },
  end: {
    step: 4,
    note: 'Folded forward from the kneel: hips back towards the heels, chest towards the thighs, forehead on the mat and both arms stretched out in front on the mat.',
    pose: {
      view: 'side',
      torso: 18,
      spine: 25,
      neck: 30,
      leftArm: { shoulder: 171, elbow: 0, wrist: 8 },
      rightArm: { shoulder: 171, elbow: 0, wrist: 8 },
      leftLeg: { hip: 147, knee: 165, ankle: -80 },
      rightLeg: { hip: 147, knee: 165, ankle: -80 },
      contacts: ['leftKnee', 'rightKnee', 'leftToe', 'rightToe', 'head', 'leftHand', 'rightHand'],
    },
  },
  forms: {
    easier: {
      sameAs: 'standard',
      steps: { start: 2, end: 3 },
      note: 'Placeholder replaced below.',
    },
    chair: {
      emphasis: ['torso', 'leftArm', 'rightArm'],
      start: {
        step: 1,
        note: 'Sitting towards the front of a chair, seen from the right: feet flat and apart on the floor, hands on the thighs.',
        pose: {
          view: 'side',
          torso: 90,
          leftArm: { shoulder: 25, elbow: 20 },
          rightArm: { shoulder: 25, elbow: 20 },
          leftLeg: seatedLeg,
          rightLeg: seatedLeg,
          contacts: ['leftAnkle', 'rightAnkle'],
          props: onChair,
        },
      },
      end: {
        step: 3,
        note: 'Leaning forward with the forearms resting along the thighs, the back rounded and the head and shoulders relaxed down; the feet stay flat.',
        pose: {
          view: 'side',
          torso: 60,
          spine: 25,
          neck: 60,
          leftArm: { shoulder: 55, elbow: [90, 70], wrist: -90 },
          rightArm: { shoulder: 55, elbow: [90, 70], wrist: -90 },
          leftLeg: { ...seatedLeg, hip: 110 },
          rightLeg: { ...seatedLeg, hip: 110 },
          contacts: ['leftAnkle', 'rightAnkle'],
          props: onChair,
        },
      },
    },
  },
};
