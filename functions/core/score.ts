/**
 * The pain score in a reply's text, read by the rules in docs/signup-and-replies.md (rules 8-14):
 * numbers that are never scores are removed first (phones, clock times, dates, temperatures, counts),
 * then the current value beats an earlier one, a negated one is dropped, and a hedge or range gives
 * its higher end (the safer reading). Input is the text after `normalise` (lower case, NFKC).
 */

export const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  nought: 0,
  nil: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};
/** A bare number counts as a score only inside a short message (words). */
const SHORT_MESSAGE_WORDS = 25;

/** "the one on the left", "one more day": "one" that is not a number. */
const ONE_NOT_A_NUMBER =
  /\b(?:the|this|that|no|any|every|each|some|which|last|next|other|another|first|second|third|new|old|only) one\b|\bone (?:of|more|another|by|thing|day|time|side|leg|stretch|exercise)\b/g;

const MONTHS =
  '(?:jan(?:uary|uar|vier|eiro|uari)?|feb(?:ruary|ruar|braio|rero|ruari)?|f[ée]vrier|fevereiro|mar(?:ch|s|zo|ço|ts)?|m[äa]rz|maart|apr(?:il|ile|iel)?|avril|abril|may(?! be| have| i| not| well)|mai|maj|mayo|maggio|maio|mei|jun(?:e|i|io|ho)?|juin|giugno|jul(?:y|i|io|ho)?|juillet|luglio|aug(?:ust|usti|ustus)?|ao[uû]t|agosto|sep(?:t|tember|tembre|tiembre|tembro)?|settembre|setembro|o[ck]t(?:ober|obre|ubre|ubro)?|ottobre|outubro|nov(?:ember|embre|iembre|embro)?|dec(?:ember|embre)?|d[ée]cembre|dez(?:ember|embro)?|dic(?:iembre|embre)?)\\.?'; // prettier-ignore
const DATE_NUMBER_MONTH = new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th|er|e)?\\.? (?:of |de )?${MONTHS}(?![a-z])`, 'g');
const DATE_MONTH_NUMBER = new RegExp(`\\b${MONTHS} \\d{1,2}(?:st|nd|rd|th)?\\b`, 'g');
const NUMERIC_DATE = /\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/g;
const CLOCK_TIME = /\b\d{1,2}(?:(?::|\.)\d{2}|h\d{0,2}\b)(?: ?(?:am|pm|a\.m\.|p\.m\.|uhr|h))?(?![\d.,])/g;
/** 7+ digits in one run of digits, spaces, dots, dashes and brackets: a phone number. */
const PHONE_LIKE = /\+?\(?\d[\d ().-]{5,}\d\)?/g;
const TEMPERATURE =
  /\b\d{2,3}(?:[.,]\d)? ?(?:°|º|degrees?\b|grad\b|c\b|f\b)|\b(?:3[5-9]|4[0-2])[.,]\d\b|\b(?:temp(?:erature)?|fever|fieber|fièvre|fiebre|febbre|koorts|febre|feber|kuume)\b[^\d.,;!?]{0,12}(?:3[5-9]|4[0-2]|9\d|10\d)(?:[.,]\d)?\b/g;

const UNIT_AFTER =
  /^\s?(?:am\b|pm\b|a\.m|p\.m|:\d|h\b|hrs?\b|hours?\b|mins?\b|minutes?\b|secs?\b|seconds?\b|reps?\b|sets?\b|times\b|x\b|kg\b|kilos?\b|lbs?\b|pounds\b|km\b|miles?\b|k\b|steps\b|days?\b|weeks?\b|months?\b|years?\b|yrs?\b|%|st\b|nd\b|rd\b|th\b|o'?clock\b|pills?\b|tablets?\b|mg\b|degrees\b|°|uhr\b|mal\b|fois\b|veces\b|volte\b|keer\b|vezes\b|gange\b|gånger\b|kertaa\b|tage?n?\b|jours?\b|días?\b|giorni\b|dagen\b|dias?\b|dage\b|dagar\b)/;
/** A count of things: a number before a noun ("2 ibuprofen", "five stretches", "2 kids"). */
const COUNT_NOUN =
  /^\s?(?:(?:more|big|small|extra|little|short|long|easy|gentle|full|whole|different|of the|of my|of them)\s)?(?:ibuprofen|paracetamol|advil|aspirin|tylenol|nurofen|co-codamol|codeine|naproxen|kids?|child(?:ren)?|people|feet|dogs?|cats?|coffees?|cups?|glass(?:es)?|beers?|walks?|stretch(?:es)?|exercises?|floors?|flights?|grandkids|puppies|boys|girls|sons?|daughters?|[a-zà-ÿ]{3,}s)\b/;
/** Plural-looking words that are not nouns of a count ("4 thanks", "5 as usual", "6 perhaps 7"). */
const NOT_A_COUNT = new Set([
  'this',
  'thus',
  'thanks',
  'yes',
  'its',
  'plus',
  'less',
  'always',
  'perhaps',
  'sometimes',
  'unless',
  'besides',
  'across',
  'cheers',
  'regards',
  'gracias',
  'mais',
  'dans',
  'depuis',
  'tops',
  'tous',
  'très',
  'afterwards',
  'towards',
  'nevertheless',
  'obrigados',
  'obrigadas',
  'pues',
  'lots',
  'loads',
  'heaps',
  'tons',
  'sans',
  'sous',
  'depois',
  'guys',
  'folks',
  'después',
  'apenas',
  'ainsi',
  'hours',
  'days',
  'alors',
  'mas',
  'has',
  'was',
  'does',
  'ppls',
]);
const CONTEXT_BEFORE =
  /(?:\bday|\bweek|#|\bat|\bby|\bsince|\bfor|\bx|\bfrom|\bafter|\bbefore|\bnumber|\bno\.|\bkl\.?|\bklo|\bum|\bom|\bàs|\balle|\bfloor|\bsuite|\bunit|\broom|\bext\.?|\bextension|\bapt\.?|\bflat|\bpage|\buntil|\btill|\bbis|\bhasta|\btot|\baté|\btil|\bjour|\btag|\bdía|\bgiorno|(?<!\bi )\bdag|\bdia)\s?$/;
const SCORE_WORDS = String.raw`(?:pain|score|rating|level|rate|hurts?|hurting|back|schmerz(?:en)?|douleur|dolor|dolore|pijn|dor|smerte(?:n)?|smärta(?:n)?|kipu|rücken|dos|espalda|schiena|rug|costas|ryg(?:gen)?|rygg(?:en)?|selkä)`;
const EXPLICIT_BEFORE = new RegExp(
  String.raw`(?:\b${SCORE_WORDS}(?:\s?(?:is|was|at|of|level|score|now|today|about|around|roughly|maybe|like|a|an|=|:|-|~|'s|s|feels like|is at|is about|is around|is a|was a|heute|ist|est|es|è|aujourd'hui|hoy|oggi|vandaag|hoje|i dag|idag))*|(?:^|[^\p{L}])(?:a|an|at a|about a|around a|like a|i'd say|i would say|solid|maybe a|probably a|more like a?|more like|eine?|un|une|una|uno|een|uma|en|ett))\s?$`,
  'u',
);
const OUT_OF_TEN =
  /^\s?(?:\/\s?10\b|out of (?:10|ten)\b|outta (?:10|ten)\b|of (?:10|ten)\b|on (?:a|the) scale(?: of)?(?: 0? ?(?:-|to) ?10)?\b|von 10\b|sur 10\b|de 10\b|su 10\b|van de 10\b|av 10\b|af 10\b)/;
/** "not a 7": the number is named as not the score. */
const NEGATED_BEFORE =
  /\b(?:not|no longer|rather than|instead of|isn't|wasn't|never|nicht|keine?|pas|no es|ya no|non è|niet|geen|não é|ikke|inte|ei)\s(?:a |an |really |even |quite |exactly |at |eine? |un |une |una |uno |een |um |uma |en |ett )*$/;

/** Markers of time, nearest first. Strength: a correction or "now" (3) > today (2) > unmarked (1) > earlier (0). */
const NOW_MARKERS =
  /\b(?:now|right now|currently|at the moment|atm|tonight|at present|jetzt|gerade|maintenant|actuellement|ahora|adesso|ora|nu|agora|nå|nyt|down to|up to|to)\b|->|→/g;
/** A correction speaks for the number after it, across a comma ("6 - sorry, 5"). */
const CORRECTION_MARKERS =
  /\b(?:i mean|i meant|sorry|correction|actually|make that|more like|ich meine|eher|je veux dire|plutôt|quiero decir|más bien|cioè|anzi|ik bedoel|quer dizer|jeg mener|jag menar)\b/;
const TODAY_MARKERS =
  /\b(?:today|this morning|this afternoon|this evening|heute(?: morgen)?|aujourd'hui|ce matin|hoy|esta mañana|oggi|stamattina|vandaag|vanochtend|hoje|i dag|idag|i morges|i morse|tänään)\b/g;
const EARLIER_MARKERS =
  /\b(?:yesterday|last night|last week|earlier|before|previously|was|were|had been|used to be|from|at first|over the weekend|gestern|war|vorhin|hier|était|ayer|era|estaba|ieri|gisteren|ontem|estava|i går|igår|i forgårs|var|eilen)\b/g;

interface Candidate {
  value: number;
  index: number;
  end: number;
  explicit: boolean;
}

function wordsToDigits(norm: string): string {
  const cleaned = norm.replace(ONE_NOT_A_NUMBER, (m) => m.replace('one', 'onε'));
  return cleaned.replace(/\b(zero|nought|nil|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/g, (w) => String(NUMBER_WORDS[w]));
}

/** Blank out what is never a score, keeping string positions meaningful (clause marks stay). */
function removeNeverScores(s: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return s
    .replace(NUMERIC_DATE, blank)
    .replace(PHONE_LIKE, (m) => (m.replace(/\D/g, '').length >= 7 ? blank(m) : m))
    .replace(TEMPERATURE, blank)
    .replace(CLOCK_TIME, blank)
    .replace(DATE_NUMBER_MONTH, blank)
    .replace(DATE_MONTH_NUMBER, blank);
}

const HEDGE = String.raw`(?:,? ?(?:or maybe|maybe|perhaps|possibly|probably|if not|could be|might be|or|oder|vielleicht|peut-être|ou|o|quizás|tal vez|forse|misschien|talvez|kanskje|kanske|måske|eller|tai)) ?(?:a |an |even |eine? |un |une |uno |una |een |um |uma )?`;

/** Ranges and hedges count once, at their higher end: the safer reading. */
function collapseRanges(s: string): string {
  s = s.replace(/\b(?:between (\d{1,2}) and (\d{1,2})|(\d{1,2}) ?(?:-|to|bis|à|a|tot|até|til) ?(\d{1,2}))\b(?! ?\/ ?\d)/g, (m, a1, b1, a2, b2) => {
    const lo = Number(a1 ?? a2);
    const hi = Number(b1 ?? b2);
    return hi > lo && hi - lo <= 3 ? ` ${' '.repeat(m.length - String(hi).length - 1)}${hi}` : m;
  });
  return s.replace(new RegExp(String.raw`\b(\d{1,2})(?:ish)?${HEDGE}(\d{1,2})\b(?! ?\/ ?\d)`, 'g'), (m, a, b) => {
    const hi = Math.max(Number(a), Number(b));
    return Math.abs(Number(a) - Number(b)) <= 3 ? `${' '.repeat(m.length - String(hi).length)}${hi}` : m;
  });
}

function candidatesIn(s: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of s.matchAll(/(-?)(\d+(?:[.,]\d+)?)/g)) {
    const index = m.index ?? 0;
    const before = s.slice(Math.max(0, index - 40), index);
    const end = index + m[0].length;
    const after = s.slice(end, end + 30);
    // Glued to a word ("covid19", "x3") is not a score, except "pain4".
    if (/[\p{L}\d.,]$/u.test(before) && !/\b(?:pain|score)$/.test(before)) continue;
    if (/\/\s?$/.test(before)) continue; // the "10" of "7/10", or the second half of a date
    const negative = m[1] === '-' && !/\d\s?$/.test(before);
    const value = Number(m[2]!.replace(',', '.')) * (negative ? -1 : 1);
    if (value === 10 && /\b(?:out of|outta|of|von|sur|de|su|van de|av|af)\s?$/.test(before)) continue;
    const outOfTen = OUT_OF_TEN.test(after);
    if (!outOfTen && m[2]!.length <= 2 && /^\s?\/\s?\d/.test(after)) continue; // a date such as 3/4
    if (!outOfTen && UNIT_AFTER.test(after)) continue;
    if (!outOfTen && COUNT_NOUN.test(after) && !NOT_A_COUNT.has(/^\s?([\p{L}-]+)/u.exec(after)?.[1] ?? '')) continue;
    if (NEGATED_BEFORE.test(before)) continue;
    const explicit = outOfTen || EXPLICIT_BEFORE.test(before);
    if (!explicit && CONTEXT_BEFORE.test(before)) continue;
    out.push({ value, index, end, explicit });
  }
  return out;
}

const CLAUSE_END = /[.;!?\n]|,\s|\bbut\b|\baber\b|\bmais\b|\bpero\b|\bma\b|\bmaar\b|\bmas\b|\bmen\b/g;

function lastMatch(re: RegExp, text: string): { index: number } | undefined {
  let last: { index: number } | undefined;
  for (const m of text.matchAll(re)) last = { index: m.index ?? 0 };
  return last;
}

/** How current a candidate is said to be, from the nearest time marker in its own clause. */
function strength(s: string, c: Candidate, prevEnd: number, nextStart: number, bounds: number[]): number {
  const clauseStart = Math.max(0, ...bounds.filter((b) => b <= c.index));
  const clauseEnd = Math.min(s.length, ...bounds.filter((b) => b >= c.end));
  const before = s.slice(Math.max(clauseStart, prevEnd), c.index);
  const after = s.slice(c.end, Math.min(clauseEnd, nextStart));
  const kinds: [RegExp, number][] = [
    [NOW_MARKERS, 3],
    [TODAY_MARKERS, 2],
    [EARLIER_MARKERS, 0],
  ];
  // The marker nearest before the number speaks for it ("was 7 now 4"); else the first one after ("7 yesterday").
  let best: { at: number; value: number } | undefined;
  for (const [re, value] of kinds) {
    const hit = lastMatch(re, before);
    if (hit && (!best || hit.index > best.at)) best = { at: hit.index, value };
  }
  if (CORRECTION_MARKERS.test(s.slice(prevEnd, c.index))) return 3;
  if (best) return best.value;
  let first: { at: number; value: number } | undefined;
  for (const [re, value] of kinds) {
    re.lastIndex = 0;
    const hit = re.exec(after);
    if (hit && (!first || hit.index < first.at)) first = { at: hit.index, value };
  }
  return first?.value ?? 1;
}

/** The pain score a message gives, or undefined (none, ambiguous or out of 0..10). */
export function findScore(norm: string, wordCount: number): number | undefined {
  let s = wordsToDigits(norm);
  if (!/\d/.test(s)) return /^(?:no pain|pain[- ]free|zero pain)\b/.test(s) ? 0 : undefined;
  s = collapseRanges(removeNeverScores(s));
  const candidates = candidatesIn(s);
  if (candidates.length === 0) return undefined;
  const bounds = [...s.matchAll(CLAUSE_END)].flatMap((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
  const ranked = candidates.map((c, i) => ({
    ...c,
    strength: strength(s, c, candidates[i - 1]?.end ?? 0, candidates[i + 1]?.index ?? s.length, bounds),
  }));
  const top = Math.max(...ranked.map((c) => c.strength));
  const pool = ranked.filter((c) => c.strength === top);
  const explicit = pool.filter((c) => c.explicit);
  let chosen: number | undefined;
  if (explicit.length > 0) chosen = explicit.at(-1)!.value;
  else {
    if (wordCount > SHORT_MESSAGE_WORDS) return undefined;
    const distinct = [...new Set(pool.map((c) => c.value))];
    if (distinct.length !== 1) return undefined;
    chosen = distinct[0];
  }
  if (chosen === undefined || !Number.isFinite(chosen)) return undefined;
  const rounded = Math.round(chosen);
  return rounded >= 0 && rounded <= 10 && chosen >= 0 ? rounded : undefined;
}
