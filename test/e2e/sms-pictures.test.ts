import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { dayPlan } from '../../functions/core/program';
import { startTestStack, postForm } from '../support/test-stack';

/**
 * MMS (LIMBER_SMS_PICTURES): with the setting on, the daily SMS to a US number reaches the Twilio wire
 * server with a MediaUrl, the picture there is one the local pages server serves as a PNG, and the
 * phone page shows it; a UK number gets the text alone (Twilio delivers MMS only to the US and
 * Canada). With the setting off, no MediaUrl at all.
 */

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T12:00:00Z'); // Monday, 04:00 in Los Angeles, before the 07:30 send
const US = '+14155550188';
const GB = '+447400123456';

/** Signs up `phone` by SMS, confirms with YES, lets the first daily message go; returns the phone page's HTML. */
async function firstDaily(stack: LocalStack, phones: readonly string[]): Promise<string> {
  for (const phone of phones) {
    // Both at 07:30 in Los Angeles: the country of the number, not the time zone, decides MMS.
    const timezone = 'America/Los_Angeles';
    const res = await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ channel: 'sms', phone, timezone, sendAt: '07:30', level: 'gentle', consent: true, healthConsent: true }),
    });
    expect(res.status).toBe(202);
    expect((await postForm(`${stack.urls.phone}/send`, { from: phone, body: 'YES' })).status).toBe(303);
  }
  stack.advance(4 * HOUR); // past 07:30 in Los Angeles
  await stack.tick();
  return (await fetch(stack.urls.phone)).text();
}

/** The MMS pictures the phone page shows in `phone`'s daily text (the one asking for a pain score), as the wire server recorded them. */
function dailyPictures(html: string, phone: string): { texts: number; media: string[] } {
  const thread = html.split('<section class="phone"').find((s) => s.includes(`data-number="${phone}"`)) ?? '';
  const daily = thread.split('<div class="msg out"').filter((m) => /Reply 0-10 for pain/.test(m));
  return { texts: daily.length, media: daily.flatMap((m) => [...m.matchAll(/<img class="mms" src="([^"]+)"/g)].map((x) => x[1]!.replace(/&amp;/g, '&'))) };
}

describe('daily SMS pictures (MMS)', () => {
  let on: LocalStack;
  let off: LocalStack;
  beforeAll(async () => {
    [on, off] = await Promise.all([startTestStack(START, { smsPictures: true }), startTestStack(START, { pictures: true })]);
  }, 60_000);
  afterAll(async () => {
    await on?.stop();
    await off?.stop();
  });

  it('on: a US number gets the start picture of its first new exercise, served as a PNG; a UK number gets none', async () => {
    const html = await firstDaily(on, [US, GB]);
    const us = dailyPictures(html, US);
    expect(us.texts).toBe(1);
    expect(us.media).toHaveLength(1);
    const url = us.media[0]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/illustrations\/[a-z-]+-start\.[0-9a-f]{10}\.png$/);
    const firstNew = dayPlan('gentle', 1).items.find((i) => i.newThisWeek)!;
    expect(url).toContain(`/illustrations/${firstNew.exercise.id}-start.`);
    const png = await fetch(url);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // 1x, far under Twilio's 5 MB media limit.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([260, 160]);
    expect(bytes.length).toBeLessThan(100_000);

    const gb = dailyPictures(html, GB);
    expect(gb.texts).toBe(1);
    expect(gb.media).toEqual([]);
  }, 60_000);

  it('off (the default): the same US daily text goes without a picture', async () => {
    const us = dailyPictures(await firstDaily(off, [US]), US);
    expect(us.texts).toBe(1);
    expect(us.media).toEqual([]);
  }, 60_000);
});
