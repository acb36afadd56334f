import { describe, expect, it } from 'vitest';
import { readMail } from '../../functions/adapters/inbound-mail';
import { readStdinReply } from '../../cli/reply';
import { parseReply, type ParsedReply } from '../../functions/core/replies';
import { emailCases } from '../fixtures/replies/email-cases';
import { buildMail } from '../fixtures/replies/mime';
import { smsCases } from '../fixtures/replies/sms-cases';

/**
 * Our own corpus: replies built on the structure of real mail and phone clients (test/fixtures/replies),
 * each with the answer the written rules give. Email goes in as raw MIME through the one reader the
 * inbound handler and `limber reply` share. Accuracy is reported per class and must be 100 %.
 */

interface Expected {
  intent: string;
  score?: number;
  redFlag: boolean;
  urgent: boolean;
}

function expected(spec: string): Expected {
  const [intent, ...rest] = spec.split(' ');
  const score = rest[0] !== undefined && /^\d+$/.test(rest[0]) ? Number(rest[0]) : undefined;
  const urgent = rest.includes('urgent');
  return { intent: intent!, ...(score !== undefined ? { score } : {}), redFlag: urgent || rest.includes('flag'), urgent };
}

const actual = (r: ParsedReply): Expected => ({ intent: r.intent, ...(r.score !== undefined ? { score: r.score } : {}), redFlag: r.redFlag, urgent: r.urgent });

/** The class a case is counted in: its intent, and red flag or not. */
const classOf = (e: Expected) => `${e.intent}${e.redFlag ? (e.urgent ? ' + urgent flag' : ' + flag') : ''}`;

interface Row {
  channel: 'sms' | 'email';
  label: string;
  client: string;
  want: Expected;
  got: Expected;
}

async function readAll(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of smsCases()) {
    rows.push({ channel: 'sms', label: c.text.slice(0, 60), client: c.client, want: expected(c.expect), got: actual(parseReply(c.text, 'sms')) });
  }
  let n = 0;
  for (const c of emailCases()) {
    const raw = buildMail(c, ++n);
    const { reply } = await readMail(raw);
    rows.push({ channel: 'email', label: `${c.client}/${c.lang}: ${c.body.slice(0, 50)}`, client: c.client, want: expected(c.expect), got: actual(reply) });
  }
  return rows;
}

function report(rows: Row[], key: (r: Row) => string): string[] {
  const groups = new Map<string, { ok: number; all: number }>();
  for (const r of rows) {
    const g = groups.get(key(r)) ?? { ok: 0, all: 0 };
    g.all++;
    if (JSON.stringify(r.got) === JSON.stringify(r.want)) g.ok++;
    groups.set(key(r), g);
  }
  return [...groups].sort().map(([k, g]) => `${k.padEnd(34)} ${String(g.ok).padStart(4)}/${String(g.all).padEnd(4)} ${((100 * g.ok) / g.all).toFixed(1)} %`);
}

describe('reply corpus (own cases on the structure of real clients)', () => {
  it('has at least 300 replies, SMS and email, from every client family and language', async () => {
    const sms = smsCases();
    const email = emailCases();
    expect(sms.length + email.length).toBeGreaterThanOrEqual(300);
    expect(new Set(email.map((c) => c.client)).size).toBe(10);
    expect(new Set(email.map((c) => c.lang))).toEqual(new Set(['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'da', 'sv', 'nb', 'fi']));
    expect(new Set(sms.map((c) => c.client)).size).toBe(4);
  });

  it('reads every reply as the written rules say: 100 % in every class', async () => {
    const rows = await readAll();
    const lines = [
      `${rows.length} replies (${rows.filter((r) => r.channel === 'sms').length} SMS, ${rows.filter((r) => r.channel === 'email').length} email)`,
      '-- by expected class',
      ...report(rows, (r) => `${r.channel} ${classOf(r.want)}`),
      '-- by client',
      ...report(rows, (r) => r.client),
    ];
    console.log(lines.join('\n'));
    const wrong = rows
      .filter((r) => JSON.stringify(r.got) !== JSON.stringify(r.want))
      .map((r) => `${r.label} -> ${JSON.stringify(r.got)}, want ${JSON.stringify(r.want)}`);
    expect(wrong).toEqual([]);
  });

  it('`limber reply` reads the same raw mail to the same answer as the inbound handler (headers included)', async () => {
    const sample = emailCases().filter((_, i) => i % 7 === 0 || _.headers?.length || _.subject);
    for (const [i, c] of sample.entries()) {
      const raw = buildMail(c, i);
      expect(await readStdinReply('email', Buffer.from(raw)), c.body).toEqual((await readMail(raw)).reply);
    }
  });
});
