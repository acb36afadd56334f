import type { Log } from '../../functions/ports';

/** A Log that keeps each line as JSON ({ l: level, m: message, ...fields }), for tests that read what was logged. */
export function recordingLog(lines: string[]): Log {
  const at = (l: 'info' | 'warn' | 'error') => (m: string, fields?: Record<string, unknown>) => void lines.push(JSON.stringify({ l, m, ...fields }));
  return { info: at('info'), warn: at('warn'), error: at('error') };
}
