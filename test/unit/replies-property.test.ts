import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Intent, parseReply } from '../../functions/core/replies';

const words = fc.constantFrom(
  'stop',
  'STOP',
  'pain',
  '7',
  '/10',
  'out of',
  '10',
  'seven',
  'yes',
  'help',
  'no',
  'more',
  'messages',
  'numb',
  'groin',
  '😖',
  '3️⃣',
  '-',
  '>',
  'On',
  'wrote:',
  '\n',
  ' ',
  ',',
  '.',
  '<div>',
  '</div>',
  '&amp;',
  '11',
  '-2',
);
const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(words, { maxLength: 40 }).map((w) => w.join(' ')),
);

describe('parseReply (property)', () => {
  it('never throws and always returns a valid intent; a score only for pain, always 0..10', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('sms' as const, 'email' as const), (input, channel) => {
        const r = parseReply(input, channel);
        expect(Intent.options).toContain(r.intent);
        expect(typeof r.redFlag).toBe('boolean');
        if (r.intent === 'pain') {
          expect(Number.isInteger(r.score)).toBe(true);
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(10);
        } else expect(r.score).toBeUndefined();
        if (r.urgent) expect(r.redFlag).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('survives inputs that are not strings', () => {
    for (const v of [undefined, null, 7, {}, [], Symbol('x')]) expect(parseReply(v as never).intent).toBe('unknown');
  });

  it('any score 0..10, written plainly, is read back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom('', 'pain ', 'Pain: '),
        fc.constantFrom('', '/10', ' out of 10', ' today'),
        (n, pre, post) => {
          expect(parseReply(`${pre}${n}${post}`)).toMatchObject({ intent: 'pain', score: n });
        },
      ),
    );
  });

  it('a stop keyword followed by anything numeric stays a stop', () => {
    fc.assert(
      fc.property(fc.constantFrom('STOP', 'stop', 'Unsubscribe', 'QUIT', 'cancel'), fc.integer({ min: -5, max: 20 }), (kw, n) => {
        expect(parseReply(`${kw} ${n}`).intent).toBe('stop');
      }),
    );
  });
});
