/**
 * The new part of an email reply: everything the person wrote above the quoted original and their
 * signature. Our own daily email, quoted back, holds "0 1 2 ... 10", "unsubscribe" and "stop", so a
 * reply is parsed only after this strip.
 */

/** "From:" in the clients' languages; the space some put before the colon (French "De :") is allowed. */
const FROM_LINE = /^\*?(?:from|von|de|van|da|fra|från|lähettäjä|od)\*?\s?:\s?\S/i;
const HEADER_LINE =
  /^\*?(?:sent|date|to|subject|cc|gesendet|datum|an|betreff|envoyé|à|objet|enviado|fecha|para|asunto|inviato|data|a|oggetto|verzonden|aan|onderwerp|assunto|sendt|dato|til|emne|skickat|till|ämne|lähetetty|päivämäärä|vastaanottaja|aihe|kopie|copie)\*?\s?:\s/i;

/** Lines that start the quoted original on their own. */
const QUOTE_LINES: RegExp[] = [
  /^-{2,}\s*[^-]{3,60}?\s*-{2,}\s*$/, // "-----Original Message-----", "-------- Ursprüngliche Nachricht --------"
  /^_{10,}\s*$/, // Outlook's rule above the original
  /^(?:begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié)\s?:/i,
];

/** The verb of an attribution ("On <date>, <name> wrote:") in the clients' languages. */
const ATTRIBUTION_VERB =
  /(?:wrote|writes|a écrit|schrieb|geschrieben|escribió|ha scritto|scrisse|schreef|het volgende geschreven|escreveu|skrev|kirjoitti|napisał)/i;
/** The attribution ends with the verb, or with "<verb> <name> <address>:"; a date or an address is in it. */
const OPENER = /^(?:on|le|am|el|il|op|em|den|w dniu)\b/i;
const ATTRIBUTION_END = new RegExp(`${ATTRIBUTION_VERB.source}(?:\\s[^\\n]{0,200})?\\s?:\\s*$`, 'i');

const SIGNATURES: RegExp[] = [
  /^--\s*$/, // RFC 3676 "-- " delimiter (trailing space often trimmed)
  /^(?:sent|envoyé|enviado|inviato|verstuurd|verzonden|gesendet|sendt|skickat|lähetetty)\b.{0,50}\b(?:iphone|ipad|android|samsung|galaxy|outlook|yahoo|mail|mobile|handy|smartphone|telefon|téléphone|teléfono|telefono|telefoon|telefone|proton)/i,
  /^(?:sent from|sent via|sent with)\b/i,
  /^(?:von meinem|envoyé de mon|enviado desde mi|enviado do meu|enviado de meu|inviato da|verstuurd vanaf|sendt fra min|skickat från min|lähetetty \w+ta)\b/i,
  /^(?:get|obtenir|obtener|scarica|hent|skaffa|obter|baixe|hanki|download)\s(?:the\s|o\s)?outlook\b/i,
  /^(?:von|envoyé de|enviado desde|inviato da|verzonden met|enviado do|sendt fra|skickat från|lähetetty) .{0,30}\b(?:yahoo|iphone|ipad|android|samsung|outlook)/i,
  /^outlook (?:für|voor) (?:ios|android)\b/i,
];

/** Sign-offs on a line of their own: the signature below them is not the reply. */
const VALEDICTION =
  /^(?:(?:best|thanks|many thanks|thank you|cheers|obrigad[oa]|merci|danke|gracias|grazie|bedankt|tak|takk|tack|kiitos),|best wishes|(?:kind |warm |best |many )?regards|all the best|yours(?: sincerely| truly)?|sincerely|mit freundlichen grüßen|mfg|viele grüße|liebe grüße|beste grüße|lg|gruß|cordialement|bien cordialement|bien à vous|amitiés|bisous|saludos(?: cordiales)?|un saludo|atentamente|cordiali saluti|distinti saluti|un saluto|saluti|met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|groetjes|mvg|atenciosamente|cumprimentos|melhores cumprimentos|abraços?|beijos?|med venlig hilsen|venlig hilsen|vennlig hilsen|med vennlig hilsen|mvh|hilsen|med vänliga hälsningar|vänliga hälsningar|hälsningar|ystävällisin terveisin|terveisin)\s*[,.!]?\s*$/i;

/** Legal disclaimers: an opener and a word of the trade in the same line. */
const DISCLAIMER_START =
  /^(?:\*{3,}|confidential|disclaimer|this (?:e-?mail|message|communication)|the information (?:contained )?in this|diese (?:e-?mail|nachricht)|ce (?:message|courriel|e-?mail)|este (?:mensaje|correo|e-?mail)|questo messaggio|questa e-?mail|dit (?:bericht|e-?mailbericht)|esta mensagem|denne e-?mail|denna e-?post|dette budskab|tämä viesti|please consider the environment)/i;
const DISCLAIMER_WORD =
  /confidential|privileged|intended|recipient|vertraulich|empfänger|confidentiel|destinataire|confidencial|destinatario|riservat|vertrouwelijk|geadresseerde|fortrolig|konfidentiell|luottamuksellinen|environment|disclaimer/i;

function endsReply(line: string): boolean {
  if (SIGNATURES.some((re) => re.test(line))) return true;
  if (line.length <= 40 && VALEDICTION.test(line)) return true;
  return DISCLAIMER_START.test(line) && (DISCLAIMER_WORD.test(line) || /^(?:\*{3,}|confidential|disclaimer)/i.test(line));
}

export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let quoteAt = -1;
  let attribution = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (endsReply(line)) break;
    const start = quoteStart(lines, i);
    if (start) {
      quoteAt = i;
      attribution = start === 'attribution';
      break;
    }
    if (line.startsWith('>')) continue;
    kept.push(lines[i]!);
  }
  const top = kept.join('\n').trim();
  if (top || quoteAt < 0 || !attribution) return top;
  // Bottom-posting: nothing above "On ... wrote:", so read the unquoted lines below it.
  const below: string[] = [];
  for (let i = quoteAt + 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (endsReply(line)) break;
    if (line.startsWith('>') || quoteStart(lines, i)) continue;
    below.push(lines[i]!);
  }
  return below.join('\n').trim();
}

function quoteStart(lines: readonly string[], i: number): 'header' | 'attribution' | undefined {
  const line = lines[i]!.trim();
  if (QUOTE_LINES.some((re) => re.test(line))) return 'header';
  if (FROM_LINE.test(line)) {
    // Only a header block ("From: ... / Sent: ... / To: ...") starts a quote, not a sentence.
    const next = lines.slice(i + 1, i + 5).map((l) => l.trim());
    if (next.some((l) => HEADER_LINE.test(l))) return 'header';
  }
  if (line.length === 0 || line.startsWith('>')) return undefined;
  // Attribution lines: join up to three lines, as clients wrap long ones.
  let joined = '';
  for (let n = 0; n < 3 && i + n < lines.length; n++) {
    const part = lines[i + n]!.trim();
    if (n > 0 && (part.length === 0 || part.startsWith('>'))) break;
    // A wrapped attribution starts with its opener, a year, a time or an address, not with a sentence.
    if (n === 1 && !(OPENER.test(joined) || /@|\d{4}|\d{1,2}[:.]\d{2}/.test(joined))) break;
    joined = n === 0 ? part : `${joined} ${part}`;
    if (joined.length <= 400 && ATTRIBUTION_END.test(joined) && (/\d|@/.test(joined) || OPENER.test(joined))) return 'attribution';
  }
  return undefined;
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
  const cut = s.search(
    /<(?:div|hr)[^>]+(?:class="[^"]*(?:gmail_quote|yahoo_quoted|moz-cite-prefix|ms-outlook-mobile-reference-message)|id="(?:divRplyFwdMsg|appendonsend|mail-editor-reference-message-container|stopSpelling))/i,
  );
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

function looksLikeHtml(text: string): boolean {
  return /<(?:html|body|div|p|br|span|table)\b[^>]*>/i.test(text.slice(0, 2000));
}

/** The text a reply parser should read from an email body (plain or HTML). */
export function emailReplyText(body: string): string {
  const plain = looksLikeHtml(body) ? htmlToPlainText(body) : body;
  return stripQuotedText(plain);
}
