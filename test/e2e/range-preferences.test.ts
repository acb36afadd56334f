import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayPlan, loadProgram } from '../../functions/core/program';
import { chromiumPresent } from '../support/browser';
import { DAY, HOUR, latestMail, startJourney, type Journey } from '../support/journey';

/**
 * Issue 24 on the preferences page, in Chromium on the local stack: the band in plain words with
 * what it changes, the self-check answered again (a picture beside each answer that has one), and
 * the next day's email in the new forms. Answering again is also the way back off chair forms.
 */

// Monday 2 March 2026, 06:00 in London (GMT); the default send time is 07:30.
const START = Date.parse('2026-03-02T06:00:00Z');
const program = loadProgram();

describe.skipIf(!chromiumPresent)('changing band on the preferences page', () => {
  let j: Journey;
  beforeAll(async () => {
    j = await startJourney(START);
  }, 60_000);
  afterAll(() => j?.stop());

  it('shows the band, takes the answers again, and the next email uses the new forms', async () => {
    const who = 'bands@example.com';
    await j.signUpByEmail(who, { level: 'gentle' });
    await j.advanceAndTick(2 * HOUR);
    const day1 = (await latestMail(j, who, /Day 1 of 42/))!;
    const settings = j.linkIn(day1, '/preferences/');

    await j.page.goto(settings);
    expect(await j.page.textContent('#band-now')).toContain('As written: each stretch as the program describes it.');
    // A picture beside each answer whose position has frames, labelled with the frame's own words.
    const pictures = j.page.locator('fieldset svg[role=img]');
    expect(await pictures.count()).toBe(4);
    expect(await pictures.first().getAttribute('aria-label')).toMatch(/end position/);
    await j.shot('range-preferences');

    // Every question must be answered this time: a blank is a 400 naming the field, nothing changes.
    await j.page.check('input[name=reach][value=thighs]');
    await j.page.check('input[name=back][value=no]');
    const [refused] = await Promise.all([j.page.waitForNavigation(), j.page.getByRole('button', { name: 'Save my answers' }).click()]);
    expect(refused?.status()).toBe(400);
    expect(await j.page.textContent('#err-floor')).toBe('Getting down to the floor: please choose one of the answers.');
    // What the person ticked is still ticked: only the missing answer is left to give.
    expect(await j.page.isChecked('input[name=reach][value=thighs]')).toBe(true);
    expect(await j.page.isChecked('input[name=back][value=no]')).toBe(true);

    await j.page.check('input[name=reach][value=thighs]');
    await j.page.check('input[name=floor][value=not-possible]');
    await j.page.check('input[name=back][value=no]');
    await j.press('Save my answers');
    const body = await j.page.textContent('body');
    expect(body).toContain('Saved: from your next message, your stretches come in chair forms, nothing on the floor.');
    expect(await j.page.textContent('#band-now')).toContain('Chair forms: every stretch is done sitting on a chair or standing');
    expect(body).toMatch(/Knee rolls becomes Seated knee sways: Done sitting on a chair/i);
    const sub = (await j.stack.store.scanSubscribers(10)).items.find((s) => s.channel === 'email')!;
    expect(sub.bandChanges?.at(-1)).toMatchObject({ to: 'chair', via: 'preferences' });

    await j.advanceAndTick(DAY);
    const day2 = (await latestMail(j, who, /Day 2 of 42/))!;
    const text = day2.body.text ?? '';
    expect(text).toContain('As you asked, your stretches now come in chair forms, nothing on the floor.');
    const chair = dayPlan('gentle', 2, program, 'chair');
    for (const item of chair.items) {
      expect(text).toContain(item.exercise.name);
      if (item.form.variant) expect(text).toContain(item.form.variant.change);
      for (const step of item.exercise.steps) expect(text).toContain(step);
    }

    // Answering again is how a person leaves chair forms (a weekly tap never does).
    await j.page.goto(j.linkIn(day2, '/preferences/'));
    await j.page.check('input[name=reach][value=floor]');
    await j.page.check('input[name=floor][value=easy]');
    await j.page.check('input[name=back][value=yes]');
    await j.press('Save my answers');
    expect(await j.page.textContent('#band-now')).toContain('Fuller forms');
    expect((await j.stack.store.getSubscriber(sub.id))?.band).toBe('fuller');
  }, 120_000);
});
