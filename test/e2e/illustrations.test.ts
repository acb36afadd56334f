import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MjmlRenderer } from '../../functions/adapters/mjml-renderer';
import { sessionLinkFor } from '../../functions/core/links';
import { createApiHandler } from '../../functions/handlers/api';
import { MemoryStore } from '../../local/memory-store';
import { KEYS, makeContext } from '../support/enrolment-fixture';
import { dayPlan, loadProgram } from '../../functions/core/program';
import { exampleLinks } from '../../cli/preview';
import { pngNamed } from '../../local/illustration-png';
import { startLambdaHttp, type RunningLambdaHttp } from '../../local/lambda-http';
import { ILLUSTRATIONS } from '../../local/local-pages';
import { chromiumPresent, launchBrowser, type Browser } from '../support/browser';

/**
 * The daily email as a mail client shows it, and the session page an SMS links to, with images on and with images blocked (as Outlook and
 * many webmail clients start), at a phone's width and a desktop's. The pictures come over HTTP from
 * the same PNGs the local pages server serves. Screenshots: test-artifacts/illustrations/ (CI keeps them).
 */

if (!chromiumPresent) console.warn('illustration browser tests skipped: /usr/bin/chromium not found');
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'illustrations');
const WIDTHS = [390, 1280] as const;
const LEVEL = 'moderate';
const DAY = 8;
const program = loadProgram();
const items = () => dayPlan(LEVEL, DAY, program).items;

/** Serves the PNGs the way an image host does (immutable content-hashed names). */
async function pictures(event: APIGatewayProxyEventV2) {
  const file = event.rawPath.slice(ILLUSTRATIONS.length);
  const png = await pngNamed(file);
  if (!png) return { statusCode: 404, body: '' };
  return { statusCode: 200, headers: { 'content-type': 'image/png' }, body: png.toString('base64'), isBase64Encoded: true };
}

describe.skipIf(!chromiumPresent)('browser: the daily email with pictures on and blocked', () => {
  let host: RunningLambdaHttp;
  let html: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    host = await startLambdaHttp({ routes: [{ prefix: ILLUSTRATIONS, handler: pictures }] });
    const renderer = new MjmlRenderer({ imageBaseUrl: `${host.url}${ILLUSTRATIONS}` });
    html = (await renderer.render({ kind: 'daily', channel: 'email', level: LEVEL, programDay: DAY, links: exampleLinks(DAY) })).html!;
  });
  afterAll(() => host?.close());

  describe.each(WIDTHS)('%i px wide', (width) => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser({ viewport: { width, height: 900 } });
    });
    afterAll(() => browser?.close());

    it('with images on, every picture loads at its fixed size', async () => {
      const page = await browser.context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const imgs = page.locator('img');
      expect(await imgs.count()).toBe(items().length * 2);
      const loaded = await imgs.evaluateAll((els) => (els as HTMLImageElement[]).map((i) => ({ w: i.naturalWidth, done: i.complete, alt: i.alt })));
      for (const img of loaded) {
        expect(img.done).toBe(true);
        expect(img.w, img.alt).toBeGreaterThan(0);
      }
      // No picture is wider than the phone's screen.
      for (const box of await imgs.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) expect(box).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(ARTIFACTS, `email-images-on-${width}.png`), fullPage: true });
      await page.close();
    });

    it('with images blocked, the boxes keep their size, the alt text says what each shows, and every step is visible', async () => {
      const page = await browser.context.newPage();
      await page.route('**/*', (route) => (route.request().resourceType() === 'image' ? route.abort() : route.continue()));
      await page.setContent(html, { waitUntil: 'load' });
      const imgs = page.locator('img');
      const shown = await imgs.evaluateAll((els) =>
        (els as HTMLImageElement[]).map((i) => ({ w: i.naturalWidth, alt: i.alt, box: i.getBoundingClientRect() })),
      );
      expect(shown).toHaveLength(items().length * 2);
      for (const img of shown) {
        expect(img.w).toBe(0);
        expect(img.alt.length).toBeGreaterThan(20);
        expect(img.box.height).toBeGreaterThan(100);
        expect(img.box.width).toBeGreaterThan(200);
      }
      for (const item of items()) {
        const ill = program.illustrations[item.exercise.id]!;
        expect(shown.some((i) => i.alt.includes(item.exercise.steps[ill.start.step - 1]!))).toBe(true);
        for (const step of item.exercise.steps) await expect(page.getByText(step, { exact: true }).first().isVisible()).resolves.toBe(true);
      }
      await page.screenshot({ path: join(ARTIFACTS, `email-images-blocked-${width}.png`), fullPage: true });
      await page.close();
    });
  });
});

describe.skipIf(!chromiumPresent)("browser: today's session page, tapped from an SMS", () => {
  let host: RunningLambdaHttp;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The api handler needs the host's URL for its pictures, known once the server listens.
    let api: ((event: unknown) => Promise<unknown>) | undefined;
    host = await startLambdaHttp({
      routes: [
        { prefix: ILLUSTRATIONS, handler: pictures },
        { prefix: '/', handler: (e) => api!(e) },
      ],
    });
    api = createApiHandler({ ctx: makeContext(new MemoryStore()).ctx, imageBaseUrl: `${host.url}${ILLUSTRATIONS}` });
  });
  afterAll(() => host?.close());

  describe.each(WIDTHS)('%i px wide, a 2x screen', (width) => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser({ viewport: { width, height: 900 }, deviceScaleFactor: 2 });
    });
    afterAll(() => browser?.close());

    it('shows every exercise with its 2x pictures loaded and the steps beside them', async () => {
      const page = await browser.context.newPage();
      await page.goto(sessionLinkFor(KEYS, host.url, LEVEL, DAY), { waitUntil: 'load' });
      const imgs = page.locator('img');
      expect(await imgs.count()).toBe(items().length * 2);
      const loaded = await imgs.evaluateAll((els) =>
        (els as HTMLImageElement[]).map((i) => ({ w: i.naturalWidth, src: i.currentSrc, right: i.getBoundingClientRect().right })),
      );
      for (const img of loaded) {
        // naturalWidth is in CSS pixels: the 520 px 2x file at density 2.
        expect(img.w, img.src).toBe(260);
        expect(img.src).toMatch(/@2x\.png$/);
        expect(img.right).toBeLessThanOrEqual(width);
      }
      for (const item of items()) for (const step of item.exercise.steps) expect(await page.getByText(step, { exact: true }).first().isVisible()).toBe(true);
      if (width >= 1280) {
        // Beside: the first step starts to the right of the first picture, level with it.
        const pic = (await imgs.first().boundingBox())!;
        const step = (await page.locator('ol.steps li').first().boundingBox())!;
        expect(step.x).toBeGreaterThan(pic.x + pic.width);
        expect(step.y).toBeLessThan(pic.y + pic.height);
      }
      await page.screenshot({ path: join(ARTIFACTS, `session-images-on-${width}.png`), fullPage: true });
      await page.close();
    });

    it('with images blocked, the steps and the alt text still say everything', async () => {
      const page = await browser.context.newPage();
      await page.route('**/*', (route) => (route.request().resourceType() === 'image' ? route.abort() : route.continue()));
      await page.goto(sessionLinkFor(KEYS, host.url, LEVEL, DAY), { waitUntil: 'load' });
      const shown = await page.locator('img').evaluateAll((els) => (els as HTMLImageElement[]).map((i) => ({ w: i.naturalWidth, alt: i.alt })));
      expect(shown.every((i) => i.w === 0 && i.alt.length > 20)).toBe(true);
      for (const item of items()) for (const step of item.exercise.steps) expect(await page.getByText(step, { exact: true }).first().isVisible()).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, `session-images-blocked-${width}.png`), fullPage: true });
      await page.close();
    });
  });
});
