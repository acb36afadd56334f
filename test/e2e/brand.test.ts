import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config';
import { HEALTH_CONSENT, MESSAGING_CONSENT } from '../../templates/messages/consent';
import type { LocalStack } from '../../local/stack';
import { startTestStack } from '../support/test-stack';
import { chromiumPresent, launchBrowser, type Browser } from '../support/browser';

/**
 * Another operator's brand on the local stack, over real HTTP: every message (subjects, SMS, email
 * HTML and text) and every public page says their name and none says "Limber"; the email footer
 * carries their postal address, contacts and privacy link; HELP names their contacts; the
 * health-data consent is required, and recorded with its time and wording version.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 2 March 2026, 06:00 UTC: before the 07:30 send time in London.
const START = Date.parse('2026-03-02T06:00:00Z');

const BRAND = {
  programName: 'Northside Back Care',
  senderName: 'Back Care at Northside Physio',
  supportEmail: 'help@northside.example',
  supportPhone: '+15005550199',
  postalAddress: '2 Clinic Road, Northside, NS1 2AB',
  privacyUrl: 'https://northside.example/privacy',
  colour: '#1d4ed8',
};
const LEAK = /limber/i;

interface Mail {
  from: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');

describe('an operator brand other than Limber', () => {
  let stack: LocalStack;
  let browser: Browser | undefined;
  const api = (path: string) => `${stack.urls.api}${path}`;
  const mails = async (to: string): Promise<Mail[]> =>
    ((await (await fetch(`${stack.urls.inbox}store`)).json()) as { emails: Mail[] }).emails.filter((m) => m.destination.to.includes(to));
  /** Texts the local phone shows as sent by the program to a number. */
  const texts = async (number: string): Promise<string[]> => {
    const html = await (await fetch(stack.urls.phone)).text();
    const thread = html.split('<section class="phone"').find((s) => s.includes(`data-number="${number}"`)) ?? '';
    return [...thread.matchAll(/<div class="msg out" data-direction="[^"]*">([\s\S]*?)<div class="meta">/g)].map((m) => decode(m[1]!));
  };
  const textFrom = (number: string, body: string) =>
    fetch(`${stack.urls.phone}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ from: number, body }).toString(),
      redirect: 'manual',
    });
  const signup = (body: Record<string, unknown>) =>
    fetch(api('/signup'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ timezone: 'Europe/London', sendAt: '07:30', level: 'gentle', consent: true, ...body }),
    });
  const linkIn = (text: string, action: string) => new RegExp(`https?://\\S+/${action}/[A-Za-z0-9_.-]+`).exec(text)?.[0];

  beforeAll(async () => {
    stack = await startTestStack(START, {
      brandEnv: {
        [ENV.programName]: BRAND.programName,
        [ENV.senderName]: BRAND.senderName,
        [ENV.supportEmail]: BRAND.supportEmail,
        [ENV.supportPhone]: BRAND.supportPhone,
        [ENV.postalAddress]: BRAND.postalAddress,
        [ENV.privacyUrl]: BRAND.privacyUrl,
        [ENV.brandColour]: BRAND.colour,
      },
    });
    if (chromiumPresent) {
      browser = await launchBrowser({ timezoneId: 'Europe/London', locale: 'en-GB' });
      browser.context.setDefaultTimeout(15_000);
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('without the health-data consent: 400 naming healthConsent, nothing stored, nothing sent', async () => {
    const res = await signup({ channel: 'email', email: 'no-health@example.com' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: Record<string, string> };
    expect(Object.keys(body.fields)).toEqual(['healthConsent']);
    expect(body.fields.healthConsent).toMatch(/^Consent to keeping your scores: please tick/);

    // The form post (no script) gets the form again, the error beside the box and the input kept.
    const form = await fetch(api('/signup'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        channel: 'email',
        email: 'no-health@example.com',
        timezone: 'Europe/London',
        sendAt: '06:45',
        level: 'active',
        consent: 'on',
      }).toString(),
    });
    expect(form.status).toBe(400);
    const page = await form.text();
    expect(page).toContain('<form id="signup"');
    expect(page).toMatch(/id="err-healthConsent"[^>]*>Consent to keeping your scores: please tick/);
    expect(page).toContain('value="no-health@example.com"');
    expect(page).toContain('value="06:45"');
    expect(page).toMatch(/name="level" value="active" checked/);
    expect(page).toMatch(/name="consent" value="on"[^>]* checked/);
    expect(page).not.toMatch(/name="healthConsent" value="on"[^>]* checked/);

    expect((await stack.store.scanSubscribers(100)).items).toEqual([]);
    expect(await mails('no-health@example.com')).toEqual([]);
  });

  it('with it: both consents recorded with their time and wording version; every message branded, none says Limber', async () => {
    const email = 'ann@example.com';
    expect((await signup({ channel: 'email', email, healthConsent: true })).status).toBe(202);
    const sub = (await stack.store.scanSubscribers(100)).items.find((s) => s.address === email)!;
    const at = new Date(START).toISOString();
    expect(sub).toMatchObject({ consentAt: at, consentVersion: MESSAGING_CONSENT.version, healthConsentAt: at, healthConsentVersion: HEALTH_CONSENT.version });

    const [confirmation] = await mails(email);
    expect(confirmation!.from).toBe(`"${BRAND.senderName}" <coach@limber.local>`);
    expect(confirmation!.subject).toBe(`Confirm your ${BRAND.programName} sign-up`);
    const confirm = linkIn(confirmation!.body.text!, 'confirm')!;
    const pages = [confirm];
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(200);
    stack.advance(2 * HOUR);
    await stack.tick();
    const day1 = (await mails(email)).find((m) => /^Day 1 of 42/.test(m.subject))!;
    const text = day1.body.text!;
    for (const action of ['unsubscribe', 'data', 'preferences', 'rate']) {
      const url = linkIn(text, action);
      expect(url, action).toBeDefined();
      pages.push(action === 'rate' ? `${url}?score=3` : url!);
    }
    // Every public page while its link is fresh: what the links open, sign-up, privacy, a 404.
    for (const url of [...pages, api('/'), api('/privacy'), api('/terms'), api('/nowhere')]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(url.endsWith('/nowhere') ? 404 : 200);
      const html = await res.text();
      expect(html, url).not.toMatch(LEAK);
      expect(html, url).toContain(`· ${BRAND.programName}</title>`);
      expect(html, url).toContain(`href="${BRAND.privacyUrl}"`);
      // No terms URL of the operator's own: every page links the program's /terms page.
      expect(html, url).toContain(`href="${api('/terms')}"`);
      expect(html, url).toContain(`--accent:${BRAND.colour}`);
      // The style sheet is allowed by its hash, so the brand colour must be in the hashed sheet itself.
      expect(res.headers.get('content-security-policy'), url).toMatch(/style-src 'sha256-/);
    }
    const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await post(linkIn(text, 'rate')!, 'score=2')).status).toBe(200);
    // A week on: the weekly summary; then a high score pauses the program with a safety notice.
    for (let d = 0; d < 7; d++) {
      stack.advance(DAY);
      await stack.tick();
    }
    const latest = (await mails(email)).filter((m) => /^Day \d+ of 42/.test(m.subject)).at(-1)!;
    const rate = linkIn(latest.body.text!, 'rate')!;
    expect((await post(rate, 'score=9')).status).toBe(200);

    const all = await mails(email);
    const kinds = all.map((m) => m.subject);
    expect(
      kinds.some((s) => /^Week 1/.test(s)),
      kinds.join('; '),
    ).toBe(true);
    expect(kinds).toContain(`Please pause your ${BRAND.programName} exercises`);
    for (const m of all) {
      for (const part of [m.subject, m.body.text ?? '', m.body.html ?? '']) expect(part, m.subject).not.toMatch(LEAK);
      // CAN-SPAM: the sender's postal address; CTIA/A2P: a way to reach a person; the privacy policy.
      for (const part of [m.body.text!, decode(m.body.html!)]) {
        expect(part, m.subject).toContain(`${BRAND.senderName}, ${BRAND.postalAddress}`);
        expect(part, m.subject).toContain(`Questions? ${BRAND.supportEmail} or ${BRAND.supportPhone}`);
        expect(part, m.subject).toContain(BRAND.privacyUrl);
      }
      expect(m.body.html, m.subject).toContain(BRAND.colour);
      expect(m.body.html, m.subject).not.toContain('#2f6f6a');
      expect(m.body.html, m.subject).toContain(BRAND.programName.toUpperCase());
    }

    const data = decode(await (await fetch(linkIn(latest.body.text!, 'data')!)).text()); // the My data page
    expect(data).toContain(`To us keeping your pain and activity scores: ${at} (${HEALTH_CONSENT.version})`);
  }, 120_000);

  it('the dashboard shows both consents with time and version, and "not recorded" for older sign-ups', async () => {
    const at = new Date(START).toISOString();
    await stack.store.createSubscriber({
      id: 's_signed_up_before_consent_records',
      channel: 'email',
      address: 'old@example.com',
      timezone: 'Europe/London',
      sendAt: '07:30',
      level: 'gentle',
      status: 'paused',
      programDay: 5,
      createdAt: '2026-01-05T08:00:00.000Z',
      version: 0,
    });
    // Both are paused: Ann by her score of 9 above.
    const html = await (await fetch(`${stack.urls.dashboard}?status=paused`)).text();
    const row = (id: string) => html.split('<tr data-subscriber=').find((r) => r.startsWith(`"${id}"`)) ?? '';
    const ann = (await stack.store.scanSubscribers(100)).items.find((x) => x.address === 'ann@example.com')!;
    expect(row(ann.id)).toContain(`messages: ${at} (${MESSAGING_CONSENT.version})<br>health data: ${at} (${HEALTH_CONSENT.version})`);
    expect(row('s_signed_up_before_consent_records')).toContain('messages: not recorded<br>health data: not recorded');
  });

  it('by SMS: every text names the brand, HELP carries both support contacts, none says Limber', async () => {
    const phone = '+14155550123';
    expect((await signup({ channel: 'sms', phone, healthConsent: true })).status).toBe(202);
    await textFrom(phone, 'YES');
    await textFrom(phone, 'HELP');
    stack.advance(DAY);
    await stack.tick();
    await textFrom(phone, '3');
    await textFrom(phone, 'STOP');
    await textFrom(phone, 'START');
    const sent = await texts(phone);
    expect(sent.length).toBeGreaterThanOrEqual(6);
    for (const t of sent) {
      expect(t).not.toMatch(LEAK);
      expect(t.startsWith(`${BRAND.programName}`) || t.includes(`${BRAND.programName} day`), t).toBe(true);
    }
    const help = sent.find((t) => t.includes('Msg & data rates may apply') && t.includes('Help:'))!;
    expect(help).toMatch(new RegExp(`Help: ${BRAND.supportEmail} or \\${BRAND.supportPhone}$`));
  }, 60_000);

  it('the default privacy notice names the operator and says opt-in data is never shared', async () => {
    const html = decode(await (await fetch(api('/privacy'))).text());
    expect(html).toContain(`${BRAND.programName} is run by ${BRAND.senderName}, ${BRAND.postalAddress}`);
    expect(html).toMatch(/never share, sell or rent your mobile number, your text-message opt-in or your consent to third parties/);
    expect(html).toContain('pain scores');
    expect(html).toContain('My data');
    expect((await fetch(api('/privacy'), { method: 'POST' })).status).toBe(405);
  });

  describe.skipIf(!chromiumPresent)('in Chromium', () => {
    it('the sign-up page shows what an A2P 10DLC reviewer looks for, and two separate unticked consents', async () => {
      const context = browser!.context;
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(stack.urls.signup);
      await expect(page.title()).resolves.toBe(`Sign up · ${BRAND.programName}`);
      await expect(page.locator('h1').innerText()).resolves.toContain(BRAND.programName);
      const terms = await page.locator('#sms-terms').innerText();
      for (const part of [BRAND.senderName, '1 message a day for 42 days', 'Msg & data rates may apply', 'Reply HELP for help, STOP to cancel']) {
        expect(terms).toContain(part);
      }
      expect(terms).toMatch(/never share or sell your mobile number, your opt-in or your consent to third parties or affiliates for marketing/);
      await expect(page.locator('#sms-terms a', { hasText: 'Privacy policy' }).getAttribute('href')).resolves.toBe(BRAND.privacyUrl);
      // The messaging terms an A2P 10DLC reviewer looks for, one click from the call to action.
      await page.locator('#sms-terms a', { hasText: 'Messaging terms' }).click();
      await page.waitForURL(/\/terms$/);
      const termsText = await page.locator('main').innerText();
      for (const part of [
        `${BRAND.programName} messaging terms`,
        BRAND.senderName,
        BRAND.postalAddress,
        '1 message a day for 42 days',
        'Message and data rates may apply',
        'Reply STOP',
        'Reply HELP',
        BRAND.supportEmail,
        BRAND.supportPhone,
        'carriers are not liable',
      ]) {
        expect(termsText).toContain(part);
      }
      expect(termsText).not.toMatch(LEAK);
      await page.goBack();
      const messaging = page.locator('input[type=checkbox][name=consent]');
      const health = page.locator('input[type=checkbox][name=healthConsent]');
      await expect(messaging.isChecked()).resolves.toBe(false);
      await expect(health.isChecked()).resolves.toBe(false);
      const healthLabel = await page.locator('label', { has: health }).innerText();
      expect(healthLabel).toContain(`${BRAND.programName} keeps the pain and activity scores you send`);
      expect(healthLabel).toContain('delete them any time');
      expect(await page.locator('body').innerText()).not.toMatch(LEAK);
      // The CSP let the brand's style sheet through: the button wears the brand colour (#1d4ed8).
      await expect(page.locator('button[type=submit]').evaluate((b) => getComputedStyle(b).backgroundColor)).resolves.toBe('rgb(29, 78, 216)');

      // With the script: ticking only the messaging box is refused beside the health box, nothing stored.
      await page.fill('#email', 'browser@example.com');
      await messaging.check();
      await page.click('button[type=submit]');
      await page.locator('#err-healthConsent', { hasText: 'Consent to keeping your scores' }).waitFor();
      await expect(page.inputValue('#email')).resolves.toBe('browser@example.com');
      expect((await stack.store.scanSubscribers(100)).items.some((x) => x.address === 'browser@example.com')).toBe(false);
      await health.check();
      await page.click('button[type=submit]');
      await page.locator('#status', { hasText: 'Check your inbox' }).waitFor();
      const sub = (await stack.store.scanSubscribers(100)).items.find((x) => x.address === 'browser@example.com');
      expect(sub?.healthConsentVersion).toBe(HEALTH_CONSENT.version);
    }, 60_000);
  });
});
