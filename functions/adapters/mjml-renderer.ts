import { ENV } from '../config';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mjml2html from 'mjml';
import { composeEmail, composeSms, emailText, type EmailContent, type RenderedMessage, type Renderer, type RenderRequest } from '../core/messages';
import { loadProgram, type Program } from '../core/program';
import { layoutValues } from './email-html';
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
  const result = await mjml2html(source, options);
  return { html: result.html, errors: result.errors };
};

/** templates/email next to this repo's sources; a bundled Lambda passes its own copy's path. */
export const DEFAULT_TEMPLATES_DIR =
  process.env[ENV.templatesDir] || fileURLToPath(new URL('../../templates/email/', import.meta.url));

export function layoutPath(layout: Layout, templatesDir: string = DEFAULT_TEMPLATES_DIR): string {
  return path.join(templatesDir, `${layout}.mjml`);
}

// One cache per compile function, so an injected compile sees its own calls from a cold start.
const cache = new WeakMap<CompileMjml, Map<string, Promise<CompiledTemplate>>>();

async function compileLayout(file: string, compile: CompileMjml): Promise<CompiledTemplate> {
  const source = await readFile(file, 'utf8');
  // strict: a layout with any MJML error must fail loudly, not send a half-rendered email.
  // keepComments: the if-markers of html-template.ts are HTML comments.
  const { html, errors } = await compile(source, { validationLevel: 'strict', keepComments: true });
  if (errors.length > 0) throw new Error(`${file}: MJML errors: ${JSON.stringify(errors).slice(0, 500)}`);
  return parseTemplate(html);
}

export interface MjmlRendererOptions {
  compile?: CompileMjml;
  templatesDir?: string;
  program?: Program;
}

export class MjmlRenderer implements Renderer {
  private readonly compile: CompileMjml;
  private readonly templatesDir: string;
  private program: Program | undefined;

  constructor(options: MjmlRendererOptions = {}) {
    this.compile = options.compile ?? compileMjml;
    this.templatesDir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
    this.program = options.program;
  }

  async render(req: RenderRequest): Promise<RenderedMessage> {
    this.program ??= loadProgram();
    if (req.channel === 'sms') return { text: composeSms(req, this.program) };
    const content = composeEmail(req, this.program);
    const template = await this.layout(content.layout);
    return { subject: content.subject, html: template.render(layoutValues(content)), text: emailText(content) };
  }

  /** Compiles every layout now (e.g. at container start) instead of on the first message. */
  async warm(): Promise<void> {
    await Promise.all((['daily', 'notice'] as const).map((l) => this.layout(l)));
  }

  private layout(layout: Layout): Promise<CompiledTemplate> {
    let byFile = cache.get(this.compile);
    if (!byFile) cache.set(this.compile, (byFile = new Map()));
    const file = layoutPath(layout, this.templatesDir);
    let compiled = byFile.get(file);
    if (!compiled) {
      // Cache the promise: concurrent first renders share one compile.
      compiled = compileLayout(file, this.compile);
      byFile.set(file, compiled);
      compiled.catch(() => byFile.delete(file));
    }
    return compiled;
  }
}
