import AxeBuilder from '@axe-core/playwright';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPresent } from '../support/browser';
import { ARTIFACTS, latestMail, startJourney, untilNextUtc, type Journey, type StoredMail } from '../support/journey';

/**
 * Issue 21, journeys 3, 5, 6 and 7 in Chromium on the local stack: email replies are answered, the
 * form speaks plainly, the local inbox's links open, and the CLI finds the running stack.
 */

// Monday 2 March 2026, 06:00 in London (GMT).
const START = Date.parse('2026-03-02T06:00:00Z');

describe.skipIf(!chromiumPresent)('journeys: replies, the form, the local demo', () => {
  let j: Journey;
  beforeAll(async () => {
    j = await startJourney(START);
  }, 60_000);
  afterAll(() => j?.stop());

  const body = () => j.page.textContent('body');

  /** Replies to a stored mail from the local "reply to an email" page, as its recipient. */
  async function replyTo(mail: StoredMail, text: string, auto = false) {
    await j.page.goto(j.stack.urls.mail);
    const form = j.page.locator('form.reply', { has: j.page.locator(`input[name=messageId][value="${mail.messageId}"]`) });
    await form.locator('input[name=body]').fill(text);
    if (auto) await form.locator('input[name=auto]').check();
    await Promise.all([j.page.waitForNavigation(), form.getByRole('button', { name: 'Reply' }).click()]);
    expect(await body()).toMatch(/delivered to the inbound handler/);
  }
  const count = async (who: string, subject: RegExp) => (await j.mailsTo(who)).filter((m) => subject.test(m.subject)).length;
  const showMail = async (mail: StoredMail, name: string) => {
    await j.page.setContent(mail.body.html ?? '');
    await j.shot(name);
  };

  it('3: an email reply is acknowledged once a day; an unreadable one gets the rating links; an auto-reply nothing', async () => {
    const who = 'rae@example.com';
    await j.signUpByEmail(who);
    const out = 'away@example.com';
    await j.signUpByEmail(out);
    await j.advanceAndTick(untilNextUtc(j.stack.clock.now(), 8));
    const day1 = (await latestMail(j, who, /Day 1 of 42/))!;
    expect(day1.body.text).toMatch(/reply to this email with one/i);
    expect(day1.body.html).toMatch(/reply to this email with one/i);

    await replyTo(day1, '4');
    expect(await count(who, /^Thanks: 4\/10 saved/)).toBe(1);
    await showMail((await latestMail(j, who, /Thanks/))!, '3-ack-mail');
    await replyTo(day1, '5');
    expect(await count(who, /^Thanks/)).toBe(1); // at most one acknowledgement a day

    await replyTo(day1, 'my back is killing me');
    const noScore = await latestMail(j, who, /could not find a score/);
    expect(noScore, 'the "no score" answer').toBeDefined();
    expect(noScore!.body.text).toMatch(/score=7/);
    await showMail(noScore!, '3-no-score-mail');
    await replyTo(day1, 'ugh');
    expect(await count(who, /could not find a score/)).toBe(1);

    const away1 = (await latestMail(j, out, /Day 1 of 42/))!;
    await replyTo(away1, 'Out of office until the 7th', true);
    await replyTo(away1, 'I am away, back on 9', true);
    expect(await count(out, /Thanks|could not find/)).toBe(0);
  }, 120_000);

  it('5: the form pre-fills the zone, refuses EST with a suggestion, shows the address, passes axe', async () => {
    await j.page.goto(j.stack.urls.signup);
    expect(await j.page.inputValue('#timezone')).toBe('Europe/London');
    expect(await j.page.locator('#zones option[value="America/New_York"]').count()).toBe(1);
    await j.page.fill('#timezone', 'EST');
    await j.page.fill('#email', 'not-an-address');
    await j.page.click('button[type=submit]');
    await j.page.locator('#err-timezone', { hasText: /America\/New_York/ }).waitFor();
    expect(await j.page.textContent('#err-timezone')).toMatch(/^Time zone: /);
    expect(await j.page.textContent('#err-email')).toMatch(/^Email address: /);
    expect(await j.page.textContent('#err-consent')).toMatch(/tick/i);
    await j.shot('5-errors');
    await axeClean('5-form-errors');

    await j.page.fill('#timezone', 'Europe/London');
    await j.page.fill('#email', 'Sam@Example.com');
    await j.page.check('input[name=consent]');
    await j.page.check('input[name=healthConsent]');
    await j.page.click('button[type=submit]');
    await j.page.locator('#status', { hasText: 'sam@example.com' }).waitFor();
    const again = j.page.getByRole('link', { name: /wrong address\? start again/i });
    expect(await again.count()).toBe(1);
    await j.shot('5-thank-you');
    await axeClean('5-thank-you');
    await again.click();
    await j.page.locator('#signup').waitFor({ state: 'visible' });
    expect(await j.page.inputValue('#email')).toBe('');

    // Without script, the form post answers in plain words too.
    const res = await fetch(`${j.stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        channel: 'email',
        email: 'x@example.com',
        timezone: 'CET',
        sendAt: '07:30',
        level: 'gentle',
        consent: 'on',
        healthConsent: 'on',
      }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Time zone: .*Europe\/Paris/);
  }, 90_000);

  /** axe-core on the current page: no serious or critical violation. */
  async function axeClean(what: string) {
    const result = await new AxeBuilder({ page: j.page }).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${what}: ${v.id} (${v.nodes.length})`)).toEqual([]);
  }

  it('5: axe-core finds no serious or critical violation on any page', async () => {
    const who = 'axe@example.com';
    await j.signUpByEmail(who);
    await axeClean('confirmed');
    await j.advanceAndTick(untilNextUtc(j.stack.clock.now(), 8));
    const day = (await j.mailsTo(who)).find((m) => /Day \d+ of 42/.test(m.subject))!;
    const links = (day.body.text ?? '').match(/https?:\/\/\S+/g) ?? [];
    const pages = [
      j.stack.urls.signup,
      links.find((u) => u.includes('score=5'))!,
      links.find((u) => u.includes('/preferences/'))!,
      links.find((u) => u.includes('/data/'))!,
      links.find((u) => u.includes('/unsubscribe/'))!,
      j.stack.urls.dashboard,
      `${j.stack.urls.api}/no-such-page`,
    ];
    for (const url of pages) {
      expect(url, 'a page to check').toBeTruthy();
      await j.page.goto(url);
      await axeClean(new URL(url).pathname.split('/')[1] || 'signup');
    }
    // The preferences page with a refused change on it.
    await j.page.goto(links.find((u) => u.includes('/preferences/'))!);
    await j.page.fill('#sendAt', '');
    await j.page.fill('#timezone', 'PST');
    await j.page.getByRole('button', { name: /save my time/i }).click();
    await j.page.waitForLoadState();
    await axeClean('preferences-errors');
  }, 120_000);

  it('6: every link in the local inbox opens (a new tab, not "refused to connect")', async () => {
    const who = 'tab@example.com';
    await j.signUpByEmail(who);
    await j.advanceAndTick(untilNextUtc(j.stack.clock.now(), 8));
    await j.page.goto(j.stack.urls.inbox);
    const mail = j.page
      .locator('.email', { hasText: /Day 1 of 42/ })
      .filter({ hasText: who })
      .first();
    await mail.getByRole('button', { name: 'Toggle HTML view' }).click();
    const frame = mail.frameLocator('iframe');
    for (const href of ['score=6', '/preferences/', '/data/', '/unsubscribe/']) {
      const [tab] = await Promise.all([j.browser.context.waitForEvent('page', { timeout: 5000 }), frame.locator(`a[href*="${href}"]`).first().click()]);
      await tab.waitForLoadState();
      expect(tab.url()).toContain(href);
      expect(await tab.locator('h1').count()).toBe(1);
      if (href === 'score=6') await tab.screenshot({ path: join(ARTIFACTS, '6-link-opened-in-new-tab.png') });
      await tab.close();
    }
    await j.shot('6-inbox');
  }, 90_000);
});

describe.skipIf(!chromiumPresent)('journey 8: the dashboard counts every subscriber exactly and pages them', () => {
  let j: Journey;
  beforeAll(async () => {
    j = await startJourney(START);
  }, 60_000);
  afterAll(() => j?.stop());

  it('past 500 subscribers: exact counts by status and week, expired sign-ups apart, paged filtered table, 390 px', async () => {
    const { DynamoStore } = await import('../../functions/adapters/dynamo-store');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const store = new DynamoStore({
      tableName: j.stack.dynamo.tableName,
      client: new DynamoDBClient({ endpoint: j.stack.dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    });
    const counts = async () =>
      (
        (await (await fetch(`${j.stack.urls.dashboard}/insights.json`)).json()) as {
          counts: { byStatus: Record<string, number>; byWeek: Record<string, Record<string, number>> };
        }
      ).counts;
    const before = await counts();
    // 600 active subscribers spread over weeks 1-5 (120 in each), and 20 sign-ups that were never confirmed.
    const now = j.stack.clock.now();
    const subs = Array.from({ length: 620 }, (_, i) => ({
      id: `s_seed${String(i).padStart(4, '0')}`,
      channel: i % 3 === 0 ? ('sms' as const) : ('email' as const),
      address: i % 3 === 0 ? `+4477009${String(i).padStart(5, '0')}` : `seed${i}@example.com`,
      timezone: 'Europe/London',
      sendAt: '07:30',
      level: 'gentle' as const,
      createdAt: new Date(now - 60 * 86_400_000).toISOString(),
      version: 0,
      ...(i < 600
        ? { status: 'active' as const, programDay: 1 + (i % 5) * 7 + (i % 7), nextSendAt: new Date(now + 86_400_000).toISOString() }
        : { status: 'pending' as const, programDay: 1, expiresAt: Math.floor(now / 1000) - 3600 }),
    }));
    for (let i = 0; i < subs.length; i += 50) await Promise.all(subs.slice(i, i + 50).map((s) => store.createSubscriber(s)));

    // Each view also reads the ratings and sends of the 500 sampled subscribers: slow on dynalite under a busy suite.
    j.page.setDefaultNavigationTimeout(120_000);
    j.page.setDefaultTimeout(120_000);
    const after = await counts();
    expect(after.byStatus.active! - before.byStatus.active!).toBe(600);
    expect(after.byStatus.expired! - before.byStatus.expired!).toBe(20);
    expect(after.byStatus.pending! - before.byStatus.pending!).toBe(0);
    expect((after.byWeek.active!['3'] ?? 0) - (before.byWeek.active!['3'] ?? 0)).toBe(120);

    await j.page.goto(j.stack.urls.dashboard);
    expect(await j.page.textContent('#counts tr[data-status=active] td.n')).toBe(String(after.byStatus.active));
    const total = Object.values(after.byStatus).reduce((a, b) => a + b, 0);
    expect(await j.page.textContent('#total-subscribers b')).toBe(String(total)); // not the 500 read for the sampled figures
    expect(await j.page.textContent('#denominators')).toMatch(/daily messages answered with a score \/ daily messages sent: \d+ of \d+/);
    await j.page.selectOption('select[name=status]', 'active');
    await j.page.selectOption('select[name=week]', '3');
    await Promise.all([j.page.waitForNavigation(), j.page.getByRole('button', { name: 'Show' }).click()]);
    let rows = 0;
    for (let pageNo = 0; pageNo < 10; pageNo++) {
      const days = await j.page.locator('#subscribers tbody tr[data-subscriber] td.day').allTextContents();
      for (const d of days) expect(Number.parseInt(d, 10)).toBeGreaterThanOrEqual(15);
      rows += days.length;
      const next = j.page.getByRole('link', { name: /^Next/ });
      if ((await next.count()) === 0) break;
      await Promise.all([j.page.waitForNavigation(), next.click()]);
    }
    expect(rows).toBe(after.byWeek.active!['3']);

    await j.page.setViewportSize({ width: 390, height: 844 });
    await j.page.goto(j.stack.urls.dashboard);
    const overflow = await j.page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    await j.shot('8-dashboard-390px');
  }, 600_000);
});

/** Runs a command and collects its output (and kills nothing but the child it started). */
function run(cmd: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, cmd, { cwd, env: { ...env, AWS_REGION: 'us-east-1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('journey 7: the CLI finds a running local stack without flags', () => {
  const repo = process.cwd();
  const limber = resolve(repo, 'bin/limber.mjs');
  let dir: string;
  let server: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    if (server?.pid) server.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('npm start on random ports prints the DynamoDB address and writes the state file; limber commands use it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'limber-cli-'));
    const ports = ['api', 'pages', 'dynamo', 'ses', 'twilio'].flatMap((p) => [`--${p}-port`, '0']);
    // No LIMBER_* variables: the commands must find everything in the state file.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LIMBER_')));
    server = spawn(
      process.execPath,
      [resolve(repo, 'node_modules/tsx/dist/cli.mjs'), resolve(repo, 'local/start.ts'), '--memory', '--speed', '1', '--tick-ms', '60000', ...ports],
      { cwd: dir, env },
    );
    let banner = '';
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no banner: ${banner}`)), 45_000);
      server!.stdout!.on('data', (d) => {
        banner += d;
        if (/State file/.test(banner)) {
          clearTimeout(timer);
          ok();
        }
      });
      server!.on('exit', (code) => fail(new Error(`npm start exited ${code}: ${banner}`)));
    });
    const state = JSON.parse(readFileSync(join(dir, '.limber-data', 'local-stack.json'), 'utf8')) as { urls: Record<string, string>; dynamoEndpoint: string };
    expect(banner).toContain(`DynamoDB (dynalite)      ${state.dynamoEndpoint}`);

    const api = state.urls.api!;
    const signup = await fetch(`${api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        channel: 'email',
        email: 'cli@example.com',
        timezone: 'Europe/London',
        sendAt: '07:30',
        level: 'gentle',
        consent: true,
        healthConsent: true,
      }),
    });
    expect(signup.status).toBe(202);
    const mails = async () => ((await (await fetch(`${state.urls.inbox}store`)).json()) as { emails: StoredMail[] }).emails;
    const confirm = /https?:\/\/\S+\/confirm\/\S+/.exec((await mails())[0]!.body.text ?? '')![0];
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(200);

    const transcript: string[] = [];
    const cli = async (...args: string[]) => {
      const r = await run([limber, ...args], dir, env);
      transcript.push(`$ limber ${args.join(' ')}`, r.stdout.trim(), r.stderr.trim());
      return r;
    };
    const clock = await cli('clock', '--advance', '1d');
    expect(clock.status, clock.stderr).toBe(0);
    const day1 = (await mails()).find((m) => /Day 1 of 42/.test(m.subject));
    expect(day1, 'day 1 after limber clock --advance 1d').toBeDefined();
    const rate = /https?:\/\/\S+\/rate\/\S+\?score=/.exec(day1!.body.text ?? '')![0];
    expect((await fetch(`${rate}3`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'score=3' })).status).toBe(200);

    const all = await cli('export', '--format', 'json');
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/"score":\s*3/);
    const one = await cli('subscriber', 'export', '--email', 'cli@example.com');
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toContain('cli@example.com');
    const gone = await cli('subscriber', 'delete', '--email', 'cli@example.com', '--yes');
    expect(gone.status, gone.stderr).toBe(0);
    expect((await cli('subscriber', 'export', '--email', 'cli@example.com')).status).not.toBe(0);
    writeFileSync(join(ARTIFACTS, '7-cli-transcript.txt'), `${banner}\n${transcript.join('\n')}\n`);
  }, 120_000);
});
