import { startTestStack } from './test-stack';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { launchBrowser, type Browser } from './browser';

/**
 * Shared set-up for the journey tests (test/e2e/journeys-*.test.ts): the local stack on random ports
 * with its clock at speed 0, a real Chromium, and the ways a person meets the system: the sign-up
 * form, the mail in the SES stand-in, the phone page. Screenshots go to test-artifacts/journeys.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'journeys');

export interface StoredMail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
}

export interface Journey {
  stack: LocalStack;
  browser: Browser;
  page: Page;
  shot(name: string): Promise<void>;
  mailsTo(address: string): Promise<StoredMail[]>;
  /** The first URL in a mail's text part that contains `part`. */
  linkIn(mail: StoredMail, part: string): string;
  /** Signs up by email on the form, confirms with the mailed link, returns after the confirmation page. */
  signUpByEmail(address: string, fields?: { sendAt?: string; level?: string }): Promise<void>;
  /** Moves the clock and runs the dispatcher and sender once. */
  advanceAndTick(ms: number): Promise<void>;
  /** Presses the button with this name and waits for the page it leads to. */
  press(name: string | RegExp): Promise<void>;
  stop(): Promise<void>;
}

export async function startJourney(startAt: number, browserOpts: { timezoneId?: string; viewport?: { width: number; height: number } } = {}): Promise<Journey> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const stack = await startTestStack(startAt);
  const browser = await launchBrowser({
    timezoneId: browserOpts.timezoneId ?? 'Europe/London',
    locale: 'en-GB',
    ...(browserOpts.viewport ? { viewport: browserOpts.viewport } : {}),
  });
  browser.context.setDefaultTimeout(15_000);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());

  const mailsTo = async (address: string) => {
    const all = ((await (await fetch(`${stack.urls.inbox}store`)).json()) as { emails: StoredMail[] }).emails;
    return all.filter((m) => m.destination.to.includes(address));
  };
  const linkIn = (mail: StoredMail, part: string) => {
    const found = (mail.body.text ?? '').match(/https?:\/\/[^\s>]+/g)?.find((u) => u.includes(part));
    expect(found, `a link containing ${part} in "${mail.subject}"`).toBeTruthy();
    return found!;
  };
  const press = async (name: string | RegExp) => {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).first().click()]);
  };
  const j: Journey = {
    stack,
    browser,
    page,
    shot: async (name) => {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    mailsTo,
    linkIn,
    press,
    signUpByEmail: async (address, fields = {}) => {
      await page.goto(stack.urls.signup);
      await page.fill('#email', address);
      if (fields.sendAt) await page.fill('#sendAt', fields.sendAt);
      if (fields.level) await page.check(`input[name=level][value=${fields.level}]`);
      await page.check('input[name=consent]');
      await page.check('input[name=healthConsent]');
      await page.click('button[type=submit]');
      await page.locator('#status', { hasText: /inbox/i }).waitFor();
      const confirmation = (await mailsTo(address)).find((m) => /Confirm/.test(m.subject));
      expect(confirmation, 'a confirmation mail').toBeDefined();
      await page.goto(linkIn(confirmation!, '/confirm/'));
      await press(/confirm/i);
      expect(await page.textContent('body')).toMatch(/you're in/i);
    },
    advanceAndTick: async (ms) => {
      stack.advance(ms);
      await stack.tick();
    },
    stop: async () => {
      await browser.close();
      await stack.stop();
    },
  };
  return j;
}

/** The newest mail whose subject matches. */
export async function latestMail(j: Journey, address: string, subject: RegExp): Promise<StoredMail | undefined> {
  return (await j.mailsTo(address)).filter((m) => subject.test(m.subject)).at(-1);
}

/** Milliseconds from `nowMs` to the next whole `hour` o'clock UTC strictly after it. */
export function untilNextUtc(nowMs: number, hour: number): number {
  const next = (Math.floor((nowMs - hour * HOUR) / DAY) + 1) * DAY + hour * HOUR;
  return next - nowMs;
}
