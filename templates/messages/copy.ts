/**
 * The wording of every message, kept apart from the code that assembles it
 * (functions/core/messages.ts). Plain ASCII throughout: the SMS texts must stay GSM-7, and straight
 * quotes keep email and SMS consistent.
 *
 * Safety rules the wording follows (docs/program.md): no diagnosis, no promise of relief, nothing
 * medical beyond the source article; every daily message carries the safety line, the disclaimer,
 * the pain question and the way out (unsubscribe link or STOP).
 *
 * Texts that name the program or the operator come from `copyFor(brand)` (built once per brand and
 * kept); the rest are constants. `name` is the operator's program name (core/brand.ts: GSM-7, at
 * most 30 characters, so every SMS below still fits its budget).
 */
import { supportContacts, type Brand } from '../../functions/core/brand';

export const common = {
  safetyLine: 'Move slowly and gently. If any movement makes your pain sharper, stop it and rest.',
  smsSafetyLine: 'Go gently; stop if pain sharpens.',
  smsDisclaimer: 'Not medical advice.',
  painQuestion: 'How is your back today?',
  painScale: 'Tap a number, or reply to this email with one: 0 is no pain, 10 is the worst pain you can imagine.',
  painLow: '0 = no pain',
  painHigh: '10 = worst pain',
  /** Every daily SMS ends with exactly this line. */
  smsPainLine: 'Reply 0-10 for pain, STOP to end',
  smsStopLine: 'Reply STOP to end.',
  unsubscribe: 'Unsubscribe',
  myData: 'My data',
  pauseResume: 'Settings: pause, resume, time, level',
  privacy: 'Privacy',
} as const;

export const daily = {
  subject: (day: number, total: number, session: 'routine' | 'light' | 'rest', focus: string) =>
    session === 'routine'
      ? `Day ${day} of ${total}: ${focus}`
      : session === 'light'
        ? `Day ${day} of ${total}: a lighter day`
        : `Day ${day} of ${total}: rest day`,
  heading: (day: number, total: number) => `Day ${day} of ${total}`,
  subheading: (week: number, focus: string) => `Week ${week}: ${focus}`,
  previewItems: (names: string[]) => `Today: ${names.join(', ')}`,
  previewRest: 'No routine today. Tell us how your back is.',
  introRoutine: (n: number) => `Today's routine has ${n} exercises. Work through them in order, slowly, breathing steadily.`,
  introLight: (n: number) => `A lighter day: ${n} ${n === 1 ? 'item' : 'items'} to keep you moving without the full routine.`,
  rest: 'Rest day: no routine today. Your next session arrives tomorrow.',
  equipment: (things: string[]) => `You'll need: ${things.join('; ')}.`,
  newBadge: 'New this week',
  takeCare: 'Take care:',
  why: 'Why',
  how: 'How',
  yourForm: 'Your version:',
  alternatives: (names: string[]) => `Or, instead: ${names.join(' or ')} for the same time.`,
  smsRest: 'No routine today. See you tomorrow.',
} as const;

/** Today's session on the web (functions/handlers/pages/session.ts); the SMS line must stay GSM-7. */
export const session = {
  title: "Today's session",
  smsLink: (url: string) => `Pictures: ${url}`,
  emailLink: "Today's session on the web",
  pictures: 'Start and end positions',
  steps: 'How',
  noPictures: 'Pictures are not available here; every step is below.',
} as const;

export const summary = {
  subject: (week: number) => `Week ${week}: your pain scores`,
  preview: (line: string) => line,
  heading: (week: number) => `Week ${week} in numbers`,
  average: (avg: string) => `Your average pain score this week was ${avg} out of 10`,
  down: (prev: string) => `, down from ${prev} the week before.`,
  up: (prev: string) => `, up from ${prev} the week before.`,
  same: (prev: string) => `, the same as the week before (${prev}).`,
  noPrevious: '.',
  noScores: "We didn't get any pain scores from you this week. Answer the pain question any day to start your chart.",
  chartTitle: 'Your scores, day by day (0 is no pain, 10 the worst):',
  noReply: 'no reply',
  closingLine: 'If the exercises make your pain sharper, stop them and talk to a healthcare professional.',
} as const;

/**
 * Range bands in plain words (functions/core/range.ts): `page` for the preferences page, `sms` to
 * finish "Your stretches will come ..." in a text (GSM-7).
 */
export const bands = {
  page: {
    chair: 'Chair forms: every stretch is done sitting on a chair or standing, never on the floor.',
    easier: 'Easier forms: smaller movements, with support such as a folded towel, a pillow or a chair.',
    standard: 'As written: each stretch as the program describes it.',
    fuller: 'Fuller forms: a little further into the stretches that have a fuller form.',
  },
  sms: {
    chair: 'in chair forms, nothing on the floor',
    easier: 'in easier forms',
    standard: 'as written',
    fuller: 'in fuller forms',
  },
} as const;

/** The self-check by text after YES (functions/core/sms-self-check.ts): GSM-7, one segment each. */
export const selfCheckSms = {
  first: (name: string, total: number, question: string) => `${name} 1/${total}, to fit your stretches (or skip): ${question}`,
  next: (name: string, n: number, total: number, question: string) => `${name} ${n}/${total}: ${question}`,
  reAsk: (name: string, last: string, question: string) => `${name}: please reply with one letter, A to ${last}. ${question}`,
  done: (name: string, form: string) => `${name}: thanks. Your stretches will come ${form}. To change this later, reply SETTINGS.`,
} as const;

/** The weekly "too easy, right or too hard?" question (functions/core/band-changes.ts). */
export const bandFeedback = {
  question: "Did this week's positions feel too easy, about right, or too hard?",
  buttons: { 'too-easy': 'Too easy', right: 'About right', 'too-hard': 'Too hard' },
  sms: ' Positions too easy, right or too hard? Reply EASY, RIGHT or HARD.',
  pageTitle: 'How did the positions feel?',
  pageIntro: 'Your answer can move your stretches one step easier or fuller, at most once a week.',
  moved: (form: string) => `Thanks. From your next message, your stretches come ${form}.`,
  right: 'Thanks. Your stretches stay as they are.',
  atLimit: (form: string) => `Thanks. Your stretches already come ${form}, so they stay as they are.`,
  chair: 'Thanks. Your stretches stay in chair forms: a tap never moves them onto the floor. To change this, answer the questions on your settings page again.',
  chairSms: 'Thanks. Your stretches stay in chair forms: a reply never moves them onto the floor. To change this, reply SETTINGS.',
  onceAWeek: 'Thanks. Your stretches changed in the last 7 days, so they stay as they are for now.',
} as const;

/** Answers to an email reply (functions/core/reply-messages.ts). */
export const replies = {
  ackSubject: (score: number) => `Thanks: ${score}/10 saved`,
  ackPreview: 'Your pain score is saved.',
  ackHeading: 'Thank you',
  ack: (score: number) => [
    `We saved ${score} out of 10 for today. Another reply or tap today replaces it.`,
    'We answer at most one reply a day, so you will not get a note like this for every email.',
  ],
  noScoreSubject: 'We could not find a score in your reply',
  noScorePreview: 'Tap a number, or reply with just a number from 0 to 10.',
  noScoreHeading: 'We could not find a score',
  noScore: [
    'Thanks for your reply. We could not find a pain score in it, so nothing was saved.',
    'Tap a number below, or reply with just a number from 0 (no pain) to 10 (the worst pain). Nobody reads replies, so if you need help with your back, please talk to a doctor or another healthcare professional.',
  ],
} as const;

/** The weekly function score (one-activity Patient-Specific Functional Scale). */
export const functionScore = {
  question: (activity: string) =>
    `One more question this week. Your activity: ${activity}. How well can you do it now? 0 means not at all, 10 as well as before your back trouble.`,
  button: 'Answer 0-10',
  sms: (activity: string) => ` Your activity: ${activity}. How well can you do it now? Reply F0 (not at all) to F10 (as before).`,
  smsAskActivity: ' Name 1 activity your back makes hard: reply ACT and it, e.g. ACT putting on socks.',
} as const;

/** The texts that name the program or the operator, for one brand. */
function buildCopy(brand: Brand) {
  const name = brand.programName;
  const contacts = supportContacts(brand);
  return {
    programName: name,
    disclaimer: `${name} shares general exercise information. It is not medical advice and does not replace the advice of your own doctor or healthcare professional.`,
    footerReason: `You get this email because you signed up for ${name}.`,
    /** The email footer's sender lines (CAN-SPAM: a valid postal address) and how to reach a person. */
    footerSender: `${brand.senderName}, ${brand.postalAddress}`,
    footerContact: `Questions? ${contacts.join(' or ')}`,
    privacyUrl: brand.privacyUrl,
    smsHeader: (day: number, total: number, session: 'routine' | 'light' | 'rest') =>
      session === 'routine'
        ? `${name} day ${day}/${total}:`
        : session === 'light'
          ? `${name} day ${day}/${total}, light day:`
          : `${name} day ${day}/${total}: rest day.`,
    confirmation: {
      subject: `Confirm your ${name} sign-up`,
      preview: 'One tap and your first stretches arrive.',
      heading: 'One tap to confirm',
      paragraphs: [
        `Thanks for signing up for ${name}: 42 days of short lower-back stretches, one message a day.`,
        'Please confirm it was you. The button opens a page where you confirm with one more tap.',
        'If you did not sign up, ignore this email and we will not write again.',
      ],
      button: 'Confirm my sign-up',
      sms: `${name}: reply YES to confirm daily back stretches, 42 days. 1 msg/day. Msg & data rates may apply. Reply HELP for help, STOP to cancel.`,
    },

    closing: {
      subject: `You finished ${name}: well done`,
      preview: 'All 42 days done. Here is what to keep doing.',
      heading: 'Six weeks done. Well done!',
      opening: `You have reached the end of all 42 days of ${name}. That took steady effort, and you put it in.`,
      keepDoingIntro: 'What to keep doing:',
      keepDoing: [
        'Keep the stretches that suit you in your week. Your day 42 email lists the full routine with its steps.',
        'Keep moving with low-impact activity such as walking, swimming or cycling, which puts little stress on your spine.',
        "Thinking of lifting weights? If you have a condition that can cause lower-back pain, or you are recovering from an injury, get your doctor's approval before starting a strenuous routine.",
        'The same rule still applies: if a movement makes your pain sharper, stop.',
      ],
      restartWithLink: 'Want to go round again? Use the button below to start again from day 1.',
      restartWithoutLink: 'Want to go round again? Sign up again at any time and you will start from day 1.',
      button: 'Start again from day 1',
      sms: `${name}: you've finished all 42 days - well done! Keep up the stretches that suit you, and keep moving with walking, swimming or cycling. To start again from day 1, reply START. Not medical advice. Reply STOP to end.`,
    },

    safety: {
      subject: `Please pause your ${name} exercises`,
      preview: 'Stop the exercises for now and talk to a healthcare professional.',
      heading: 'Please stop the exercises for now',
      paragraphs: [
        `Thank you for your reply. We think it is best to stop the ${name} exercises for now.`,
        'Please talk to a doctor or another healthcare professional about your back before you carry on.',
        'We have paused your program, so no daily messages will arrive until you choose to resume.',
        'When a professional has told you it is fine to continue, you can resume with the button below.',
      ],
      button: 'Resume my program',
      sms: `${name}: please stop the exercises for now and talk to a doctor or other healthcare professional about your back. We've paused your program. When you're ready, reply START to resume. Reply STOP to end.`,
    },

    safetyUrgent: {
      subject: 'Please get urgent medical care',
      preview: 'Call your local emergency number or go to an emergency department now.',
      heading: 'Please get urgent care now',
      paragraphs: [
        'Problems controlling your bladder or bowels, or numbness in your groin, need urgent medical attention.',
        'Please call your local emergency number (such as 911, 999 or 112) or go to an emergency department now.',
        "We can't tell what is behind these symptoms; only a medical professional who sees you can.",
        `Stop the ${name} exercises. We have paused your program.`,
        'Once a doctor has seen you and says it is fine to continue, you can resume with the button below.',
      ],
      button: 'Resume my program',
      sms: `${name}: bladder or bowel problems, or numbness in the groin, need urgent care. Please call your local emergency number or go to an emergency department now. Stop the exercises; we've paused your program. Reply STOP to end.`,
    },

    keywords: {
      /** CTIA: program name, frequency, rates, opt-out, and a way to reach a person. */
      help: `${name}: daily lower-back stretches, 1 msg/day for 42 days. Reply 0-10 to log your pain. Msg & data rates may apply. Reply STOP to cancel, START to resume. Help: ${contacts.join(' or ')}`,
      stop: `${name}: you're unsubscribed and will get no more messages. Reply START to rejoin.`,
      start: `${name}: you're subscribed again; your stretches resume with the next message. 1 msg/day. Msg & data rates may apply. Reply HELP for help, STOP to cancel.`,
      welcome: `${name}: you're confirmed. Your first stretches arrive at the time you chose. 1 msg/day. Msg & data rates may apply. Reply HELP for help, STOP to cancel.`,
      ratingAck: (score: number) => `${name}: thanks, ${score}/10 saved for today.`,
      moved: `${name}: confirmed. Your stretches now come here by text, carrying on where you were; no more emails. 1 msg/day. Msg & data rates may apply. Reply HELP for help, STOP to cancel.`,
      settings: (url: string) => `${name}: change your time, time zone or level, pause or resume here: ${url} Reply STOP to end.`,
    },
    noScoreSms: `${name}: we could not find a score. Reply with a number from 0 to 10.`,
    /** SMS answers to a function-score reply (core/function-rating.ts). */
    functionAck: {
      activitySet: `${name}: thanks. Each week we will ask how well you can do it. Reply F0 (not at all) to F10 (as before) any time.`,
      recorded: (score: number) => `${name}: thanks, ${score}/10 saved for this week's activity score.`,
      noActivity: `${name}: first name one activity your back makes hard: reply ACT and it, e.g. ACT putting on socks.`,
    },
  } as const;
}
export type Copy = ReturnType<typeof buildCopy>;

const built = new WeakMap<Brand, Copy>();
/** The branded texts, built once per brand object (the composition root makes one per container). */
export function copyFor(brand: Brand): Copy {
  let copy = built.get(brand);
  if (!copy) built.set(brand, (copy = buildCopy(brand)));
  return copy;
}
