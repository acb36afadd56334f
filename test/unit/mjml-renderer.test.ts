import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mjml2html from 'mjml';
import { describe, expect, it } from 'vitest';
import { compileMjml, layoutPath, MjmlRenderer, mjmlCompileCount, type CompileMjml } from '../../functions/adapters/mjml-renderer';
import { parseTemplate } from '../../functions/adapters/html-template';
import type { MessageKind, MessageLinks, RenderRequest } from '../../functions/core/messages';
import { Level, PROGRAM_DAYS } from '../../functions/core/model';

function linksFor(token: string): MessageLinks {
  return {
    rate: (n) => `https://limber.example/r/${token}?score=${n}&v=1`,
    unsubscribe: `https://limber.example/u/${token}`,
    myData: `https://limber.example/me/${token}`,
    pauseResume: `https://limber.example/p/${token}`,
    confirm: `https://limber.example/c/${token}`,
  };
}

const summary = {
  week: 3,
  average: 3.2,
  previousAverage: 4,
  days: [
    { day: 15, score: 0 },
    { day: 16, score: 10 },
    { day: 17, score: null },
  ],
};

function request(i: number, kind: MessageKind = 'daily'): RenderRequest {
  return {
    kind,
    channel: 'email',
    level: Level.options[i % 3]!,
    programDay: (i % PROGRAM_DAYS) + 1,
    links: linksFor(`sub-${i}`),
    summary: kind === 'summary' ? summary : undefined,
  };
}

describe('MJML layouts', () => {
  it.each(['daily', 'notice'] as const)('%s.mjml compiles with validationLevel strict and no errors', async (layout) => {
    const source = await readFile(layoutPath(layout), 'utf8');
    const result = await mjml2html(source, { validationLevel: 'strict' });
    expect(result.errors).toEqual([]);
    expect(result.html).toContain('<!doctype html>');
    expect(result.html).toMatch(/@media only screen and \(min-width:480px\)/); // responsive columns
    expect(result.html).not.toMatch(/fonts\.googleapis/); // no web-font request
  });

  it('a layout with an MJML error fails loudly instead of sending', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'limber-mjml-'));
    try {
      await writeFile(path.join(dir, 'daily.mjml'), '<mjml><mj-body><mj-text>no column</mj-text></mj-body></mjml>');
      const renderer = new MjmlRenderer({ templatesDir: dir });
      await expect(renderer.render(request(0))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('compile once, personalise many', () => {
  it('personalising 100 messages makes no extra mjml2html call (injected compile)', async () => {
    let calls = 0;
    const counting: CompileMjml = (source, options) => {
      calls += 1;
      return compileMjml(source, options);
    };
    const renderer = new MjmlRenderer({ compile: counting });
    await renderer.render(request(0));
    expect(calls).toBe(1);
    const daily = await Promise.all(Array.from({ length: 100 }, (_, i) => renderer.render(request(i + 1))));
    expect(calls).toBe(1);
    expect(new Set(daily.map((m) => m.html)).size).toBe(100);
    const kinds: MessageKind[] = ['confirmation', 'closing', 'safety', 'safetyUrgent', 'summary'];
    await Promise.all(Array.from({ length: 100 }, (_, i) => renderer.render(request(i, kinds[i % kinds.length]))));
    expect(calls).toBe(2); // one per layout, ever
    // A second renderer with the same compile shares the module cache.
    await new MjmlRenderer({ compile: counting }).render(request(7));
    expect(calls).toBe(2);
  });

  it('the default renderer counts mjml2html calls too', async () => {
    const renderer = new MjmlRenderer();
    await renderer.warm();
    const before = mjmlCompileCount();
    for (let i = 0; i < 100; i++) await renderer.render(request(i, i % 2 ? 'daily' : 'summary'));
    expect(mjmlCompileCount()).toBe(before);
  });
});

describe('personalised email', () => {
  const renderer = new MjmlRenderer();

  it.each(Level.options)('%s: 11 rating buttons, unsubscribe and my-data links, nothing left unfilled', async (level) => {
    const req = { ...request(0), level, programDay: 12 };
    const m = await renderer.render(req);
    const html = m.html!;
    for (let n = 0; n <= 10; n++) {
      // & in the URL is escaped in the attribute, as HTML requires.
      expect(html).toContain(`href="https://limber.example/r/sub-0?score=${n}&amp;v=1"`);
    }
    expect(html).toContain('href="https://limber.example/u/sub-0"');
    expect(html).toContain('href="https://limber.example/me/sub-0"');
    expect(html).toContain('href="https://limber.example/p/sub-0"');
    expect(html).not.toMatch(/\{\{|\}\}/);
    expect(m.subject).toMatch(/^Day 12 of 42: /);
    expect(m.text).toContain('How is your back today?');
  });

  it('escapes values and drops the note block when there is no note', async () => {
    const withNote = await renderer.render({ ...request(1), note: '<b>Repeat</b> "this" week & rest' });
    expect(withNote.html).toContain('&lt;b&gt;Repeat&lt;/b&gt; &quot;this&quot; week &amp; rest');
    expect(withNote.html).not.toContain('<b>Repeat</b>');
    const without = await renderer.render(request(1));
    expect(without.html).not.toContain('Repeat');
    expect(without.html!.length).toBeLessThan(withNote.html!.length);
  });

  it('refuses a link that is not http(s)', async () => {
    const req = request(2);
    await expect(renderer.render({ ...req, links: { ...req.links, unsubscribe: 'javascript:alert(1)' } })).rejects.toThrow(/links\.unsubscribe/);
  });

  it('drops the pause link from the footer when there is none', async () => {
    const { pauseResume: _p, ...links } = linksFor('x');
    const m = await renderer.render({ ...request(3), links });
    expect(m.html).not.toContain('Pause or resume');
    expect(m.html).toContain('Unsubscribe');
  });

  it('summary: the chart is table bars sized in percent', async () => {
    const m = await renderer.render(request(0, 'summary'));
    expect(m.html).toContain('<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td height="14" bgcolor="#2f6f6a"');
    expect(m.html).toContain('no reply');
    expect(m.subject).toBe('Week 3: your pain scores');
  });

  it('SMS goes through the renderer without MJML', async () => {
    const before = mjmlCompileCount();
    const m = await new MjmlRenderer().render({ ...request(0), channel: 'sms' });
    expect(m.html).toBeUndefined();
    expect(m.subject).toBeUndefined();
    expect(m.text.endsWith('Reply 0-10 for pain, STOP to end')).toBe(true);
    expect(mjmlCompileCount()).toBe(before);
  });
});

describe('html-template', () => {
  it('escapes {{x}}, keeps {{{x}}}, honours if-blocks, and refuses holes', () => {
    const t = parseTemplate('<a href="{{u}}">{{{f}}}</a><!--{{#if n}}-->[{{n}}]<!--{{/if n}}-->');
    expect(t.render({ u: 'https://x/?a=1&b="2"', f: '<i>ok</i>', n: '' })).toBe('<a href="https://x/?a=1&amp;b=&quot;2&quot;"><i>ok</i></a>');
    expect(t.render({ u: 'u', f: '', n: "it's" })).toBe('<a href="u"></a>[it&#39;s]');
    expect(() => t.render({ f: '' })).toThrow(/no value for "u"/);
    expect(() => parseTemplate('<!--{{#if a}}-->')).toThrow(/never closed/);
  });
});

describe('daily emails rendered once per level and day', () => {
  const links = (id: string, pause = true) => ({
    rate: (n: number) => `https://limber.example/rate/${id}.tok?score=${n}&x=1`,
    unsubscribe: `https://limber.example/unsubscribe/${id}`,
    myData: `https://limber.example/data/${id}`,
    pauseResume: pause ? `https://limber.example/pause/${id}` : undefined,
  });

  it('fills each message its own links, byte for byte as a full render would', async () => {
    const cached = new MjmlRenderer();
    const reference = new MjmlRenderer();
    for (const [level, day, pause, note] of [
      ['gentle', 1, true, undefined],
      ['moderate', 17, false, undefined],
      ['active', 42, true, 'We are repeating this week.'],
      ['gentle', 1, true, undefined],
      ['gentle', 1, false, undefined],
    ] as const) {
      for (const id of ['a1', 'b2']) {
        const req = { kind: 'daily' as const, channel: 'email' as const, level, programDay: day, links: links(id, pause), note };
        const got = await cached.render(req);
        const want = await (reference as unknown as { composeAndFill(r: typeof req): Promise<unknown> }).composeAndFill(req);
        expect(got).toEqual(want);
        expect(got.html).toContain(`https://limber.example/unsubscribe/${id}`);
        expect(got.html).not.toContain('limber.invalid');
        expect(got.text).not.toContain('limber.invalid');
      }
    }
  });

  it('still refuses a link that is not http(s)', async () => {
    const r = new MjmlRenderer();
    const bad = { ...links('c3'), unsubscribe: 'javascript:alert(1)' };
    await expect(r.render({ kind: 'daily', channel: 'email', level: 'gentle', programDay: 2, links: bad })).rejects.toThrow(/links.unsubscribe/);
  });
});

describe('rating links that share a prefix', () => {
  it('renders exactly as with the per-score function, and messageLinksFor keeps its promise', async () => {
    const { messageLinksFor, parseLinkKeys } = await import('../../functions/core/links');
    const keys = parseLinkKeys(JSON.stringify([{ id: 'k1', secret: 'p'.repeat(40) }]));
    const links = messageLinksFor(keys, 'https://limber.example', 's_prefixcase0123456789abcd', 5, Date.parse('2026-03-05T07:00:00Z'));
    for (let n = 0; n <= 10; n++) expect(links.rate(n)).toBe(`${links.ratePrefix}${n}`);
    const req = { kind: 'daily' as const, channel: 'email' as const, level: 'moderate' as const, programDay: 5, links };
    const fast = await new MjmlRenderer().render(req);
    const { ratePrefix: _unused, ...withoutPrefix } = links;
    const slow = await new MjmlRenderer().render({ ...req, links: withoutPrefix });
    expect(fast).toEqual(slow);
    // A prefix that does not match the function is not trusted.
    const lying = await new MjmlRenderer().render({ ...req, links: { ...links, ratePrefix: 'https://evil.example/?s=' } });
    expect(lying).toEqual(slow);
  });
});

describe('layouts precompiled when a bundle is built (no MJML in the Lambdas)', () => {
  it('renders every kind byte for byte as a run-time compile, and never calls MJML', async () => {
    const { precompileEmailLayouts } = await import('../../infra/precompile-email-layouts');
    const dir = await mkdtemp(path.join(tmpdir(), 'limber-precompiled-'));
    try {
      const written = await precompileEmailLayouts(path.dirname(layoutPath('daily')), dir);
      expect(written.map((f) => path.basename(f)).sort()).toEqual(['daily.html', 'notice.html']);
      const refuse: CompileMjml = async () => {
        throw new Error('MJML called although the layout was precompiled');
      };
      const bundled = new MjmlRenderer({ templatesDir: dir, compile: refuse });
      const runtime = new MjmlRenderer();
      for (const kind of ['daily', 'confirmation', 'closing', 'safety', 'safetyUrgent', 'summary'] as const) {
        for (const i of [0, 1, 2, 41]) expect(await bundled.render(request(i, kind))).toEqual(await runtime.render(request(i, kind)));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a bundle without its precompiled layout fails loudly rather than reaching for MJML', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'limber-precompiled-'));
    try {
      const renderer = new MjmlRenderer({ templatesDir: dir });
      await expect(renderer.render(request(0))).rejects.toThrow(/daily\.mjml/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
