/**
 * The illustration of every exercise in templates/program/exercises.ts, as data: a start and an end
 * pose of the figure model (functions/core/figure.ts explains the angles), the step each frame shows
 * (its alt text) and a note of what the pose shows, to check against that step. A new exercise gets
 * two poses here, not a drawing. Validated by functions/core/illustrations.ts; every frame is drawn
 * and its geometry checked by test/unit/illustrations.test.ts (contacts are the points that must
 * rest on the mat).
 *
 * Side view, facing right: the figure's right side is nearer the viewer; facing left mirrors it.
 */

const armsOnFloor = { shoulder: -7, elbow: 2, wrist: 0 };

export const illustrations = {
  'knee-rolls': {
    emphasis: ['leftLeg', 'rightLeg'],
    // Seen from above: from the side, knees rolling towards the viewer only foreshorten.
    start: {
      step: 1,
      note: 'Seen from above, head to the left: on the back, both knees bent and pointing up at the ceiling (so the legs look short from above), feet flexed, arms on the mat a little away from the sides.',
      pose: {
        view: 'above',
        torso: 90,
        leftArm: { shoulder: 14, elbow: 0 },
        rightArm: { shoulder: 14, elbow: 0 },
        leftLeg: { hip: [0, 50], knee: [0, 50], ankle: [-90, 80] },
        rightLeg: { hip: [0, 50], knee: [0, 50], ankle: [-90, 80] },
      },
    },
    end: {
      step: 3,
      note: 'Seen from above: both knees, still bent, lowered to the right side (the bottom of the picture) so the right thigh lies on the mat and the left knee rests on top of the right; feet stay together, shoulders and arms stay on the mat.',
      pose: {
        view: 'above',
        near: 'left',
        torso: 90,
        leftArm: { shoulder: 14, elbow: 0 },
        rightArm: { shoulder: 14, elbow: 0 },
        leftLeg: { hip: [-49, 20], knee: -59, ankle: [-90, 60] },
        rightLeg: { hip: 25, knee: [55, 22], ankle: [-90, 60] },
      },
    },
  },
  piriformis: {
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
  },
  'happy-baby': {
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
  },
  'cat-cow': {
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
  },
  'seated-twist': {
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
  },
  'head-to-knee': {
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
  },
  triangle: {
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
  },
  'side-stretch': {
    emphasis: ['torso', 'rightArm'],
    start: {
      step: 2,
      note: "Standing tall, seen from the front, feet hip-width apart; the right arm raised overhead (viewer's left), the left hand resting on the left hip.",
      pose: {
        view: 'front',
        torso: 90,
        leftArm: { shoulder: 40, elbow: -95 },
        rightArm: { shoulder: 172, elbow: 0 },
        leftLeg: { hip: 3, knee: 0, ankle: [-3, 70] },
        rightLeg: { hip: 3, knee: 0, ankle: [-3, 70] },
        contacts: ['leftAnkle', 'rightAnkle'],
      },
    },
    end: {
      step: 3,
      note: "Leaning gently to the left (viewer's right) from the waist, the right arm arching overhead with the side of the body; the left hand stays on the hip, feet stay put.",
      pose: {
        view: 'front',
        torso: 90,
        spine: 28,
        leftArm: { shoulder: 40, elbow: -95 },
        rightArm: { shoulder: 165, elbow: 0 },
        leftLeg: { hip: 3, knee: 0, ankle: [-3, 70] },
        rightLeg: { hip: 3, knee: 0, ankle: [-3, 70] },
        contacts: ['leftAnkle', 'rightAnkle'],
      },
    },
  },
  'childs-pose': {
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
  },
  walking: {
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
  },
  swimming: {
    emphasis: ['leftArm', 'rightArm'],
    start: {
      step: 1,
      note: 'Swimming face down on the water at an easy pace: the right arm reaches forward, the left arm is back by the hip, legs long behind.',
      pose: {
        view: 'side',
        surface: 'water',
        torso: 0,
        neck: -10,
        leftArm: { shoulder: 10, elbow: 10 },
        rightArm: { shoulder: 175, elbow: 0 },
        leftLeg: { hip: 6, knee: 10, ankle: -80 },
        rightLeg: { hip: -6, knee: 4, ankle: -80 },
      },
    },
    end: {
      step: 1,
      note: 'The next stroke: the left arm reaches forward, the right arm is back by the hip; the legs kick the other way.',
      pose: {
        view: 'side',
        surface: 'water',
        torso: 0,
        neck: -10,
        leftArm: { shoulder: 175, elbow: 0 },
        rightArm: { shoulder: 10, elbow: 10 },
        leftLeg: { hip: -6, knee: 4, ankle: -80 },
        rightLeg: { hip: 6, knee: 10, ankle: -80 },
      },
    },
  },
  cycling: {
    emphasis: ['leftLeg', 'rightLeg'],
    start: {
      step: 1,
      note: 'Riding an indoor bike at an easy pace: seated on the saddle, hands on the bars, the right foot at the front of the pedal stroke, the left at the back.',
      pose: {
        view: 'side',
        torso: 75,
        leftArm: { shoulder: 60, elbow: 15 },
        rightArm: { shoulder: 60, elbow: 15 },
        leftLeg: { hip: 40, knee: 85, ankle: -10 },
        rightLeg: { hip: 80, knee: 80, ankle: 0 },
        props: [{ kind: 'bike', at: 'pelvis' }],
      },
    },
    end: {
      step: 1,
      note: 'Half a turn later: the left foot at the front of the pedal stroke, the right at the back.',
      pose: {
        view: 'side',
        torso: 75,
        leftArm: { shoulder: 60, elbow: 15 },
        rightArm: { shoulder: 60, elbow: 15 },
        leftLeg: { hip: 80, knee: 80, ankle: 0 },
        rightLeg: { hip: 40, knee: 85, ankle: -10 },
        props: [{ kind: 'bike', at: 'pelvis' }],
      },
    },
  },
  'weight-lifting': {
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
  },
};
