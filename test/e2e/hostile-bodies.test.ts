import { startTestStack } from '../support/test-stack';
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';

/**
 * Generated hostile bodies (huge, deeply nested, odd encodings, prototype keys, wrong media types)
 * posted over real HTTP to every public route of the local stack: no 5xx, no crash, memory bounded.
 */

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack(Date.parse('2026-03-02T09:00:00Z'));
}, 60_000);
afterAll(() => stack?.stop());

const API_ROUTES = [
  '/',
  '/signup',
  '/confirm/x.y',
  '/rate/x.y?score=3',
  '/unsubscribe/abc',
  '/pause/abc',
  '/resume/abc',
  '/data/abc',
  '/twilio/inbound',
  '/twilio/status',
  '/dashboard',
  '/nope',
];
const PAGE_ROUTES = ['/phone/send', '/mail/reply', '/clock/advance', '/clock'];
const PROTO = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const protoJson = fc
  .array(fc.tuple(fc.constantFrom(...PROTO, 'channel', 'email', 'phone', 'consent'), fc.jsonValue({ maxDepth: 3 })), { maxLength: 6 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
const body = fc.oneof(
  protoJson.map((b) => Buffer.from(b)),
  fc.integer({ min: 10, max: 100_000 }).map((d) => Buffer.from(nested(d))),
  fc.integer({ min: 10, max: 5_000 }).map((d) => Buffer.from(`${'{"a":'.repeat(d)}1${'}'.repeat(d)}`)),
  fc.integer({ min: 64 * 1024, max: 3 * 1024 * 1024 }).map((n) => Buffer.alloc(n, 0x41)),
  fc.uint8Array({ maxLength: 4096 }).map((a) => Buffer.from(a)),
  fc
    .array(fc.tuple(fc.constantFrom(...PROTO, 'Body', 'From', 'MessageSid', 'score', 'action'), fc.string({ maxLength: 50 })), { maxLength: 8 })
    .map((pairs) => Buffer.from(pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'))),
  fc.constant(Buffer.from('%E0%A4%A&%ZZ=%%%&a[b][c]=1&=&&&', 'latin1')),
  fc.constant(Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3, 0x28])),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'multipart/form-data',
  'text/xml',
  'application/octet-stream',
  '',
);

function post(base: string, path: string, ct: string, payload: Buffer, method: string): Promise<number> {
  const u = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method,
        headers: { ...(ct ? { 'content-type': ct } : {}), 'x-twilio-signature': 'AAAA' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? resolve(413) : reject(err)));
    req.end(payload);
  });
}

describe('hostile bodies on every public route', () => {
  it('never a 5xx, never a crash, memory bounded', async () => {
    const statuses = new Map<number, number>();
    const heapStart = process.memoryUsage().heapUsed;
    let heapMax = heapStart;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(...API_ROUTES).map((p) => ['api', p] as const),
          fc.constantFrom(...PAGE_ROUTES).map((p) => ['pages', p] as const),
        ),
        contentType,
        body,
        fc.constantFrom('POST', 'POST', 'PUT', 'GET'),
        async ([server, path], ct, payload, method) => {
          const base = server === 'api' ? stack.urls.api : new URL(stack.urls.phone).origin;
          const status = await post(base, path, ct, method === 'GET' ? Buffer.alloc(0) : payload, method);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
          expect(status, `${method} ${server}${path} ${ct}`).toBeGreaterThanOrEqual(200);
          expect(status, `${method} ${server}${path} ${ct}`).toBeLessThan(500);
        },
      ),
      { numRuns: 150, seed: 18 },
    );
    // Still alive and answering after the storm.
    expect(await post(stack.urls.api, '/', '', Buffer.alloc(0), 'GET')).toBe(200);
    expect(heapMax - heapStart).toBeLessThan(300 * 1024 * 1024);
    console.info('hostile bodies: statuses', JSON.stringify(Object.fromEntries(statuses)), 'heap growth MB', Math.round((heapMax - heapStart) / 1048576));
  }, 180_000);
});
