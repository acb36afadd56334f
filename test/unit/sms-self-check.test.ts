import { describe, expect, it } from 'vitest';
import { parseBandFeedback } from '../../functions/core/band-changes';
import { parseReply } from '../../functions/core/replies';
import { defaultSelfCheck } from '../../functions/core/range';
import { parseSelfCheckAnswer, selfCheckQuestionText, smsSelfCheckProblems } from '../../functions/core/sms-self-check';
import { isGsm7 } from '../../functions/core/gsm7';

/** The self-check by text and the weekly EASY/RIGHT/HARD reply: what each reply means. */

const [reach, floor, back] = defaultSelfCheck();

describe('SMS self-check answers', () => {
  it('read a letter leniently, in any case and with punctuation', () => {
    for (const body of ['b', 'B', 'B.', ' b ', '(b)', 'b)', 'Answer B', 'b please', 'B!']) expect(parseSelfCheckAnswer(reach!, body), body).toBe('knees');
    expect(parseSelfCheckAnswer(reach!, 'd')).toBe('floor');
    expect(parseSelfCheckAnswer(floor!, 'C')).toBe('not-possible');
  });

  it("read the answer's word or label", () => {
    expect(parseSelfCheckAnswer(reach!, 'My knees')).toBe('knees');
    expect(parseSelfCheckAnswer(reach!, 'shins')).toBe('shins');
    expect(parseSelfCheckAnswer(reach!, 'the floor')).toBe('floor');
    expect(parseSelfCheckAnswer(floor!, 'Not possible')).toBe('not-possible');
    expect(parseSelfCheckAnswer(floor!, 'not possible for me')).toBe('not-possible');
    expect(parseSelfCheckAnswer(floor!, 'HARD')).toBe('hard');
    expect(parseSelfCheckAnswer(back!, 'yes')).toBe('yes');
    expect(parseSelfCheckAnswer(back!, 'No.')).toBe('no');
  });

  it('never read a digit, which stays a pain score, nor a letter the question does not offer, nor a sentence', () => {
    for (const body of ['2', 'b2', '7/10', '4', '0', '10']) {
      expect(parseSelfCheckAnswer(reach!, body), body).toBeUndefined();
    }
    expect(parseReply('2').intent).toBe('pain');
    expect(parseSelfCheckAnswer(floor!, 'd')).toBeUndefined();
    expect(parseSelfCheckAnswer(back!, 'c')).toBeUndefined();
    expect(parseSelfCheckAnswer(reach!, 'I can reach my knees on a good day but not today')).toBeUndefined();
    expect(parseSelfCheckAnswer(reach!, '')).toBeUndefined();
  });

  it('every question and its re-ask are GSM-7 and one segment, with letters rather than numbers', () => {
    expect(smsSelfCheckProblems()).toEqual([]);
    for (const q of defaultSelfCheck()) {
      const text = selfCheckQuestionText('Limber', q);
      expect(isGsm7(text)).toBe(true);
      expect(text.length).toBeLessThanOrEqual(160);
      expect(text).not.toMatch(/\b[1-9] [a-z]/); // no "1 thighs 2 knees": digits are pain scores
      q.answers.forEach((_, i) => expect(text).toContain(`${String.fromCharCode(65 + i)} `));
    }
    expect(smsSelfCheckProblems([{ ...reach!, sms: `${reach!.sms} ${'x'.repeat(40)}` }])).toHaveLength(2);
  });
});

describe('EASY, RIGHT or HARD', () => {
  it('reads the three words and obvious variants', () => {
    for (const b of ['EASY', 'easy', 'Too easy', 'too easy!', 'to easy', 'it was easy']) expect(parseBandFeedback(b), b).toBe('too-easy');
    for (const b of ['RIGHT', 'right', 'Just right', 'about right.', 'felt about right']) expect(parseBandFeedback(b), b).toBe('right');
    for (const b of ['HARD', 'hard', 'Too hard', 'too difficult', 'to hard!']) expect(parseBandFeedback(b), b).toBe('too-hard');
  });

  it('is never a score, a stop word or a sentence', () => {
    for (const b of ['7', 'hard 8', 'easy 2/10', 'stop', 'STOP', 'it was hard to get up this morning', 'right, stop texting me', 'yes', 'ok']) {
      expect(parseBandFeedback(b), b).toBeUndefined();
    }
    for (const b of ['EASY', 'RIGHT', 'HARD']) expect(parseReply(b).intent).not.toMatch(/stop|pain/);
  });
});
