import { onChair } from './seated';
/** head-to-knee: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const headToKnee = {
  emphasis: ['torso', 'leftArm', 'rightArm'],
  start: {
    step: 3,
    note: 'Sitting tall, the right leg straight in front on the mat (near side), the left knee bent out to the side with its sole against the right thigh; both arms raised overhead.',
    pose: {
      view: 'side',
      torso: 90,
      leftArm: { shoulder: 170, elbow: 0 },
      rightArm: { shoulder: 170, elbow: 0 },
      leftLeg: { hip: [76, 65], knee: [180, 70], ankle: [-90, 60] },
      rightLeg: { hip: 87, knee: 0, ankle: -10 },
      contacts: ['pelvis', 'rightAnkle', 'leftKnee'],
    },
  },
  end: {
    step: 4,
    note: 'Folded forward from the hips over the straight right leg, back gently rounded, hands reaching along the shin towards the foot; the head does not touch the knee.',
    pose: {
      view: 'side',
      torso: 40,
      spine: 20,
      neck: 10,
      leftArm: { shoulder: 150, elbow: 0 },
      rightArm: { shoulder: 150, elbow: 0 },
      leftLeg: { hip: [126, 65], knee: [180, 70], ankle: [-90, 60] },
      rightLeg: { hip: 137, knee: 0, ankle: -10 },
      contacts: ['pelvis', 'rightAnkle', 'leftKnee'],
    },
  },
  forms: {
    easier: {
      emphasis: ['torso', 'leftArm', 'rightArm'],
      start: {
        step: 3,
        note: 'Sitting tall on a folded towel: the right leg in front with the knee a little bent (near side), the left knee bent out with its foot against the right leg; hands resting on the right thigh.',
        pose: {
          view: 'side',
          torso: 90,
          leftArm: { shoulder: 35, elbow: 15 },
          rightArm: { shoulder: 35, elbow: 15 },
          leftLeg: { hip: [65, 65], knee: [180, 70], ankle: [-90, 60] },
          rightLeg: { hip: 96, knee: 25, ankle: -10 },
          contacts: ['rightAnkle', 'leftKnee'],
          props: [{ kind: 'towel', at: 'pelvis' }],
        },
      },
      end: {
        step: 4,
        note: 'Leaning forward a little from the hips, back long, hands sliding a little along the right thigh; the right knee stays soft.',
        pose: {
          view: 'side',
          torso: 65,
          spine: 5,
          leftArm: { shoulder: 40, elbow: [60, 60], wrist: [0, 60] },
          rightArm: { shoulder: 40, elbow: [60, 60], wrist: [0, 60] },
          leftLeg: { hip: [80, 65], knee: [180, 70], ankle: [-90, 60] },
          rightLeg: { hip: 120, knee: 25, ankle: -10 },
          contacts: ['rightAnkle', 'leftKnee'],
          props: [{ kind: 'towel', at: 'pelvis' }],
        },
      },
    },
    chair: {
      emphasis: ['torso', 'leftArm', 'rightArm'],
      start: {
        step: 3,
        note: 'Sitting tall towards the front of a chair: the right leg stretched out with the heel on the floor and the knee soft, the left foot flat; hands on the right thigh.',
        pose: {
          view: 'side',
          torso: 90,
          leftArm: { shoulder: 25, elbow: 20 },
          rightArm: { shoulder: 25, elbow: 20 },
          leftLeg: { hip: 80, knee: 80, ankle: 0 },
          rightLeg: { hip: 60, knee: 10, ankle: 0 },
          contacts: ['leftAnkle', 'rightAnkle'],
          props: onChair,
        },
      },
      end: {
        step: 3,
        note: 'Leaning forward a little from the hips with a long back, the hands sliding along the right thigh towards the knee; both heels stay on the floor.',
        pose: {
          view: 'side',
          torso: 65,
          spine: 5,
          leftArm: { shoulder: 45, elbow: 10 },
          rightArm: { shoulder: 45, elbow: 10 },
          leftLeg: { hip: 105, knee: 80, ankle: 0 },
          rightLeg: { hip: 85, knee: 10, ankle: 0 },
          contacts: ['leftAnkle', 'rightAnkle'],
          props: onChair,
        },
      },
    },
  },
};
