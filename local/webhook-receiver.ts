import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { Clock } from '../functions/ports';
import type { WebhookEndpoint } from '../functions/core/webhooks';

/**
 * The local stack's webhook receiver, on the pages server:
 *   POST /webhooks/receive/<endpoint id>   what a clinic's or CRM's receiver would be
 *   GET  /webhooks                         every delivery received, newest first, with its check
 * The check uses the Standard Webhooks library itself (sign and compare, as its verify does) with the
 * local clock for the 5-minute tolerance, so a fast local clock does not fail every delivery.
 */

export interface ReceivedWebhook {
  endpointId: string;
  id: string;
  timestamp: string;
  signatureValid: boolean;
  body: string;
  receivedAt: string;
}

const TOLERANCE_S = 5 * 60;

function checkStandardWebhook(secret: string, headers: Record<string, string | undefined>, body: string, nowMs: number): boolean {
  const id = headers['webhook-id'];
  const ts = Number(headers['webhook-timestamp']);
  const sig = headers['webhook-signature'];
  if (!id || !sig || !Number.isInteger(ts) || Math.abs(nowMs / 1000 - ts) > TOLERANCE_S) return false;
  const expected = new Webhook(secret).sign(id, new Date(ts * 1000), body);
  return sig.split(' ').includes(expected);
}

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function webhookReceiver(opts: { clock: Clock; endpoints: () => readonly WebhookEndpoint[]; max?: number }) {
  const received: ReceivedWebhook[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (raw += c));
      req.on('end', () => resolve(raw));
      req.on('error', reject);
    });

  /** Handles the route and returns true, or returns false for any other path. */
  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const m = /^\/webhooks\/receive\/([a-z0-9-]+)$/.exec(path);
    if (m && req.method === 'POST') {
      const body = await read(req);
      const endpoint = opts.endpoints().find((e) => e.id === m[1]);
      const headers = req.headers as Record<string, string | undefined>;
      const valid = endpoint ? checkStandardWebhook(endpoint.secret, headers, body, opts.clock.now()) : false;
      received.unshift({
        endpointId: m[1]!,
        id: headers['webhook-id'] ?? '',
        timestamp: headers['webhook-timestamp'] ?? '',
        signatureValid: valid,
        body,
        receivedAt: new Date(opts.clock.now()).toISOString(),
      });
      received.splice(opts.max ?? 200);
      res.writeHead(valid ? 204 : 401).end();
      return true;
    }
    if (path === '/webhooks.json' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
      return true;
    }
    return false;
  }

  /** The page body (the pages server wraps it in its layout). */
  function body(): string {
    const rows = received
      .map(
        (r) =>
          `<tr><td>${esc(r.receivedAt)}</td><td>${esc(r.endpointId)}</td><td><code>${esc(r.id)}</code></td><td>${r.signatureValid ? 'valid' : '<b>INVALID</b>'}</td><td><code>${esc(r.body)}</code></td></tr>`,
      )
      .join('');
    return `<h2>Webhooks received</h2><p>Deliveries to the local receiver, checked with the Standard Webhooks library. Payloads carry no address, phone number or score unless the endpoint turns that on.</p>
<table id="webhooks"><tr><th>received</th><th>endpoint</th><th>webhook-id</th><th>signature</th><th>body</th></tr>${rows || '<tr><td colspan="5">none yet</td></tr>'}</table>`;
  }

  return { route, body, received };
}
