import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { dayPlan } from '../../functions/core/program';
import { startTestStack } from '../support/test-stack';
import { storeSnapshot } from '../support/store-snapshot';

/**
 * The rate page a score link opens shows the rated day's exercises, in the person's own form, with
 * their pictures (served by the local pages server) and the steps beside them, and opening it
 * records nothing. A person in the chair band sees chair pictures, never the floor.
 */

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T06:00:00Z'); // Monday 06:00 London, before the 07:30 send

interface Mail {
  subject: string;
  body: { html?: string; text?: string };
}

const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('the rate page shows the day it rates', () => {
  let stack: LocalStack;
  const mails = async (): Promise<Mail[]> => ((await (await fetch(`${stack.urls.inbox}store`)).json()) as { emails: Mail[] }).emails;

  beforeAll(async () => {
    stack = await startTestStack(START, { pictures: true });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it("shows each exercise of the rated day in the person's chair form, pictures and steps, and a GET saves nothing", async () => {
    // Cannot get down to the floor: the self-check puts this person in the chair band.
    const signup = await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'email',
        email: 'chair@example.com',
        timezone: 'Europe/London',
        sendAt: '07:30',
        level: 'gentle',
        consent: true,
        healthConsent: true,
        reach: 'knees',
        floor: 'not-possible',
        back: 'yes',
      }),
    });
    expect(signup.status).toBe(202);
    const confirm = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_.-]+/.exec((await mails())[0]!.body.text ?? '')![0];
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(200);
    stack.advance(2 * HOUR);
    await stack.tick();
    const daily = (await mails()).find((m) => /Day 1 of 42/.test(m.subject))!;
    const rate = decode(/href="(https?:\/\/[^"]+\/rate\/[^"]+score=3[^"]*)"/.exec(daily.body.html!)![1]!);

    const before = await storeSnapshot(stack.store);
    const res = await fetch(rate);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'none'");
    const html = decode(await res.text());
    expect(html).toContain('<form id="rate" method="post"');
    expect(html).not.toContain('<script');

    const items = dayPlan('gentle', 1, undefined, 'chair').items;
    expect(items.some((i) => i.form.from === 'chair')).toBe(true);
    const imgs = [...html.matchAll(/<img src="([^"]+)" srcset="([^"]+) 2x" width="260" height="160" alt="([^"]+)">/g)];
    expect(imgs).toHaveLength(items.length * 2);
    items.forEach((item, i) => {
      expect(html).toContain(`. ${item.exercise.name}`);
      for (const step of item.exercise.steps) expect(html).toContain(`<li>${step}</li>`);
      const [start, end] = [imgs[i * 2]!, imgs[i * 2 + 1]!];
      // A chair form has pictures of its own (never the written floor poses), named for the form.
      const name = item.form.from === 'chair' ? `${item.exercise.id}-chair-` : `${item.exercise.id}-`;
      expect(start[1]).toContain(`/illustrations/${name}start.`);
      expect(end[1]).toContain(`/illustrations/${name}end.`);
      expect(start[3]).toContain(item.exercise.name);
    });
    // The pictures are there: the pages server the image base URL names answers with PNGs.
    expect(csp).toContain(`img-src 'self' data: ${new URL(imgs[0]![1]!).origin}`);
    for (const url of [imgs[0]![1]!, imgs[0]![2]!]) {
      const png = await fetch(url);
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
    }
    expect(await storeSnapshot(stack.store)).toBe(before);

    // The press of the button is what saves the score.
    const saved = await fetch(rate, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'score=3' });
    expect(saved.status).toBe(200);
    expect(await storeSnapshot(stack.store)).not.toBe(before);
  }, 90_000);
});
