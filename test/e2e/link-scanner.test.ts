import { startTestStack } from '../support/test-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { chromiumPresent, launchBrowser, type Browser } from '../support/browser';
import { storeSnapshot } from '../support/store-snapshot';

/**
 * A URL-detonation sandbox (Safe Links, Mimecast, Proofpoint) opens every link of a mail in a real
 * browser with script on and navigator.webdriver hidden, and clicks nothing. Doing that to a daily
 * email and to a safety email must leave the store exactly as it was and send nothing.
 */

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T06:00:00Z'); // Monday 06:00 London, before the 07:30 send

interface Mail {
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

describe.skipIf(!chromiumPresent)('a link scanner opens every link of a daily and a safety email', () => {
  let stack: LocalStack;
  let browser: Browser;
  const mails = async (): Promise<Mail[]> => ((await (await fetch(`${stack.urls.inbox}store`)).json()) as { emails: Mail[] }).emails;
  const hrefs = (m: Mail) => [...new Set([...(m.body.html ?? '').matchAll(/href="(https?:\/\/[^"]+)"/g)].map((x) => x[1]!.replace(/&amp;/g, '&')))];

  beforeAll(async () => {
    stack = await startTestStack(START);
    browser = await launchBrowser({ timezoneId: 'Europe/London' });
    // Sandboxes hide automation on purpose; so does this one.
    await browser.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('changes nothing and sends nothing', async () => {
    const signup = await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'email',
        email: 'scan@example.com',
        timezone: 'Europe/London',
        sendAt: '07:30',
        level: 'gentle',
        consent: true,
        healthConsent: true,
      }),
    });
    expect(signup.status).toBe(202);
    const confirm = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_.-]+/.exec((await mails())[0]!.body.text ?? '')![0];
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(200);
    stack.advance(2 * HOUR);
    await stack.tick();
    const daily = (await mails()).find((m) => /Day 1 of 42/.test(m.subject))!;
    // The person taps 9 and saves it: that pauses the program and sends the safety email.
    const rate9 = hrefs(daily).find((h) => h.includes('score=9'))!;
    expect((await fetch(rate9, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'score=9' })).status).toBe(200);
    const safety = (await mails()).find((m) => /pause/i.test(m.subject))!;
    expect(safety).toBeDefined();

    const before = await storeSnapshot(stack.store);
    const mailCount = (await mails()).length;
    const links = [...hrefs(daily), ...hrefs(safety)];
    expect(links.filter((l) => l.includes('/rate/')).length).toBe(11);
    expect(links.some((l) => l.includes('/unsubscribe/'))).toBe(true);
    const page = await browser.context.newPage();
    for (const link of links) {
      await page.goto(link, { waitUntil: 'load' });
      expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
      await page.waitForTimeout(150); // time for any script on the page to act
      await page.waitForLoadState('networkidle');
    }
    await page.close();

    expect(await storeSnapshot(stack.store)).toBe(before);
    expect((await mails()).length).toBe(mailCount);
  }, 120_000);
});
