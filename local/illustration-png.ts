import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FORM_KEYS, frameViews, type FrameView } from '../functions/core/illustrations';
import { loadProgram, type Program } from '../functions/core/program';

/**
 * The exercise pictures as PNG, at 1x and 2x, under their content-hashed names (core/illustrations.ts).
 * Email clients such as Gmail and Outlook show no SVG, so the mail links these. Uses @resvg/resvg-js
 * (a devDependency with a prebuilt binary): this runs at build time, in previews and in the local
 * stack, never in a Lambda.
 */

export interface PngFile {
  file: string;
  bytes: Buffer;
}

async function framePngs(view: FrameView): Promise<PngFile[]> {
  const { Resvg } = await import('@resvg/resvg-js');
  const at = (zoom: number) => Buffer.from(new Resvg(view.svg, { fitTo: { mode: 'zoom', value: zoom } }).render().asPng());
  return [
    { file: view.file, bytes: at(1) },
    { file: view.file2x, bytes: at(2) },
  ];
}

/** Every frame of every exercise and of each of its forms, drawn once per process (keyed by file name). */
async function allPngs(program: Program = loadProgram()): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const ex of program.exercises.values()) {
    const ill = program.illustrations[ex.id];
    if (!ill) continue;
    for (const form of ['standard', ...FORM_KEYS] as const) {
      for (const view of frameViews(ex, ill, form)) if (!out.has(view.file)) for (const png of await framePngs(view)) out.set(png.file, png.bytes);
    }
  }
  return out;
}

let cached: Promise<Map<string, Buffer>> | undefined;

/** The PNG served under `file`, or undefined: for the local pages server (rendered on first request). */
export async function pngNamed(file: string): Promise<Buffer | undefined> {
  cached ??= allPngs();
  return (await cached).get(file);
}

/** Writes every PNG into `dir`; returns the files written with their sizes. */
export async function writeIllustrations(dir: string, program?: Program): Promise<{ file: string; size: number }[]> {
  await mkdir(dir, { recursive: true });
  const pngs = await allPngs(program);
  const written: { file: string; size: number }[] = [];
  for (const [file, bytes] of pngs) {
    await writeFile(path.join(dir, file), bytes);
    written.push({ file, size: bytes.length });
  }
  return written;
}
