import { seatedLeg, handOnKnee, onChair } from './seated';
import { armsOnFloor } from './shared';

/** happy-baby: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const happyBaby = {
  emphasis: ['leftLeg', 'rightLeg'],
  start: {
    step: 1,
    note: 'On the back, head on the mat; both knees drawn in towards the chest, shins about level; arms on the mat.',
    pose: {
      view: 'side',
      torso: 180,
      leftArm: armsOnFloor,
      rightArm: armsOnFloor,
      leftLeg: { hip: 130, knee: 125, ankle: -20 },
      rightLeg: { hip: 130, knee: 125, ankle: -20 },
      contacts: ['head', 'chest', 'pelvis'],
    },
  },
  end: {
    step: 3,
    note: 'On the back; knees beside the chest, shins upright so the soles face the ceiling; each hand holds the foot on its own side (arms reach up to the feet).',
    pose: {
      view: 'side',
      torso: 180,
      leftArm: { shoulder: 74, elbow: 6, wrist: 10 },
      rightArm: { shoulder: 74, elbow: 6, wrist: 10 },
      leftLeg: { hip: 138, knee: 48, ankle: 0 },
      rightLeg: { hip: 138, knee: 48, ankle: 0 },
      contacts: ['head', 'chest', 'pelvis'],
    },
  },
  forms: {
    easier: {
      emphasis: ['leftLeg', 'rightLeg', 'leftArm', 'rightArm'],
      start: {
        step: 1,
        note: 'On the back, head on the mat; both knees drawn in towards the chest, shins about level; arms on the mat.',
        pose: {
          view: 'side',
          torso: 180,
          leftArm: armsOnFloor,
          rightArm: armsOnFloor,
          leftLeg: { hip: 120, knee: 120, ankle: -20 },
          rightLeg: { hip: 120, knee: 120, ankle: -20 },
          contacts: ['head', 'chest', 'pelvis'],
        },
      },
      end: {
        step: 3,
        note: 'On the back, the hands holding the backs of the thighs just below the knees (not the feet); the knees eased a little closer to the chest, shins relaxed.',
        pose: {
          view: 'side',
          torso: 180,
          leftArm: { shoulder: 45, elbow: 10 },
          rightArm: { shoulder: 45, elbow: 10 },
          leftLeg: { hip: 130, knee: 115, ankle: -20 },
          rightLeg: { hip: 130, knee: 115, ankle: -20 },
          contacts: ['head', 'chest', 'pelvis'],
        },
      },
    },
    chair: {
      emphasis: ['rightLeg', 'leftArm', 'rightArm'],
      start: {
        step: 1,
        note: 'Sitting tall on a chair, seen from the right: both feet flat on the floor, hands on the knees.',
        pose: {
          view: 'side',
          torso: 90,
          leftArm: handOnKnee,
          rightArm: handOnKnee,
          leftLeg: seatedLeg,
          rightLeg: seatedLeg,
          contacts: ['leftAnkle', 'rightAnkle'],
          props: onChair,
        },
      },
      end: {
        step: 2,
        note: 'The right knee drawn up towards the chest, both hands holding the right shin just below the knee; the left foot stays flat on the floor and the back stays tall.',
        pose: {
          view: 'side',
          torso: 90,
          leftArm: { shoulder: 30, elbow: [53, 60], wrist: [0, 70] },
          rightArm: { shoulder: 30, elbow: [53, 60], wrist: [0, 70] },
          leftLeg: seatedLeg,
          rightLeg: { hip: 140, knee: 130, ankle: -10 },
          contacts: ['leftAnkle'],
          props: onChair,
        },
      },
    },
  },
};
