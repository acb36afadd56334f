import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gsm7Length, gsm7Segments, isGsm7, SMS_BUDGET_UNITS, toGsm7 } from '../../functions/core/gsm7';

describe('GSM-7', () => {
  it('accepts plain text and the GSM-7 accented letters, rejects what forces UCS-2', () => {
    expect(isGsm7("Child's pose 45s - rest. Reply 0-10 for pain, STOP to end")).toBe(true);
    expect(isGsm7('Caf\u00e9 \u00fcber \u00a35 @ 10%')).toBe(true);
    expect(isGsm7('We\u2019re')).toBe(false); // curly apostrophe
    expect(isGsm7('rest \u2014 then')).toBe(false); // em dash
    expect(isGsm7('well done \u{1F44D}')).toBe(false);
  });

  it('counts extension characters as two units', () => {
    expect(gsm7Length('abc')).toBe(3);
    expect(gsm7Length('[x]')).toBe(5);
    expect(gsm7Length('\u20ac1')).toBe(3);
    expect(gsm7Length('\u2019')).toBeNaN();
  });

  it('splits into 160 / 153-unit segments, and 70 / 67 for UCS-2', () => {
    expect(SMS_BUDGET_UNITS).toBe(459);
    expect(gsm7Segments('')).toBe(0);
    expect(gsm7Segments('a'.repeat(160))).toBe(1);
    expect(gsm7Segments('a'.repeat(161))).toBe(2);
    expect(gsm7Segments('a'.repeat(306))).toBe(2);
    expect(gsm7Segments('a'.repeat(307))).toBe(3);
    expect(gsm7Segments('a'.repeat(459))).toBe(3);
    expect(gsm7Segments('a'.repeat(460))).toBe(4);
    expect(gsm7Segments('{'.repeat(80))).toBe(1);
    expect(gsm7Segments('{'.repeat(81))).toBe(2);
    expect(gsm7Segments('\u2019'.repeat(70))).toBe(1);
    expect(gsm7Segments('\u2019'.repeat(71))).toBe(2);
  });

  it('toGsm7 swaps typographic characters and drops the rest', () => {
    expect(toGsm7('We\u2019re \u201cfine\u201d \u2014 ok\u2026 \u{1F44D}')).toBe('We\'re "fine" - ok... ');
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => isGsm7(toGsm7(s))));
  });
});
