/** cycling: the exercise as written, then its range-band forms (templates/program/variants.ts). */
export const cycling = {
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
  forms: {
    easier: {
      sameAs: 'standard',
      steps: { start: 1, end: 1 },
      note: 'The same ride as written, on flat routes or a light resistance: the position does not change.',
    },
  },
};
