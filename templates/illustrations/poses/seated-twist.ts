import { seatedLeg, onChair } from './seated';
/** seated-twist: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const seatedTwist = {
  emphasis: ['torso', 'leftArm', 'rightArm'],
  start: {
    step: 2,
    note: 'Sitting tall, both legs straight out in front on the mat, both arms raised forward to shoulder height. Seen from the right.',
    pose: {
      view: 'side',
      torso: 90,
      leftArm: { shoulder: 90, elbow: 0 },
      rightArm: { shoulder: 90, elbow: 0 },
      leftLeg: { hip: 87, knee: 0, ankle: -10 },
      rightLeg: { hip: 87, knee: 0, ankle: -10 },
      contacts: ['pelvis', 'leftAnkle', 'rightAnkle'],
    },
  },
  end: {
    step: 3,
    note: 'Turned to the right: the left hand (far arm) moves forward and down towards the right foot, the right arm swings back behind at shoulder height; legs stay straight and the back tall.',
    pose: {
      view: 'side',
      torso: 90,
      leftArm: { shoulder: 70, elbow: 0 },
      rightArm: { shoulder: [-90, 50], elbow: 0 },
      leftLeg: { hip: 87, knee: 0, ankle: -10 },
      rightLeg: { hip: 87, knee: 0, ankle: -10 },
      contacts: ['pelvis', 'leftAnkle', 'rightAnkle'],
    },
  },
  forms: {
    easier: {
      emphasis: ['torso', 'leftArm', 'rightArm'],
      start: {
        step: 2,
        note: 'Sitting tall on a folded towel, legs in front with the knees a little bent and the heels on the mat; both hands resting on the knees. Seen from the right.',
        pose: {
          view: 'side',
          torso: 90,
          leftArm: { shoulder: 45, elbow: 10 },
          rightArm: { shoulder: 45, elbow: 10 },
          leftLeg: { hip: 115, knee: 60, ankle: -10 },
          rightLeg: { hip: 115, knee: 60, ankle: -10 },
          contacts: ['leftAnkle', 'rightAnkle'],
          props: [{ kind: 'towel', at: 'pelvis' }],
        },
      },
      end: {
        step: 3,
        note: 'Turned a little to the right: the right hand moves back to rest beside the hip, the left hand stays on the knees; the back stays tall, the knees still soft.',
        pose: {
          view: 'side',
          torso: 90,
          leftArm: { shoulder: 45, elbow: 10 },
          rightArm: { shoulder: [-20, 45], elbow: 0 },
          leftLeg: { hip: 115, knee: 60, ankle: -10 },
          rightLeg: { hip: 115, knee: 60, ankle: -10 },
          contacts: ['leftAnkle', 'rightAnkle'],
          props: [{ kind: 'towel', at: 'pelvis' }],
        },
      },
    },
    chair: {
      emphasis: ['torso', 'leftArm', 'rightArm'],
      start: {
        step: 2,
        note: 'Sitting tall on a chair, seen from the right: feet flat on the floor, hands resting on the thighs.',
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
        note: 'Turned gently to the right: the right arm swings back and down behind the hip, the left hand comes across onto the right thigh; the back stays tall and the feet stay flat.',
        pose: {
          view: 'side',
          torso: 90,
          leftArm: { shoulder: 40, elbow: 15 },
          rightArm: { shoulder: [-35, 40], elbow: 10 },
          leftLeg: seatedLeg,
          rightLeg: seatedLeg,
          contacts: ['leftAnkle', 'rightAnkle'],
          props: onChair,
        },
      },
    },
  },
};
