import { seatedLeg, handOnKnee, onChair } from './seated';
import { armsOnFloor } from './shared';

/** piriformis: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const piriformis = {
  emphasis: ['leftLeg'],
  start: {
    step: 1,
    note: 'Flat on the back, both legs straight on the mat, arms beside the body. Drawn from the left side.',
    pose: {
      view: 'side',
      facing: 'left',
      torso: 180,
      leftArm: armsOnFloor,
      rightArm: armsOnFloor,
      leftLeg: { hip: -4, knee: 0, ankle: -35 },
      rightLeg: { hip: -4, knee: 0, ankle: -35 },
      contacts: ['head', 'chest', 'pelvis', 'leftAnkle', 'leftHand'],
    },
  },
  end: {
    step: 3,
    note: 'The left knee bent with the left foot flat on the mat; the right leg stays straight on the mat. The back and head stay down while rocking on the buttocks.',
    pose: {
      view: 'side',
      facing: 'left',
      torso: 180,
      leftArm: armsOnFloor,
      rightArm: armsOnFloor,
      leftLeg: { hip: 50, knee: 110, ankle: -35 },
      rightLeg: { hip: -4, knee: 0, ankle: -35 },
      contacts: ['head', 'chest', 'pelvis', 'leftAnkle', 'leftToe', 'rightAnkle'],
    },
  },
  forms: {
    easier: {
      sameAs: 'standard',
      steps: { start: 1, end: 2 },
      note: 'The same position on the back as written (a folded towel under the head); the rocking is only smaller.',
    },
    chair: {
      emphasis: ['rightLeg', 'torso'],
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
        step: 3,
        note: 'The right ankle rests on the left knee (the right knee turned out towards the viewer), the left foot flat on the floor; the back long and leaning a little forward from the hips, hands on the crossed leg.',
        pose: {
          view: 'side',
          torso: 80,
          leftArm: { shoulder: 30, elbow: [20, 50], wrist: [0, 50] },
          rightArm: { shoulder: 30, elbow: [20, 50], wrist: [0, 50] },
          leftLeg: { hip: 90, knee: 80, ankle: 0 },
          rightLeg: { hip: [110, 45], knee: [16, 73], ankle: [-60, 70] },
          contacts: ['leftAnkle'],
          props: onChair,
        },
      },
    },
  },
};
