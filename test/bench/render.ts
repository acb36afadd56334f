import { Bench } from 'tinybench';
import { compileMjml, MjmlRenderer } from '../../functions/adapters/mjml-renderer';
import { messageLinksFor, parseLinkKeys } from '../../functions/core/links';
import type { RenderRequest } from '../../functions/core/messages';
import { PROGRAM_DAYS } from '../../functions/core/model';
import { LINK_KEYS, T0 } from './fixtures';
import { LOCAL_BRAND } from '../../functions/core/brand';

/**
 * Per-message rendering, naive against ours, in one run:
 * - naive: mjml2html for every message (a renderer whose layout cache is always cold);
 * - ours: the layout compiled once per process, then a placeholder fill per message (MjmlRenderer);
 * both produce subject + HTML + text for a daily email. SMS has no MJML step: composing its text is
 * the whole cost, so there is no naive variant to compare.
 */

export interface RenderResult {
  naiveEmailUs: number;
  oursEmailUs: number;
  oursSmsUs: number;
  renderRatio: number;
  emailHtmlBytes: number;
  samples: { naiveEmail: number; oursEmail: number; oursSms: number };
  /** Rows for the printed table. */
  table: unknown[];
}

function requests(channel: 'email' | 'sms'): RenderRequest[] {
  const keys = parseLinkKeys(LINK_KEYS);
  const out: RenderRequest[] = [];
  for (let day = 1; day <= PROGRAM_DAYS; day++) {
    for (const level of ['gentle', 'moderate', 'active'] as const) {
      const links = messageLinksFor(keys, 'https://limber.example', 's_benchsubscriber0123456789ab', day, T0);
      out.push({ kind: 'daily', channel, level, programDay: day, links });
    }
  }
  return out;
}

export async function benchRender(opts: { timeMs?: number } = {}): Promise<RenderResult> {
  const email = requests('email');
  const sms = requests('sms');
  // With the exercise pictures (their URLs are part of each compiled day) and an operator's own
  // brand colour (swapped into the layout once, when it loads), as deployed.
  const brand = { ...LOCAL_BRAND, programName: 'Northside Back Care', colour: '#1d4ed8' };
  const ours = new MjmlRenderer({ imageBaseUrl: 'https://img.limber.example/illustrations/', brand });
  await ours.warm();
  const sample = await ours.render(email[0]!);
  let i = 0;
  let sink = 0;
  const bench = new Bench({ time: opts.timeMs ?? 2_000, warmupTime: 300, iterations: 20 });
  bench
    .add('render email, naive (mjml2html per message)', async () => {
      // A fresh compile function: the renderer's per-compile cache starts cold, so every call compiles.
      const naive = new MjmlRenderer({ compile: (source, o) => compileMjml(source, o) });
      const m = await naive.render(email[i++ % email.length]!);
      sink += m.html!.length;
    })
    .add('render email, ours (compiled once, filled)', async () => {
      const m = await ours.render(email[i++ % email.length]!);
      sink += m.html!.length + m.text.length;
    })
    .add('render SMS, ours', async () => {
      const m = await ours.render(sms[i++ % sms.length]!);
      sink += m.text.length;
    });
  await bench.run();
  if (sink === 0) throw new Error('render produced nothing');
  const us = (name: string) => {
    const r = bench.getTask(name)!.result;
    if (r.state !== 'completed') throw new Error(`${name}: ${r.state}`);
    return { us: r.latency.mean * 1000, n: r.latency.samplesCount };
  };
  const [naive, oursEmail, oursSms] = bench.tasks.map((t) => us(t.name));
  return {
    naiveEmailUs: naive!.us,
    oursEmailUs: oursEmail!.us,
    oursSmsUs: oursSms!.us,
    renderRatio: naive!.us / oursEmail!.us,
    emailHtmlBytes: sample.html!.length,
    samples: { naiveEmail: naive!.n, oursEmail: oursEmail!.n, oursSms: oursSms!.n },
    table: bench.table(),
  };
}
