/**
 * Red-flag symptoms in free text (NICE NG59 / NHS "when to get urgent help" for low back pain).
 * We never diagnose: a match only decides which safety message goes out. Cauda equina signs
 * (numbness in the groin/saddle area, new bladder or bowel trouble) get the urgent message.
 *
 * The matcher errs towards flagging, with one exception: a plain negation just before the phrase in
 * the same clause ("no fever", "without any numbness") clears it, so "no numbness, pain 3" logs a 3.
 */

const RED_FLAGS = ['saddleNumbness', 'bothLegsNumbness', 'legWeakness', 'bladderBowel', 'fever', 'fallOrInjury', 'weightLoss', 'nightPain'] as const;
export type RedFlag = (typeof RED_FLAGS)[number];

/** The flags that mean urgent care now, not just "stop and see a professional". */
const URGENT_FLAGS: ReadonlySet<RedFlag> = new Set<RedFlag>(['saddleNumbness', 'bladderBowel']);

const NUMB = String.raw`(?:numb(?:ness)?|tingl(?:e|es|ing|y)|pins and needles|no feeling|lost (?:the )?feeling|loss of (?:feeling|sensation)|can'?t feel|cannot feel|can not feel|no sensation)`;
// "bottom" but not "the bottom of my foot".
const SADDLE = String.raw`(?:groin|genitals?|genital area|private (?:parts|area|bits)|privates|crotch|buttocks?|butt(?:ocks)?|bum|bottom(?! of)|backside|back passage|down below|saddle(?: area)?|inner thighs?|perineum|between (?:my|the) legs|anus|rectum|vagina|penis|testicles)`;
const BOTH_LEGS = String.raw`(?:both (?:of my )?legs|both feet|both thighs|my legs|legs)`;
const WEAK = String.raw`(?:weak(?:ness)?|giving way|give way|gives way|gave way|buckl(?:e|es|ed|ing)|collaps(?:e|es|ed|ing)|can'?t lift (?:my )?(?:foot|feet|leg|legs)|foot drop|dropping (?:my )?foot)`;
const LEG = String.raw`(?:legs?|knees?|thighs?|foot|feet|ankles?)`;

const PATTERNS: Record<RedFlag, RegExp[]> = {
  saddleNumbness: [
    new RegExp(`${NUMB}\\b[^.;!?]{0,40}\\b${SADDLE}\\b`),
    new RegExp(`\\b${SADDLE}\\b[^.;!?]{0,30}\\b${NUMB}`),
    /\bsaddle (?:anaesthesia|anesthesia|numbness)\b/,
  ],
  bothLegsNumbness: [new RegExp(`${NUMB}\\b[^.;!?]{0,30}\\b${BOTH_LEGS}\\b`), new RegExp(`\\b${BOTH_LEGS}\\b[^.;!?]{0,30}\\b${NUMB}`)],
  legWeakness: [
    new RegExp(`\\b${WEAK}\\b[^.;!?]{0,30}\\b${LEG}\\b`),
    new RegExp(`\\b${LEG}\\b[^.;!?]{0,30}\\b${WEAK}`),
    /\bfoot drop\b/,
    // A dragging or slapping foot is weakness said in plain words.
    /\b(?:foot|feet|leg|legs|toes)\b[^.;!?]{0,20}\bdrag(?:s|ged|ging)?\b/,
    /\bdrag(?:s|ged|ging)? (?:my |one |the )?(?:left |right )?(?:foot|feet|leg|legs)\b/,
    /\bfoot (?:is |keeps )?(?:slapping|flopping)\b/,
    /\btrip(?:s|ped|ping)? over my (?:own )?(?:foot|feet|toes)\b/,
    /\bcan'?t (?:walk|stand) on my (?:heels?|toes|tiptoes)\b/,
  ],
  bladderBowel: [
    /\b(?:can'?t|cannot|can not|unable to|trouble|difficulty|struggl\w*|problems?|hard|not able to|no longer able to)\b[^.;!?]{0,25}\b(?:pee|peeing|urinat\w*|wee|weeing|passing (?:urine|water)|pass (?:urine|water)|empty(?:ing)? my bladder|poo|pooing|go to the toilet)\b/,
    /\b(?:lost|loss of|losing|no)\s+(?:\w+\s+){0,2}?control (?:of|over) (?:my |the )?(?:bladder|bowels?)\b/,
    /\b(?:lost|loss of|losing) (?:my |the )?(?:bladder|bowel)s? control\b/,
    /\b(?:can'?t|cannot|can not) control (?:my |the )?(?:bladder|bowels?)\b/,
    /\b(?:bladder|bowels?)\b[^.;!?]{0,25}\b(?:control|leak\w*|accident\w*|problems?|trouble|incontinen\w*)\b/,
    /\bincontinen\w*/,
    /\b(?:wet|peed|pooed|soiled|pooped) (?:my ?self|myself|the bed|my pants)\b/,
    /\burinary retention\b/,
    /\bleak(?:s|ed|ing|y)?\b[^.;!?]{0,20}\b(?:urine|pee|wee|poo|stool|faeces|feces)\b/,
    /\b(?:urine|pee|wee)\b[^.;!?]{0,20}\bleak(?:s|ed|ing)?\b/,
    /\b(?:can'?t|cannot|can not) (?:hold|feel) (?:it in|my (?:pee|wee|urine|bladder|bowels?)|when i need to (?:go|pee|wee|poo))\b/,
    /\bdribbl(?:e|es|ed|ing) (?:urine|pee|wee)\b/,
  ],
  fever: [
    /\bfever(?:ish|s)?\b/,
    /\b(?:high|running a) temp(?:erature)?\b/,
    /\btemp(?:erature)? (?:of |is |was |at |now )?(?:3[89]|4[0-2]|10[0-5])(?:[.,]\d)?\b/,
    /\bchills\b/,
    // NHS: "a high temperature or you feel hot or shivery".
    /\bshiver(?:y|ing|s|ed)?\b/,
    /\b(?:hot and cold|cold sweats?|night sweats|burning up)\b/,
    /\b(?:3[89]|4[0-2])[.,]\d\b/,
    /\b10[0-4](?:[.,]\d)? ?(?:°|º|f\b|degrees)/,
  ],
  fallOrInjury: [
    /\b(?:fell|fall(?:en|ing)?)\b(?! asleep| apart| behind| short| ill| sick| off the wagon)/,
    /\b(?:injur(?:y|ies|ed)|car (?:crash|accident)|crash(?:ed)?|accident|tripped|slipped|hit by|was hit|got hit|knocked (?:down|over))\b/,
  ],
  weightLoss: [
    /\b(?:unexplained |unintentional |sudden )?weight loss\b/,
    /\b(?:losing|lost|dropped|dropping) (?:a lot of |so much |some |lots of )?weight\b/,
    /\blost \d+ ?(?:kg|kilos?|lbs?|pounds|stone)\b/,
  ],
  nightPain: [
    /\b(?:pain|hurts?|hurting|ache|aching|throbbing)\b[^.,;!?]{0,30}\b(?:at night|all night|every night|overnight|through the night|in the night|wakes me|woke me|keeps me (?:up|awake)|can'?t sleep|cannot sleep)\b/,
    /\b(?:at night|all night|every night|overnight|through the night|in the night|can'?t sleep|cannot sleep)\b[^.,;!?]{0,30}\b(?:pain|hurts?|hurting|ache|aching|throbbing)\b/,
    /\bnight pain\b/,
  ],
};

const NEGATION =
  /\b(?:no|not any|without(?: any)?|never had|never|nor|don'?t have|do not have|haven'?t (?:had|got)|didn'?t have|isn'?t|no sign of|free of)\s+(?:\w+\s+){0,2}$/;

/**
 * Words every pattern of a flag needs one of: a text without them skips the flag's patterns, which
 * keeps the parser fast (the patterns scan every position of the text).
 */
const STEMS: Record<RedFlag, RegExp> = {
  saddleNumbness: /numb|tingl|pins and|feel|sensation|saddle|anaesth|anesth/,
  bothLegsNumbness: /numb|tingl|pins and|feel|sensation/,
  legWeakness: /weak|giv|gave|buckl|collaps|lift|drop|drag|slap|flop|trip|walk on|stand on/,
  bladderBowel: /pee|urin|wee|poo|bladder|bowel|incontinen|wet|soil|leak|dribbl|toilet|water|hold|feel|control|retention/,
  fever: /fever|temp|chill|shiver|hot and|sweat|burning up|\d[.,]\d|10\d/,
  fallOrInjury: /fell|fall|injur|crash|accident|trip|slip|hit|knock/,
  weightLoss: /weight|lost \d/,
  nightPain: /night|sleep|wake|woke|awake|keeps me/,
};

/** Compiled once: building a RegExp per pattern per reply was most of the parser's cost. */
const GLOBAL_PATTERNS = Object.fromEntries(RED_FLAGS.map((f) => [f, PATTERNS[f].map((re) => new RegExp(re.source, 'g'))])) as Record<RedFlag, RegExp[]>;

/** Lower-case, plain apostrophes and spaces: the text the patterns expect. */
function normaliseForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** "numbness: none", "fever? no": the answer right after the symptom says it is absent. */
const NEGATION_AFTER = /^\s?[:?-]?\s?(?:none|no|nope|not at all|nothing|negative|gone)\b/;

function negated(text: string, index: number): boolean {
  const clauseStart = Math.max(
    text.lastIndexOf('.', index - 1),
    text.lastIndexOf(',', index - 1),
    text.lastIndexOf(';', index - 1),
    text.lastIndexOf(' but ', index - 1),
  );
  const before = text.slice(clauseStart + 1, index);
  return NEGATION.test(before);
}

/** Every red flag the text mentions (normalised text or raw; both work). */
export function findRedFlags(text: string): RedFlag[] {
  const t = normaliseForMatching(text).slice(0, 4000);
  const found: RedFlag[] = [];
  for (const flag of RED_FLAGS) {
    if (!STEMS[flag].test(t)) continue;
    for (const global of GLOBAL_PATTERNS[flag]) {
      let hit = false;
      for (const m of t.matchAll(global)) {
        const end = (m.index ?? 0) + m[0].length;
        if (!negated(t, m.index ?? 0) && !NEGATION_AFTER.test(t.slice(end, end + 20))) {
          hit = true;
          break;
        }
      }
      if (hit) {
        found.push(flag);
        break;
      }
    }
  }
  return found;
}

export function isUrgent(flags: readonly RedFlag[]): boolean {
  return flags.some((f) => URGENT_FLAGS.has(f));
}
