import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { loopbackNames, refusedForeign } from '../local/host-guard';
import { ROUTES } from '../functions/routes';

/**
 * The deployed dashboard routes require IAM (SigV4) authorization, which a browser cannot produce.
 * This proxy listens on 127.0.0.1 only, signs each GET /dashboard... request with YOUR AWS
 * credentials (the usual chain: AWS_PROFILE, SSO, env) and forwards it, so you can open
 * http://127.0.0.1:8787/dashboard in a browser. Your identity needs execute-api:Invoke on the API.
 *
 * It also forwards the dashboard's one write, POST /dashboard/escalations/move. SigV4 does not stop
 * cross-site request forgery here: this proxy would sign a post that another site's page makes the
 * browser send to 127.0.0.1. So a post is forwarded only when the browser says it came from this
 * proxy's own pages (Sec-Fetch-Site same-origin, or an Origin that is this proxy), and the handler
 * also requires the form's token, which is bound to your identity and which no other site can read.
 *
 *   npx tsx cli/dashboard-proxy.ts --url https://abc123.execute-api.eu-west-1.amazonaws.com
 */

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    region: { type: 'string' },
    port: { type: 'string', default: '8787' },
  },
});
if (!values.url) {
  console.error('usage: dashboard-proxy --url <PublicUrl output of the stack> [--region eu-west-1] [--port 8787]');
  process.exit(2);
}
const base = new URL(values.url);
const region = values.region ?? /execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(base.hostname)?.[1] ?? process.env.AWS_REGION;
if (!region) {
  console.error('dashboard-proxy: pass --region (it cannot be read from a custom domain)');
  process.exit(2);
}

/** SHA-256 / HMAC-SHA256 from node:crypto in the shape SignatureV4 expects. */
type Bytes = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (d: Bytes) =>
  typeof d === 'string' ? Buffer.from(d) : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

class Sha256 {
  private hash;
  constructor(private readonly secret?: Bytes) {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

const signer = new SignatureV4({ service: 'execute-api', region, credentials: defaultProvider(), sha256: Sha256 });

// DNS rebinding: only requests addressed to this proxy's own loopback names are signed and forwarded.
const names = loopbackNames(Number(values.port));

/** The browser's own word that this post comes from a page this proxy served. */
function sameOrigin(h: import('node:http').IncomingHttpHeaders): boolean {
  const site = h['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = h.origin;
  if (origin === undefined) return false;
  try {
    return names.includes(new URL(origin).host);
  } catch {
    return false;
  }
}

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.on('data', (c) => {
      s += c;
      if (s.length > 8192) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}

createServer(async (req, res) => {
  if (refusedForeign(req, res, names)) return;
  try {
    const target = new URL(req.url ?? '/', base);
    const move = req.method === 'POST' && target.pathname === ROUTES.dashboardEscalationMove;
    if ((req.method !== 'GET' && !move) || !target.pathname.startsWith('/dashboard')) {
      res.writeHead(404).end('only GET /dashboard... and POST /dashboard/escalations/move\n');
      return;
    }
    if (move && !sameOrigin(req.headers)) {
      res.writeHead(403).end('dashboard-proxy: a post from another site is not signed\n');
      return;
    }
    const body = move ? await readBody(req) : undefined;
    const headers: Record<string, string> = { host: target.host, ...(move ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) };
    const signed = await signer.sign({
      method: move ? 'POST' : 'GET',
      protocol: target.protocol,
      hostname: target.hostname,
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers,
      ...(body ? { body } : {}),
    });
    const upstream = await fetch(target, { method: move ? 'POST' : 'GET', headers: signed.headers as Record<string, string>, body, redirect: 'manual' });
    const location = upstream.headers.get('location');
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain', ...(location ? { location } : {}) });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  } catch (err) {
    res.writeHead(502).end(`dashboard-proxy: ${(err as Error).message}\n`);
  }
}).listen(Number(values.port), '127.0.0.1', () => {
  console.log(`dashboard: http://127.0.0.1:${values.port}/dashboard  (signed as your AWS identity, region ${region})`);
});
