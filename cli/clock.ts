import type { Command } from 'commander';
import { localState } from './local-state';
import { z } from 'zod';
import { parseOptions, usageError } from './usage';

/**
 * `limber clock`: shows or moves the clock of a running local stack (`npm start`), which every
 * handler shares. Moving it also runs the dispatcher and the sender once, so due messages go out.
 *   limber clock                     the stack's time and speed
 *   limber clock --advance 1d        one day later (units: ms s m h d w)
 *   limber clock --speed 720         a program day every two minutes from now on
 */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/.exec(text.trim());
  return m ? Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']!) : undefined;
}

const Options = z.object({
  url: z.url({ protocol: /^http$/, message: 'expected the local pages URL, e.g. http://127.0.0.1:8788' }),
  advance: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const ms = parseDuration(v);
      if (ms === undefined || ms > 366 * UNITS.d!) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration up to a year, e.g. 6h, 1d, 1w' });
        return z.NEVER;
      }
      return ms;
    }),
  speed: z.coerce.number().min(0).max(100_000).optional(),
});

/** The pages server of the running local stack (its clock URL without /clock). */
function localPagesUrl(): string {
  const clock = localState()?.urls.clock;
  return clock ? clock.replace(/\/clock$/, '') : 'http://127.0.0.1:8788';
}

export function registerClock(program: Command): void {
  program
    .command('clock')
    .description("show or move the local stack's clock (npm start)")
    .option('--url <url>', "the local pages server (default: from the running stack's state file, else http://127.0.0.1:8788)")
    .option('--advance <duration>', 'move the clock forward, e.g. 6h, 1d, 1w')
    .option('--speed <n>', 'clock speed from now on (1 = real time, 0 = stopped)')
    .action(async (raw: Record<string, unknown>) => {
      const opts = parseOptions(Options, { ...raw, url: raw.url ?? localPagesUrl() });
      const endpoint = `${opts.url.replace(/\/+$/, '')}/clock.json`;
      const change = opts.advance !== undefined || opts.speed !== undefined;
      let res: Response;
      try {
        res = change
          ? await fetch(endpoint, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ advance: opts.advance ?? 0, ...(opts.speed !== undefined ? { speed: opts.speed } : {}) }),
            })
          : await fetch(endpoint);
      } catch {
        throw usageError(`no local stack answers at ${opts.url} (start one with npm start, or pass --url)`);
      }
      if (!res.ok) throw new Error(`the local stack answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { now: string; speed: number };
      process.stdout.write(`${body.now} (${body.speed}x)\n`);
    });
}
