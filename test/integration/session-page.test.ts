import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionLinkFor, linkToken } from '../../functions/core/links';
import { frameViews } from '../../functions/core/illustrations';
import { dayPlan, loadProgram } from '../../functions/core/program';
import { createApiHandler } from '../../functions/handlers/api';
import type { Store } from '../../functions/ports';
import { startLambdaHttp, type RunningLambdaHttp } from '../../local/lambda-http';
import { KEY_B, KEYS, makeContext } from '../support/enrolment-fixture';

/**
 * GET /session/<token>: the day's exercises with their pictures and steps, over real HTTP against
 * the api handler. The page reads and writes nothing: its store throws on every call.
 */

const IMAGES = 'https://img.limber.example/illustrations/';
const program = loadProgram();
const untouchable = new Proxy({} as Store, {
  get: (_t, name) => () => {
    throw new Error(`the session page must not touch the store (${String(name)})`);
  },
});

let api: RunningLambdaHttp;
let bare: RunningLambdaHttp;
beforeAll(async () => {
  const { ctx } = makeContext(untouchable, { linkKeys: [...KEYS, KEY_B] });
  api = await startLambdaHttp({ routes: [{ prefix: '/', handler: createApiHandler({ ctx, imageBaseUrl: IMAGES }) as never }] });
  bare = await startLambdaHttp({ routes: [{ prefix: '/', handler: createApiHandler({ ctx }) as never }] });
});
afterAll(async () => {
  await api?.close();
  await bare?.close();
});

const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe("today's session page", () => {
  it('shows every exercise of the day with both pictures (1x and 2x, alt text, fixed size) and its steps beside them', async () => {
    const res = await fetch(sessionLinkFor(KEYS, api.url, 'moderate', 8));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("img-src 'self' data: https://img.limber.example");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    const html = decode(await res.text());
    expect(html).toContain('Day 8 of 42');
    const items = dayPlan('moderate', 8, program).items;
    expect(items.length).toBeGreaterThan(2);
    for (const item of items) {
      expect(html).toContain(item.exercise.name);
      for (const step of item.exercise.steps) expect(html).toContain(`<li>${step}</li>`);
      for (const v of frameViews(item.exercise, program.illustrations[item.exercise.id]!)) {
        expect(html).toContain(`<img src="${IMAGES}${v.file}" srcset="${IMAGES}${v.file2x} 2x" width="260" height="160" alt="${v.alt}"`);
      }
    }
    expect(html).not.toContain('<form');
  });

  it('answers HEAD like GET, refuses POST (it records nothing), and refuses a forged, altered or foreign token', async () => {
    const url = sessionLinkFor(KEYS, api.url, 'gentle', 2);
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    const post = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(sessionLinkFor([KEY_B], api.url, 'gentle', 2))).status).toBe(200); // a second key verifies
    expect((await fetch(url.replace('/g2.', '/g3.'))).status).toBe(404);
    expect((await fetch(sessionLinkFor([{ id: 'x', secret: 'x'.repeat(40) }], api.url, 'gentle', 2))).status).toBe(404);
    // A full link token of another action is no session token.
    expect((await fetch(`${api.url}/session/${linkToken(KEYS, 'data', 's_someone0123456789', 0)}`)).status).toBe(404);
  });

  it('says a rest day is a rest day, and shows the steps without pictures when no image host is set', async () => {
    const restDay = Array.from({ length: 42 }, (_, i) => i + 1).find((d) => dayPlan('gentle', d, program).session === 'rest')!;
    const rest = await (await fetch(sessionLinkFor(KEYS, api.url, 'gentle', restDay))).text();
    expect(rest).toMatch(/Rest day/);
    const plain = await (await fetch(sessionLinkFor(KEYS, bare.url, 'active', 20))).text();
    expect(plain).not.toContain('<img');
    for (const step of dayPlan('active', 20, program).items[0]!.exercise.steps) expect(decode(plain)).toContain(step);
  });

  it("shows each exercise in the link's band: the variant's name, what changes and its own steps; an unknown band is a 400 naming the field", async () => {
    const url = sessionLinkFor(KEYS, api.url, 'moderate', 8, 'chair');
    expect(url).toMatch(/\?band=chair$/);
    const html = decode(await (await fetch(url)).text());
    const written = dayPlan('moderate', 8, program).items;
    const chair = dayPlan('moderate', 8, program, 'chair').items;
    expect(chair.some((item) => item.form.variant)).toBe(true);
    chair.forEach((item, i) => {
      expect(html).toContain(item.exercise.name);
      for (const step of item.exercise.steps) expect(html).toContain(`<li>${step}</li>`);
      if (!item.form.variant) return;
      expect(html).toContain(item.form.variant.change);
      // The written form's steps are not shown in its place.
      for (const step of written[i]!.exercise.steps.filter((s) => !item.exercise.steps.includes(s))) expect(html).not.toContain(`<li>${step}</li>`);
    });
    const bad = await fetch(`${sessionLinkFor(KEYS, api.url, 'moderate', 8)}?band=floor`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/band: must be one of chair, easier, standard or fuller/);
  });
});
