import { describe, expect, it } from 'vitest';
import { findRedFlags } from '../../functions/core/red-flags';
import { parseReply } from '../../functions/core/replies';

const sms = (text: string) => parseReply(text, 'sms');

describe('parseReply: pain scores', () => {
  it.each([
    ['7', 7],
    ['7/10', 7],
    ['7 / 10', 7],
    ['7 out of 10', 7],
    ['7 of 10', 7],
    ['pain 4', 4],
    ['pain: 4', 4],
    ['Pain is about a 4', 4],
    ['pain4', 4],
    ['0', 0],
    ['10', 10],
    ['10/10', 10],
    ['  3.  ', 3],
    ['zero', 0],
    ['Seven', 7],
    ['TEN', 10],
    ['about five today', 5],
    ['😖 8', 8],
    ['8😫', 8],
    ['3️⃣', 3],
    ['🔟', 10],
    ['６', 6], // full-width digit
    ['feeling like a 3 today', 3],
    ["I'd say 5, the cat-cow helped", 5],
    ['did 10 reps, 4', 4],
    ['walked for 30 minutes, pain 2', 2],
    ['7am walk, pain 3', 3],
    ['day 3: 5', 5],
    ['3-4', 4],
    ['5 or 6', 6],
    ['between 3 and 4', 4],
    ['6.5', 7],
    ['my back is a 6', 6],
    ['no pain', 0],
    ['the one on the left hurt, 6', 6],
    ['yes 7', 7],
    ['7 today, 5 yesterday', 7], // the current value over an earlier one (rule 11)
  ])('%j -> pain %i', (text, score) => {
    expect(sms(text)).toMatchObject({ intent: 'pain', score, redFlag: false });
  });

  it.each(['11', '-2', 'pain 11/10', '12', '100', '3/4', '4 5', 'see you at 7pm', 'did 3 sets', 'ok', 'thanks!', '', '   '])(
    '%j -> unknown (out of range, ambiguous or no score)',
    (text) => {
      const r = sms(text);
      expect(r.intent).toBe('unknown');
      expect(r.score).toBeUndefined();
    },
  );
});

describe('parseReply: keywords (CTIA list, any case, padding, punctuation)', () => {
  it.each([
    'STOP',
    'stop',
    ' Stop. ',
    'STOPALL',
    'UNSUBSCRIBE',
    'cancel',
    'END',
    'quit!',
    'REVOKE',
    'OPTOUT',
    'opt-out',
    'opt out',
    'Stop please',
    'please stop',
    'STOP STOP',
  ])('%j -> stop', (text) => expect(sms(text).intent).toBe('stop'));

  it.each([
    'please stop texting me',
    'Stop sending me these messages',
    'no more messages',
    'No more texts please',
    "don't text me",
    'Do not contact me again',
    'take me off your list',
    'remove me',
    'leave me alone',
    'wrong number',
    "I don't want these messages any more",
    'cancel my subscription',
    'i want to quit',
    'how do I unsubscribe?',
  ])('reasonable-means revocation %j -> stop', (text) => expect(sms(text).intent).toBe('stop'));

  it.each(['STOP 5', 'please stop texting me, pain 2', 'no more messages. 7', 'stop 10/10'])('a stop request holding a number is still stop: %j', (text) => {
    const r = sms(text);
    expect(r.intent).toBe('stop');
    expect(r.score).toBeUndefined();
  });

  it.each(["don't stop the messages, 3", 'it hurts when I stop, 4', 'the end of the stretch was hard 5', 'I had to stop the last one, 6'])(
    'mentioning "stop" in passing is not stop: %j',
    (text) => expect(sms(text).intent).toBe('pain'),
  );

  it.each(['START', 'start', 'Unstop', 'start again', 'resume'])('%j -> start', (text) => expect(sms(text).intent).toBe('start'));
  it.each(['YES', 'yes', 'Y', 'yes please', 'Yes!', 'yep'])('%j -> confirm', (text) => expect(sms(text).intent).toBe('confirm'));
  it.each(['HELP', 'help', 'Info', '?', 'help please', 'what is this?'])('%j -> help', (text) => expect(sms(text).intent).toBe('help'));
});

describe('parseReply: red flags (redFlag is set whatever the intent)', () => {
  it.each([
    ['I have numbness in my groin', true],
    ["can't feel my bum properly", true],
    ['lost control of my bladder', true],
    ["I can't pee since yesterday", true],
    ['trouble passing urine, 6', true],
    ['wet myself this morning', true],
    ['bowel accident', true],
    ['both legs are numb', false],
    ['my legs feel weak and keep giving way', false],
    ['I have a fever, 5', false],
    ['fell on the stairs, pain 7', false],
    ['losing weight without trying', false],
    ['constant pain at night', false],
  ])('%j is a red flag (urgent: %s)', (text, urgent) => {
    const r = sms(text);
    expect(r.redFlag).toBe(true);
    expect(r.urgent).toBe(urgent);
  });

  it.each([
    'no fever, 3',
    'No numbness in my groin, pain 2',
    'without any numbness, 4',
    'I fell asleep early, 2',
    'no bladder problems 3',
    'my left leg tingles, 4',
    'button stuck, 3',
  ])('%j is not a red flag', (text) => expect(sms(text).redFlag).toBe(false));

  it('keeps the score alongside a red flag, and a stop alongside one', () => {
    expect(sms('numb groin, 6')).toMatchObject({ intent: 'pain', score: 6, redFlag: true, urgent: true });
    expect(sms('stop texting me, I have a fever')).toMatchObject({ intent: 'stop', redFlag: true });
    expect(sms('I fell over')).toMatchObject({ intent: 'unknown', redFlag: true });
  });

  it('names the flags it found', () => {
    expect(findRedFlags('fever and I lost control of my bowels')).toEqual(['bladderBowel', 'fever']);
  });
});
