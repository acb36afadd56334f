import { startTestStack } from '../support/test-stack';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumPresent as present, launchBrowser, type Browser } from '../support/browser';
import type { LocalStack } from '../../local/stack';

/**
 * The whole system in a real browser: Debian's Chromium driven by playwright-core against the local
 * stack (random ports, data in memory, the clock moved by hand). Screenshots go to test-artifacts/e2e.
 */

if (!present) console.warn(`browser tests skipped: ${CHROMIUM} not found; apt-get install chromium`);

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'e2e');
const HOUR = 3_600_000;
// Monday 2 March 2026, 06:00 in London (GMT): before the default 07:30 send time and SMS quiet hours end.
const START = Date.parse('2026-03-02T06:00:00Z');

describe.skipIf(!present)('browser: sign up, confirm, get day 1, rate it, see it on the dashboard', () => {
  let stack: LocalStack;
  let browser: Browser;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startTestStack(START);
    browser = await launchBrowser({ timezoneId: 'Europe/London', locale: 'en-GB' });
    browser.context.setDefaultTimeout(15_000);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Opens a mail in the SES inbox page and returns the first link in its HTML that matches. */
  async function linkInInbox(subject: string | RegExp, href: string): Promise<string> {
    await page.goto(stack.urls.inbox);
    const mail = page.locator('.email', { hasText: subject }).first();
    await mail.waitFor();
    await mail.getByRole('button', { name: 'Toggle HTML view' }).click();
    const link = mail.frameLocator('iframe').locator(`a[href*="${href}"]`).first();
    const url = await link.getAttribute('href');
    expect(url, `a link containing ${href}`).toBeTruthy();
    return url!;
  }

  async function dashboardRow(channel: 'email' | 'sms') {
    await page.goto(stack.urls.dashboard);
    return page.locator('#subscribers tbody tr', { has: page.locator('td', { hasText: new RegExp(`^${channel}$`) }) }).first();
  }

  it('by email', async () => {
    await page.goto(stack.urls.signup);
    expect(await page.inputValue('#timezone')).toBe('Europe/London');
    await page.fill('#email', 'ann@example.com');
    await page.check('input[name=level][value=moderate]');
    await page.check('input[name=consent]');
    await page.check('input[name=healthConsent]');
    await shot('email-1-signup');
    await page.click('button[type=submit]');
    await page.locator('#status', { hasText: 'Check your inbox' }).waitFor();

    const confirm = await linkInInbox('Confirm your Limber sign-up', '/confirm/');
    await shot('email-2-inbox-confirmation');
    await page.goto(confirm);
    await page.locator('form button[type=submit], form button').first().click();
    await page.waitForLoadState();
    await shot('email-3-confirmed');
    expect(await page.textContent('body')).toMatch(/confirmed|welcome|you're in|you are in/i);

    stack.advance(2 * HOUR); // 08:00, past the 07:30 send time
    await stack.tick();
    const rate = await linkInInbox(/Day 1 of 42/, 'score=4');
    await shot('email-4-day1');
    await page.goto(rate);
    await page.locator('form button').first().click();
    await page.waitForLoadState();
    await shot('email-5-rated');
    expect(await page.textContent('body')).toMatch(/4/);

    const row = await dashboardRow('email');
    expect(await row.locator('td.latest').textContent()).toBe('4.0');
    expect(await row.locator('svg.trend').getAttribute('aria-label')).toMatch(/day 1 4/);
    await shot('email-6-dashboard');
  }, 90_000);

  it('by SMS, through the phone page', async () => {
    await page.goto(stack.urls.signup);
    await page.check('input[name=channel][value=sms]');
    await page.fill('#phone', '+44 7911 123456');
    await page.fill('#sendAt', '10:00');
    await page.check('input[name=consent]');
    await page.check('input[name=healthConsent]');
    await page.click('button[type=submit]');
    await page.locator('#status', { hasText: 'reply YES' }).waitFor();

    await page.goto(stack.urls.phone);
    const thread = page.locator('section.phone[data-number="+447911123456"]');
    await thread.locator('.msg.out', { hasText: 'YES' }).first().waitFor();
    await shot('sms-1-confirmation');
    await thread.getByRole('textbox').fill('YES');
    await thread.getByRole('button', { name: 'Send' }).click();
    await page.locator('#notice').waitFor();
    expect(await thread.locator('.msg.in').first().textContent()).toMatch(/^YES/);
    await shot('sms-2-confirmed');

    stack.advance(3 * HOUR); // 11:00 London: past 10:00 and inside the SMS window (08:00-21:00)
    await stack.tick();
    await page.goto(stack.urls.phone);
    expect(await thread.locator('.msg.out', { hasText: /day 1\/42/i }).count()).toBe(1);
    await thread.getByRole('textbox').fill('4');
    await thread.getByRole('button', { name: 'Send' }).click();
    await page.locator('#notice').waitFor();
    expect(await thread.locator('.msg.in').last().textContent()).toMatch(/^4/);
    await shot('sms-3-rated');

    const row = await dashboardRow('sms');
    expect(await row.locator('td.latest').textContent()).toBe('4.0');
    await shot('sms-4-dashboard');
  }, 90_000);
});
