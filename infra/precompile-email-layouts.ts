import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileLayoutHtml, precompiledLayoutPath } from '../functions/adapters/mjml-renderer';

/**
 * Bundling step (infra/constructs/limber-function.ts, afterBundling): compiles every MJML layout of
 * templates/email into `<layout>.html` in a bundle's templates folder. The Lambdas then read the HTML
 * and never load MJML, which stays out of every bundle. Same compile as at run time (strict).
 *   tsx infra/precompile-email-layouts.ts <templates/email> <bundle>/templates-email
 */
export async function precompileEmailLayouts(sourceDir: string, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const layouts = readdirSync(sourceDir).filter((f) => f.endsWith('.mjml'));
  if (layouts.length === 0) throw new Error(`no .mjml layouts in ${sourceDir}`);
  const written: string[] = [];
  for (const layout of layouts) {
    const out = precompiledLayoutPath(join(outDir, layout));
    writeFileSync(out, await compileLayoutHtml(join(sourceDir, layout)));
    written.push(out);
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [sourceDir, outDir] = process.argv.slice(2);
  if (!sourceDir || !outDir) {
    console.error('usage: tsx infra/precompile-email-layouts.ts <templates/email> <out dir>');
    process.exit(2);
  }
  await precompileEmailLayouts(sourceDir, outDir);
}
