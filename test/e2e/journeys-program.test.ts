import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPresent } from '../support/browser';
import { DAY, HOUR, latestMail, startJourney, untilNextUtc, type Journey, type StoredMail } from '../support/journey';

/**
 * Issue 21, journeys 1, 2 and 4, walked in Chromium on the local stack: a paused person finds their
 * way back, changes their settings from a message's link, and takes back a mistaken tap.
 */

// Monday 2 March 2026, 06:00 in London (GMT); the default send time is 07:30.
const START = Date.parse('2026-03-02T06:00:00Z');
const MINUTE = 60_000;

/** The footer link a person would use to pause, resume or change things. */
function settingsLink(mail: StoredMail): string {
  const line = (mail.body.text ?? '').split('\n').find((l) => /resume/i.test(l) && /https?:\/\//.test(l));
  expect(line, 'a pause/resume/settings line in the footer').toBeDefined();
  return /https?:\/\/\S+/.exec(line!)![0];
}

describe.skipIf(!chromiumPresent)('journeys: resume, settings, corrections', () => {
  let j: Journey;
  beforeAll(async () => {
    j = await startJourney(START);
  }, 60_000);
  afterAll(() => j?.stop());

  const body = () => j.page.textContent('body');

  it('1: an email user who paused can resume from the same link', async () => {
    const who = 'pat@example.com';
    await j.signUpByEmail(who);
    await j.advanceAndTick(2 * HOUR); // Monday 08:00: day 1 is out
    const day1 = await latestMail(j, who, /Day 1 of 42/);
    const link = settingsLink(day1!);

    await j.page.goto(link);
    await j.press(/^pause/i);
    expect(await body()).toMatch(/paused/i);
    // The page right after pausing already offers the way back.
    expect(await j.page.getByRole('button', { name: /resume/i }).count()).toBeGreaterThan(0);
    await j.shot('1-paused');

    await j.advanceAndTick(DAY); // Tuesday 08:00: nothing while paused
    expect(await latestMail(j, who, /Day 2 of 42/)).toBeUndefined();

    // Days later the same link, opened again, offers Resume (not Pause again).
    await j.page.goto(link);
    expect(await body()).toMatch(/paused/i);
    await j.shot('1-link-offers-resume');
    await j.press(/resume/i);
    expect(await body()).toMatch(/welcome back/i);
    await j.shot('1-resumed');

    await j.advanceAndTick(DAY); // Wednesday 08:00
    expect(await latestMail(j, who, /Day 2 of 42/)).toBeDefined();
  }, 120_000);

  it('2: settings from a message link: time, zone, level, pause for days, resume, stop; SETTINGS by SMS', async () => {
    const who = 'lee@example.com';
    await j.signUpByEmail(who);
    // To the next 08:00 London (GMT in March before the 29th).
    await j.advanceAndTick(untilNextUtc(j.stack.clock.now(), 8));
    const first = (await j.mailsTo(who)).find((m) => /Day 1 of 42/.test(m.subject));
    expect(first, 'day 1').toBeDefined();
    const link = settingsLink(first!);

    await j.page.goto(link);
    expect(await j.page.inputValue('#sendAt')).toBe('07:30');
    expect(await j.page.inputValue('#timezone')).toBe('Europe/London');
    await j.shot('2-settings');
    await j.page.fill('#sendAt', '18:30');
    await j.page.fill('#timezone', 'Europe/Paris');
    await j.press(/save.*time/i);
    const saved = await body();
    expect(saved).toMatch(/18:30/);
    expect(saved).toMatch(/Europe\/Paris/);
    expect(saved).toMatch(/next message/i);
    await j.shot('2-time-saved');

    // A fixed-offset abbreviation is refused, naming the field and suggesting a zone.
    await j.page.fill('#timezone', 'EST');
    await j.page.getByRole('button', { name: /save.*time/i }).click();
    await j.page.waitForLoadState();
    expect(await body()).toMatch(/time zone/i);
    expect(await body()).toMatch(/America\/New_York/);
    await j.shot('2-zone-refused');

    await j.page.goto(link);
    await j.page.check('input[name=level][value=active]');
    await j.press(/save.*level/i);
    expect(await body()).toMatch(/active/i);

    // Tomorrow 07:35 London: nothing (the old time); 18:31 Paris: day 2, saying what changed.
    await j.advanceAndTick(23 * HOUR + 35 * MINUTE);
    expect(await latestMail(j, who, /Day 2 of 42/)).toBeUndefined();
    await j.advanceAndTick(9 * HOUR + 56 * MINUTE); // 17:31 UTC = 18:31 Paris
    const day2 = await latestMail(j, who, /Day 2 of 42/);
    expect(day2, 'day 2 at the new time').toBeDefined();
    expect(day2!.body.text).toMatch(/18:30/);

    // Pause for 2 days: Wednesday and Thursday are skipped...
    await j.page.goto(settingsLink(day2!));
    await j.page.fill('#days', '2');
    await j.press(/pause for/i);
    expect(await body()).toMatch(/paused until/i);
    await j.shot('2-paused-for-days');
    await j.advanceAndTick(DAY); // Wednesday 18:31 Paris
    expect(await latestMail(j, who, /Day 3 of 42/)).toBeUndefined();
    // ...unless resumed early: on Thursday morning, resume; day 3 comes Thursday evening.
    await j.advanceAndTick(14 * HOUR);
    await j.page.goto(settingsLink(day2!));
    expect(await body()).toMatch(/paused until/i);
    await j.press(/resume/i);
    expect(await body()).toMatch(/next message/i);
    await j.advanceAndTick(10 * HOUR);
    const day3 = await latestMail(j, who, /Day 3 of 42/);
    expect(day3, 'day 3 after resuming').toBeDefined();

    // Stop from the same page: nothing more arrives.
    await j.page.goto(settingsLink(day3!));
    await j.press(/stop all messages/i);
    expect(await body()).toMatch(/unsubscribed/i);
    await j.advanceAndTick(DAY);
    expect(await latestMail(j, who, /Day 4 of 42/)).toBeUndefined();
    await j.shot('2-stopped');

    // SETTINGS by SMS answers with the link to the same page.
    const res = await fetch(`${j.stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        channel: 'sms',
        phone: '+447911123999',
        timezone: 'Europe/London',
        sendAt: '10:00',
        level: 'gentle',
        consent: true,
        healthConsent: true,
      }),
    });
    expect(res.status).toBe(202);
    await j.page.goto(j.stack.urls.phone);
    const thread = j.page.locator('section.phone[data-number="+447911123999"]');
    for (const text of ['YES', 'SETTINGS']) {
      await thread.getByRole('textbox').fill(text);
      await thread.getByRole('button', { name: 'Send' }).click();
      await j.page.locator('#notice').waitFor();
    }
    const answer = await thread.locator('.msg.out', { hasText: '/preferences/' }).last().textContent();
    expect(answer).toBeTruthy();
    await j.shot('2-sms-settings');
    await j.page.goto(/https?:\/\/\S+\/preferences\/\S+/.exec(answer!)![0].replace(/[.,]$/, ''));
    expect(await j.page.inputValue('#sendAt')).toBe('10:00');
  }, 180_000);

  it('4: a mistaken 9 replaced by a 3 the same day offers "resume my program" and says why', async () => {
    const who = 'kim@example.com';
    await j.signUpByEmail(who);
    await j.advanceAndTick(untilNextUtc(j.stack.clock.now(), 8));
    const day1 = (await j.mailsTo(who)).find((m) => /Day 1 of 42/.test(m.subject))!;
    expect(day1).toBeDefined();

    await j.page.goto(j.linkIn(day1, 'score=9'));
    await j.page.locator('form button').first().click();
    await j.page.waitForLoadState();
    await j.page
      .getByText(/paused your program/i)
      .first()
      .waitFor();
    await j.shot('4-tapped-9');

    await j.page.goto(j.linkIn(day1, 'score=3'));
    await j.page.locator('form button').first().click();
    await j.page.waitForLoadState();
    await j.page
      .getByText(/3 out of 10/)
      .first()
      .waitFor();
    const text = await body();
    expect(text).toMatch(/paused/i);
    expect(text).toMatch(/9 out of 10/);
    await j.shot('4-offer-resume');
    await j.press(/resume my program/i);
    expect(await body()).toMatch(/welcome back/i);
    await j.shot('4-resumed');
    await j.advanceAndTick(DAY);
    expect(await latestMail(j, who, /Day 2 of 42/)).toBeDefined();
  }, 120_000);

  it('2: switching channel confirms the new number first, then the program carries on there', async () => {
    const who = 'sw@example.com';
    const phone = '+447911123777';
    await j.signUpByEmail(who);
    await j.advanceAndTick(untilNextUtc(j.stack.clock.now(), 8));
    const day1 = (await j.mailsTo(who)).find((m) => /Day 1 of 42/.test(m.subject))!;
    await j.page.goto(settingsLink(day1));
    await j.page.fill('#phone', '07911 123777');
    await j.press(/text me to confirm/i);
    expect(await body()).toMatch(/consent: please tick/i); // consent is asked for, plainly
    await j.page.fill('#phone', phone);
    await j.page.check('input[name=consent]');
    await j.press(/text me to confirm/i);
    expect(await body()).toMatch(new RegExp(`We texted \\${phone}`));
    await j.shot('2-switch-requested');

    // Until the number confirms, nothing moves: tomorrow's message still comes by email.
    await j.advanceAndTick(DAY);
    expect(await latestMail(j, who, /Day 2 of 42/)).toBeDefined();
    await j.page.goto(j.stack.urls.phone);
    const thread = j.page.locator(`section.phone[data-number="${phone}"]`);
    await thread.locator('.msg.out', { hasText: 'YES' }).first().waitFor();
    await thread.getByRole('textbox').fill('YES');
    await thread.getByRole('button', { name: 'Send' }).click();
    await j.page.locator('#notice').waitFor();
    await thread
      .locator('.msg.out', { hasText: /no more emails/ })
      .first()
      .waitFor();
    await j.shot('2-switch-confirmed');

    // The next day: day 3 by text, carrying on, and no email.
    await j.advanceAndTick(DAY + 3 * HOUR); // 11:00 London, inside the SMS window
    await j.page.goto(j.stack.urls.phone);
    expect(await thread.locator('.msg.out', { hasText: /day 3\/42/i }).count()).toBe(1);
    expect(await latestMail(j, who, /Day 3 of 42/)).toBeUndefined();
    await j.shot('2-switch-day3-by-text');
  }, 120_000);
});
