import * as copy from '../../templates/messages/copy';
import type { Block, ChartRow, EmailContent, ExerciseView } from '../core/messages';
import { escapeHtml as esc } from '../core/html-escape';
import type { TemplateValues } from './html-template';
import { DEFAULT_BRAND_COLOUR } from '../core/brand';

/**
 * HTML fragments for the body of an email and the values for a layout's placeholders. Every value
 * from content is escaped here; styles are inline because Gmail and Outlook drop most <style> rules.
 */

const INK = '#1f2a2a';
const MUTED = '#5a6b6b';
const CAUTION = '#8a4b00';
const RULE = '#e3e0da';

function paragraph(text: string): string {
  return `<p style="margin:0 0 14px;">${esc(text)}</p>`;
}

function bullets(items: readonly string[]): string {
  const lis = items.map((i) => `<li style="margin:0 0 6px;">${esc(i)}</li>`).join('');
  return `<ul style="margin:0 0 14px;padding-left:22px;">${lis}</ul>`;
}

/** How the body is drawn: where the exercise pictures are served (without it, text only) and the brand colour. */
export interface BodyOptions {
  /** e.g. "https://img.limber.example/illustrations/"; the content-hashed file names are appended. */
  imageBaseUrl?: string;
  /** #rrggbb (core/brand.ts BrandColour); default the layouts' own. */
  accent?: string;
}

/**
 * The two frames side by side (each wraps under the other on a narrow screen), at fixed width and
 * height so the layout holds with images blocked; the alt text then shows in the same box, in
 * legible type. The images carry their own light card, which stays readable on a dark background.
 */
function frames(ex: ExerciseView, base: string): string {
  const imgs = ex.frames
    .map(
      (f) =>
        `<img src="${esc(base + f.file)}" srcset="${esc(`${base}${f.file2x} 2x`)}" width="${f.width}" height="${f.height}" alt="${esc(f.alt)}" style="display:inline-block;width:${f.width}px;max-width:100%;height:auto;border:0;margin:0 6px 6px 0;vertical-align:top;background-color:#f6f2ec;color:${INK};font-family:Helvetica,Arial,sans-serif;font-size:13px;line-height:1.4;">`,
    )
    .join('');
  return `<div style="margin:0 0 8px;">${imgs}</div>`;
}

function exercise(ex: ExerciseView, n: number, images: BodyOptions = {}): string {
  const accent = images.accent ?? DEFAULT_BRAND_COLOUR;
  const badge = ex.isNew
    ? ` <span style="display:inline-block;font-size:12px;line-height:18px;font-weight:bold;color:#ffffff;background-color:${accent};border-radius:3px;padding:0 6px;vertical-align:middle;">${esc(copy.daily.newBadge)}</span>`
    : '';
  const steps = ex.steps.map((s) => `<li style="margin:0 0 6px;">${esc(s)}</li>`).join('');
  const cautions = ex.cautions.map((c) => `<p style="margin:0 0 8px;color:${CAUTION};">${esc(copy.daily.takeCare)} ${esc(c)}</p>`).join('');
  const alternatives = ex.alternatives ? `<p style="margin:0 0 8px;color:${MUTED};">${esc(ex.alternatives)}</p>` : '';
  return (
    `<div style="border-top:1px solid ${RULE};padding-top:14px;margin-top:6px;">` +
    `<h2 style="margin:0 0 4px;font-size:19px;line-height:1.3;color:${INK};">${n}. ${esc(ex.name)}${badge}</h2>` +
    `<p style="margin:0 0 8px;font-weight:bold;color:${accent};">${esc(ex.dose)}</p>` +
    `<p style="margin:0 0 8px;color:${MUTED};">${esc(ex.purpose)}</p>` +
    (ex.change ? `<p style="margin:0 0 8px;"><strong>${esc(copy.daily.yourForm)}</strong> ${esc(ex.change)}</p>` : '') +
    (images.imageBaseUrl && ex.frames.length > 0 ? frames(ex, images.imageBaseUrl) : '') +
    `<ol style="margin:0 0 10px;padding-left:22px;">${steps}</ol>` +
    cautions +
    alternatives +
    `</div>`
  );
}

/**
 * A bar chart as nested tables: widths in percent and bgcolor cells render the same in Gmail,
 * Outlook (Word engine) and Apple Mail, where CSS bars or images would not.
 */
function chart(title: string, rows: readonly ChartRow[], accent: string): string {
  const trs = rows
    .map((row) => {
      const label = `<td width="64" style="padding:3px 8px 3px 0;font-size:13px;color:${MUTED};white-space:nowrap;">${esc(row.label)}</td>`;
      let bar: string;
      let value: string;
      if (row.score === null) {
        bar = `<td style="padding:3px 0;font-size:13px;color:${MUTED};">${esc(copy.summary.noReply)}</td>`;
        value = `<td width="28" style="padding:3px 0;"></td>`;
      } else {
        const pct = Math.max(0, Math.min(10, row.score)) * 10;
        const fill =
          pct === 0
            ? ''
            : `<table role="presentation" width="${pct}%" cellpadding="0" cellspacing="0" border="0"><tr><td height="14" bgcolor="${accent}" style="height:14px;line-height:14px;font-size:0;background-color:${accent};">&nbsp;</td></tr></table>`;
        bar = `<td style="padding:3px 0;">${fill}</td>`;
        value = `<td width="28" align="right" style="padding:3px 0;font-size:13px;font-weight:bold;color:${INK};">${row.score}</td>`;
      }
      return `<tr>${label}${bar}${value}</tr>`;
    })
    .join('');
  return (
    `<p style="margin:0 0 8px;">${esc(title)}</p>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 14px;">${trs}</table>`
  );
}

/** A question with a few answers, each a link styled as a button (an anchor: no form in mail). */
function choices(text: string, items: readonly { label: string; url: string }[], accent: string): string {
  const links = items
    .map(
      (c) =>
        `<a href="${esc(checkedUrl(c.url, 'choice URL'))}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 18px;border-radius:6px;background-color:${accent};color:#ffffff;font-weight:bold;text-decoration:none;">${esc(c.label)}</a>`,
    )
    .join('');
  return `${paragraph(text)}<p style="margin:0 0 14px;">${links}</p>`;
}

function blocksHtml(blocks: readonly Block[], images: BodyOptions = {}): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'paragraph':
          return paragraph(b.text);
        case 'bullets':
          return bullets(b.items);
        case 'exercises':
          return b.items.map((ex, i) => exercise(ex, i + 1, images)).join('');
        case 'chart':
          return chart(b.title, b.rows, images.accent ?? DEFAULT_BRAND_COLOUR);
        case 'choices':
          return choices(b.text, b.choices, images.accent ?? DEFAULT_BRAND_COLOUR);
      }
    })
    .join('');
}

const UNSAFE_IN_URL = /[\s"'<>]/;

/** A URL that may go into an href: http(s) only. */
export function checkedUrl(value: string, what: string): string {
  // Escaping keeps a URL inside its attribute; this keeps javascript: and friends out of it.
  const scheme = value.slice(0, 8).toLowerCase();
  const http = scheme === 'https://' || scheme.startsWith('http://');
  if (!http || value.length <= (scheme === 'https://' ? 8 : 7) || UNSAFE_IN_URL.test(value))
    throw new Error(`${what} must be an http(s) URL, got "${value.slice(0, 60)}"`);
  return value;
}

/** The values every layout's placeholders need; optional ones are '' so if-blocks drop them. */
export function layoutValues(content: EmailContent, images: BodyOptions = {}): TemplateValues {
  const values: Record<string, string> = {
    subject: content.subject,
    preview: content.preview,
    heading: content.heading,
    subheading: content.subheading ?? '',
    note: content.note ?? '',
    body: blocksHtml(content.blocks, images),
    buttonUrl: content.button ? checkedUrl(content.button.url, 'button URL') : '',
    buttonLabel: content.button?.label ?? '',
    masthead: content.footer.programName.toUpperCase(),
    footerReason: content.footer.reason,
    disclaimer: content.footer.disclaimer,
    footerSender: content.footer.sender,
    footerContact: content.footer.contact,
    privacyUrl: checkedUrl(content.footer.privacyUrl, 'brand privacyUrl'),
    privacyLabel: copy.common.privacy,
    unsubscribeUrl: checkedUrl(content.footer.unsubscribeUrl, 'links.unsubscribe'),
    unsubscribeLabel: copy.common.unsubscribe,
    myDataUrl: checkedUrl(content.footer.myDataUrl, 'links.myData'),
    myDataLabel: copy.common.myData,
    pauseResumeUrl: content.footer.pauseResumeUrl ? checkedUrl(content.footer.pauseResumeUrl, 'links.pauseResume') : '',
    pauseResumeLabel: copy.common.pauseResume,
    sessionUrl: content.footer.sessionUrl ? checkedUrl(content.footer.sessionUrl, 'links.session') : '',
    sessionLabel: copy.session.emailLink,
  };
  const d = content.daily;
  if (d) {
    Object.assign(values, {
      safetyLine: d.safetyLine,
      painQuestion: d.painQuestion,
      painScale: d.painScale,
      painLow: d.painLow,
      painHigh: d.painHigh,
    });
    d.ratingUrls.forEach((u, n) => (values[`rate${n}`] = checkedUrl(u, `links.rate(${n})`)));
  }
  return values;
}
