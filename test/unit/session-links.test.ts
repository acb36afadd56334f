import { describe, expect, it } from 'vitest';
import { composeEmail, composeSms, emailText, type MessageLinks, type RenderRequest } from '../../functions/core/messages';
import { sessionLinkFor, sessionToken, verifySessionToken } from '../../functions/core/links';
import { Level, PROGRAM_DAYS } from '../../functions/core/model';
import { dayPlan } from '../../functions/core/program';
import { gsm7Length, gsm7Segments, isGsm7, SMS_BUDGET_UNITS } from '../../functions/core/gsm7';

/** Today's-session links: signed, short enough for an SMS, naming no one, and carried by the daily messages. */

const KEY_A = { id: 'a', secret: 'a'.repeat(40) };
const KEY_B = { id: 'b', secret: 'b'.repeat(40) };
// As long as an API Gateway URL: https://<10>.execute-api.<region>.amazonaws.com
const BASE = 'https://abcdef1234.execute-api.eu-west-1.amazonaws.com';

const links = (session?: string): MessageLinks => ({
  rate: (n) => `${BASE}/rate/t?score=${n}`,
  unsubscribe: `${BASE}/unsubscribe/t`,
  myData: `${BASE}/data/t`,
  pauseResume: `${BASE}/pause/t`,
  ...(session ? { session } : {}),
});
const daily = (level: Level, day: number, channel: 'sms' | 'email', session?: string): RenderRequest => ({
  kind: 'daily',
  channel,
  level,
  programDay: day,
  links: links(session),
});

describe('session tokens', () => {
  it('carry the level and day, verify with any key, and refuse a changed day, level or MAC', () => {
    const t = sessionToken([KEY_A], 'moderate', 12);
    expect(t.length).toBeLessThanOrEqual(16);
    expect(verifySessionToken([KEY_A], t)).toEqual({ level: 'moderate', day: 12 });
    expect(verifySessionToken([KEY_B, KEY_A], t)).toEqual({ level: 'moderate', day: 12 });
    expect(verifySessionToken([KEY_B], t)).toBeUndefined();
    expect(verifySessionToken([KEY_A], t.replace('m12.', 'm13.'))).toBeUndefined();
    expect(verifySessionToken([KEY_A], t.replace('m12.', 'a12.'))).toBeUndefined();
    expect(verifySessionToken([KEY_A], `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    for (const bad of ['', 'm0.aaaaaaaaaaaa', 'm43.aaaaaaaaaaaa', 'x12.aaaaaaaaaaaa', 'x'.repeat(600), 'eyJhIjoic2Vzc2lvbiJ9.a.b'])
      expect(verifySessionToken([KEY_A], bad)).toBeUndefined();
  });

  it('name no one: the link holds no subscriber id', () => {
    const url = sessionLinkFor([KEY_A], `${BASE}/`, 'gentle', 3);
    expect(url).toMatch(new RegExp(`^${BASE}/session/g3\\.[A-Za-z0-9_-]{12}$`));
  });
});

const everyDay = Level.options.flatMap((level) => Array.from({ length: PROGRAM_DAYS }, (_, i) => ({ level, day: i + 1 })));

describe('the daily SMS links to the session page', () => {
  it.each(everyDay)('$level day $day: the link, GSM-7, within three segments', ({ level, day }) => {
    const url = sessionLinkFor([KEY_A], BASE, level, day);
    const text = composeSms(daily(level, day, 'sms', url));
    const rest = dayPlan(level, day).session === 'rest';
    if (rest) expect(text).not.toContain('/session/');
    else expect(text).toContain(url);
    expect(isGsm7(text)).toBe(true);
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_BUDGET_UNITS);
    expect(gsm7Segments(text)).toBeLessThanOrEqual(3);
  });

  it('has no link line when no session link is given (as before)', () => {
    expect(composeSms(daily('gentle', 1, 'sms'))).not.toMatch(/session|Pictures/);
  });
});

describe('the daily email links to the session page', () => {
  it('in the HTML footer and in the plain-text part', () => {
    const url = sessionLinkFor([KEY_A], BASE, 'active', 20);
    const content = composeEmail(daily('active', 20, 'email', url));
    expect(content.footer.sessionUrl).toBe(url);
    expect(emailText(content)).toContain(url);
    expect(composeEmail(daily('active', 20, 'email')).footer.sessionUrl).toBeUndefined();
  });
});

describe('delivery signs the session link for the day the message shows', () => {
  it('with the level and content day of the plan, and only on daily messages', async () => {
    const { deliverJob } = await import('../../functions/core/deliver');
    const { LINK_KEYS, subscriber, testDelivery } = await import('../support/delivery');
    const t = testDelivery();
    const seen: RenderRequest[] = [];
    t.ctx.renderer = { render: async (req) => (seen.push(req), { text: `day ${req.programDay}` }) };
    const s = subscriber({ channel: 'sms', address: '+4915100000003', level: 'active', sendAt: '15:00', timezone: 'Asia/Tokyo' });
    await t.store.createSubscriber(s);
    expect(await deliverJob(t.ctx, { subscriberId: s.id, programDay: 1, dueAt: s.nextSendAt! })).toMatchObject({ kind: 'sent' });
    const req = seen.find((r) => r.kind === 'daily')!;
    expect(req.links.session).toBe(sessionLinkFor(LINK_KEYS, 'https://limber.test', 'active', 1));
    expect(t.sms.sent[0]!.body).toBe('day 1');
  });

  it("with the person's band, so the page shows the forms the message did", async () => {
    const { deliverJob } = await import('../../functions/core/deliver');
    const { LINK_KEYS, subscriber, testDelivery } = await import('../support/delivery');
    const t = testDelivery();
    const seen: RenderRequest[] = [];
    t.ctx.renderer = { render: async (req) => (seen.push(req), { text: `day ${req.programDay}` }) };
    const s = {
      ...subscriber({ channel: 'sms', address: '+4915100000004', level: 'gentle', sendAt: '15:00', timezone: 'Asia/Tokyo' }),
      band: 'easier' as const,
    };
    await t.store.createSubscriber(s);
    await deliverJob(t.ctx, { subscriberId: s.id, programDay: 1, dueAt: s.nextSendAt! });
    const req = seen.find((r) => r.kind === 'daily')!;
    expect(req.band).toBe('easier');
    expect(req.links.session).toBe(sessionLinkFor(LINK_KEYS, 'https://limber.test', 'gentle', 1, 'easier'));
    expect(req.links.session).toMatch(/\?band=easier$/);
  });
});
