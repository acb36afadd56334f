import { startTestStack } from '../support/test-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { chromiumPresent, launchBrowser, type Browser } from '../support/browser';
import { storeSnapshot } from '../support/store-snapshot';

/**
 * The weekly "too easy, right or too hard?" by email, on the local stack in Chromium: the week-1
 * summary carries three links; a link scanner opening all of them changes nothing; the person's
 * button press moves the band one step and the page says so; the next daily email uses it.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-03-02T06:00:00Z'); // Monday 06:00 London, before the 07:30 send

interface Mail {
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
}

describe.skipIf(!chromiumPresent)('the weekly band question by email', () => {
  let stack: LocalStack;
  let browser: Browser;
  const who = 'weekly@example.com';
  const mails = async (): Promise<Mail[]> =>
    ((await (await fetch(`${stack.urls.inbox}store`)).json()) as { emails: Mail[] }).emails.filter((m) => m.destination.to.includes(who));
  const hrefs = (m: Mail) => [...new Set([...(m.body.html ?? '').matchAll(/href="(https?:\/\/[^"]+)"/g)].map((x) => x[1]!.replace(/&amp;/g, '&')))];

  beforeAll(async () => {
    stack = await startTestStack(START);
    browser = await launchBrowser({ timezoneId: 'Europe/London' });
    await browser.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('scanner-safe links; the POST moves one step and says what changed; the next email uses it', async () => {
    const signup = await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'email', email: who, timezone: 'Europe/London', sendAt: '07:30', level: 'gentle', consent: true, healthConsent: true }),
    });
    expect(signup.status).toBe(202);
    const confirm = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_.-]+/.exec((await mails())[0]!.body.text ?? '')![0];
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(200);
    stack.advance(2 * HOUR);
    for (let day = 1; day <= 7; day++) {
      await stack.tick();
      const daily = (await mails()).find((m) => m.subject.includes(`Day ${day} of 42`));
      expect(daily, `day ${day}`).toBeDefined();
      const rate = hrefs(daily!).find((h) => h.includes('score=2'))!;
      expect((await fetch(rate, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'score=2' })).status).toBe(200);
      stack.advance(DAY);
    }
    await stack.tick();
    const summary = (await mails()).find((m) => /Week 1/.test(m.subject))!;
    expect(summary, 'the week-1 summary').toBeDefined();
    const links = hrefs(summary).filter((h) => h.includes('/band/'));
    expect(links.map((l) => new URL(l).searchParams.get('answer'))).toEqual(['too-easy', 'right', 'too-hard']);
    expect(summary.body.text).toContain("Did this week's positions feel too easy, about right, or too hard?");
    expect(summary.body.text).toContain(`Too hard: ${links[2]}`);

    // A scanner opens every link of the summary, script on, and clicks nothing.
    const before = await storeSnapshot(stack.store);
    const page = await browser.context.newPage();
    for (const link of hrefs(summary)) {
      await page.goto(link, { waitUntil: 'load' });
      await page.waitForTimeout(150);
      await page.waitForLoadState('networkidle');
    }
    expect(await storeSnapshot(stack.store)).toBe(before);

    // The person opens "Too hard", sees the question, and presses the button.
    await page.goto(links[2]!);
    expect(await page.textContent('h1')).toMatch(/too easy, about right, or too hard/);
    expect(await page.textContent('body')).toContain('Now: As written');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Too hard' }).click()]);
    expect(await page.textContent('body')).toContain('From your next message, your stretches come in easier forms.');
    const sub = (await stack.store.scanSubscribers(10)).items.find((s) => s.channel === 'email')!;
    expect(sub.band).toBe('easier');
    expect(sub.bandChanges?.at(-1)).toMatchObject({ from: 'standard', to: 'easier', via: 'feedback' });

    // A second press the same week changes nothing more, and says why.
    await page.goto(links[2]!);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Too hard' }).click()]);
    expect(await page.textContent('body')).toContain('changed in the last 7 days');
    expect((await stack.store.getSubscriber(sub.id))?.band).toBe('easier');

    // A bad answer is a 400 naming the field, GET or POST.
    expect((await fetch(`${links[0]!.split('?')[0]}?answer=maybe`)).status).toBe(400);
    const bad = await fetch(links[0]!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=maybe' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('answer: choose too-easy, right or too-hard.');
    await page.close();

    stack.advance(DAY);
    await stack.tick();
    const day9 = (await mails()).find((m) => m.subject.includes('Day 9 of 42'))!;
    expect(day9.body.text).toContain('Your version:');
    expect(hrefs(day9).some((h) => h.includes('/session/') && h.endsWith('?band=easier'))).toBe(true);
  }, 180_000);
});
