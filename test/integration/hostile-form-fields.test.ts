import { recordingLog } from '../support/recording-log';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/handlers/api';
import type { Store } from '../../functions/ports';
import { FORM, httpEvent, JSON_HEADERS, memoryFixture } from '../support/enrolment-fixture';

/** Prototype keys in sign-up bodies, and what the logs and counters say about a client's IP. */

const base = { channel: 'email', email: 'a@example.com', timezone: 'Europe/London', sendAt: '07:30', level: 'gentle', consent: true, healthConsent: true };

function api() {
  const keys: string[] = [];
  const logs: string[] = [];
  const f = memoryFixture();
  const store = new Proxy(f.ctx.store, {
    get(t, p, r) {
      if (p === 'consumeRateLimit') return (k: string, ...a: [number, number]) => (keys.push(k), t.consumeRateLimit(k, ...a));
      const v = Reflect.get(t, p, r) as unknown;
      return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(t) : v;
    },
  }) as Store;
  const handler = createApiHandler({
    ctx: { ...f.ctx, store },
    signupLimit: { max: 1, windowSeconds: 600 },
    log: recordingLog(logs),
  });
  return { handler, keys, logs };
}

describe('prototype keys are named in the 400', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('JSON field %s', async (key) => {
    const { handler } = api();
    const body = JSON.stringify(base).replace(/}$/, `,${JSON.stringify(key)}:"x"}`);
    const res = await handler(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body }));
    expect(res.statusCode).toBe(400);
    expect(Object.keys(JSON.parse(res.body!).fields)).toContain(key);
  });

  it.each(['constructor', '__proto__'])('form field %s', async (key) => {
    const { handler } = api();
    const form = new URLSearchParams({ ...base, consent: 'on', healthConsent: 'on', [key]: 'x' }).toString();
    const res = await handler(httpEvent('POST', '/signup', { headers: { ...FORM, accept: 'application/json' }, body: form }));
    expect(res.statusCode).toBe(400);
    expect(Object.keys(JSON.parse(res.body!).fields)).toContain(key);
  });
});

describe('the client IP reference is keyed with the pepper', () => {
  it('neither the counter key nor the log holds the unkeyed SHA-256 of the IP (reversible by enumerating IPs)', async () => {
    const { handler, keys, logs } = api();
    const ip = '198.51.100.23';
    for (let i = 0; i < 2; i++) await handler(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body: JSON.stringify(base), ip }));
    const unkeyed = createHash('sha256').update(ip).digest('hex').slice(0, 10);
    const signupKeys = keys.filter((k) => k.startsWith('signup#'));
    expect(signupKeys.length).toBe(2);
    expect(signupKeys.join()).not.toContain(unkeyed);
    expect(logs.join()).toMatch(/rate limited/);
    expect(logs.join()).not.toContain(unkeyed);
    expect(logs.join()).not.toContain(ip);
  });
});

describe('the bearer data link in every mail is short-lived', () => {
  it('a /data link older than 7 days is refused (410), a fresh one works', async () => {
    const { linkToken } = await import('../../functions/core/links');
    const { KEYS, T0 } = await import('../support/enrolment-fixture');
    const f = memoryFixture();
    const handler = createApiHandler({ ctx: f.ctx });
    const token = linkToken(KEYS, 'data', 's_AAAAAAAAAAAAAAAAAAAAAAAAAA', T0);
    expect((await handler(httpEvent('GET', `/data/${token}`))).statusCode).toBe(200);
    f.clock.advance(8 * 86_400_000);
    expect((await handler(httpEvent('GET', `/data/${token}`))).statusCode).toBe(410);
  });
});
