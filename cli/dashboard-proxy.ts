import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { loopbackNames, refusedForeign } from '../local/host-guard';

/**
 * The deployed dashboard routes require IAM (SigV4) authorization, which a browser cannot produce.
 * This proxy listens on 127.0.0.1 only, signs each GET /dashboard... request with YOUR AWS
 * credentials (the usual chain: AWS_PROFILE, SSO, env) and forwards it, so you can open
 * http://127.0.0.1:8787/dashboard in a browser. Your identity needs execute-api:Invoke on the API.
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

createServer(async (req, res) => {
  if (refusedForeign(req, res, names)) return;
  try {
    const target = new URL(req.url ?? '/', base);
    if (req.method !== 'GET' || !target.pathname.startsWith('/dashboard')) {
      res.writeHead(404).end('only GET /dashboard...\n');
      return;
    }
    const signed = await signer.sign({
      method: 'GET',
      protocol: target.protocol,
      hostname: target.hostname,
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { host: target.host },
    });
    const upstream = await fetch(target, { headers: signed.headers as Record<string, string> });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  } catch (err) {
    res.writeHead(502).end(`dashboard-proxy: ${(err as Error).message}\n`);
  }
}).listen(Number(values.port), '127.0.0.1', () => {
  console.log(`dashboard: http://127.0.0.1:${values.port}/dashboard  (signed as your AWS identity, region ${region})`);
});
