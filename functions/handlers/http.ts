import type { Log } from '../ports';
import { routeOf } from '../routes';
import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { ProviderError } from '../ports';

/**
 * The HTTP edge shared by the API Gateway HTTP API (payload v2) handlers: one zod schema for the
 * event, one place that maps errors to responses, one set of security headers. A handler built
 * with `httpHandler` answers every input with a response: 4xx for bad input, never an exception.
 */

export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

/** The parts of APIGatewayProxyEventV2 we read; AWS adds more, which pass through untouched. */
export const HttpEvent = z.looseObject({
  rawPath: z.string().max(4096).optional(),
  rawQueryString: z.string().max(8192).optional(),
  headers: z.record(z.string(), z.string().max(16_384).optional()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
  requestContext: z.looseObject({
    http: z.looseObject({
      method: z.string().max(16),
      path: z.string().max(4096).optional(),
      sourceIp: z.string().max(64).optional(),
    }),
    /** Set by API Gateway on IAM-authorized routes (the dashboard): who signed the request. */
    authorizer: z.looseObject({ iam: z.looseObject({ userArn: z.string().max(2048).optional() }).optional() }).optional(),
  }),
});

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: Buffer;
  sourceIp: string;
  /** The IAM identity that signed the request (IAM-authorized routes only). */
  iamUserArn?: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'HttpError';
  }
}

/** Responses are small; bodies above this are refused before any parsing. */
export const DEFAULT_MAX_BODY = 64 * 1024;

export function parseEvent(event: unknown, maxBody = DEFAULT_MAX_BODY): HttpRequest {
  const parsed = HttpEvent.safeParse(event);
  if (!parsed.success) throw new HttpError(400, 'malformed-request');
  const e = parsed.data;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.headers ?? {})) if (typeof v === 'string') headers[k.toLowerCase()] = v;
  const raw = e.body ?? '';
  // A cheap bound before decoding: base64 is 4/3 of the bytes.
  if (raw.length > (e.isBase64Encoded ? Math.ceil((maxBody * 4) / 3) + 4 : maxBody * 4)) throw new HttpError(413, 'body-too-large');
  const body = e.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (body.length > maxBody) throw new HttpError(413, 'body-too-large');
  let path = e.rawPath ?? e.requestContext.http.path ?? '/';
  if (!path.startsWith('/')) path = `/${path}`;
  return {
    method: e.requestContext.http.method.toUpperCase(),
    path,
    query: new URLSearchParams(e.rawQueryString ?? ''),
    headers,
    body,
    sourceIp: e.requestContext.http.sourceIp ?? 'unknown',
    ...(e.requestContext.authorizer?.iam?.userArn ? { iamUserArn: e.requestContext.authorizer.iam.userArn } : {}),
  };
}

export function mediaType(req: HttpRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Form fields from application/x-www-form-urlencoded or multipart/form-data (text fields only). */
export function formFields(req: HttpRequest): URLSearchParams {
  const type = mediaType(req);
  if (type === 'application/x-www-form-urlencoded' || type === '') return new URLSearchParams(req.body.toString('utf8'));
  if (type === 'multipart/form-data') return multipartFields(req.headers['content-type'] ?? '', req.body);
  throw new HttpError(415, 'unsupported-media-type');
}

function multipartFields(contentType: string, body: Buffer): URLSearchParams {
  const m = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new HttpError(400, 'multipart-without-boundary');
  const out = new URLSearchParams();
  const text = body.toString('latin1');
  for (const part of text.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined || /filename=/i.test(head)) continue;
    const value = part.slice(split + 4).replace(/\r\n$/, '');
    out.append(name, Buffer.from(value, 'latin1').toString('utf8'));
  }
  return out;
}

export function jsonBody(req: HttpRequest): unknown {
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid-json');
  }
}

/** The sha256-<base64> CSP source of an inline script or style. */
export function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

export interface PageAssets {
  scripts?: readonly string[];
  styles?: readonly string[];
  /** Another origin the page may load pictures from (the image host). */
  imageOrigin?: string;
}

/** Headers on every answer: no caching (links carry tokens), no framing, no referrer, no sniffing. */
export function securityHeaders(assets: PageAssets = {}): Record<string, string> {
  const scripts = (assets.scripts ?? []).map(cspHash).join(' ');
  const styles = (assets.styles ?? []).map(cspHash).join(' ');
  return {
    'content-security-policy': [
      "default-src 'none'",
      `script-src ${scripts || "'none'"}`,
      `style-src ${styles || "'none'"}`,
      `img-src 'self' data:${assets.imageOrigin ? ` ${assets.imageOrigin}` : ''}`,
      "form-action 'self'",
      "connect-src 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'cache-control': 'no-store',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    'cross-origin-opener-policy': 'same-origin',
  };
}

export function htmlResponse(status: number, body: string, assets: PageAssets = {}, extra: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: { ...securityHeaders(assets), 'content-type': 'text/html; charset=utf-8', ...extra },
    body,
  };
}

export function jsonResponse(status: number, value: unknown, extra: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: { ...securityHeaders(), 'content-type': 'application/json; charset=utf-8', ...extra },
    body: JSON.stringify(value),
  };
}

export function textResponse(status: number, body: string, contentType = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): HttpResult {
  return { statusCode: status, headers: { ...securityHeaders(), 'content-type': contentType, ...extra }, body };
}

/** Provider outages are 503 (retry later); anything else unexpected is a 500 with no detail. */
export function errorStatus(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof ProviderError) return err.kind === 'permanent' ? 502 : 503;
  return 500;
}

/**
 * Wraps a request handler: parses the event, maps errors in one place. Errors are logged by name and
 * code only; their messages may quote provider text with an address in it.
 */
export function httpHandler(
  handle: (req: HttpRequest) => Promise<HttpResult>,
  opts: { log?: Log; maxBody?: number; renderError?: (status: number, code: string, detail?: Record<string, unknown>) => HttpResult } = {},
): (event: unknown) => Promise<HttpResult> {
  const render = opts.renderError ?? ((status, code, detail) => jsonResponse(status, { error: code, ...(detail ?? {}) }));
  return async (event) => {
    let req: HttpRequest | undefined;
    try {
      req = parseEvent(event, opts.maxBody);
      const res = await handle(req);
      return req.method === 'HEAD' ? { ...res, body: '' } : res;
    } catch (err) {
      const status = errorStatus(err);
      if (err instanceof HttpError) {
        const res = render(status, err.code, err.detail);
        return { ...res, headers: { ...res.headers, ...err.headers } };
      }
      const code = err instanceof ProviderError ? err.code : ((err as Error)?.name ?? 'Error');
      opts.log?.error('request failed', { status, error: String(code).slice(0, 64), route: routeOf(req?.path) });
      return render(status, status === 500 ? 'internal-error' : 'service-unavailable');
    }
  };
}
