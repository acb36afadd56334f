import * as z from 'zod';
import { emailReplyText } from './email-reply-text';
import { isAutoReplySubject, isAutoReplyText, isReaction } from './auto-reply';
import { findRedFlags, isUrgent, type RedFlag } from './red-flags';
import { findScore, NUMBER_WORDS } from './score';

/**
 * One reply parser for SMS and email text. It never throws: anything it cannot read is `unknown`.
 * Order of precedence:
 * 1. stop: the CTIA keywords (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT) and, since
 *    the FCC's 2025 rule that consent may be revoked "by any reasonable means", plain requests such as
 *    "please stop texting me". A message that asks to stop is a stop even if it holds a number.
 * 2. keyword-only messages: START/UNSTOP -> start, YES -> confirm, HELP/INFO -> help.
 * 3. a pain score 0..10 ("7", "7/10", "7 out of 10", "pain: 4", "seven", "3️⃣", "a 6 today"): score.ts.
 * 4. unknown.
 * Before all of these, a reaction (tapback) and, after stop, an out-of-office text are not read at all.
 * redFlag is computed for every message a person wrote, whatever the intent. The rules, as a table:
 * docs/signup-and-replies.md; `readEmail` adds what only a mail's headers and subject tell.
 */

export const Intent = z.enum(['pain', 'stop', 'start', 'help', 'confirm', 'auto-reply', 'reaction', 'unknown']);
export type Intent = z.infer<typeof Intent>;
export type ReplyChannel = 'sms' | 'email';

export interface ParsedReply {
  intent: Intent;
  /** Only for intent 'pain': 0..10. */
  score?: number;
  /** Only for intent 'stop': a keyword (STOP, ARRET) or the person's own words ("no more please"). */
  stopBy?: 'keyword' | 'words';
  redFlag: boolean;
  /** A red flag that needs urgent care (bladder/bowel, saddle numbness). */
  urgent: boolean;
  flags: RedFlag[];
}

const MAX_INPUT = 20_000;

/**
 * Whole-message opt-out keywords, compared without accents: CTIA's and Twilio's English list, the
 * carriers' French-Canadian ARRET and TD (AWS End User Messaging's required list), and the usual
 * one-word replies in Spanish, French, German, Italian and Portuguese. A keyword counts only when the
 * message is that keyword plus filler, so "para" or "alto" inside a sentence are not a stop.
 */
const STOP_KEYWORDS = new Set([
  'stop',
  'stopall',
  'unsubscribe',
  'unsub',
  'cancel',
  'end',
  'quit',
  'revoke',
  'optout',
  'opt-out',
  'remove',
  'arret',
  'arreter',
  'arrete',
  'arretez',
  'td',
  'desabonner',
  'desinscrire',
  'desabonnement',
  'parar',
  'para',
  'pare',
  'alto',
  'detener',
  'cancelar',
  'baja',
  'basta',
  'stopp',
  'abmelden',
  'abbestellen',
  'annulla',
  'disiscrivi',
  'sair',
  'cancela',
]);
const START_KEYWORDS = new Set(['start', 'unstop', 'resume', 'restart']);
const CONFIRM_KEYWORDS = new Set(['yes', 'y', 'yeah', 'yep', 'yup', 'yea', 'ya', 'confirm', 'confirmed', 'agree', 'sure']);
const HELP_KEYWORDS = new Set(['help', 'info', '?', 'commands']);
/** Words that may pad a keyword without changing it ("STOP please", "yes thanks!"). */
const FILLER = new Set([
  'please',
  'pls',
  'plz',
  'now',
  'thanks',
  'thank',
  'you',
  'thx',
  'ty',
  'it',
  'all',
  'me',
  'i',
  'ok',
  'okay',
  'again',
  'limber',
  'hi',
  'hello',
  'hey',
  'sorry',
  'just',
  'this',
  'these',
  'that',
  'already',
  'texting',
  'messages',
  'texts',
  'emails',
  'for',
  'want',
  'to',
  'the',
  // "STOPP bitte", "ARRET svp", "BAJA por favor"
  'bitte',
  'danke',
  'svp',
  'merci',
  'por',
  'favor',
  'gracias',
  'per',
  'piacere',
  'grazie',
  'obrigado',
  'obrigada',
]);

/** Plain requests to stop ("any reasonable means"). */
const STOP_PHRASES: RegExp[] = [
  /\bunsubscribe\b/,
  /\bstopall\b/,
  /\bopt(?:-| )?out\b/,
  /\brevoke\b/,
  /(?<!\b(?:don'?t|dont|do not|never|not) )\bstop (?:all |these |this |the |your |sending |texting |messaging |emailing |contacting |the daily )*(?:me|messages?|texts?|txts?|msgs?|emails?|mails?|sms|sending|texting|messaging|emailing|contacting)\b/,
  /\b(?:please|pls|plz) stop\b/,
  /^stop\b[^a-z]*$/,
  /\bno more (?:messages?|texts?|txts?|msgs?|emails?|mails?|sms|of (?:this|these))\b/,
  /\b(?:don'?t|do not|dont|never) (?:text|message|msg|email|e-mail|contact|sms|write to) me\b/,
  /\b(?:don'?t|do not|dont) (?:want|wish) (?:to (?:get|receive) )?(?:these |this |any more |anymore |any |your |more |daily )*(?:messages?|texts?|txts?|emails?|mails?|sms|reminders)\b/,
  /\b(?:don'?t|do not|dont) want (?:these|them|this|it) any ?more\b/,
  /\b(?:take|remove|delete) me (?:off|from)\b/,
  /\bremove me\b/,
  /\bleave me alone\b/,
  /\bwrong (?:number|person)\b/,
  /\bnot interested\b/,
  /\bcancel (?:my |the |this )?(?:subscription|sign ?up|messages?|texts?|program(?:me)?)\b/,
  /\bi (?:want|would like|'d like) (?:to )?(?:out|to quit|to stop|to end|to leave|to cancel)\b/,
  /\bunsub\b/,
  // The whole message: "no more please", "please no more", "I don't want this".
  /^(?:(?:please|pls|plz|ok|okay) )?no more(?: (?:please|pls|plz|thanks|thank you))?$/,
  /^(?:sorry )?i (?:don'?t|dont|do not) want (?:this|these|it|them)(?: any ?more)?(?: (?:please|thanks|thank you))?$/,
  // Spanish, French, German, Portuguese, Italian (compared without accents).
  /\bno (?:me )?(?:envie[ns]?|mande[ns]?|escriba[ns]?) (?:mas|nada)\b/,
  /\bdar(?:me)? de baja\b/,
  /\b(?:ya )?no quiero (?:recibir|mas mensajes|mas sms|mas correos|estos mensajes)\b/,
  /\b(?:arretez|arrete|arreter) (?:de m'?envoyer|les (?:messages|sms|textos))\b/,
  /\bdesabonne[rz]?(?:-| )?moi\b/,
  /\bje ne veux plus (?:recevoir|de (?:messages|sms|textos))\b/,
  /^plus de (?:messages|sms|textos)\b/,
  /\bkeine (?:nachrichten|sms|mails?|e-mails?) mehr\b/,
  /\bbitte (?:aufhoren|abmelden)\b/,
  /\bnao quero (?:mais|receber) (?:mensagens|sms)\b/,
  /\bparem? de (?:me )?(?:enviar|mandar)\b/,
  /\bnon (?:voglio|mandatemi) piu (?:messaggi|sms)\b/,
];

/** Accents off, for keyword and phrase matching only ("ARRÊT" = "ARRET", "más" = "mas"). */
const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

const START_PHRASES: RegExp[] = [/^(?:please )?start (?:again|over|back up|(?:sending|texting|messaging) (?:me )?again)\b/, /\bresubscribe\b/];
const HELP_PHRASES: RegExp[] = [/^(?:what|who) is this\b/, /^how does this work\b/, /^what do i (?:do|reply)\b/];

export function parseReply(input: unknown, channel: ReplyChannel = 'sms'): ParsedReply {
  try {
    return parse(typeof input === 'string' ? input : '', channel);
  } catch {
    return { intent: 'unknown', redFlag: false, urgent: false, flags: [] };
  }
}

const NOT_READ = { redFlag: false, urgent: false, flags: [] as RedFlag[] };

function parse(input: string, channel: ReplyChannel): ParsedReply {
  const raw = input.slice(0, MAX_INPUT);
  const text = channel === 'email' ? emailReplyText(raw) : raw;
  // A tapback quotes our own message: its numbers, "STOP" and safety words are ours.
  if (isReaction(text)) return { intent: 'reaction', ...NOT_READ };
  const flags = findRedFlags(text);
  const base = { redFlag: flags.length > 0, urgent: isUrgent(flags), flags };
  const norm = normalise(text);
  const words = tokens(norm);

  const stopBy = stopKind(norm, words);
  if (stopBy) return { intent: 'stop', stopBy, ...base };
  if (isAutoReplyText(norm)) return { intent: 'auto-reply', ...NOT_READ };
  const keyword = keywordOnly(norm, words);
  if (keyword) return { intent: keyword, ...base };
  const score = findScore(norm, words.length);
  if (score !== undefined) return { intent: 'pain', score, ...base };
  if (HELP_PHRASES.some((re) => re.test(norm))) return { intent: 'help', ...base };
  return { intent: 'unknown', ...base };
}

/** Lower case, NFKC (full-width and circled digits become ASCII), keycap emoji to digits, other emoji to spaces. */
function normalise(text: string): string {
  return text
    .replace(/\u{1F51F}/gu, ' 10 ')
    .replace(/([0-9#*])\uFE0F?\u20E3/gu, ' $1 ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032`´]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u200D]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function tokens(norm: string): string[] {
  return norm
    .replace(/[^\p{L}\p{N}'/-]+/gu, ' ')
    .split(' ')
    .map((w) => w.replace(/^['-]+|['-]+$/g, ''))
    .filter((w) => w.length > 0);
}

const isNumberToken = (w: string) => /^-?\d+(?:[.,]\d+)?(?:\/10)?$/.test(w) || w in NUMBER_WORDS;

function stopKind(accented: string, accentedWords: readonly string[]): 'keyword' | 'words' | undefined {
  const norm = plain(accented);
  const words = accentedWords.map(plain);
  const [first, ...rest] = words;
  if (first !== undefined && STOP_KEYWORDS.has(first)) {
    if (rest.every((w) => FILLER.has(w) || STOP_KEYWORDS.has(w) || isNumberToken(w))) return 'keyword';
  }
  // "please stop", "ok stop": a keyword at the end after filler only.
  if (words.length > 1 && STOP_KEYWORDS.has(words.at(-1)!) && words.slice(0, -1).every((w) => FILLER.has(w))) return 'keyword';
  return STOP_PHRASES.some((re) => re.test(norm)) ? 'words' : undefined;
}

function keywordOnly(norm: string, words: readonly string[]): Intent | undefined {
  const content = words.filter((w) => !FILLER.has(w));
  if (content.length === 0) {
    // Only filler: "ok", "thanks" are not commands; a lone "?" asks for help.
    return /^[?\s!.]*\?[?\s!.]*$/.test(norm) ? 'help' : undefined;
  }
  const sets: [Intent, ReadonlySet<string>][] = [
    ['start', START_KEYWORDS],
    ['confirm', CONFIRM_KEYWORDS],
    ['help', HELP_KEYWORDS],
  ];
  for (const [intent, set] of sets) {
    if (content.every((w) => set.has(w))) return intent;
  }
  if (START_PHRASES.some((re) => re.test(norm))) return 'start';
  return undefined;
}

/** What a mail adapter knows besides the body: the subject and whether RFC 3834-style headers mark it automatic. */
export interface InboundEmail {
  text: string;
  subject?: string;
  autoReplyHeaders?: boolean;
}

/** The one reader for an email reply, headers included: the inbound handler and `limber reply` both use it. */
export function readEmail(mail: InboundEmail): ParsedReply {
  if (mail.autoReplyHeaders || isAutoReplySubject(mail.subject)) return { intent: 'auto-reply', ...NOT_READ };
  return parseReply(mail.text, 'email');
}

/** The one-line JSON the CLI prints: score only for pain. */
export function replySummary(p: ParsedReply): { intent: Intent; score?: number; redFlag: boolean } {
  return p.intent === 'pain' ? { intent: p.intent, score: p.score, redFlag: p.redFlag } : { intent: p.intent, redFlag: p.redFlag };
}
