import { recordingLog } from '../support/recording-log';
import { describe, expect, it } from 'vitest';
import { subscriberIdFor, suppressionHash } from '../../functions/core/identifiers';
import { linkToken, type LinkAction } from '../../functions/core/links';
import { createApiHandler } from '../../functions/handlers/api';
import type { Store } from '../../functions/ports';
import {
  captureOutput,
  dynaliteFixture,
  FORM,
  httpEvent,
  JSON_HEADERS,
  KEY_A,
  KEY_B,
  PEPPER,
  RecordingMailer,
  subscriber,
  T0,
  type Fixture,
} from '../support/enrolment-fixture';
import { ctxAs } from '../support/iam-store';

async function setup(over: Parameters<typeof dynaliteFixture>[0] = {}) {
  const f = await dynaliteFixture(over);
  const api = createApiHandler({ ctx: ctxAs('api', f), signupLimit: { max: 3, windowSeconds: 600 } });
  return { f, api };
}

async function snapshot(store: Store, id: string) {
  const [sub, ratings, sends] = await Promise.all([store.getSubscriber(id), store.listRatings(id), store.listSendRecords(id)]);
  return JSON.stringify({ sub, ratings, sends });
}

const path = (f: Fixture, action: LinkAction, id: string, day?: number) => `/${action}/${linkToken(f.ctx.linkKeys, action, id, f.clock.now(), day)}`;

describe('GET never changes state (mail scanners open every link)', () => {
  it.each(['confirm', 'rate', 'unsubscribe', 'pause', 'resume', 'data'] as const)('GET and HEAD /%s/:token show a page and record nothing', async (action) => {
    const { f, api } = await setup();
    const s = subscriber({
      channel: 'email',
      address: `get-${action}@example.com`,
      status: action === 'confirm' ? 'pending' : action === 'resume' ? 'paused' : 'active',
      expiresAt: T0 / 1000 + 3600,
    });
    await f.store.createSubscriber(s);
    const before = await snapshot(f.store, s.id);
    const p = path(f, action, s.id, 4);
    for (const method of ['GET', 'HEAD']) {
      const res = await api(httpEvent(method, p, { query: action === 'rate' ? 'score=9' : '' }));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(await snapshot(f.store, s.id)).toBe(before);
  });

  it('the rate page shows the tapped score large, one "Save my score" POST button, other numbers as GET links, and no script', async () => {
    const { f, api } = await setup();
    const s = subscriber({ channel: 'email', address: 'page@example.com' });
    const res = await api(httpEvent('GET', path(f, 'rate', s.id, 4), { query: 'score=7' }));
    expect(res.body).toMatch(/<p class="score"[^>]*>7</);
    expect(res.body).toContain('<form id="rate" method="post"');
    expect(res.body).toContain('name="score" value="7"');
    expect(res.body!.match(/<button/g)).toHaveLength(1);
    expect(res.body).toMatch(/<button type="submit">Save my score<\/button>/);
    for (const n of [0, 3, 10]) expect(res.body).toContain(`<a href="?score=${n}">${n}</a>`);
    expect(res.body).not.toContain('<script');
    expect(res.headers['content-security-policy']).toContain("script-src 'none'");
  });

  it.each(['', '0x7', '7.0', '+7', ' 7', '07', '1e1', '-0', '11', 'seven'])(
    'score=%j is refused with a 400 by GET and POST, and nothing is stored',
    async (bad) => {
      const { f, api } = await setup();
      const s = subscriber({ channel: 'email', address: 'coerce@example.com' });
      await f.store.createSubscriber(s);
      const q = `score=${encodeURIComponent(bad)}`;
      const got = await api(httpEvent('GET', path(f, 'rate', s.id, 4), { query: q }));
      expect(got.statusCode).toBe(400);
      expect(got.body).toMatch(/score must be a whole number from 0/);
      const posted = await api(httpEvent('POST', path(f, 'rate', s.id, 4), { headers: FORM, body: q, query: q }));
      expect(posted.statusCode).toBe(400);
      expect(await f.store.listRatings(s.id)).toEqual([]);
    },
  );
});

describe('POST makes the change', () => {
  it('confirm, pause, resume and rate', async () => {
    const { f, api } = await setup();
    const s = subscriber({ channel: 'email', address: 'post@example.com', status: 'pending', nextSendAt: undefined, expiresAt: T0 / 1000 + 3600 });
    await f.store.createSubscriber(s);
    expect((await api(httpEvent('POST', path(f, 'confirm', s.id)))).statusCode).toBe(200);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('active');
    expect((await api(httpEvent('POST', path(f, 'pause', s.id)))).statusCode).toBe(200);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('paused');
    expect((await api(httpEvent('POST', path(f, 'resume', s.id)))).statusCode).toBe(200);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('active');
    const rated = await api(httpEvent('POST', path(f, 'rate', s.id, 4), { headers: FORM, body: 'score=3', query: 'score=3' }));
    expect(rated.statusCode).toBe(200);
    expect(rated.body).toContain('We saved 3 out of 10');
    expect(await f.store.listRatings(s.id)).toMatchObject([{ programDay: 4, score: 3, source: 'link' }]);
  });

  it('a high score by link shows the safety advice and sends the safety email', async () => {
    const mailer = new RecordingMailer();
    const { f, api } = await setup({ mailer });
    const s = subscriber({ channel: 'email', address: 'high@example.com' });
    await f.store.createSubscriber(s);
    const res = await api(httpEvent('POST', path(f, 'rate', s.id, 4), { headers: FORM, body: 'score=9' }));
    expect(res.body).toMatch(/stop the exercises for now/);
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Please pause your Limber exercises']);
  });

  it.each([
    ['form-urlencoded', FORM, 'List-Unsubscribe=One-Click'],
    [
      'multipart',
      { 'content-type': 'multipart/form-data; boundary=XyZ' },
      '--XyZ\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--XyZ--\r\n',
    ],
  ])('RFC 8058 one-click unsubscribe (%s): 200, no redirect, no cookie; a repeat is harmless', async (_name, headers, body) => {
    const { f, api } = await setup();
    const s = subscriber({ channel: 'email', address: `oneclick-${_name}@example.com` });
    await f.store.createSubscriber(s);
    const p = path(f, 'unsubscribe', s.id);
    for (let i = 0; i < 2; i++) {
      const res = await api(httpEvent('POST', p, { headers, body, base64: i === 1 }));
      expect(res.statusCode).toBe(200);
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.cookies).toBeUndefined();
    }
    expect(await f.store.getSubscriber(s.id)).toMatchObject({ status: 'unsubscribed' });
  });
});

describe('expired, forged and rotated keys', () => {
  it('an expired link is 410 and changes nothing; a forged one is 404', async () => {
    const { f, api } = await setup();
    const s = subscriber({ channel: 'email', address: 'exp@example.com', status: 'pending', nextSendAt: undefined, expiresAt: T0 / 1000 + 3600 });
    await f.store.createSubscriber(s);
    const p = path(f, 'confirm', s.id);
    f.clock.advance(49 * 3600_000);
    expect((await api(httpEvent('POST', p))).statusCode).toBe(410);
    const forged = `/confirm/${linkToken([{ id: 'a', secret: 'z'.repeat(40) }], 'confirm', s.id, f.clock.now())}`;
    expect((await api(httpEvent('POST', forged))).statusCode).toBe(404);
    const wrongAction = path(f, 'pause', s.id).replace('/pause/', '/confirm/');
    expect((await api(httpEvent('POST', wrongAction))).statusCode).toBe(404);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('pending');
  });

  it('after rotation, links signed by the old key still work until it is removed', async () => {
    const { f } = await setup();
    const s = subscriber({ channel: 'email', address: 'rot@example.com' });
    await f.store.createSubscriber(s);
    const old = `/pause/${linkToken([KEY_A], 'pause', s.id, f.clock.now())}`;
    const rotated = createApiHandler({ ctx: ctxAs('api', f, { linkKeys: [KEY_B, KEY_A] }) });
    const dropped = createApiHandler({ ctx: ctxAs('api', f, { linkKeys: [KEY_B] }) });
    expect((await dropped(httpEvent('POST', old))).statusCode).toBe(404);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('active');
    expect((await rotated(httpEvent('POST', old))).statusCode).toBe(200);
    expect((await f.store.getSubscriber(s.id))?.status).toBe('paused');
  });
});

describe('POST /signup', () => {
  const good = { channel: 'email', email: 'new@example.com', timezone: 'Europe/Berlin', sendAt: '07:00', level: 'gentle', consent: true, healthConsent: true };

  it('answers 202 and sends the confirmation; the answer is the same for a known address', async () => {
    const mailer = new RecordingMailer();
    const { f, api } = await setup({ mailer });
    const first = await api(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body: JSON.stringify(good) }));
    expect(first.statusCode).toBe(202);
    const again = await api(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body: JSON.stringify(good), ip: '198.51.100.1' }));
    expect(again.body).toBe(first.body);
    expect(mailer.sent).toHaveLength(1);
    expect(await f.store.getSubscriber(subscriberIdFor('email', 'new@example.com', PEPPER))).toMatchObject({ status: 'pending' });
  });

  it.each([
    ['bad fields', JSON.stringify({ ...good, email: 'nope', sendAt: '7am', extra: true }), ['email', 'extra', 'sendAt']],
    ['no consent', JSON.stringify({ ...good, consent: false }), ['consent']],
    ['invalid JSON', '{"channel":', []],
    ['not an object', '[1,2]', ['body']],
  ])('400 for %s, naming each bad field', async (_name, body, fields) => {
    const { api } = await setup();
    const res = await api(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body }));
    expect(res.statusCode).toBe(400);
    const json = JSON.parse(res.body!);
    if (fields.length) expect(Object.keys(json.fields).sort()).toEqual(fields);
  });

  it('caps the body size and refuses other media types', async () => {
    const { api } = await setup();
    const big = JSON.stringify({ ...good, email: `${'a'.repeat(9000)}@example.com` });
    expect((await api(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body: big }))).statusCode).toBe(413);
    expect((await api(httpEvent('POST', '/signup', { headers: { 'content-type': 'text/plain' }, body: 'hi' }))).statusCode).toBe(415);
  });

  it('accepts a plain form post (no script) and answers with a page', async () => {
    const { api } = await setup();
    const body = new URLSearchParams({
      channel: 'email',
      email: 'form@example.com',
      timezone: 'UTC',
      sendAt: '08:00',
      level: 'active',
      consent: 'on',
      healthConsent: 'on',
    }).toString();
    const res = await api(httpEvent('POST', '/signup', { headers: FORM, body, base64: true }));
    expect(res.statusCode).toBe(202);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('rate-limits per client IP, with the window in the key', async () => {
    const { api } = await setup();
    const send = (ip: string) =>
      api(httpEvent('POST', '/signup', { headers: JSON_HEADERS, body: JSON.stringify({ ...good, email: `${ip}@example.com` }), ip }));
    for (let i = 0; i < 3; i++) expect((await send('192.0.2.1')).statusCode).toBe(202);
    const limited = await send('192.0.2.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('600');
    expect((await send('192.0.2.2')).statusCode).toBe(202);
  });

  it('serves the sign-up page with SMS terms and its script allowed by hash', async () => {
    const { api } = await setup();
    const res = await api(httpEvent('GET', '/'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Msg &amp; data rates may apply');
    expect(res.body).toMatch(/Reply HELP for help, STOP to cancel/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'sha256-/);
  });
});

describe('my data: export and delete', () => {
  it('exports CSV and JSON, deletes everything but a suppression hash', async () => {
    const { f, api } = await setup();
    const s = subscriber({ channel: 'email', address: 'mine@example.com' });
    await f.store.createSubscriber(s);
    await f.store.putRating({ subscriberId: s.id, at: new Date(T0).toISOString(), score: 4, source: 'link', programDay: 2, redFlag: false });
    await f.store.putSendRecord({
      subscriberId: s.id,
      programDay: 2,
      channel: 'email',
      providerMessageId: 'm1',
      at: new Date(T0).toISOString(),
      kind: 'daily',
      deliveryStatus: 'sent',
    });
    const p = path(f, 'data', s.id);
    const csv = await api(httpEvent('POST', p, { headers: FORM, body: 'action=export&format=csv' }));
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment/);
    expect(csv.body).toBe('run,program_day,at,score,source,red_flag\r\n1,2,2026-03-02T09:00:00.000Z,4,link,false\r\n');
    const json = JSON.parse((await api(httpEvent('POST', p, { headers: FORM, body: 'action=export&format=json' }))).body!);
    expect(json.subscriber.address).toBe('mine@example.com');
    expect(json.ratings).toHaveLength(1);
    expect(json.messages).toHaveLength(1);

    expect((await api(httpEvent('POST', p, { headers: FORM, body: 'action=delete' }))).statusCode).toBe(400);
    const { result: deleted, output } = await captureOutput(() => api(httpEvent('POST', p, { headers: FORM, body: 'action=delete&confirm=yes' })));
    expect(deleted.statusCode).toBe(200);
    expect(output).not.toContain('mine@example.com');
    expect(await f.store.getSubscriber(s.id)).toBeUndefined();
    expect(await f.store.listRatings(s.id)).toEqual([]);
    expect(await f.store.listSendRecords(s.id)).toEqual([]);
    expect(await f.store.isSuppressed(suppressionHash('email', 'mine@example.com', PEPPER))).toBe(true);
    // A form post gets the address one confirmation, nothing more; the suppression stays until it is confirmed.
    const mailer = f.ctx.mailer as RecordingMailer;
    const again = await api(
      httpEvent('POST', '/signup', {
        headers: JSON_HEADERS,
        body: JSON.stringify({
          channel: 'email',
          email: 'mine@example.com',
          timezone: 'UTC',
          sendAt: '08:00',
          level: 'gentle',
          consent: true,
          healthConsent: true,
        }),
      }),
    );
    expect(again.statusCode).toBe(202);
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Confirm your Limber sign-up']);
    expect(await f.store.isSuppressed(suppressionHash('email', 'mine@example.com', PEPPER))).toBe(true);
  });
});

describe('logs', () => {
  it('hold no address, phone number or pain score', async () => {
    const logs: string[] = [];
    const { f } = await setup();
    const api = createApiHandler({
      ctx: ctxAs('api', f, { log: recordingLog(logs) }),
      log: recordingLog(logs),
    });
    const s = subscriber({ channel: 'sms', address: '+14155550199' });
    await f.store.createSubscriber(s);
    const { output } = await captureOutput(async () => {
      await api(httpEvent('POST', path(f, 'rate', s.id, 4), { headers: FORM, body: 'score=9' }));
      await api(
        httpEvent('POST', '/signup', {
          headers: JSON_HEADERS,
          body: JSON.stringify({
            channel: 'email',
            email: 'logme@example.com',
            timezone: 'UTC',
            sendAt: '08:00',
            level: 'gentle',
            consent: true,
            healthConsent: true,
          }),
        }),
      );
      await api(httpEvent('POST', '/confirm/forged.a.xx'));
    });
    const all = `${output}\n${logs.join('\n')}`;
    expect(logs.length).toBeGreaterThan(2);
    expect(all).not.toMatch(/logme@example\.com|\+?14155550199|"score"|\b9\b/);
  });
});
