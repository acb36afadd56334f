import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { TWILIO_SID, TWILIO_TOKEN } from './fixtures';

/**
 * POST /signup and the Twilio inbound webhook under autocannon at a fixed concurrency. The server
 * side (test/bench/http-server.ts) runs in a child process; the load generator runs here.
 */

export interface HttpRun {
  name: string;
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  status: { '2xx': number; '429': number; other: number; errors: number; timeouts: number };
}

async function cannon(name: string, opts: autocannon.Options): Promise<HttpRun> {
  const r = await autocannon(opts);
  const counts = { '2xx': r['2xx'], '429': 0, other: 0, errors: r.errors, timeouts: r.timeouts };
  for (const [code, n] of Object.entries(r.statusCodeStats ?? {})) {
    if (code === '429') counts['429'] += (n as { count: number }).count;
    else if (!code.startsWith('2')) counts.other += (n as { count: number }).count;
  }
  return {
    name,
    connections: opts.connections ?? 10,
    durationS: Number(opts.duration ?? 5),
    requests: r.requests.total,
    requestsPerSecond: r.requests.average,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    status: counts,
  };
}

export async function benchHttp(opts: { durationS?: number; connections?: number } = {}): Promise<HttpRun[]> {
  const duration = opts.durationS ?? 5;
  const connections = opts.connections ?? 10;
  const script = fileURLToPath(new URL('./http-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '500'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (c: Buffer) => stderr.push(c.toString()));
  try {
    const ready = await new Promise<{ url: string; smsNumbers: string[] }>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', (l) => resolve(JSON.parse(l)));
      child.once('exit', (code) => reject(new Error(`bench server exited (${code}): ${stderr.join('').slice(-2000)}`)));
    });
    const runs: HttpRun[] = [];
    let n = 0;
    const signupBody = (i: number) =>
      JSON.stringify({
        channel: 'email',
        email: `signup.${i}@example.com`,
        timezone: 'Europe/London',
        sendAt: '07:30',
        level: 'gentle',
        consent: true,
        healthConsent: true,
      });
    const base = { url: ready.url, connections, duration, method: 'POST' as const };

    // Each request from its own client address: every sign-up is accepted (202).
    runs.push(
      await cannon('POST /signup (one IP per request)', {
        ...base,
        url: `${ready.url}/signup`,
        requests: [
          {
            setupRequest: (req) => {
              const i = n++;
              return {
                ...req,
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
                body: signupBody(i),
              };
            },
          },
        ],
      }),
    );
    // One client address: the per-IP limit (20 per 10 minutes) answers 429 after the first 20.
    runs.push(
      await cannon('POST /signup (one IP, rate-limited)', {
        ...base,
        url: `${ready.url}/signup`,
        duration: Math.max(2, Math.round(duration / 2)),
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.10' },
              body: signupBody(n++),
            }),
          },
        ],
      }),
    );

    // Twilio's webhook: real signatures over the configured URL, replies from known subscribers.
    const webhookUrl = `${ready.url}/twilio/inbound`;
    const texts = ['7', '3/10', 'pain 5', 'four', 'HELP', 'Did the walk, skipped the bridge', '8 out of 10', '2', 'six today', 'thanks!'];
    const signed = Array.from({ length: 2_000 }, (_, i) => {
      const params = {
        AccountSid: TWILIO_SID,
        MessageSid: `SM${String(i).padStart(32, '0')}`,
        From: ready.smsNumbers[i % ready.smsNumbers.length]!,
        To: '+15005550006',
        Body: texts[i % texts.length]!,
        NumMedia: '0',
        NumSegments: '1',
      };
      return { body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(TWILIO_TOKEN, webhookUrl, params) };
    });
    let k = 0;
    runs.push(
      await cannon('POST /twilio/inbound (signed)', {
        ...base,
        url: webhookUrl,
        requests: [
          {
            setupRequest: (req) => {
              const s = signed[k++ % signed.length]!;
              return {
                ...req,
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': s.signature },
                body: s.body,
              };
            },
          },
        ],
      }),
    );
    return runs;
  } finally {
    child.kill('SIGTERM');
  }
}
