import type { Command } from 'commander';
import { z } from 'zod';
import { writeIllustrations } from '../local/illustration-png';
import { parseOptions } from './usage';

const Options = z.object({ out: z.string().min(1) });

/** `limber illustrations --out build/illustrations`: the PNGs to upload to the image host. */
export function registerIllustrations(program: Command): void {
  program
    .command('illustrations')
    .description('draw every exercise picture as PNG (1x and 2x, content-hashed names) into a folder')
    .option('--out <dir>', 'folder to write to', 'build/illustrations')
    .action(async (raw: Record<string, unknown>) => {
      const opts = parseOptions(Options, raw);
      const files = await writeIllustrations(opts.out);
      const total = files.reduce((n, f) => n + f.size, 0);
      const largest = Math.max(...files.map((f) => f.size));
      process.stdout.write(`${files.length} PNG files in ${opts.out}: ${Math.round(total / 1024)} KB in all, largest ${Math.round(largest / 1024)} KB\n`);
    });
}
