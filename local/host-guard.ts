import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * DNS rebinding guard for loopback servers (the local stack, cli/dashboard-proxy.ts): a page on
 * another site can rebind its name to 127.0.0.1, and the browser then sends it our answers. The
 * browser still sends the attacker's name in Host (and its origin in Origin), so a server that
 * answers only its own names and origins is out of reach.
 */
export function loopbackNames(port: number, host = '127.0.0.1'): string[] {
  return [...new Set([`${host}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`])];
}

/** Why a request is refused ('host' or 'origin'), or undefined when it is ours. */
function foreignRequest(headers: IncomingHttpHeaders, names: readonly string[]): 'host' | 'origin' | undefined {
  const host = (headers.host ?? '').toLowerCase();
  if (!names.includes(host)) return 'host';
  const origin = headers.origin;
  // "null" is what a browser sends for a POST from our own pages (they set Referrer-Policy: no-referrer);
  // the Host check above is what stops a rebound name. A named foreign origin is refused.
  if (origin !== undefined && origin !== 'null' && !names.some((n) => origin.toLowerCase() === `http://${n}`)) return 'origin';
  return undefined;
}

const FOREIGN_ANSWER = (why: 'host' | 'origin') =>
  [
    403,
    { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    `refused: unknown ${why === 'host' ? 'Host' : 'Origin'} header\n`,
  ] as const;

/** Answers a foreign request with a 403 and returns true; returns false for one of ours. */
export function refusedForeign(req: IncomingMessage, res: ServerResponse, names: readonly string[]): boolean {
  const foreign = foreignRequest(req.headers, names);
  if (!foreign) return false;
  const [status, headers, body] = FOREIGN_ANSWER(foreign);
  res.writeHead(status, headers).end(body);
  req.resume();
  return true;
}
