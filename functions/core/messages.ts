import * as copy from '../../templates/messages/copy';
import { copyFor, type Copy } from '../../templates/messages/copy';
import { LOCAL_BRAND } from './brand';
import { PROGRAM_DAYS, type Channel, type Level, type RangeBand } from './model';
import { frameViews, type FrameView, type Illustration } from './illustrations';
import { dayPlan, describeDose, loadProgram, shortDose, type DayItem, type DayPlan, type Program } from './program';
import { SMS_BUDGET_UNITS, gsm7Length, gsm7Segments, toGsm7 } from './gsm7';
import { painQuestionPanel, replyEmail, replySms, type ReplyKind } from './reply-messages';
import { functionQuestionEmail, functionQuestionSms } from './function-question';
import { bandQuestionEmail, bandQuestionSms } from './band-question';
import type { BandFeedback } from './band-changes';

/**
 * What each message says, composed as plain data: an EmailContent (rendered to HTML by an adapter
 * such as MjmlRenderer, and to the plain-text part by emailText) or an SMS body. Pure: no I/O.
 */

export interface MessageLinks {
  /** One-tap rating URL for a score 0..10. */
  rate: (score: number) => string;
  /** Optional: when set, rate(n) is exactly ratePrefix + n, so a renderer may check it once. */
  ratePrefix?: string;
  unsubscribe: string;
  myData: string;
  /** Required for email kinds 'safety' and 'safetyUrgent' (the resume button); the restart button of 'closing'. */
  pauseResume?: string;
  /** Required for email kind 'confirmation'. */
  confirm?: string;
  /** The preferences page; the footer links it when present (else pauseResume). */
  preferences?: string;
  /** The weekly function score's tap page (summary emails of people who named an activity). */
  functionRate?: string;
  /** Daily messages: today's session on the web, with its pictures (links.ts sessionLinkFor). */
  session?: string;
  /** Summary emails: the weekly "too easy, right or too hard?" page, per answer (a GET shows it). */
  bandFeedback?: (answer: BandFeedback) => string;
}
export type MessageKind = 'daily' | 'confirmation' | 'closing' | 'safety' | 'safetyUrgent' | 'summary' | ReplyKind;
export interface RenderRequest {
  kind: MessageKind;
  channel: Channel;
  level: Level;
  /** The person's range band (absent: the forms as written). */ band?: RangeBand;
  programDay: number;
  links: MessageLinks;
  /** optional kind note from the adaptive program, e.g. "We're repeating this week at a gentler pace." */
  note?: string;
  /** for kind 'replyAck': the score saved */
  score?: number;
  /** for kind 'summary' */
  summary?: {
    week: number;
    average: number | null;
    previousAverage: number | null;
    days: { day: number; score: number | null }[];
    /** The function-score activity: the summary then asks how well the person can do it. */
    activity?: string;
    /** SMS only: ask the person to name an activity (they have not yet). */
    askActivity?: boolean;
  };
}
export interface RenderedMessage {
  subject?: string;
  html?: string;
  text: string;
  /** SMS only: a public picture URL to attach as MMS where the number's country takes it (core/sms-picture.ts). */
  mediaUrl?: string;
}

export interface ExerciseView {
  name: string;
  dose: string;
  isNew: boolean;
  purpose: string;
  /** A variant's "what changes" line. */ change?: string;
  steps: readonly string[];
  cautions: readonly string[];
  /** "Or, instead: swim or cycle for the same time." */
  alternatives?: string;
  /** The start and end pictures (file names; the renderer knows where they are served). */
  frames: readonly Omit<FrameView, 'svg'>[];
}
export interface ChartRow {
  label: string;
  score: number | null;
}
export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'bullets'; items: readonly string[] }
  | { type: 'exercises'; items: ExerciseView[] }
  | { type: 'chart'; title: string; rows: ChartRow[] }
  /** A question answered by tapping one of a few links (each opens a page with a button). */
  | { type: 'choices'; text: string; choices: { label: string; url: string }[] };

export interface EmailContent {
  /** Which MJML layout renders it (templates/email/<layout>.mjml). */
  layout: 'daily' | 'notice';
  subject: string;
  preview: string;
  heading: string;
  subheading?: string;
  note?: string;
  blocks: Block[];
  button?: { label: string; url: string };
  /** Daily messages only: the safety line and the 0..10 pain question with one URL per score. */
  daily?: {
    safetyLine: string;
    painQuestion: string;
    painScale: string;
    painLow: string;
    painHigh: string;
    ratingUrls: string[];
  };
  footer: {
    /** The masthead above the heading. */
    programName: string;
    reason: string;
    disclaimer: string;
    /** The sender and its postal address (CAN-SPAM), how to reach a person, the privacy policy. */
    sender: string;
    contact: string;
    privacyUrl: string;
    unsubscribeUrl: string;
    myDataUrl: string;
    pauseResumeUrl?: string;
    sessionUrl?: string;
  };
}

export class MessageRequestError extends Error {
  override name = 'MessageRequestError';
}

function checkDay(req: RenderRequest): void {
  if (!Number.isInteger(req.programDay) || req.programDay < 1 || req.programDay > PROGRAM_DAYS) {
    throw new MessageRequestError(`programDay must be 1..${PROGRAM_DAYS} for a daily message, got ${req.programDay}`);
  }
}

function need(url: string | undefined, what: string): string {
  if (!url) throw new MessageRequestError(`${what} is required for this message`);
  return url;
}

/** The copy of the example brand, for callers (tests, previews) that do not pass their own. */
const LOCAL_COPY = copyFor(LOCAL_BRAND);

function footer(links: MessageLinks, b: Copy): EmailContent['footer'] {
  return {
    programName: b.programName,
    reason: b.footerReason,
    disclaimer: b.disclaimer,
    sender: b.footerSender,
    contact: b.footerContact,
    privacyUrl: b.privacyUrl,
    unsubscribeUrl: links.unsubscribe,
    myDataUrl: links.myData,
    pauseResumeUrl: links.preferences ?? links.pauseResume,
  };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

// Drawing and hashing a frame costs ~0.1 ms: once per illustration and form per process.
const viewCache = new WeakMap<Illustration, Map<string, Omit<FrameView, 'svg'>[]>>();

/** The pictures of the form the item is sent in (its own poses, or the written ones with its own steps). */
function framesOf(item: DayItem, program: Program): Omit<FrameView, 'svg'>[] {
  const ill = program.illustrations[item.exercise.id];
  if (!ill) return [];
  let forms = viewCache.get(ill);
  if (!forms) viewCache.set(ill, (forms = new Map()));
  let views = forms.get(item.form.from);
  if (!views) {
    views = frameViews(item.exercise, ill, item.form.from).map(({ svg: _svg, ...view }) => view);
    forms.set(item.form.from, views);
  }
  return views;
}

export function exerciseView(item: DayItem, program: Program): ExerciseView {
  const alts = item.alternatives.map((a) => lowerFirst(a.name));
  return {
    name: item.exercise.name,
    dose: describeDose(item.dose, item.exercise.perSide),
    isNew: item.newThisWeek,
    purpose: item.exercise.purpose,
    ...(item.form.variant ? { change: item.form.variant.change } : {}),
    steps: item.exercise.steps,
    cautions: item.exercise.cautions,
    alternatives: alts.length > 0 ? copy.daily.alternatives(alts) : undefined,
    frames: framesOf(item, program),
  };
}

function dailyEmail(req: RenderRequest, plan: DayPlan, program: Program, b: Copy): EmailContent {
  const names = plan.items.map((i) => i.exercise.name);
  const blocks: Block[] = [];
  if (plan.session === 'rest') {
    blocks.push({ type: 'paragraph', text: copy.daily.rest });
  } else {
    const n = plan.items.length;
    blocks.push({ type: 'paragraph', text: plan.session === 'routine' ? copy.daily.introRoutine(n) : copy.daily.introLight(n) });
    const equipment = [...new Set(plan.items.flatMap((i) => i.exercise.equipment))];
    if (equipment.length > 0) blocks.push({ type: 'paragraph', text: copy.daily.equipment(equipment) });
    blocks.push({ type: 'exercises', items: plan.items.map((i) => exerciseView(i, program)) });
  }
  return {
    layout: 'daily',
    subject: copy.daily.subject(plan.day, PROGRAM_DAYS, plan.session, plan.focus),
    preview: plan.session === 'rest' ? copy.daily.previewRest : copy.daily.previewItems(names),
    heading: copy.daily.heading(plan.day, PROGRAM_DAYS),
    subheading: copy.daily.subheading(plan.week, plan.focus),
    note: req.note?.trim() || undefined,
    blocks,
    daily: painQuestionPanel(req.links),
    footer: { ...footer(req.links, b), ...(req.links.session && plan.session !== 'rest' ? { sessionUrl: req.links.session } : {}) },
  };
}

function notice(
  req: RenderRequest,
  b: Copy,
  text: { subject: string; preview: string; heading: string },
  blocks: Block[],
  button?: { label: string; url: string },
): EmailContent {
  const { subject, preview, heading } = text;
  return { layout: 'notice', subject, preview, heading, note: req.note?.trim() || undefined, blocks, button, footer: footer(req.links, b) };
}

const paragraphs = (texts: readonly string[]): Block[] => texts.map((text) => ({ type: 'paragraph', text }));

function round1(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1);
}

/** "Your average pain score this week was 4.1 out of 10, down from 5.6 the week before." */
function summarySentence(s: NonNullable<RenderRequest['summary']>): string {
  if (s.average === null) return copy.summary.noScores;
  const avg = round1(s.average);
  const head = copy.summary.average(avg);
  if (s.previousAverage === null) return head + copy.summary.noPrevious;
  const prev = round1(s.previousAverage);
  const tail = Number(avg) < Number(prev) ? copy.summary.down : Number(avg) > Number(prev) ? copy.summary.up : copy.summary.same;
  return head + tail(prev);
}

/** The SMS summary: one line, e.g. "Week 2: avg 4.1, down from 5.6". */
export function summaryLine(s: NonNullable<RenderRequest['summary']>): string {
  if (s.average === null) return `Week ${s.week}: no pain scores yet`;
  const avg = round1(s.average);
  if (s.previousAverage === null) return `Week ${s.week}: avg ${avg}`;
  const prev = round1(s.previousAverage);
  const trend = Number(avg) < Number(prev) ? `down from ${prev}` : Number(avg) > Number(prev) ? `up from ${prev}` : `same as ${prev}`;
  return `Week ${s.week}: avg ${avg}, ${trend}`;
}

function needSummary(req: RenderRequest): NonNullable<RenderRequest['summary']> {
  if (!req.summary) throw new MessageRequestError('summary is required for a summary message');
  return req.summary;
}

/** The email for a request, as data. */
export function composeEmail(req: RenderRequest, program: Program = loadProgram(), b: Copy = LOCAL_COPY): EmailContent {
  switch (req.kind) {
    case 'daily':
      checkDay(req);
      return dailyEmail(req, dayPlan(req.level, req.programDay, program, req.band), program, b);
    case 'confirmation': {
      const c = b.confirmation;
      return notice(req, b, c, paragraphs(c.paragraphs), { label: c.button, url: need(req.links.confirm, 'links.confirm') });
    }
    case 'closing': {
      const c = b.closing;
      const blocks: Block[] = [
        { type: 'paragraph', text: c.opening },
        { type: 'paragraph', text: c.keepDoingIntro },
        { type: 'bullets', items: c.keepDoing },
        { type: 'paragraph', text: req.links.pauseResume ? c.restartWithLink : c.restartWithoutLink },
      ];
      return notice(req, b, c, blocks, req.links.pauseResume ? { label: c.button, url: req.links.pauseResume } : undefined);
    }
    case 'safety':
    case 'safetyUrgent': {
      const c = req.kind === 'safety' ? b.safety : b.safetyUrgent;
      return notice(req, b, c, paragraphs(c.paragraphs), { label: c.button, url: need(req.links.pauseResume, 'links.pauseResume') });
    }
    case 'summary': {
      const s = needSummary(req);
      const c = copy.summary;
      const sentence = summarySentence(s);
      const blocks: Block[] = [{ type: 'paragraph', text: sentence }];
      if (s.days.length > 0) {
        blocks.push({ type: 'chart', title: c.chartTitle, rows: s.days.map((d) => ({ label: `Day ${d.day}`, score: d.score })) });
      }
      const fq = functionQuestionEmail(req);
      if (fq) blocks.push({ type: 'paragraph', text: fq.text });
      const bq = bandQuestionEmail(req);
      if (bq) blocks.push(bq);
      blocks.push({ type: 'paragraph', text: c.closingLine });
      return notice(req, b, { subject: c.subject(s.week), preview: c.preview(summaryLine(s)), heading: c.heading(s.week) }, blocks, fq?.button);
    }
    case 'replyAck':
    case 'noScore':
      return replyEmail({ ...req, kind: req.kind }, footer(req.links, b));
  }
}

const BAR = '#';

/** The plain-text part of an email, written from the same content as the HTML. */
export function emailText(content: EmailContent): string {
  const out: string[] = [content.heading];
  if (content.subheading) out.push(content.subheading);
  out.push('');
  if (content.note) out.push(content.note, '');
  for (const block of content.blocks) {
    switch (block.type) {
      case 'paragraph':
        out.push(block.text, '');
        break;
      case 'bullets':
        for (const item of block.items) out.push(`- ${item}`);
        out.push('');
        break;
      case 'exercises':
        block.items.forEach((ex, i) => {
          out.push(`${i + 1}. ${ex.name}${ex.isNew ? ` (${copy.daily.newBadge.toLowerCase()})` : ''}`);
          out.push(`   ${ex.dose}`);
          out.push(`   ${copy.daily.why}: ${ex.purpose}`);
          if (ex.change) out.push(`   ${copy.daily.yourForm} ${ex.change}`);
          out.push(`   ${copy.daily.how}:`);
          ex.steps.forEach((step, j) => out.push(`     ${j + 1}) ${step}`));
          for (const caution of ex.cautions) out.push(`   ${copy.daily.takeCare} ${caution}`);
          if (ex.alternatives) out.push(`   ${ex.alternatives}`);
          out.push('');
        });
        break;
      case 'chart':
        out.push(block.title);
        for (const row of block.rows) {
          const bar = row.score === null ? copy.summary.noReply : `${BAR.repeat(row.score).padEnd(10)} ${row.score}`;
          out.push(`${row.label.padEnd(8)} ${bar}`);
        }
        out.push('');
        break;
      case 'choices':
        out.push(block.text);
        for (const c of block.choices) out.push(`${c.label}: ${c.url}`);
        out.push('');
        break;
    }
  }
  if (content.button) out.push(`${content.button.label}: ${content.button.url}`, '');
  if (content.daily) {
    out.push(content.daily.safetyLine, '', content.daily.painQuestion, content.daily.painScale);
    content.daily.ratingUrls.forEach((url, n) => out.push(`${String(n).padStart(2)}: ${url}`));
    out.push('');
  }
  const f = content.footer;
  out.push('--', f.reason, f.disclaimer, f.sender, f.contact, `${copy.common.privacy}: ${f.privacyUrl}`);
  out.push(`${copy.common.unsubscribe}: ${f.unsubscribeUrl}`, `${copy.common.myData}: ${f.myDataUrl}`);
  if (f.pauseResumeUrl) out.push(`${copy.common.pauseResume}: ${f.pauseResumeUrl}`);
  if (f.sessionUrl) out.push(`${copy.session.emailLink}: ${f.sessionUrl}`);
  return `${out.join('\n')}\n`;
}

function smsItem(item: DayItem, withCue: boolean): string {
  const dose = shortDose(item.dose, item.exercise.perSide);
  const alts = item.alternatives.map((a) => lowerFirst(a.name));
  const orElse = alts.length > 0 ? ` (or ${alts.join(' or ')})` : '';
  return `- ${item.exercise.name} ${dose}${orElse}${withCue ? `: ${item.exercise.cue}` : ''}`;
}

function dailySmsText(b: Copy, plan: DayPlan, note: string | undefined, cues: ReadonlySet<number>, session?: string): string {
  const lines = [b.smsHeader(plan.day, PROGRAM_DAYS, plan.session)];
  if (note) lines.push(note);
  if (plan.session === 'rest') lines.push(copy.daily.smsRest);
  plan.items.forEach((item, i) => lines.push(smsItem(item, cues.has(i))));
  if (session && plan.session !== 'rest') lines.push(copy.session.smsLink(session));
  lines.push(`${copy.common.smsSafetyLine} ${copy.common.smsDisclaimer}`, copy.common.smsPainLine);
  return lines.join('\n');
}

const fits = (text: string) => gsm7Length(text) <= SMS_BUDGET_UNITS;

/**
 * A daily SMS within three GSM-7 segments. The steps never fit, so this week's new exercises get a
 * short cue while room remains; familiar ones get none, which keeps most days to fewer segments
 * (each segment is billed). A note too long to fit even without cues is cut.
 */
function dailySms(req: RenderRequest, plan: DayPlan, b: Copy): string {
  const session = req.links.session;
  let note = req.note ? toGsm7(req.note).replace(/\s+/g, ' ').trim() || undefined : undefined;
  const cues = new Set<number>();
  if (note && !fits(dailySmsText(b, plan, note, cues, session))) {
    const room = SMS_BUDGET_UNITS - gsm7Length(dailySmsText(b, plan, undefined, cues, session)) - 1;
    note = room > 3 ? `${note.slice(0, room - 3).trimEnd()}...` : undefined;
  }
  // With a session link the steps and pictures are one tap away: a cue may then not cost a segment.
  const segments = session ? gsm7Segments(dailySmsText(b, plan, note, cues, session)) : 3;
  plan.items.forEach((item, i) => {
    if (!item.newThisWeek) return;
    cues.add(i);
    const text = dailySmsText(b, plan, note, cues, session);
    if (!fits(text) || gsm7Segments(text) > segments) cues.delete(i);
  });
  return dailySmsText(b, plan, note, cues, session);
}

/** The SMS body for a request. Every text is GSM-7 (test/unit/messages.test.ts). */
export function composeSms(req: RenderRequest, program: Program = loadProgram(), b: Copy = LOCAL_COPY): string {
  switch (req.kind) {
    case 'daily':
      checkDay(req);
      return dailySms(req, dayPlan(req.level, req.programDay, program, req.band), b);
    case 'confirmation':
      return b.confirmation.sms;
    case 'closing':
      return b.closing.sms;
    case 'safety':
      return b.safety.sms;
    case 'safetyUrgent':
      return b.safetyUrgent.sms;
    case 'summary':
      return summaryLine(needSummary(req)) + functionQuestionSms(req) + bandQuestionSms();
    case 'replyAck':
    case 'noScore':
      return replySms({ ...req, kind: req.kind }, b);
  }
}
