import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MjmlRenderer } from '../../functions/adapters/mjml-renderer';
import type { MessageLinks } from '../../functions/core/messages';
import { Level, PROGRAM_DAYS, RangeBand } from '../../functions/core/model';
import { dayPlan, loadProgram } from '../../functions/core/program';
import { onFloor } from '../../functions/core/range';
import { gsm7Length, gsm7Segments, isGsm7, SMS_BUDGET_UNITS } from '../../functions/core/gsm7';

/**
 * Golden summaries for every day x level x band x channel. The standard band is the program as
 * written: its messages are the golden files of messages-golden.test.ts, byte for byte. The other
 * bands are kept compact in __golden__/bands-<band>.txt: per day, the forms sent, the SMS digest and
 * size, and digests of the email's HTML and text parts. Any change of content changes a digest.
 * Update with `npx vitest run test/unit/messages-golden-bands.test.ts -u` and read the diff.
 */

const links: MessageLinks = {
  rate: (n) => `https://limber.example/r/golden?score=${n}`,
  unsubscribe: 'https://limber.example/u/golden',
  myData: 'https://limber.example/me/golden',
  pauseResume: 'https://limber.example/p/golden',
};
const renderer = new MjmlRenderer();
const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

describe('the standard band is the program as written', () => {
  it('renders exactly what a request without a band renders', async () => {
    for (const channel of ['email', 'sms'] as const) {
      for (const day of [1, 22, 42]) {
        const req = { kind: 'daily' as const, channel, level: 'active' as const, programDay: day, links };
        expect(await renderer.render({ ...req, band: 'standard' })).toEqual(await renderer.render(req));
      }
    }
  });
});

describe.each(RangeBand.options.filter((b) => b !== 'standard'))('golden messages at the %s band', (band) => {
  it('every level, days 1-42, email and SMS', async () => {
    const parts: string[] = [];
    for (const level of Level.options) {
      for (let day = 1; day <= PROGRAM_DAYS; day++) {
        const plan = dayPlan(level, day, loadProgram(), band);
        if (band === 'chair') for (const i of plan.items) expect(onFloor(i.form.position), `${level} ${day} ${i.exercise.id}`).toBe(false);
        const sms = (await renderer.render({ kind: 'daily', channel: 'sms', level, band, programDay: day, links })).text;
        expect(isGsm7(sms)).toBe(true);
        expect(gsm7Length(sms), `${level} ${day}`).toBeLessThanOrEqual(SMS_BUDGET_UNITS);
        expect(sms).toContain('Go gently; stop if pain sharpens. Not medical advice.');
        expect(sms.endsWith('\nReply 0-10 for pain, STOP to end')).toBe(true);
        const email = await renderer.render({ kind: 'daily', channel: 'email', level, band, programDay: day, links });
        expect(email.html).toContain('If any movement makes your pain sharper, stop it and rest.');
        expect(email.text).toContain('If any movement makes your pain sharper, stop it and rest.');
        for (const i of plan.items) expect(email.text).toContain(i.exercise.name);
        const forms = plan.items.map((i) => `${i.exercise.id}:${i.form.from}`).join(' ') || 'rest';
        parts.push(
          `${level} day ${day} | ${forms}\n  sms ${digest(sms)} ${gsm7Length(sms)} units ${gsm7Segments(sms)} seg | html ${digest(email.html!)} | text ${digest(email.text)}`,
        );
      }
    }
    await expect(`${parts.join('\n')}\n`).toMatchFileSnapshot(`./__golden__/bands-${band}.txt`);
  });
});

describe('golden sample at a band', () => {
  it('a whole chair-band email to read', async () => {
    const m = await renderer.render({ kind: 'daily', channel: 'email', level: 'gentle', band: 'chair', programDay: 29, links });
    await expect(`Subject: ${m.subject}\n\n${m.text}`).toMatchFileSnapshot('./__golden__/samples/daily-gentle-day29-chair.txt');
  });
});
