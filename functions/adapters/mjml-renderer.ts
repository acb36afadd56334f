import { ENV } from '../config';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeEmail, composeSms, emailText, type EmailContent, type MessageLinks, type RenderedMessage, type RenderRequest } from '../core/messages';
import type { Renderer } from '../ports';
import { loadProgram, type Program } from '../core/program';
import { smsPictureFile } from '../core/sms-picture';
import { checkedUrl, layoutValues, type BodyOptions } from './email-html';
import { DEFAULT_BRAND_COLOUR, LOCAL_BRAND, type Brand } from '../core/brand';
import { copyFor, type Copy } from '../../templates/messages/copy';
import { escapeHtml } from '../core/html-escape';
import { parseTemplate, type CompiledTemplate } from './html-template';

/**
 * Renders messages: SMS from the core text composer, email through an MJML layout.
 *
 * MJML is slow (tens of ms per call), so each layout is compiled once per process, on first use,
 * into HTML with placeholders; a message then costs one placeholder fill and no MJML call.
 * Compiles are counted so a test can prove it (mjmlCompileCount, or an injected `compile`).
 */

export type Layout = EmailContent['layout'];

export interface CompileOptions {
  validationLevel: 'strict' | 'soft' | 'skip';
  keepComments: boolean;
}

/** MJML source in, HTML out; throws or returns errors when the source is invalid. */
export type CompileMjml = (mjml: string, options: CompileOptions) => Promise<{ html: string; errors: readonly unknown[] }>;

let compileCalls = 0;

/** How many times the default compile (mjml2html) has run in this process. */
export function mjmlCompileCount(): number {
  return compileCalls;
}

export const compileMjml: CompileMjml = async (source, options) => {
  compileCalls += 1;
  // Loaded on first compile: mjml takes ~0.4 s to load, and most handlers never render an email.
  const { default: mjml2html } = await import('mjml');
  const result = await mjml2html(source, options);
  return { html: result.html, errors: result.errors };
};

/** templates/email next to this repo's sources; a bundled Lambda passes its own copy's path. */
const DEFAULT_TEMPLATES_DIR = process.env[ENV.templatesDir] || fileURLToPath(new URL('../../templates/email/', import.meta.url));

export function layoutPath(layout: Layout, templatesDir: string = DEFAULT_TEMPLATES_DIR): string {
  return path.join(templatesDir, `${layout}.mjml`);
}

// One cache per compile function, so an injected compile sees its own calls from a cold start:
// the layout's HTML per file, and that HTML in each brand colour per file and colour.
const cache = new WeakMap<CompileMjml, Map<string, Promise<string>>>();
const coloured = new WeakMap<CompileMjml, Map<string, Promise<CompiledTemplate>>>();

/** A layout's MJML compiled to HTML (with the placeholders still in it). */
export async function compileLayoutHtml(file: string, compile: CompileMjml = compileMjml): Promise<string> {
  const source = await readFile(file, 'utf8');
  // strict: a layout with any MJML error must fail loudly, not send a half-rendered email.
  // keepComments: the if-markers of html-template.ts are HTML comments.
  const { html, errors } = await compile(source, { validationLevel: 'strict', keepComments: true });
  if (errors.length > 0) throw new Error(`${file}: MJML errors: ${JSON.stringify(errors).slice(0, 500)}`);
  return html;
}

/**
 * `daily.html` beside `daily.mjml`: the same compile, done when a Lambda bundle is built
 * (infra/precompile-email-layouts.ts), so no bundle carries MJML (~3.5 MB, ~0.3 s to import).
 * The repository's templates/email holds only the .mjml sources: locally, layouts compile at run time.
 */
export function precompiledLayoutPath(file: string): string {
  return file.replace(/\.mjml$/, '.html');
}

async function compileLayout(file: string, compile: CompileMjml): Promise<string> {
  const precompiled = await readFile(precompiledLayoutPath(file), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  return precompiled ?? (await compileLayoutHtml(file, compile));
}

/** Cache the promise: concurrent first renders share one compile; a failed one is tried again. */
function cached<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = make();
    map.set(key, p);
    p.catch(() => map.delete(key));
  }
  return p;
}

/**
 * The layouts write the brand colour as DEFAULT_BRAND_COLOUR (MJML validates colour attributes, so
 * no placeholder can stand there); the operator's replaces it once, when the layout is loaded.
 */
function inColour(html: string, colour: string): CompiledTemplate {
  return parseTemplate(colour === DEFAULT_BRAND_COLOUR ? html : html.replaceAll(DEFAULT_BRAND_COLOUR, colour));
}

export interface MjmlRendererOptions {
  compile?: CompileMjml;
  templatesDir?: string;
  program?: Program;
  /**
   * Where the exercise pictures are served (content-hashed PNGs, `limber illustrations`); unset: no
   * pictures. Part of the compiled day, so it adds nothing to each message's render.
   */
  imageBaseUrl?: string;
  /** Attach the day's first new exercise's start picture to the daily SMS (needs an http(s) imageBaseUrl). */
  smsPictures?: boolean;
  /** The operator's brand (names, contacts, colour); default: the local example brand. */
  brand?: Brand;
}

export class MjmlRenderer implements Renderer {
  private readonly compile: CompileMjml;
  private readonly templatesDir: string;
  private program: Program | undefined;
  private readonly body: BodyOptions;
  private readonly smsImageBase: string | undefined;
  private readonly brand: Brand;
  private readonly copy: Copy;
  private readonly daily = new Map<string, { subject: string; html: SlottedText; text: SlottedText }>();

  constructor(options: MjmlRendererOptions = {}) {
    this.compile = options.compile ?? compileMjml;
    this.templatesDir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
    this.program = options.program;
    // A relative base (e.g. "illustrations/") is for previews written beside their pictures.
    const base = options.imageBaseUrl;
    if (base !== undefined && /^https?:/i.test(base)) checkedUrl(base, 'imageBaseUrl');
    if (base !== undefined && !/^(https?:\/\/|[a-z0-9._-]+\/)/i.test(base))
      throw new Error(`imageBaseUrl must be an http(s) URL or a relative folder, got "${base}"`);
    this.brand = options.brand ?? LOCAL_BRAND;
    this.copy = copyFor(this.brand);
    this.body = { imageBaseUrl: base === undefined ? undefined : base.endsWith('/') ? base : `${base}/`, accent: this.brand.colour };
    // Twilio fetches a MediaUrl itself: a relative preview folder is no use to it.
    this.smsImageBase = options.smsPictures && this.body.imageBaseUrl && /^https?:/i.test(this.body.imageBaseUrl) ? this.body.imageBaseUrl : undefined;
  }

  async render(req: RenderRequest): Promise<RenderedMessage> {
    this.program ??= loadProgram();
    if (req.channel === 'sms') {
      const picture = this.smsImageBase ? smsPictureFile(req, this.program) : undefined;
      return { text: composeSms(req, this.program, this.copy), ...(picture ? { mediaUrl: `${this.smsImageBase}${picture}` } : {}) };
    }
    if (req.kind === 'daily') return this.dailyEmail(req);
    return this.composeAndFill(req);
  }

  private async composeAndFill(req: RenderRequest): Promise<RenderedMessage> {
    const content = composeEmail(req, this.program!, this.copy);
    const template = await this.layout(content.layout);
    return { subject: content.subject, html: template.render(layoutValues(content, this.body)), text: emailText(content) };
  }

  /**
   * A day's email is the same for everyone on that level and day but for its links: render it once
   * with slot URLs, then fill each message's own links (validated and escaped) into the slots.
   */
  private async dailyEmail(req: RenderRequest): Promise<RenderedMessage> {
    const key = `${req.level}|${req.band ?? ''}|${req.programDay}|${footerLink(req.links) ? 'p' : ''}${req.links.session ? 's' : ''}|${req.note ?? ''}`;
    let day = this.daily.get(key);
    if (!day) {
      const slotted = await this.composeAndFill({ ...req, links: slotLinks(req.links) });
      day = { subject: slotted.subject!, html: splitSlots(slotted.html!), text: splitSlots(slotted.text) };
      // Bounded: levels x days x notes; a flood of distinct notes must not grow it without end.
      if (this.daily.size >= 2_000) this.daily.clear();
      this.daily.set(key, day);
    }
    const { raw, html } = linkValues(req.links);
    return { subject: day.subject, html: fillSlots(day.html, html), text: fillSlots(day.text, raw) };
  }

  /** Compiles every layout now (e.g. at container start) instead of on the first message. */
  async warm(): Promise<void> {
    await Promise.all((['daily', 'notice'] as const).map((l) => this.layout(l)));
  }

  private layout(layout: Layout): Promise<CompiledTemplate> {
    const file = layoutPath(layout, this.templatesDir);
    const compile = this.compile;
    let html = cache.get(compile);
    if (!html) cache.set(compile, (html = new Map()));
    let byColour = coloured.get(compile);
    if (!byColour) coloured.set(compile, (byColour = new Map()));
    const htmlOf = html;
    const colour = this.brand.colour;
    return cached(byColour, `${colour}|${file}`, async () => inColour(await cached(htmlOf, file, () => compileLayout(file, compile)), colour));
  }
}

/** Link slots: URLs no real link can be, which pass URL checks and escaping unchanged. */
const SLOT_PREFIX = 'https://limber.invalid/slot-';
const SLOT = /https:\/\/limber\.invalid\/slot-([a-z]+[0-9]*)/g;
type SlottedText = { parts: string[]; slots: string[] };

/** A daily email's footer links the preferences page when there is one (core/messages.ts footer()). */
const footerLink = (links: MessageLinks) => links.preferences ?? links.pauseResume;

function slotLinks(links: MessageLinks): MessageLinks {
  return {
    rate: (n) => `${SLOT_PREFIX}rate${n}`,
    unsubscribe: `${SLOT_PREFIX}unsubscribe`,
    myData: `${SLOT_PREFIX}mydata`,
    pauseResume: footerLink(links) ? `${SLOT_PREFIX}pause` : undefined,
    // Without this slot the day's session link never reached a rendered email.
    session: links.session ? `${SLOT_PREFIX}session` : undefined,
  };
}

/** Each link checked (http(s) only) and escaped once; the rating links in one go when they share a prefix. */
function linkValues(links: MessageLinks): { raw: Record<string, string>; html: Record<string, string> } {
  const raw: Record<string, string> = {
    unsubscribe: checkedUrl(links.unsubscribe, 'links.unsubscribe'),
    mydata: checkedUrl(links.myData, 'links.myData'),
  };
  const footer = footerLink(links);
  if (footer) raw.pause = checkedUrl(footer, 'links.pauseResume');
  if (links.session) raw.session = checkedUrl(links.session, 'links.session');
  const html: Record<string, string> = {};
  for (const k in raw) html[k] = escapeHtml(raw[k]!);
  const prefix = links.ratePrefix;
  if (prefix !== undefined && links.rate(0) === `${prefix}0` && links.rate(10) === `${prefix}10`) {
    checkedUrl(`${prefix}0`, 'links.rate(0)');
    const escapedPrefix = escapeHtml(prefix);
    for (let n = 0; n <= 10; n++) {
      raw[`rate${n}`] = prefix + n;
      html[`rate${n}`] = escapedPrefix + n;
    }
  } else {
    for (let n = 0; n <= 10; n++) {
      const url = checkedUrl(links.rate(n), `links.rate(${n})`);
      raw[`rate${n}`] = url;
      html[`rate${n}`] = escapeHtml(url);
    }
  }
  return { raw, html };
}

function splitSlots(text: string): SlottedText {
  const parts: string[] = [];
  const slots: string[] = [];
  let last = 0;
  for (const m of text.matchAll(SLOT)) {
    parts.push(text.slice(last, m.index));
    slots.push(m[1]!);
    last = m.index! + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, slots };
}

function fillSlots(t: SlottedText, values: Record<string, string>): string {
  let out = t.parts[0]!;
  for (let i = 0; i < t.slots.length; i++) {
    const v = values[t.slots[i]!];
    if (v === undefined) throw new Error(`no value for link slot ${t.slots[i]}`);
    out += v + t.parts[i + 1]!;
  }
  return out;
}
