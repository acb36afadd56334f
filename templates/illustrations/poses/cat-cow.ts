import { onChair, seatedLeg } from './seated';
/** cat-cow: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const catCow = {
  emphasis: ['torso', 'head'],
  start: {
    step: 3,
    note: 'Cow: on hands and knees, arms straight under the shoulders, knees under the hips, shins and feet on the mat. The belly sinks so the back curves down, and the head lifts to look ahead.',
    pose: {
      view: 'side',
      torso: -3,
      spine: -32,
      neck: -35,
      leftArm: { shoulder: 61, elbow: 0, wrist: 90 },
      rightArm: { shoulder: 61, elbow: 0, wrist: 90 },
      leftLeg: { hip: 93, knee: 87, ankle: -93 },
      rightLeg: { hip: 93, knee: 87, ankle: -93 },
      contacts: ['leftHand', 'rightHand', 'leftKnee', 'rightKnee', 'leftToe', 'rightToe'],
    },
  },
  end: {
    step: 4,
    note: 'Cat: the same hands and knees, but the tailbone tucks under and the back rounds up towards the ceiling; the head drops between the arms.',
    pose: {
      view: 'side',
      torso: 36,
      spine: 42,
      neck: 45,
      leftArm: { shoulder: 96, elbow: 0, wrist: 90 },
      rightArm: { shoulder: 96, elbow: 0, wrist: 90 },
      leftLeg: { hip: 54, knee: 87, ankle: -93 },
      rightLeg: { hip: 54, knee: 87, ankle: -93 },
      contacts: ['leftHand', 'rightHand', 'leftKnee', 'rightKnee', 'leftToe', 'rightToe'],
    },
  },
  forms: {
    easier: {
      sameAs: 'standard',
      steps: { start: 3, end: 4 },
      note: 'Placeholder replaced below.',
    },
    chair: {
      emphasis: ['torso', 'head'],
      start: {
        step: 2,
        note: 'Sitting towards the front of a chair, feet flat, hands on the knees: the chest lifts, the lower back arches a little and the gaze goes slightly up.',
        pose: {
          view: 'side',
          torso: 92,
          spine: -12,
          neck: -20,
          leftArm: { shoulder: 25, elbow: 0 },
          rightArm: { shoulder: 25, elbow: 0 },
          leftLeg: { ...seatedLeg, hip: 78 },
          rightLeg: { ...seatedLeg, hip: 78 },
          contacts: ['leftAnkle', 'rightAnkle'],
          props: onChair,
        },
      },
      end: {
        step: 3,
        note: 'The same seat and hands on the knees: the back rounds, the shoulders come forward and the chin tucks towards the chest.',
        pose: {
          view: 'side',
          torso: 85,
          spine: 25,
          neck: 30,
          leftArm: { shoulder: 40, elbow: [37, 30], wrist: -27 },
          rightArm: { shoulder: 40, elbow: [37, 30], wrist: -27 },
          leftLeg: { ...seatedLeg, hip: 85 },
          rightLeg: { ...seatedLeg, hip: 85 },
          contacts: ['leftAnkle', 'rightAnkle'],
          props: onChair,
        },
      },
    },
  },
};
