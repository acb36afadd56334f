/**
 * The new part of an email reply: everything the person wrote above the quoted original and their
 * signature. Our own daily email, quoted back, holds "0 1 2 ... 10", "unsubscribe" and "stop", so a
 * reply is parsed only after this strip.
 */

/** Lines that start the quoted original; everything from here down is dropped. */
const QUOTE_HEADERS: RegExp[] = [
  /^-{2,}\s*original message\s*-{2,}/i,
  /^-{2,}\s*forwarded message\s*-{2,}/i,
  /^_{10,}\s*$/, // Outlook's rule above the original
  /^begin forwarded message:/i,
  /^(?:from|von|de|van|da):\s.+/i, // a header block, checked below for a following header line
];

/** "On <date>, <name> wrote:" in a few languages; Gmail may wrap it over two or three lines. */
const ATTRIBUTION =
  /^(?:on|le|am|el|il|op|em|den|w dniu)\b.{0,300}?(?:wrote|a écrit|schrieb|escribió|ha scritto|schreef|escreveu|skrev|napisał)(?:\s*:?\s*|\s.{0,200}:\s*)$/is;

const SIGNATURES: RegExp[] = [
  /^--\s*$/, // RFC 3676 "-- " delimiter (trailing space often trimmed)
  /^sent from my\b/i,
  /^sent from (?:yahoo mail|mail for windows|outlook|proton ?mail|samsung|my \w+)/i,
  /^sent via\b/i,
  /^sent with\b/i,
  /^get outlook for\b/i,
  /^(?:envoyé de mon|von meinem|enviado desde mi|inviato da)\b/i,
];

const HEADER_LINE = /^(?:sent|date|to|subject|cc|gesendet|an|betreff|envoyé|objet|à|enviado|para|asunto):\s/i;

export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let quoteAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (SIGNATURES.some((re) => re.test(line))) break;
    if (isQuoteStart(lines, i)) {
      quoteAt = i;
      break;
    }
    if (line.startsWith('>')) continue;
    kept.push(lines[i]!);
  }
  const top = kept.join('\n').trim();
  if (top || quoteAt < 0 || !/^(?:on|le|am|el|il|op|em|den|w dniu)\b/i.test(lines[quoteAt]!.trim())) return top;
  // Bottom-posting: nothing above "On ... wrote:", so read the unquoted lines below it.
  const below: string[] = [];
  for (const raw of lines.slice(quoteAt + 1)) {
    const line = raw.trim();
    if (SIGNATURES.some((re) => re.test(line))) break;
    if (line.startsWith('>') || /wrote:?\s*$/i.test(line)) continue;
    below.push(raw);
  }
  return below.join('\n').trim();
}

function isQuoteStart(lines: readonly string[], i: number): boolean {
  const line = lines[i]!.trim();
  for (const re of QUOTE_HEADERS) {
    if (!re.test(line)) continue;
    if (/^(?:from|von|de|van|da):/i.test(line)) {
      // Only a header block ("From: ... / Sent: ... / To: ...") starts a quote, not a sentence.
      const next = lines.slice(i + 1, i + 4).map((l) => l.trim());
      if (!next.some((l) => HEADER_LINE.test(l))) continue;
    }
    return true;
  }
  // Attribution lines: join up to three lines, as clients wrap long ones.
  for (let n = 1; n <= 3 && i + n <= lines.length; n++) {
    const joined = lines
      .slice(i, i + n)
      .map((l) => l.trim())
      .join(' ');
    if (ATTRIBUTION.test(joined) && /^(?:on|le|am|el|il|op|em|den|w dniu)\b/i.test(line)) return true;
  }
  return false;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * A small HTML-to-text for replies that arrive as HTML: drops quoted parts (blockquote, Gmail's
 * gmail_quote, Outlook's divRplyFwdMsg and everything after it), scripts and styles; turns blocks
 * into lines. mailparser converts HTML-only MIME itself; this covers HTML handed over as text.
 */
export function htmlToPlainText(html: string): string {
  let s = html.slice(0, 200_000);
  s = s.replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '');
  s = s.replace(/<blockquote\b[\s\S]*?<\/blockquote\s*>/gi, '');
  const cut = s.search(/<div[^>]+(?:class="[^"]*gmail_quote|id="divRplyFwdMsg|id="appendonsend|class="[^"]*yahoo_quoted)/i);
  if (cut >= 0) s = s.slice(0, cut);
  s = s.replace(/<\s*br\s*\/?>/gi, '\n').replace(/<\/(?:p|div|li|tr|h\d)\s*>/gi, '\n');
  s = s.replace(/<[^>]*>/g, '');
  s = s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (m, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16)) ?? m;
    if (lower.startsWith('#') && lower !== '#39') return safeCodePoint(parseInt(lower.slice(1), 10)) ?? m;
    return Object.hasOwn(ENTITIES, lower) ? ENTITIES[lower]! : m;
  });
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function safeCodePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : undefined;
}

export function looksLikeHtml(text: string): boolean {
  return /<(?:html|body|div|p|br|span|table)\b[^>]*>/i.test(text.slice(0, 2000));
}

/** The text a reply parser should read from an email body (plain or HTML). */
export function emailReplyText(body: string): string {
  const plain = looksLikeHtml(body) ? htmlToPlainText(body) : body;
  return stripQuotedText(plain);
}
