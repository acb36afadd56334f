import * as copy from '../../templates/messages/copy';
import type { Store, Clock } from '../ports';
import { bandChangeSet } from './band-changes';
import { DEFAULT_BAND, type RangeBand, type Subscriber } from './model';
import { defaultSelfCheck, smaller, type SelfCheckQuestion } from './range';
import { isGsm7 } from './gsm7';
import { PROGRAM_NAME_MAX } from './brand';

/**
 * The range self-check by text (docs/program.md, "Range bands"). After YES confirms a new SMS
 * sign-up, the questions go out one at a time, each answered by a letter (A, B, ...) or the
 * answer's word. A digit is never an answer: "2" stays a pain score. Each answer is one conditional
 * write on the subscriber item that sets the band at once; until the last answer the band only goes
 * down (a half-answered check never lifts anyone, e.g. off the chair forms a web answer chose).
 * The check closes with its last answer or when day 1 is sent: skipped, the band stays as it was.
 */

const SELF_CHECK = defaultSelfCheck();
const letter = (i: number) => String.fromCharCode(65 + i);

/** The question as texted; `name` is the operator's program name (core/brand.ts). */
export function selfCheckQuestionText(name: string, q: SelfCheckQuestion, questions: readonly SelfCheckQuestion[] = SELF_CHECK): string {
  const n = questions.indexOf(q) + 1;
  return n === 1 ? copy.selfCheckSms.first(name, questions.length, q.sms) : copy.selfCheckSms.next(name, n, questions.length, q.sms);
}

/**
 * Problems with the texts (test/unit/sms-self-check.test.ts checks the shipped ones): GSM-7, one
 * segment (160) each, with the longest program name an operator may set.
 */
export function smsSelfCheckProblems(questions: readonly SelfCheckQuestion[] = SELF_CHECK): string[] {
  const name = 'N'.repeat(PROGRAM_NAME_MAX);
  return questions.flatMap((q) => {
    const texts = [selfCheckQuestionText(name, q, questions), copy.selfCheckSms.reAsk(name, letter(q.answers.length - 1), q.sms)];
    return texts.filter((t) => !isGsm7(t) || t.length > 160).map((t) => `selfCheck "${q.id}" sms: must be GSM-7 and at most 160 characters: "${t}"`);
  });
}

const FILLER = new Set(['answer', 'option', 'its', "it's", 'is', 'i', 'my', 'the', 'please', 'thanks', 'ok', 'okay', 'to', 'say', 'reach', 'for', 'me']);

/**
 * The answer value a reply gives, or undefined. Accepts "b", "B.", "(b)", "b)", "answer B", the
 * answer's word or label ("knees", "my knees", "not possible"), in any case. Digits never parse.
 */
export function parseSelfCheckAnswer(q: SelfCheckQuestion, body: string): string | undefined {
  if (/\d/.test(body) || body.length > 80) return undefined;
  const words = body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z' -]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !FILLER.has(w));
  const text = words.join(' ');
  if (/^[a-z]$/.test(text)) return q.answers[text.charCodeAt(0) - 97]?.value;
  const plain = (s: string) => s.toLowerCase().replace(/-/g, ' ');
  const found = q.answers.find((a) => {
    const label = plain(a.label)
      .split(' ')
      .filter((w) => !FILLER.has(w))
      .join(' ');
    return text === plain(a.value) || text === label;
  });
  return found?.value;
}

/** Open while a question is out and day 1 has not been sent (a skipped check keeps the band). */
export function selfCheckOpen(sub: Pick<Subscriber, 'smsSelfCheck' | 'status' | 'programDay' | 'channel'>): boolean {
  return sub.channel === 'sms' && sub.status === 'active' && sub.programDay === 1 && sub.smsSelfCheck !== undefined;
}

type Ctx = { store: Store; clock: Clock; brand: { programName: string } };

/** Starts the check after YES (one conditional write); the text of the first question, or undefined. */
export async function startSmsSelfCheck(ctx: Ctx, id: string): Promise<string | undefined> {
  const sub = await ctx.store.getSubscriber(id);
  const first = SELF_CHECK[0];
  // Answered on the web form already: asking again by text would only repeat it.
  if (!sub || !first || sub.status !== 'active' || sub.programDay !== 1 || sub.selfChecked) return undefined;
  const state = { asking: first.id, cap: 'fuller' as const, from: sub.band ?? DEFAULT_BAND };
  const ok = await ctx.store.updateSubscriber(id, { version: sub.version, status: ['active'] }, { set: { smsSelfCheck: state } });
  return ok ? selfCheckQuestionText(ctx.brand.programName, first) : undefined;
}

export type SelfCheckReply = { kind: 'answered'; band: RangeBand; reply: string } | { kind: 'asked-again'; reply: string };

/** A reply while the check is open: the answer recorded and the next question, or the question again. */
export async function answerSmsSelfCheck(ctx: Ctx, sub: Subscriber, body: string): Promise<SelfCheckReply | undefined> {
  const state = sub.smsSelfCheck;
  const q = SELF_CHECK.find((x) => x.id === state?.asking);
  if (!state || !q) return undefined;
  const value = parseSelfCheckAnswer(q, body);
  if (!value) return { kind: 'asked-again', reply: copy.selfCheckSms.reAsk(ctx.brand.programName, letter(q.answers.length - 1), q.sms) };
  const cap = smaller(state.cap, q.answers.find((a) => a.value === value)!.band);
  const next = SELF_CHECK[SELF_CHECK.indexOf(q) + 1];
  // Half-way, the band only goes down; the last answer decides it (answering again may lift it).
  const band = next ? smaller(state.from, cap) : cap;
  const at = new Date(ctx.clock.now()).toISOString();
  const patch = next
    ? { set: { ...bandChangeSet(sub, band, 'self-check', at), smsSelfCheck: { ...state, asking: next.id, cap } } }
    : { set: bandChangeSet(sub, band, 'self-check', at), remove: ['smsSelfCheck'] as const };
  const updated = await ctx.store.updateSubscriber(sub.id, { version: sub.version, status: ['active'], programDay: 1 }, patch);
  // Lost a race (a second reply, or day 1 going out): the item as it is now decides.
  if (!updated) return undefined;
  return {
    kind: 'answered',
    band,
    reply: next ? selfCheckQuestionText(ctx.brand.programName, next) : copy.selfCheckSms.done(ctx.brand.programName, copy.bands.sms[band]),
  };
}
