/**
 * The forms of each exercise, by range band (functions/core/range.ts), as data beside exercises.ts.
 *
 * `position` is where the form as written in exercises.ts is done; the `standard` band gets that
 * form. `easier` is a smaller or supported form, `chair` one done sitting on a chair or standing
 * (for someone who cannot get down to the floor), `fuller` a larger form where one makes sense.
 * Each form says what changes (`change`), and replaces the steps and the SMS cue. Same facts as the
 * exercise, our own words, no claims: `limber program validate` checks a list of banned words.
 * A band with no form of its own falls back to the next smaller form; a chair band never falls back
 * to a floor form (validate fails).
 */

const CHAIR = 'a steady chair without wheels';

export const variants = {
  'knee-rolls': {
    position: 'lying',
    easier: {
      name: 'Small knee rolls',
      position: 'lying',
      change: 'Roll your knees only a little way to each side; they do not need to reach the floor.',
      steps: [
        'Lie on your back with your knees bent and your feet flat on the floor.',
        'Rest your arms on the floor beside you.',
        'Let both knees sway a little way to one side, only as far as is easy.',
        'Bring them back through the middle and sway a little way to the other side.',
      ],
      cue: 'on your back, knees bent, small sways side to side',
    },
    chair: {
      name: 'Seated knee sways',
      position: 'chair',
      change: 'Done sitting on a chair instead of lying on the floor.',
      steps: [
        'Sit towards the front of a steady chair with your feet flat and your knees together.',
        'Hold the sides of the seat to keep your upper body steady.',
        'Slowly let both knees sway a little way to one side.',
        'Bring them back through the middle and across to the other side.',
      ],
      cue: 'sit on a chair, knees together, sway them side to side',
      equipment: [CHAIR],
    },
    fuller: {
      name: 'Knee rolls with a pause',
      position: 'lying',
      change: 'Let your knees settle at each side and stay there for one slow breath.',
      steps: [
        'Lie on your back with your knees bent and your feet flexed.',
        'Rest your arms on the floor beside you.',
        'Lower both knees to one side, let them settle and take one slow breath.',
        'Roll them across to the other side and take one slow breath there.',
      ],
      cue: 'on your back, roll knees side to side, one breath each side',
    },
  },
  piriformis: {
    position: 'lying',
    easier: {
      name: 'Piriformis stretch, small rocks',
      position: 'lying',
      change: 'Rest your head on a folded towel and keep the rocking small.',
      steps: [
        'Lie on your back with a folded towel under your head.',
        'Bend your left knee so the foot rests flat on the floor, and keep your right leg long.',
        'Rock only a little way back and forth on your buttocks.',
        'Swap legs and rock again.',
      ],
      cue: 'on your back, one knee bent, small rocks',
    },
    chair: {
      name: 'Seated piriformis stretch',
      position: 'chair',
      change: 'Done sitting on a chair: one ankle rests on the other knee.',
      steps: [
        'Sit tall on a steady chair with both feet flat on the floor.',
        'Lift your right ankle and rest it on your left knee, or as close to it as is comfortable.',
        'Keep your back long and lean forward a little from your hips.',
        'Sit up slowly, put the foot down and change legs.',
      ],
      cue: 'sit on a chair, ankle on the other knee, lean a little',
      equipment: [CHAIR],
    },
  },
  'happy-baby': {
    position: 'lying',
    easier: {
      name: 'Happy baby, hands on your legs',
      position: 'lying',
      change: 'Hold the backs of your thighs or your shins instead of your feet.',
      steps: [
        'Lie on your back and draw your knees in towards your chest.',
        'Hold the backs of your thighs or your shins, wherever your hands reach easily.',
        'As you breathe out, let your knees ease a little closer to your chest.',
        'Rock gently from side to side while you breathe slowly.',
      ],
      cue: 'on your back, hold your thighs or shins, rock gently',
    },
    chair: {
      name: 'Seated knee hug',
      position: 'chair',
      change: 'Done sitting on a chair: draw one knee up at a time.',
      steps: [
        'Sit tall on a steady chair with both feet flat on the floor.',
        'Hold your right shin or the back of your thigh and draw the knee up towards your chest, as far as is easy.',
        'Breathe slowly, then lower the foot to the floor.',
        'Change legs.',
      ],
      cue: 'sit on a chair, hug one knee up, then the other',
      equipment: [CHAIR],
    },
  },
  'cat-cow': {
    position: 'all-fours',
    easier: {
      name: 'Cat-cow, smaller arc',
      position: 'all-fours',
      change: 'Move through a smaller arc, with a folded towel under your knees.',
      steps: [
        'Come onto your hands and knees with a folded towel under your knees.',
        'Spread your fingers wide.',
        'Breathe in and let your belly dip a little, lifting your gaze only slightly.',
        'Breathe out and round your back a little.',
        'Keep moving slowly between the two small shapes.',
      ],
      cue: 'on hands and knees, a small dip, then a small round',
    },
    chair: {
      name: 'Seated cat-cow',
      position: 'chair',
      change: 'Done sitting on a chair, hands on your knees.',
      steps: [
        'Sit towards the front of a steady chair with your feet flat and your hands on your knees.',
        'Breathe in, lift your chest and let your lower back arch a little as you look slightly up.',
        'Breathe out, round your back and tuck your chin towards your chest.',
        'Keep moving slowly between the two shapes.',
      ],
      cue: 'sit on a chair, hands on knees, arch then round',
      equipment: [CHAIR],
    },
  },
  'seated-twist': {
    position: 'floor-seated',
    easier: {
      name: 'Seated twist on a towel',
      position: 'floor-seated',
      change: 'Sit on a folded towel with your knees a little bent, and keep the turn small.',
      steps: [
        'Sit tall on a folded towel with your legs in front of you and your knees a little bent.',
        'Rest your hands on your knees.',
        'As you breathe out, turn gently a little way to one side.',
        'Breathe in, come back to the middle and turn the other way.',
      ],
      cue: 'sit on a towel, knees bent, small turns side to side',
    },
    chair: {
      name: 'Chair twist',
      position: 'chair',
      change: 'Done sitting on a chair instead of the floor.',
      steps: [
        'Sit tall on a steady chair with your feet flat on the floor.',
        'Cross your arms over your chest or rest your hands on your thighs.',
        'As you breathe out, turn gently to one side, only as far as is easy.',
        'Breathe in, come back to the middle and turn the other way.',
      ],
      cue: 'sit tall on a chair, turn gently side to side',
      equipment: [CHAIR],
    },
  },
  'head-to-knee': {
    position: 'floor-seated',
    easier: {
      name: 'Head-to-knee pose, knee soft',
      position: 'floor-seated',
      change: 'Sit on a folded towel, keep the long leg a little bent and rest your hands on your thigh.',
      steps: [
        'Sit on a folded towel with your right leg in front of you, the knee a little bent.',
        'Bend your left knee and rest the left foot against the inside of your right leg.',
        'Sit tall and breathe in.',
        'Breathe out and lean forward a little from your hips, hands resting on your right thigh.',
        'Stay for the time below, sit up slowly and change sides.',
      ],
      cue: 'sit on a towel, one leg long and soft, lean a little',
    },
    chair: {
      name: 'Seated forward lean',
      position: 'chair',
      change: 'Done sitting on a chair, with one heel on the floor in front of you.',
      steps: [
        'Sit towards the front of a steady chair.',
        'Stretch your right leg out with the heel on the floor and the knee soft; keep the left foot flat.',
        'Sit tall, then lean forward a little from your hips with your hands on your right thigh.',
        'Stay for the time below, sit up slowly and change legs.',
      ],
      cue: 'sit on a chair, one heel forward, lean a little',
      equipment: [CHAIR],
    },
  },
  triangle: {
    position: 'standing',
    easier: {
      name: 'Triangle pose, hand on thigh',
      position: 'standing',
      change: 'Your lower hand rests on your thigh rather than reaching towards the floor.',
      steps: [
        'Stand on your mat or another steady surface, near a wall or a chair back you can touch.',
        'Step your feet apart. Point your right foot forward and turn your left toes out a little.',
        'Raise both arms out to the sides, level with the floor.',
        'Breathe out and slide your right hand down to rest on your right thigh while your left hand reaches up.',
        'Breathe in and come back up. Swap your feet round and do the other side.',
      ],
      cue: 'feet apart, lower hand on your thigh, other hand up',
    },
    fuller: {
      name: 'Triangle pose, hand low',
      position: 'standing',
      change: 'Your lower hand rests on your shin or the floor, and your gaze turns up to your top hand.',
      steps: [
        'Stand on your mat or another steady surface.',
        'Step your feet wide apart. Point your right foot forward and turn your left toes out at about 45 degrees.',
        'Raise both arms out to the sides, level with the floor.',
        'Breathe out and lower your right hand to your shin or the floor behind your right leg while your left hand reaches up.',
        'Turn your gaze up to your left hand if that is comfortable. Breathe in and come back up.',
        'Swap your feet round and stretch the other side.',
      ],
      cue: 'feet wide, lower hand to shin or floor, look up',
    },
  },
  'side-stretch': {
    position: 'standing',
    easier: {
      name: 'Side stretch with support',
      position: 'standing',
      change: 'Hold a chair back or a wall with one hand and lean only a little.',
      steps: [
        'Stand tall beside a steady chair or a wall, feet hip-width apart.',
        'Hold it with your left hand and raise your right arm.',
        'Lean a little to the left until you feel a gentle stretch along your right side.',
        'Come back up, turn round and do the other side.',
      ],
      cue: 'stand by a chair or wall, one arm up, lean a little',
      equipment: [CHAIR],
    },
    chair: {
      name: 'Seated side stretch',
      position: 'chair',
      change: 'Done sitting on a chair instead of standing.',
      steps: [
        'Sit tall on a steady chair with your feet flat on the floor.',
        'Raise your right arm overhead and rest your left hand on the seat.',
        'Lean gently to the left until you feel a stretch along your right side.',
        'Come back up and change arms.',
      ],
      cue: 'sit on a chair, one arm up, lean to the side',
      equipment: [CHAIR],
    },
    fuller: {
      name: 'Side stretch, both arms up',
      position: 'standing',
      change: 'Both arms go overhead, one hand holding the other wrist.',
      steps: [
        'Stand tall with your feet about hip-width apart.',
        'Raise both arms overhead and hold your right wrist with your left hand.',
        'Lean gently to the left, drawing the right arm along, until you feel a stretch along your right side.',
        'Come back up, change hands and lean to the right.',
      ],
      cue: 'stand tall, both arms up, hold a wrist, lean',
    },
  },
  'childs-pose': {
    position: 'kneeling',
    easier: {
      name: "Child's pose with a pillow",
      position: 'kneeling',
      change: 'A pillow between your heels and your hips, and another under your chest if you like.',
      steps: [
        'Kneel on your mat with your knees apart and a pillow resting on your heels.',
        'Sit back onto the pillow.',
        'Fold forward as far as is easy, resting your chest on a second pillow or your forearms on the mat.',
        'Breathe slowly. To come out, walk your hands back and sit up slowly.',
      ],
      cue: 'kneel, sit back onto a pillow, fold forward and rest',
      equipment: ['one or two pillows'],
    },
    chair: {
      name: 'Seated forward rest',
      position: 'chair',
      change: 'Done sitting on a chair: you fold forward over your thighs.',
      steps: [
        'Sit towards the front of a steady chair with your feet flat and apart.',
        'Lean forward slowly and rest your forearms on your thighs.',
        'Let your head and shoulders relax and breathe slowly.',
        'To come out, press your hands on your thighs and sit up slowly.',
      ],
      cue: 'sit on a chair, lean forward, forearms on thighs, rest',
      equipment: [CHAIR],
    },
  },
  walking: {
    position: 'moving',
    easier: {
      name: 'Easy walk',
      position: 'moving',
      change: 'Flat, even ground at a slower pace; split the time into two shorter walks if you like.',
      steps: ['Wear comfortable shoes.', 'Walk on flat ground at a slow, easy pace, and rest whenever you want to.'],
      cue: 'on flat ground, slowly',
    },
    fuller: {
      name: 'Brisk walk',
      position: 'moving',
      change: 'A brisker pace, one at which you can still talk comfortably.',
      steps: ['Wear comfortable shoes.', 'Walk at a brisk pace at which you can still hold a conversation.'],
      cue: 'at a brisk pace you can talk at',
    },
  },
  swimming: {
    position: 'moving',
    easier: {
      name: 'Pool walk',
      position: 'moving',
      change: 'Walk or move gently in the shallow end instead of swimming lengths.',
      steps: ['Walk slowly through the water in the shallow end.', 'Hold the side whenever you like.'],
      cue: 'walk gently in the shallow end',
    },
  },
  cycling: {
    position: 'moving',
    easier: {
      name: 'Easy cycle',
      position: 'moving',
      change: 'Flat routes, or an indoor bike set to a light resistance.',
      steps: ['Ride on flat routes, or on an indoor bike set to a light resistance, at an easy pace.'],
      cue: 'flat and easy',
    },
  },
  'weight-lifting': {
    position: 'moving',
    easier: {
      name: 'Lighter weights',
      position: 'moving',
      change: 'Lighter weights and fewer lifts, within the routine your doctor approved.',
      steps: ['Talk to your doctor first.', 'Use lighter weights and fewer lifts than your approved routine allows.'],
      cue: "only with your doctor's approval",
    },
  },
};
