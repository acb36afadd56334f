import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack';

/** Every stand-in on a random free port. */
export const RANDOM_PORTS = { api: 0, pages: 0, dynamo: 0, ses: 0, twilio: 0 };

/**
 * The whole local stack for a test: data in memory, random ports, the clock standing at `startAt`
 * (speed 0: it moves only by `advance`), no scheduler (the test ticks), no logs.
 */
export function startTestStack(startAt: number, opts: Omit<LocalStackOptions, 'startAt'> = {}): Promise<LocalStack> {
  return startLocalStack({ memory: true, ports: RANDOM_PORTS, speed: 0, tickMs: 0, logs: 'silent', startAt, ...opts });
}

/** A form POST as a browser without script sends it; redirects are returned, not followed. */
export function postForm(url: string, body: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
    redirect: 'manual',
  });
}
