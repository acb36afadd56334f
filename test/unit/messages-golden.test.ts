import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MjmlRenderer } from '../../functions/adapters/mjml-renderer';
import type { MessageKind, MessageLinks, RenderRequest } from '../../functions/core/messages';
import { Level, PROGRAM_DAYS } from '../../functions/core/model';
import { dayPlan } from '../../functions/core/program';
import { gsm7Length, gsm7Segments, isGsm7, SMS_BUDGET_UNITS } from '../../functions/core/gsm7';

/**
 * Golden files for all 42 days x 3 levels x 2 channels, in test/unit/__golden__ (review them in a
 * diff when content changes; update with `npx vitest run -u`). SMS bodies are kept whole. Emails
 * are kept as subject, preview and a digest of the HTML and text parts, so the files stay small; a
 * few whole emails are kept under samples/ for reading.
 */

const links: MessageLinks = {
  rate: (n) => `https://limber.example/r/golden?score=${n}`,
  unsubscribe: 'https://limber.example/u/golden',
  myData: 'https://limber.example/me/golden',
  pauseResume: 'https://limber.example/p/golden',
  confirm: 'https://limber.example/c/golden',
};
const summary = {
  week: 2,
  average: 4.1,
  previousAverage: 5.6,
  days: [6, 5, null, 4, 4, 3, 2].map((score, i) => ({ day: 8 + i, score })),
};
const renderer = new MjmlRenderer();

function req(kind: MessageKind, channel: 'email' | 'sms', level: Level, programDay: number): RenderRequest {
  return { kind, channel, level, programDay, links, summary: kind === 'summary' ? summary : undefined };
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

describe.each(Level.options)('golden messages: %s', (level) => {
  it('SMS, days 1-42', async () => {
    const parts: string[] = [];
    for (let day = 1; day <= PROGRAM_DAYS; day++) {
      const { text } = await renderer.render(req('daily', 'sms', level, day));
      expect(isGsm7(text), `day ${day}`).toBe(true);
      expect(gsm7Length(text), `day ${day}`).toBeLessThanOrEqual(SMS_BUDGET_UNITS);
      expect(text.endsWith('\nReply 0-10 for pain, STOP to end'), `day ${day}`).toBe(true);
      const session = dayPlan(level, day).session;
      parts.push(`## day ${day} (${session}, ${gsm7Length(text)} units, ${gsm7Segments(text)} segments)\n${text}\n`);
    }
    await expect(parts.join('\n')).toMatchFileSnapshot(`./__golden__/sms-${level}.txt`);
  });

  it('email, days 1-42', async () => {
    const parts: string[] = [];
    for (let day = 1; day <= PROGRAM_DAYS; day++) {
      const m = await renderer.render(req('daily', 'email', level, day));
      const html = m.html!;
      for (let n = 0; n <= 10; n++) expect(html).toContain(`href="${links.rate(n)}"`);
      expect(html).toContain(`href="${links.unsubscribe}"`);
      expect(html).toContain(`href="${links.myData}"`);
      expect(html).toContain('It is not medical advice');
      expect(html).toContain('If any movement makes your pain sharper, stop it and rest.');
      expect(html).toContain('How is your back today?');
      expect(html).not.toMatch(/\{\{|\}\}/);
      for (const item of dayPlan(level, day).items) expect(html).toContain(item.exercise.name.replace("'", '&#39;'));
      parts.push(`## day ${day}\nsubject: ${m.subject}\nhtml: ${digest(html)} (${html.length} chars)\ntext: ${digest(m.text)} (${m.text.length} chars)\n`);
    }
    await expect(parts.join('\n')).toMatchFileSnapshot(`./__golden__/email-${level}.txt`);
  });
});

describe('golden samples', () => {
  it('whole emails to read: a first day, a last day, a summary', async () => {
    const first = await renderer.render(req('daily', 'email', 'gentle', 1));
    await expect(`Subject: ${first.subject}\n\n${first.text}`).toMatchFileSnapshot('./__golden__/samples/daily-gentle-day01.txt');
    const last = await renderer.render(req('daily', 'email', 'active', PROGRAM_DAYS));
    await expect(last.html!).toMatchFileSnapshot('./__golden__/samples/daily-active-day42.html');
    const week = await renderer.render(req('summary', 'email', 'moderate', 14));
    await expect(week.html!).toMatchFileSnapshot('./__golden__/samples/summary-week2.html');
  });

  it('every other kind, email text part and SMS', async () => {
    const parts: string[] = [];
    for (const kind of ['confirmation', 'closing', 'safety', 'safetyUrgent', 'summary'] as const) {
      const email = await renderer.render(req(kind, 'email', 'gentle', 14));
      const sms = await renderer.render(req(kind, 'sms', 'gentle', 14));
      parts.push(
        `######## ${kind}\n## email subject: ${email.subject}\n## html: ${digest(email.html!)}\n${email.text}\n## sms (${gsm7Segments(sms.text)} segments)\n${sms.text}\n`,
      );
    }
    await expect(parts.join('\n')).toMatchFileSnapshot('./__golden__/samples/other-kinds.txt');
  });
});
