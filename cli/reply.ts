import type { Command } from 'commander';
import { z } from 'zod';
import { parseEmail, readMail } from '../functions/adapters/inbound-mail';
import { parseReply, readEmail, replySummary, type ParsedReply } from '../functions/core/replies';
import { parseOptions } from './usage';

const Options = z.object({
  channel: z.enum(['sms', 'email'], { message: 'expected sms or email' }),
});

const MAX_STDIN = 10 * 1024 * 1024;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > MAX_STDIN) throw new Error('standard input is larger than 10 MB');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Raw MIME starts with a header block that names MIME or mail transport headers, then a blank line. */
export function looksLikeMime(input: string): boolean {
  const end = input.search(/\r?\n\r?\n/);
  if (end <= 0) return false;
  const lines = input.slice(0, end).split(/\r?\n/);
  if (!lines.every((l) => /^[A-Za-z0-9-]+:/.test(l) || /^[ \t]/.test(l))) return false;
  const names = new Set(lines.map((l) => l.split(':')[0]!.toLowerCase()));
  return (
    ['mime-version', 'content-type', 'received', 'message-id', 'return-path'].some((n) => names.has(n)) ||
    (names.has('from') && (names.has('to') || names.has('subject')))
  );
}

/** The text of an email given on stdin: raw MIME goes through mailparser, anything else is the body. */
export async function emailBody(raw: Buffer): Promise<string> {
  const text = raw.toString('utf8');
  return looksLikeMime(text) ? (await parseEmail(raw)).text : text;
}

/** One reply from stdin, read as the inbound handlers read it (raw MIME through `readMail`, headers included). */
export async function readStdinReply(channel: 'sms' | 'email', input: Buffer): Promise<ParsedReply> {
  if (channel === 'sms') return parseReply(input.toString('utf8'), 'sms');
  const text = input.toString('utf8');
  return looksLikeMime(text) ? (await readMail(input)).reply : readEmail({ text });
}

/** `limber reply --channel sms|email`: one message on stdin, one JSON line out. */
export function registerReply(program: Command): void {
  program
    .command('reply')
    .description('parse one reply (stdin) and print {"intent", "score"?, "redFlag"} as one JSON line')
    .requiredOption('--channel <channel>', 'sms or email (email: plain text or raw MIME)')
    .action(async (raw: Record<string, unknown>) => {
      const opts = parseOptions(Options, raw);
      const input = await readStdin();
      process.stdout.write(`${JSON.stringify(replySummary(await readStdinReply(opts.channel, input)))}\n`);
    });
}
