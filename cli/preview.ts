import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeIllustrations } from '../local/illustration-png';
import type { Command } from 'commander';
import { z } from 'zod';
import { MjmlRenderer } from '../functions/adapters/mjml-renderer';
import type { MessageKind, MessageLinks, RenderRequest } from '../functions/core/messages';
import { Channel, Level, PROGRAM_DAYS, RangeBand } from '../functions/core/model';
import { parseOptions } from './usage';

const KINDS = ['daily', 'confirmation', 'closing', 'safety', 'safetyUrgent', 'summary'] as const satisfies readonly MessageKind[];

const Options = z.object({
  day: z.coerce
    .number({ message: 'expected a whole number 1-42' })
    .int(`expected a whole number 1-${PROGRAM_DAYS}`)
    .min(1, `expected a whole number 1-${PROGRAM_DAYS}`)
    .max(PROGRAM_DAYS, `expected a whole number 1-${PROGRAM_DAYS}`),
  level: Level,
  band: RangeBand.optional(),
  channel: Channel,
  kind: z.enum(KINDS),
  text: z.boolean().default(false),
  out: z.string().min(1).optional(),
});

const IMAGE_FOLDER = 'illustrations';

/** Placeholder links: previews never carry a real subscriber's tokens. */
export function exampleLinks(day: number): MessageLinks {
  const token = `example-day-${day}`;
  return {
    rate: (score) => `https://limber.example/r/${token}?score=${score}`,
    unsubscribe: `https://limber.example/u/${token}`,
    myData: `https://limber.example/me/${token}`,
    pauseResume: `https://limber.example/p/${token}`,
    confirm: `https://limber.example/c/${token}`,
  };
}

/** A made-up week of scores for previewing the summary of the week that holds `day`. */
function exampleSummary(day: number): NonNullable<RenderRequest['summary']> {
  const week = Math.ceil(day / 7);
  const scores = [6, 5, null, 5, 4, 4, 3];
  const days = scores.map((score, i) => ({ day: (week - 1) * 7 + i + 1, score }));
  return { week, average: 4.5, previousAverage: week > 1 ? 5.6 : null, days };
}

export function registerPreview(program: Command): void {
  program
    .command('preview')
    .description('render one message with example links: the HTML for email, the text for SMS')
    .requiredOption('--day <n>', `program day, 1-${PROGRAM_DAYS}`)
    .requiredOption('--level <level>', 'gentle, moderate or active')
    .requiredOption('--channel <channel>', 'email or sms')
    .option('--band <band>', `range band: ${RangeBand.options.join(', ')} (default standard, the forms as written)`)
    .option('--kind <kind>', KINDS.join(', '), 'daily')
    .option('--text', 'email only: print the plain-text part instead of the HTML')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (raw: Record<string, unknown>) => {
      const opts = parseOptions(Options, raw);
      const req: RenderRequest = {
        kind: opts.kind,
        channel: opts.channel,
        level: opts.level,
        ...(opts.band ? { band: opts.band } : {}),
        programDay: opts.day,
        links: exampleLinks(opts.day),
        summary: opts.kind === 'summary' ? exampleSummary(opts.day) : undefined,
      };
      // An HTML preview written to a file links its pictures from a folder beside it, as a person gets them.
      const html = opts.channel === 'email' && !opts.text;
      const withImages = html && opts.out !== undefined;
      const message = await new MjmlRenderer(withImages ? { imageBaseUrl: `${IMAGE_FOLDER}/` } : {}).render(req);
      const body = html ? message.html! : message.text;
      if (withImages) await writeIllustrations(path.join(path.dirname(opts.out!), IMAGE_FOLDER));
      if (opts.out) await writeFile(opts.out, body);
      else process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
    });
}
