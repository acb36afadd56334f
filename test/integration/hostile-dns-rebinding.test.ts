import { startTestStack } from '../support/test-stack';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { closer, listen } from '../../local/stand-ins';

/**
 * DNS rebinding: a page on attacker.example rebinds its own name to 127.0.0.1, so the browser sends
 * requests to our loopback servers with `Host: attacker.example:PORT` (and that Origin). Servers that
 * answer any Host hand the page subscriber data. Raw node:http requests, so we choose the headers.
 */

function raw(url: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}
const hostOf = (url: string) => new URL(url).host;
const portOf = (url: string) => new URL(url).port;

describe('the local stack answers only to its own host names', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startTestStack(Date.parse('2026-03-02T09:00:00Z'));
  }, 60_000);
  afterAll(() => stack?.stop());

  it.each(['dashboard', 'phone', 'mail', 'clock'] as const)('%s: a rebound Host is refused, its own host served', async (page) => {
    const url = stack.urls[page];
    const evil = await raw(url, { host: `attacker.example:${portOf(url)}` });
    expect(evil.status).toBe(403);
    expect(evil.body).not.toMatch(/<table|subscriber/i);
    expect((await raw(url, { host: hostOf(url) })).status).toBeLessThan(400);
    expect((await raw(url, { host: `localhost:${portOf(url)}` })).status).toBeLessThan(400);
  });

  it('a cross-site Origin is refused on a state-changing POST', async () => {
    const url = `${stack.urls.api}/signup`;
    const res = await raw(url, { host: hostOf(url), origin: 'http://attacker.example', 'content-type': 'application/json' }, 'POST');
    expect(res.status).toBe(403);
  });
});

describe('cli/dashboard-proxy.ts answers only to its own host names', () => {
  let upstream: Server;
  let upstreamUrl: string;
  let proxy: ChildProcess;
  let proxyUrl: string;
  let hits = 0;
  beforeAll(async () => {
    upstream = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'text/html' }).end('<table>subscriber data</table>');
    });
    upstreamUrl = `http://127.0.0.1:${await listen(upstream, 0, '127.0.0.1')}`;
    const probe = createServer();
    const port = await listen(probe, 0, '127.0.0.1');
    await closer(probe)();
    proxyUrl = `http://127.0.0.1:${port}`;
    // Node itself (not npx), so that kill() below stops the proxy rather than leaving it orphaned.
    proxy = spawn(process.execPath, ['--import', 'tsx', 'cli/dashboard-proxy.ts', '--url', upstreamUrl, '--region', 'us-east-1', '--port', String(port)], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_PROFILE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      proxy.stdout!.on('data', (d: Buffer) => d.toString().includes('dashboard:') && resolve());
      proxy.on('exit', (code) => reject(new Error(`proxy exited ${code}`)));
    });
  }, 60_000);
  afterAll(async () => {
    if (proxy && proxy.exitCode === null) {
      const exited = new Promise((done) => proxy.once('exit', done));
      proxy.kill();
      await exited;
    }
    await closer(upstream)();
  });

  it('a rebound Host gets 403 and nothing is forwarded; its own host is forwarded', async () => {
    const evil = await raw(`${proxyUrl}/dashboard`, { host: `attacker.example:${portOf(proxyUrl)}` });
    expect(evil.status).toBe(403);
    expect(hits).toBe(0);
    const ok = await raw(`${proxyUrl}/dashboard`, { host: hostOf(proxyUrl) });
    expect(ok.status).toBe(200);
    expect(hits).toBe(1);
    const origin = await raw(`${proxyUrl}/dashboard`, { host: hostOf(proxyUrl), origin: 'http://attacker.example' });
    expect(origin.status).toBe(403);
    expect(hits).toBe(1);
  });
});
