import { startTestStack } from '../support/test-stack';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoFunctionScores } from '../../functions/adapters/dynamo-function-scores';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import type { LocalStack } from '../../local/stack';
import { chromiumPresent, launchBrowser, type Browser } from '../support/browser';
import { seedCohort } from '../support/cohort-fixture';

/**
 * The cohort report in a real browser: the hand-computed cohort of 20 seeded into the local stack's
 * table, read by the real dashboard handler over HTTP, rendered by Chromium under the page's CSP.
 * The screenshot is a CI artifact: test-artifacts/e2e/cohort-report.png.
 */

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'e2e');
const START = Date.parse('2026-04-20T09:00:00Z');

describe.skipIf(!chromiumPresent)('browser: the cohort report', () => {
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startTestStack(START);
    const client = new DynamoDBClient({ endpoint: stack.data.dynamoUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const store = new DynamoStore({ client, tableName: stack.data.tableName });
    const scores = new DynamoFunctionScores({ tableName: stack.data.tableName, doc: store.doc });
    await seedCohort(store, scores);
    browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the hand-computed figures with their definitions, styled, with no external asset', async () => {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      // Chromium asks for /favicon.ico by itself (a 404 here); CSP refusals are what count.
      if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) violations.push(m.text());
    });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(stack.urls.dashboard);
    await page.click('#report-link');
    await page.waitForURL(/\/dashboard\/report$/);
    const funnel = await page.locator('#funnel').innerText();
    expect(funnel).toContain('17 (85 % of enrolled)');
    expect(funnel).toContain('11 (64.7 % of confirmed)');
    expect(funnel).toContain('8 (47.1 % of confirmed)');
    const outcomes = await page.locator('#outcomes').innerText();
    expect(outcomes).toContain('7 of 14 (50 %)');
    expect(outcomes).toContain('4 of 7 (57.1 %)');
    expect(outcomes).toContain('4 of 10 (40 %)');
    expect(outcomes).toMatch(/missing follow-up counts as not improved/);
    expect(await page.locator('#replies').innerText()).toContain('43');
    expect(await page.locator('#dropout').innerText()).toContain('11 of 17');
    expect(await page.locator('#groups').innerText()).toMatch(/gentle\s+8\s+8\s+3\s+4 of 7/);
    expect(await page.locator('svg[role="img"]').count()).toBe(4);
    // The style sheet passed the CSP (its hash is in the header): the header is coloured.
    expect(await page.locator('header').evaluate((h) => getComputedStyle(h).backgroundColor)).toBe('rgb(15, 61, 46)');
    expect(violations).toEqual([]);
    expect(requests.filter((u) => !u.startsWith(stack.urls.api))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'cohort-report.png'), fullPage: true });
    const csv = await (await fetch(`${stack.urls.api}/dashboard/report.csv`)).text();
    expect(csv).toMatch(/\r\npain_improved,everyone with a baseline,7,14,50\.0,/);
  }, 60_000);
});
