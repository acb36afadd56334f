import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { refusedForeign, loopbackNames } from './host-guard';
import { closer, listen } from './stand-ins';

/**
 * A local API Gateway HTTP API: a node:http server on 127.0.0.1 that turns each request into a
 * payload-v2 event and calls the same handler the Lambda runs. Several handlers can share a server
 * by path prefix (the longest matching prefix wins; the path is passed on unchanged, as API Gateway
 * does with $default stages):
 *
 *   const api = await startLambdaHttp({ port: 8787, routes: [
 *     { prefix: '/twilio/inbound', handler: twilioHandler },
 *     { prefix: '/', handler: apiHandler },
 *   ] });
 *   api.url  // http://127.0.0.1:8787
 */

export type HttpLambda = (event: APIGatewayProxyEventV2) => Promise<unknown>;

export interface LambdaRoute {
  prefix: string;
  handler: HttpLambda;
}

export interface LambdaHttpOptions {
  routes: readonly LambdaRoute[];
  port?: number;
  /** Loopback only by default: the pages carry personal data. */
  host?: string;
  /** API Gateway's payload limit is 10 MB; ours is far smaller. */
  maxBodyBytes?: number;
}

export interface RunningLambdaHttp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** HTTP APIs pass text bodies through and base64-encode everything else (forms included). */
const TEXT_TYPES = /^(?:text\/|application\/json|application\/(?:[\w.+-]+\+)?json|application\/xml|application\/javascript)/i;

function toEvent(req: IncomingMessage, body: Buffer, sourceIp = '127.0.0.1'): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === 'cookie') cookies.push(...value.split(/;\s*/).filter(Boolean));
    else headers[name] = headers[name] !== undefined ? `${headers[name]},${value}` : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] !== undefined ? `${query[k]},${v}` : v;
  const textual = TEXT_TYPES.test(headers['content-type'] ?? 'text/plain');
  const now = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !textual } : { isBase64Encoded: false }),
  };
}

/** The event of a form POST to `url` (e.g. a Twilio webhook the local stand-in makes), without a socket. */
export function formPostEvent(url: string, params: Record<string, string>, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  const u = new URL(url);
  const rawHeaders = Object.entries({ host: u.host, 'content-type': 'application/x-www-form-urlencoded', ...headers }).flat();
  const body = Buffer.from(new URLSearchParams(params).toString());
  // toEvent reads only these fields of a request.
  return toEvent({ url: `${u.pathname}${u.search}`, rawHeaders, method: 'POST', httpVersion: '1.1' } as IncomingMessage, body);
}

interface StructuredResult {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

function writeResult(res: ServerResponse, result: unknown): void {
  // Payload v2: a result that is not {statusCode...} is sent as a 200 JSON body.
  const r: StructuredResult =
    result && typeof result === 'object' && 'statusCode' in result
      ? (result as StructuredResult)
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: typeof result === 'string' ? result : JSON.stringify(result) };
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k] = String(v);
  if (r.cookies?.length) headers['set-cookie'] = r.cookies;
  const body = r.body === undefined ? Buffer.alloc(0) : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : Buffer.from(r.body, 'utf8');
  res.writeHead(r.statusCode ?? 200, headers);
  res.end(body);
}

function pickRoute(routes: readonly LambdaRoute[], path: string): LambdaRoute | undefined {
  return [...routes]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .find((r) => path === r.prefix || path.startsWith(r.prefix.endsWith('/') ? r.prefix : `${r.prefix}/`) || r.prefix === '/');
}

export async function startLambdaHttp(opts: LambdaHttpOptions): Promise<RunningLambdaHttp> {
  const host = opts.host ?? '127.0.0.1';
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  let names: string[] = [];
  const server = createServer((req, res) => {
    if (refusedForeign(req, res, names)) return;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', async () => {
      if (tooLarge) {
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"message":"Request Entity Too Large"}');
        return;
      }
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const route = pickRoute(opts.routes, path);
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      try {
        writeResult(res, await route.handler(toEvent(req, Buffer.concat(chunks), req.socket.remoteAddress ?? '127.0.0.1')));
      } catch {
        // What API Gateway answers when the function itself fails.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message":"Internal Server Error"}');
      }
    });
  });
  const port = await listen(server, opts.port ?? 0, host);
  names = loopbackNames(port, host);
  return { url: `http://${host}:${port}`, port, close: closer(server) };
}
