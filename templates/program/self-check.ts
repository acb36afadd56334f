/**
 * The range self-check asked at sign-up, as data (functions/core/range.ts reads it). Each question
 * guards the positions the program's exercises use (variants.ts `position`); each answer caps the
 * range band, and the person gets the smallest cap of their answers. A question left blank caps at
 * `standard`, so skipping the whole check gives the forms as written. Plain words, no claims.
 * `picture` names an exercise frame that shows an answer (the preferences page draws it); answers
 * whose form has no picture yet go without. `sms` is the short text form, answered by letter (A, B, ...: never a digit, which is a pain
 * score), kept within GSM-7 and one segment with its prefix (functions/core/sms-self-check.ts).
 */

export const selfCheck = [
  {
    id: 'reach',
    question: 'Standing with your knees soft, how far down can you comfortably reach?',
    sms: 'Standing, knees soft, how far down can you reach? A thighs B knees C shins D floor',
    // Triangle reaches towards the floor, head-to-knee towards the shin.
    guards: ['standing', 'floor-seated'],
    answers: [
      { value: 'thighs', label: 'My thighs', band: 'easier' },
      { value: 'knees', label: 'My knees', band: 'easier' },
      { value: 'shins', label: 'My shins', band: 'standard', picture: { exercise: 'head-to-knee', frame: 'end' } },
      { value: 'floor', label: 'The floor', band: 'fuller', picture: { exercise: 'triangle', frame: 'end' } },
    ],
  },
  {
    id: 'floor',
    question: 'Getting down to the floor and back up again is...',
    sms: 'Getting down to the floor and back up is: A easy B hard C not possible',
    guards: ['lying', 'all-fours', 'kneeling', 'floor-seated'],
    answers: [
      { value: 'easy', label: 'Easy', band: 'fuller', picture: { exercise: 'cat-cow', frame: 'start' } },
      { value: 'hard', label: 'Hard', band: 'easier' },
      { value: 'not-possible', label: 'Not possible for me', band: 'chair' },
    ],
  },
  {
    id: 'back',
    question: 'Is lying on your back comfortable?',
    sms: 'Is lying on your back comfortable? A yes B no',
    guards: ['lying'],
    answers: [
      { value: 'yes', label: 'Yes', band: 'fuller', picture: { exercise: 'knee-rolls', frame: 'start' } },
      { value: 'no', label: 'No', band: 'chair' },
    ],
  },
];
