import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../functions/adapters/inbound-mail';
import { emailBody, looksLikeMime } from '../../cli/reply';
import { emailReplyText, htmlToPlainText, stripQuotedText } from '../../functions/core/email-reply-text';
import { parseReply } from '../../functions/core/replies';

/** Our own daily email, as a client quotes it back: full of numbers, "stop" and "unsubscribe". */
const OUR_EMAIL = [
  'Day 5 of 42: gentle stretches',
  'Move slowly and gently. If any movement makes your pain sharper, stop it and rest.',
  'How is your pain today? 0 1 2 3 4 5 6 7 8 9 10',
  'Unsubscribe: https://limber.example/unsubscribe/abc',
].join('\n');
const quoted = (prefix: string) =>
  OUR_EMAIL.split('\n')
    .map((l) => `${prefix}${l}`)
    .join('\n');

const email = (text: string) => parseReply(text, 'email');

describe('email replies: quoted text and signatures are ignored', () => {
  it.each([
    ['Gmail "On ... wrote:"', `4\n\nOn Mon, 2 Mar 2026 at 07:30, Limber <coach@limber.example> wrote:\n${quoted('> ')}`],
    ['a wrapped attribution', `4\n\nOn Mon, 2 Mar 2026 at 07:30, Limber\n<coach@limber.example> wrote:\n\n${quoted('> ')}`],
    ['Outlook original message', `4\r\n\r\n-----Original Message-----\r\nFrom: Limber\r\nSent: Monday\r\n${OUR_EMAIL}`],
    [
      'an Outlook From: header block',
      `4\n\n________________________________\nFrom: Limber <coach@limber.example>\nSent: Monday, March 2, 2026 7:30 AM\nTo: me\nSubject: Day 5\n\n${OUR_EMAIL}`,
    ],
    ['a bare From: block', `pain 4\n\nFrom: Limber <coach@limber.example>\nDate: Monday\nSubject: Day 5\n${OUR_EMAIL}`],
    ['">" lines only', `${quoted('> ')}\n4`],
    ['"Sent from my iPhone"', `4\n\nSent from my iPhone\n\n${quoted('> ')}`],
    ['an RFC 3676 signature', `Four today\n-- \nJane Doe\nTel 555 0100 ext 12`],
    ['a German attribution', `4\n\nAm 02.03.2026 um 07:30 schrieb Limber <coach@limber.example>:\n${quoted('> ')}`],
    ['a French attribution', `4\n\nLe lun. 2 mars 2026 à 07:30, Limber <coach@limber.example> a écrit :\n${quoted('> ')}`],
    ['bottom-posting', `On Mon, 2 Mar 2026, Limber <coach@limber.example> wrote:\n${quoted('> ')}\n\n4`],
  ])('%s -> pain 4', (_name, text) => {
    expect(email(text)).toMatchObject({ intent: 'pain', score: 4, redFlag: false });
  });

  it('a quoted "unsubscribe" or "stop" does not unsubscribe; a written one does', () => {
    expect(email(`thanks!\n\nOn Mon, Limber wrote:\n${quoted('> ')}`).intent).toBe('unknown');
    expect(email(`STOP\n\nOn Mon, Limber wrote:\n${quoted('> ')}`).intent).toBe('stop');
    expect(email(`Please unsubscribe me\n\nSent from my iPhone`).intent).toBe('stop');
  });

  it("a red flag in the quoted part is not the person's", () => {
    expect(email('3\n\n> numbness in my groin').redFlag).toBe(false);
    expect(email('3, numbness in my groin\n\n> earlier text').redFlag).toBe(true);
  });

  it('strips to the new text', () => {
    expect(stripQuotedText(`Five\nthanks\n\nOn Tue, X wrote:\n> 1 2 3`)).toBe('Five\nthanks');
    expect(stripQuotedText('From: my physio, she says rest\n3')).toBe('From: my physio, she says rest\n3');
  });
});

describe('HTML-only mail', () => {
  const html = `<html><body><div dir="ltr">7 today&nbsp;&#x1F62C;</div><div class="gmail_quote"><div>On Mon, Limber wrote:</div><blockquote>0 1 2 3 4 5 6 7 8 9 10 unsubscribe</blockquote></div></body></html>`;

  it('reads the new text and drops Gmail quotes and blockquotes', () => {
    expect(htmlToPlainText(html)).toBe('7 today \u{1F62C}');
    expect(emailReplyText(html)).toBe('7 today \u{1F62C}');
    expect(email(html)).toMatchObject({ intent: 'pain', score: 7 });
  });

  it('leaves unknown entities as written, also ones named like Object.prototype keys', () => {
    expect(htmlToPlainText('<p>4 &amp; &constructor; &toString; &bogus;</p>')).toBe('4 & &constructor; &toString; &bogus;');
  });

  it('parses raw MIME with an HTML-only body through mailparser', async () => {
    const raw = [
      'From: Jane <jane@example.com>',
      'To: reply+s_abc.def@reply.limber.example',
      'Subject: Re: Day 5',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
    ].join('\r\n');
    expect(looksLikeMime(raw)).toBe(true);
    const parsed = await parseEmail(Buffer.from(raw));
    expect(parsed.from).toBe('jane@example.com');
    expect(parsed.recipients).toContain('reply+s_abc.def@reply.limber.example');
    expect(parsed.autoSubmitted).toBe(false);
    expect(email(parsed.text)).toMatchObject({ intent: 'pain', score: 7 });
    expect(email(await emailBody(Buffer.from(raw)))).toMatchObject({ intent: 'pain', score: 7 });
  });

  it('flags auto-replies (RFC 3834), which must never be read as a score', async () => {
    const raw = 'From: a@example.com\r\nTo: b@example.com\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\nBack on the 7th.';
    expect((await parseEmail(raw)).autoSubmitted).toBe(true);
  });

  it('plain text on stdin is not mistaken for MIME', () => {
    expect(looksLikeMime('7\n\nthanks')).toBe(false);
    expect(looksLikeMime('Pain: 4\n\nmore text')).toBe(false);
  });
});
