/**
 * Messages no person wrote as an answer: auto-replies (RFC 3834 headers, out-of-office subjects and
 * texts) and reactions (Apple tapbacks sent as SMS to phones not on iMessage). Rules 1-4 in
 * docs/signup-and-replies.md. Nothing in them is read: "back on the 8th" is not an 8, and a tapback
 * quotes our own message, numbers, "STOP" and safety words included.
 */

/** RFC 3834 and the de-facto headers of common auto-responders. `get` returns a header's value or undefined. */
export function isAutoReplyByHeaders(get: (name: string) => string | undefined): boolean {
  const value = (name: string) => get(name)?.trim().toLowerCase();
  const autoSubmitted = value('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted !== '' && autoSubmitted !== 'no') return true;
  if (get('x-autoreply') !== undefined || get('x-autorespond') !== undefined) return true;
  return ['auto_reply', 'bulk', 'junk', 'list'].includes(value('precedence') ?? '');
}

const SUBJECT_MARKERS =
  /^(?:(?:re|aw|sv|vs|rv|r|ref|antw|odp|fw|fwd|wg)\s?:\s?)*(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)|auto\s?:|out of (?:the )?office|ooo\b|abwesenheitsnotiz|automatische antwort|abwesend|réponse automatique|absence|absent|respuesta automática|fuera de la oficina|ausente|risposta automatica|fuori sede|fuori ufficio|automatisch antwoord|afwezig|resposta automática|ausência|fora do escritório|automatiskt? svar|autosvar|fraværende|fravær|frånvarande|frånvaro|poissa|automaattinen vastaus|lomalla)/i;

export function isAutoReplySubject(subject: string | undefined): boolean {
  return subject !== undefined && SUBJECT_MARKERS.test(subject.normalize('NFKC').trim());
}

/** Out-of-office and driving auto-texts in our languages (lower case, plain apostrophes). */
const AWAY_TEXT: RegExp[] = [
  /\b(?:i am|i'm|i will be) (?:currently )?(?:out of (?:the )?office|away|on (?:annual |parental |sick )?leave|on (?:vacation|holiday)|travelling|traveling|off work)\b[^.!?\n]{0,60}\b(?:until|till|returning|back on|from|with (?:limited|no) access)\b/,
  /\b(?:i am|i'm) (?:currently )?out of (?:the )?office\b/,
  /^(?:away|out of (?:the )?office|on (?:holiday|vacation|leave))\b[^!?\n]{0,40}\b(?:until|till|back on|returning)\b/,
  /\bwith (?:limited|no) access to (?:my )?e-?mail\b/,
  /\b(?:i will|i'll) (?:be back|return|reply|respond)\b[^.!?\n]{0,40}\b(?:on|after|when i return|upon my return)\b[^.!?\n]{0,40}\b(?:return|back|office|\d)/,
  /\bthank you for your (?:e-?mail|message)\b[^.!?\n]{0,40}\b(?:away|out of (?:the )?office|on leave|on holiday|on vacation|limited access)/,
  /\bi'm driving\b[^\n]{0,60}\b(?:do not disturb|focus|notifications|get where i'm going|when i arrive)\b/,
  /\b(?:i am|i'm) driving right now\b/,
  /\bich bin (?:bis|vom|ab|derzeit|zurzeit|momentan)?\b[^!?\n]{0,40}\b(?:nicht im büro|abwesend|im urlaub|außer haus)\b/,
  /\b(?:je suis|je serai) (?:actuellement )?(?:absente?|en congés?|en vacances|hors du bureau)\b/,
  /\b(?:estoy|estaré) (?:fuera de la oficina|ausente|de vacaciones)\b/,
  /\b(?:sono|sarò) (?:fuori (?:sede|ufficio)|in ferie|assente)\b/,
  /\b(?:ik ben|ik zal) (?:niet aanwezig|afwezig|met vakantie|op vakantie)\b/,
  /\b(?:estou|estarei) (?:ausente|fora do escritório|de férias)\b/,
  /\bjeg er (?:på ferie|ikke på kontoret|fraværende|væk)\b/,
  /\bjag är (?:på semester|inte på kontoret|ledig|borta|tjänstledig)\b/,
  /\bolen (?:lomalla|poissa)\b/,
];
/** Our score words: an out-of-office text that still says "pain 3" was written by the person. */
const SCORE_CUE = /\b(?:pain|score|back is|back's|rating|\d{1,2} ?\/ ?10|\d{1,2} out of (?:10|ten)|schmerz|douleur|dolor|dolore|pijn|dor|smerte|smärta|kipu)\b/;

export function isAutoReplyText(lowerText: string): boolean {
  const t = lowerText.slice(0, 2000);
  return AWAY_TEXT.some((re) => re.test(t)) && !SCORE_CUE.test(t);
}

/** A tapback's verb (English, and the forms Apple uses in other languages): all the text before the quotation. */
const TAPBACK_VERB =
  /^(?:liked|loved|disliked|laughed at|emphasi[sz]ed|questioned|reacted(?: with)? .{1,12}? to|removed an? .{1,20}? from|\p{Extended_Pictographic}[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u200D]* ?to|gefällt|gefällt mir|hat .{1,30}? (?:markiert|geliebt|gelacht)|a aimé|a adoré|a ri de|a réagi .{1,12}? à|le gustó|le encantó|se rió de|reaccionó .{1,12}? a|ha messo .{1,20}? a|ha reagito .{1,12}? a|heeft .{1,20}? gereageerd op|curtiu|amou|reagiu .{1,12}? a|synes godt om|kunne lide|likte|gillade|reagerede .{1,12}? på|reagerte .{1,12}? på|reagerade .{1,12}? på|tykkäsi)$/iu;
const QUOTED = /^[“”"„«‘'‚]\s?([\s\S]{1,2000}?)\s?[”"“»’'‘]?[.…]*$/;

/**
 * A reaction: a tapback verb, then a quotation that runs to the end of the message (our message, so
 * nothing in it counts). A person's own quote ("my GP said “…”") has no tapback verb and is read.
 */
export function isReaction(text: string): boolean {
  const t = text.normalize('NFKC').trim();
  if (t.length > 2100) return false;
  const open = t.search(/[“”"„«‘'‚]/);
  if (open < 0) return false;
  const prefix = t.slice(0, open).trim();
  const quote = QUOTED.exec(t.slice(open));
  if (!quote) return false;
  return prefix.length > 0 && prefix.length <= 40 && TAPBACK_VERB.test(prefix);
}
