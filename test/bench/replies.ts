import { Bench } from 'tinybench';
import { Intent, parseReply, type ReplyChannel } from '../../functions/core/replies';
import { rng } from './fixtures';

/**
 * Reply parsing over a generated corpus: pain scores written many ways, keywords, stop phrases,
 * red flags, chatter, and email replies that quote our whole daily message below the new text.
 */

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const SCORE_FORMS: ((n: number) => string)[] = [
  (n) => `${n}`,
  (n) => `${n}/10`,
  (n) => `${n} out of 10`,
  (n) => `pain: ${n}`,
  (n) => `${WORDS[n]}`,
  (n) => `About a ${n} today, better than yesterday`,
  (n) => `${n} thanks!`,
  (n) => `I'd say ${WORDS[n]}. The cat stretch helped.`,
  (n) => `${n}️⃣`,
  (n) => `Pain is ${n} this morning after gardening`,
];
const KEYWORDS = ['STOP', 'stop please', 'START', 'UNSTOP', 'YES', 'y', 'HELP', 'info', 'Stop!', 'CANCEL', 'QUIT', 'yes thanks'];
const STOP_PHRASES = [
  'please stop texting me',
  'No more messages please',
  'take me off your list',
  'wrong number',
  "I don't want these messages anymore",
  'not interested, remove me',
  'Cancel my subscription',
  "don't text me",
];
const RED_FLAGS = [
  'numbness in my groin since yesterday, pain 8',
  'I cannot control my bladder and my back is a 9',
  'both legs feel numb and weak',
  'saddle numbness, should I worry?',
  'Fever and back pain 7 at night, lost weight',
  'pain shooting down both legs, tingling, 6',
];
const CHATTER = [
  'Thanks, the exercises are great',
  'Which one is the bird dog?',
  'Busy week, will catch up',
  'Can I do these in the evening instead?',
  'hi',
  'My physio says hello 👋',
  'Did the walk, skipped the bridge',
  'ok',
];
const QUOTED = [
  (n: string, day: number) =>
    `${n}\n\nSent from my iPhone\n\nOn Mon, 2 Mar 2026 at 07:30, Limber <coach@limber.example> wrote:\n> Day ${day}: your routine\n> How is your back today? Tap a number: 0 1 2 3 4 5 6 7 8 9 10\n> Unsubscribe: https://limber.example/unsubscribe/abc\n> Stop any time.`,
  (n: string, day: number) =>
    `${n}\r\n\r\n-----Original Message-----\r\nFrom: Limber <coach@limber.example>\r\nSent: Monday, March 2, 2026 7:30 AM\r\nSubject: Day ${day}\r\n\r\nHow is your back today? 0 1 2 3 4 5 6 7 8 9 10\r\nunsubscribe`,
  (n: string, day: number) =>
    `${n}\n--\nJane Doe\n\nLe lun. 2 mars 2026 à 07:30, Limber <coach@limber.example> a écrit :\n> Jour ${day}\n> 0 1 2 3 4 5 6 7 8 9 10 stop`,
];

export interface Reply {
  text: string;
  channel: ReplyChannel;
}

export function replyCorpus(n = 1_200, seed = 12): Reply[] {
  const r = rng(seed);
  const out: Reply[] = [];
  for (let i = 0; i < n; i++) {
    const k = r();
    let text: string;
    if (k < 0.45) text = pick(r, SCORE_FORMS)(Math.floor(r() * 11));
    else if (k < 0.57) text = pick(r, KEYWORDS);
    else if (k < 0.67) text = pick(r, STOP_PHRASES);
    else if (k < 0.75) text = pick(r, RED_FLAGS);
    else if (k < 0.85) text = pick(r, CHATTER);
    else text = '';
    if (k >= 0.85 || r() < 0.1) {
      const body = text || pick(r, [...SCORE_FORMS.map((f) => f(Math.floor(r() * 11))), ...CHATTER, ...RED_FLAGS]);
      out.push({ text: pick(r, QUOTED)(body, 1 + Math.floor(r() * 42)), channel: 'email' });
    } else out.push({ text, channel: 'sms' });
  }
  return out;
}

export interface RepliesResult {
  corpus: number;
  emailShare: number;
  intents: Record<Intent, number>;
  redFlags: number;
  usPerReply: number;
  repliesPerSecond: number;
  table: unknown[];
}

export async function benchReplies(opts: { timeMs?: number } = {}): Promise<RepliesResult> {
  const corpus = replyCorpus();
  const intents = Object.fromEntries(Intent.options.map((i) => [i, 0])) as Record<Intent, number>;
  let redFlags = 0;
  for (const m of corpus) {
    const p = parseReply(m.text, m.channel);
    intents[p.intent]++;
    if (p.redFlag) redFlags++;
  }
  const bench = new Bench({ time: opts.timeMs ?? 1_500, warmupTime: 200, iterations: 10 });
  let sink = 0;
  bench.add(`parseReply x ${corpus.length} (corpus)`, () => {
    for (const m of corpus) sink += parseReply(m.text, m.channel).intent.length;
  });
  await bench.run();
  if (sink === 0) throw new Error('no replies parsed');
  const res = bench.tasks[0]!.result;
  if (res.state !== 'completed') throw new Error(`replies: ${res.state}`);
  const usPerReply = (res.latency.mean * 1000) / corpus.length;
  return {
    corpus: corpus.length,
    emailShare: corpus.filter((m) => m.channel === 'email').length / corpus.length,
    intents,
    redFlags,
    usPerReply,
    repliesPerSecond: 1e6 / usPerReply,
    table: bench.table(),
  };
}
