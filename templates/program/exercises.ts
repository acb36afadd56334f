/**
 * Every exercise Limber can send, as data. Validated by the schema in functions/core/program.ts.
 *
 * Source: a Clearing article on lower-back stretches (shared/seed). Every sentence here is our own
 * wording of the article's facts; nothing medical is added. Child's pose, side stretches and
 * head-to-knee pose are named by the article's doctor without instructions: their steps describe
 * the position only and claim nothing. Names and cues go into SMS, so they stay within GSM-7
 * (straight quotes, plain hyphens).
 *
 * doses: per level, the dose in the week an exercise first appears (start) and in the final week
 * (peak); the plan ramps between the two. Alternatives (swimming, cycling) share the main dose.
 */

const MAT = 'a yoga mat, or a couple of soft bath towels';

export const exercises = [
  {
    id: 'knee-rolls',
    name: 'Knee rolls',
    kind: 'stretch',
    purpose:
      'A simple movement that widens the range your lower back can move through. Along the way it massages your lower back gently, which can help the muscles beside your spine relax. Go as slowly and softly as you like.',
    steps: [
      'Lie on your back with your knees bent and your feet flexed.',
      'Rest your arms on the floor beside you to keep your upper body steady.',
      'Slowly lower both knees to one side until your right knee touches the floor, or comes as close as is comfortable.',
      'Roll them slowly across to the other side so your left knee reaches the floor.',
      'Keep rolling from side to side.',
    ],
    cue: 'on your back, knees bent, roll them side to side',
    perSide: true,
    equipment: [MAT],
    cautions: [],
    doses: {
      gentle: { start: { reps: 4 }, peak: { reps: 8 } },
      moderate: { start: { reps: 6 }, peak: { reps: 10 } },
      active: { start: { reps: 8 }, peak: { reps: 12 } },
    },
  },
  {
    id: 'piriformis',
    name: 'Piriformis stretch',
    kind: 'stretch',
    purpose:
      'Your piriformis is a strip of muscle between the top of your buttock and your hip. It keeps you steady when you walk or shift in your seat. When it tightens or spasms it can press on the sciatic nerve and send pain outwards; stretching it keeps it supple.',
    steps: [
      'Lie flat on your back.',
      'Bend your left knee so the foot rests flat on the floor, and keep your right leg out straight.',
      'With the left knee still bent, rock gently back and forth on your buttocks.',
      'Swap legs: bend the right knee, straighten the left, and rock again.',
    ],
    cue: 'on your back, one knee bent, rock back and forth',
    perSide: true,
    equipment: [MAT],
    cautions: [],
    doses: {
      gentle: { start: { reps: 4 }, peak: { reps: 8 } },
      moderate: { start: { reps: 6 }, peak: { reps: 10 } },
      active: { start: { reps: 8 }, peak: { reps: 12 } },
    },
  },
  {
    id: 'happy-baby',
    name: 'Happy baby',
    kind: 'stretch',
    purpose:
      'A yoga pose that stretches your lower spine and the muscles at the front of your hips. Long hours in a chair often leave the lower spine and pelvis stiff; this pose can ease that.',
    steps: [
      'Lie on your back and draw your knees in towards your chest.',
      'Look up at the ceiling, keep your head and body steady, and lift your feet so the soles face the ceiling.',
      'Reach up and hold the inside or outside edges of your feet.',
      'As you breathe out, ease your knees a little closer to your chest and let your feet move wider apart.',
      'Rock gently back and forth while you take slow, deep breaths.',
    ],
    cue: 'on your back, hold your feet, rock gently',
    perSide: false,
    equipment: [MAT],
    cautions: [],
    doses: {
      gentle: { start: { breaths: 3 }, peak: { breaths: 6 } },
      moderate: { start: { breaths: 4 }, peak: { breaths: 8 } },
      active: { start: { breaths: 6 }, peak: { breaths: 10 } },
    },
  },
  {
    id: 'cat-cow',
    name: 'Cat-cow',
    kind: 'stretch',
    purpose:
      'A yoga movement that helps your spine bend more freely and lets tension in your back muscles ease. A strong, supple spine can help lessen lower-back pain.',
    steps: [
      'Come onto your hands and knees, knees about shoulder-width apart, hands on the floor taking your weight.',
      'Spread your fingers wide; it takes pressure off your wrists.',
      'Breathe in deeply. Keep your spine long, let your belly sink towards the floor and lift your gaze. Pause there for a moment.',
      'Breathe out. Tuck your tailbone under and picture your belly button drawing up towards your spine.',
      'Keep moving slowly between the two shapes, letting your back loosen as you go.',
    ],
    cue: 'on hands and knees, dip your belly, then round your back',
    perSide: false,
    equipment: [MAT],
    cautions: [],
    doses: {
      gentle: { start: { reps: 4, holdSeconds: 2 }, peak: { reps: 8, holdSeconds: 4 } },
      moderate: { start: { reps: 6, holdSeconds: 3 }, peak: { reps: 10, holdSeconds: 5 } },
      active: { start: { reps: 8, holdSeconds: 3 }, peak: { reps: 12, holdSeconds: 5 } },
    },
  },
  {
    id: 'seated-twist',
    name: 'Seated spinal twist',
    kind: 'stretch',
    purpose:
      'Stretches the soft tissue around your spine and works your core at the same time. Weak stomach muscles can lead to poor posture, which can bring on back pain or make it worse.',
    steps: [
      'Sit up tall on your mat with both legs stretched out in front of you.',
      'Lift your arms so your hands are level with your shoulders.',
      'As you breathe out, turn gently so your left hand moves towards your right foot.',
      'There is no need to reach for your foot or to push the turn further than is easy.',
      'Breathe in, come back to the middle and turn the other way.',
    ],
    cue: 'sit tall, arms up, turn gently side to side',
    perSide: true,
    equipment: [MAT],
    cautions: ["Don't strain to reach your foot."],
    doses: {
      gentle: { start: { reps: 3 }, peak: { reps: 6 } },
      moderate: { start: { reps: 4 }, peak: { reps: 8 } },
      active: { start: { reps: 6 }, peak: { reps: 10 } },
    },
  },
  {
    id: 'head-to-knee',
    name: 'Head-to-knee pose',
    kind: 'stretch',
    purpose: 'One of the extra poses the doctor in our source article recommends.',
    steps: [
      'Sit on your mat with your right leg straight out in front of you.',
      'Bend your left knee and rest the sole of your left foot against the inside of your right thigh.',
      'Sit tall, breathe in and raise your arms.',
      'Breathe out and fold forward from your hips over the straight leg, reaching towards your shin or foot. Your head does not have to reach your knee.',
      'Stay for the time below, then sit up slowly and change sides.',
    ],
    cue: 'sit, one leg long, fold gently over it',
    perSide: true,
    equipment: [MAT],
    cautions: ['Fold only as far as feels comfortable.'],
    doses: {
      active: { start: { holdSeconds: 15 }, peak: { holdSeconds: 30 } },
    },
  },
  {
    id: 'triangle',
    name: 'Triangle pose',
    kind: 'stretch',
    purpose:
      'The hamstrings link your lower back to the back of each knee. Tight hamstrings can tug your pelvis backwards, which can cause lower-back pain. This pose gives them a gentle stretch and works on your balance as well.',
    steps: [
      'Stand on your mat or another steady surface.',
      'Step your feet wide apart. Point your right foot forward and turn your left toes out at about 45 degrees.',
      'Raise both arms out to the sides, level with the floor and in line with your legs.',
      'Keep your upper body upright. Breathe out and reach your right fingertips down towards the floor behind your right leg while your left hand reaches up to the ceiling.',
      'Breathe in and come back up with your arms level again.',
      'Swap your feet round and stretch the other side.',
    ],
    cue: 'feet wide, one hand reaches down, the other up',
    perSide: true,
    equipment: [MAT],
    cautions: ['This pose challenges your balance: stand on a surface that will not slip.'],
    doses: {
      gentle: { start: { reps: 1, holdSeconds: 5 }, peak: { reps: 2, holdSeconds: 10 } },
      moderate: { start: { reps: 1, holdSeconds: 10 }, peak: { reps: 2, holdSeconds: 20 } },
      active: { start: { reps: 2, holdSeconds: 15 }, peak: { reps: 3, holdSeconds: 30 } },
    },
  },
  {
    id: 'side-stretch',
    name: 'Side stretch',
    kind: 'stretch',
    purpose: 'Another stretch the doctor in our source article recommends.',
    steps: [
      'Stand tall with your feet about hip-width apart.',
      'Raise your right arm overhead and rest your left hand on your hip.',
      'Lean gently to the left until you feel a stretch along your right side.',
      'Stay for the time below, breathing steadily, then come back up.',
      'Change arms and lean to the right.',
    ],
    cue: 'stand tall, one arm up, lean to the side',
    perSide: true,
    equipment: [],
    cautions: [],
    doses: {
      moderate: { start: { reps: 1, holdSeconds: 10 }, peak: { reps: 2, holdSeconds: 15 } },
      active: { start: { reps: 2, holdSeconds: 15 }, peak: { reps: 2, holdSeconds: 20 } },
    },
  },
  {
    id: 'childs-pose',
    name: "Child's pose",
    kind: 'stretch',
    purpose: 'A resting pose that the doctor in our source article also recommends. We use it to finish a session.',
    steps: [
      'Kneel on your mat with your big toes touching and your knees apart.',
      'Sit back towards your heels.',
      'Fold forward so your chest rests towards your thighs, with your forehead on the mat or on a folded towel.',
      'Stretch your arms out in front of you, or let them rest beside your body.',
      'Breathe slowly. To come out, walk your hands back towards your knees and sit up slowly.',
    ],
    cue: 'kneel, sit back to your heels, fold forward and rest',
    perSide: false,
    equipment: [MAT],
    cautions: [],
    doses: {
      gentle: { start: { holdSeconds: 20 }, peak: { holdSeconds: 45 } },
      moderate: { start: { holdSeconds: 30 }, peak: { holdSeconds: 60 } },
      active: { start: { holdSeconds: 45 }, peak: { holdSeconds: 90 } },
    },
  },
  {
    id: 'walking',
    name: 'Walk',
    kind: 'activity',
    purpose: 'A low-impact activity: it puts little stress on your spine, which makes it a good way to start an exercise routine.',
    steps: ['Wear comfortable shoes.', 'Walk at an easy pace that feels comfortable to you.'],
    cue: 'at an easy pace',
    perSide: false,
    equipment: [],
    cautions: [],
    alternatives: ['swimming', 'cycling'],
    doses: {
      gentle: { start: { minutes: 10 }, peak: { minutes: 20 } },
      moderate: { start: { minutes: 15 }, peak: { minutes: 30 } },
      active: { start: { minutes: 20 }, peak: { minutes: 40 } },
    },
  },
  {
    id: 'swimming',
    name: 'Swim',
    kind: 'activity',
    purpose: 'Another low-impact choice that puts little stress on your spine.',
    steps: ['Swim at an easy pace, in any stroke that feels comfortable.', 'Rest at the side whenever you need to.'],
    cue: 'at an easy pace',
    perSide: false,
    equipment: ['a pool'],
    cautions: [],
  },
  {
    id: 'cycling',
    name: 'Cycle',
    kind: 'activity',
    purpose:
      'Riding outdoors and spin classes both count. The article cites a study in which 20 minutes of cycling eased how strongly people with chronic lower-back pain felt their pain for more than half an hour afterwards.',
    steps: ['Ride at an easy, steady pace, outdoors or on an indoor bike.'],
    cue: 'at an easy pace',
    perSide: false,
    equipment: ['a bike or an indoor exercise bike'],
    cautions: [],
  },
  {
    id: 'weight-lifting',
    name: 'Weight lifting',
    kind: 'strength',
    purpose: 'Lifting weights can build strength around your spine, and can even help your posture, if you live with chronic back pain.',
    steps: ['Talk to your doctor first (see below).', 'Follow the routine your doctor has approved.'],
    cue: "only with your doctor's approval",
    perSide: false,
    equipment: ['weights'],
    cautions: [
      'If you have any condition that can cause lower-back pain, or you are recovering from an injury, ask your doctor to approve a strenuous weight-lifting routine before you begin.',
    ],
  },
];

/** The seven stretches the program promises: the article's six plus child's pose. */
export const sevenStretches = ['cat-cow', 'piriformis', 'seated-twist', 'triangle', 'knee-rolls', 'happy-baby', 'childs-pose'];
