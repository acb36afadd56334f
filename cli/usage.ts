import { CommanderError } from 'commander';
import type { z } from 'zod';

/** A usage error: exit code 2, a message that names the flag. */
export function usageError(message: string): CommanderError {
  return new CommanderError(2, 'limber.usage', message);
}

/** Validates parsed CLI options with a zod schema; the first problem names its flag (--kebab-case). */
export function parseOptions<T extends z.ZodType>(schema: T, opts: unknown): z.infer<T> {
  const result = schema.safeParse(opts);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return `${flag}: ${issue.message}`;
  });
  throw usageError(messages.join('\n'));
}
