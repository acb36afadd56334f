/**
 * SMS length rules (3GPP TS 23.038). A message written only in the GSM-7 alphabet costs 160
 * characters in one segment, 153 per segment once it is split (the rest holds the concatenation
 * header). The extension table (^ { } \ [ ~ ] | and the euro sign) costs two units each, an escape
 * plus the character. One character outside the alphabet (a curly quote, an em dash, an emoji) makes
 * the whole message UCS-2: 70 characters, or 67 per segment.
 */

const GSM7_BASIC =
  '@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5' +
  '\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9' +
  ' !"#\u00a4%&\'()*+,-./0123456789:;<=>?' +
  '\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7' +
  '\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0';
const GSM7_EXTENSION = '\f^{}\\[~]|\u20ac';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

/** Three segments: the most a daily SMS may cost. */
export const SMS_BUDGET_UNITS = 3 * 153;

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  return true;
}

/** Length in GSM-7 units (extension characters count 2); NaN when the text is not GSM-7. */
export function gsm7Length(text: string): number {
  let units = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) units += 1;
    else if (EXTENSION.has(ch)) units += 2;
    else return Number.NaN;
  }
  return units;
}

/** Segments the text will be billed as: GSM-7 when it can be, otherwise UCS-2. */
export function gsm7Segments(text: string): number {
  const units = gsm7Length(text);
  if (Number.isNaN(units)) {
    // UCS-2 counts UTF-16 code units; an emoji takes two.
    return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
  }
  if (units === 0) return 0;
  return units <= 160 ? 1 : Math.ceil(units / 153);
}

const LOOKALIKES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2033': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\t': ' ',
};

/**
 * Makes free text (an adaptive-program note, say) safe for GSM-7: typographic quotes and dashes
 * become their ASCII forms, anything else outside the alphabet is dropped rather than letting it
 * turn the message into UCS-2.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    const swap = LOOKALIKES[ch];
    if (swap !== undefined) out += swap;
    else if (BASIC.has(ch) || EXTENSION.has(ch)) out += ch;
  }
  return out;
}
