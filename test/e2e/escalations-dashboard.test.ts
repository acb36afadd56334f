import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEscalations } from '../../functions/adapters/dynamo-escalations';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { newEscalation } from '../../functions/core/escalations';
import { createDashboardHandler, LOCAL_OPERATOR } from '../../functions/handlers/dashboard';
import type { LocalStack } from '../../local/stack';
import { chromiumPresent, launchBrowser, type Browser } from '../support/browser';
import { subscriber } from '../support/delivery';
import { startTestStack } from '../support/test-stack';

/**
 * Working an escalation from the dashboard: the operator presses "Mark contacted" in Chromium and the
 * audit trail shows who and when (the local stack's fixed operator, its clock). A GET changes
 * nothing; a post from another site, one without the page's token, or one carrying another
 * operator's token is refused and leaves the escalation as it was.
 */

const START = Date.parse('2026-03-05T09:00:00Z');

describe.skipIf(!chromiumPresent)('browser: moving an escalation on the dashboard', () => {
  let stack: LocalStack;
  let browser: Browser;
  let escalations: DynamoEscalations;
  let attacker: Server;
  let attackerUrl: string;
  const sub = subscriber({ id: 's_escalated_one', status: 'paused', programDay: 4 });
  const raised = newEscalation({ subscriberId: sub.id, at: '2026-03-05T08:00:00.000Z', programDay: 3, reasons: ['high-score'], urgent: false });
  const moveUrl = () => `${stack.urls.dashboard}/escalations/move`;

  beforeAll(async () => {
    stack = await startTestStack(START);
    const client = new DynamoDBClient({ endpoint: stack.data.dynamoUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const store = new DynamoStore({ client, tableName: stack.data.tableName });
    escalations = new DynamoEscalations({ tableName: stack.data.tableName, doc: store.doc });
    await store.createSubscriber(sub);
    await escalations.putEscalation(raised);
    // Another site: its page holds a form that posts to the dashboard (it cannot read the page's token).
    attacker = createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<form method="post" action="${moveUrl()}"><input name="subscriber" value="${sub.id}"><input name="id" value="${raised.id}"><input name="version" value="0"><input name="state" value="closed"><input name="token" value="k1.guessed-token-value"><button id="go">win a prize</button></form>`,
        );
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise((r) => attacker?.close(r));
  });

  const stored = async () => (await escalations.getEscalation(sub.id, raised.id))!;

  it('a cross-site post is refused and a GET changes nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto(attackerUrl);
    const [answer] = await Promise.all([page.waitForResponse(moveUrl()), page.click('#go')]);
    expect(answer.status()).toBe(403);
    await page.close();
    for (let i = 0; i < 2; i++) expect((await fetch(`${stack.urls.dashboard}/escalations`)).status).toBe(200);
    expect(await stored()).toMatchObject({ state: 'open', version: 0 });
  }, 60_000);

  it('refuses a post without the form token, a cross-site one with it, and names a bad field', async () => {
    const html = await (await fetch(`${stack.urls.dashboard}/escalations`)).text();
    const token = /name="state" value="contacted"><input type="hidden" name="token" value="([^"]+)"/.exec(html)![1]!;
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(moveUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
    const fields = { subscriber: sub.id, id: raised.id, version: '0', state: 'contacted', token };
    expect((await post({ ...fields, token: 'k1.not-the-token' })).status).toBe(403);
    expect((await post(fields, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const bad = await post({ ...fields, state: 'solved' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid-field', field: 'state' });
    expect((await fetch(moveUrl())).status).toBe(405);
    expect(await stored()).toMatchObject({ state: 'open', version: 0 });
  }, 60_000);

  it('"Mark contacted" moves it, and the audit line says who and when', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.urls.dashboard}/escalations`);
    await expect(page.locator('.who').textContent()).resolves.toContain(LOCAL_OPERATOR);
    const shownClose = await page
      .locator('form:has(input[name="state"][value="closed"])')
      .evaluate((f) => Object.fromEntries(new FormData(f as HTMLFormElement) as unknown as Iterable<[string, string]>));
    await page.click(`tr[data-subscriber="${sub.id}"] button:text("Mark contacted")`);
    await page.waitForURL(`${stack.urls.dashboard}/escalations`);
    const row = page.locator(`tr[data-subscriber="${sub.id}"]`);
    await expect(row.getAttribute('data-state')).resolves.toBe('contacted');
    await expect(row.locator('.trail li').allTextContents()).resolves.toEqual([
      'open by limber at 2026-03-05T08:00:00.000Z',
      `contacted by ${LOCAL_OPERATOR} at 2026-03-05T09:00:00.000Z`,
    ]);
    // A form from the page as it was before the move carries the version it showed: refused, not applied.
    const stale = await fetch(moveUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(shownClose).toString(),
      redirect: 'manual',
    });
    expect(stale.status).toBe(409);
    expect((await stored()).history).toHaveLength(2);
  }, 60_000);

  it("binds the token to the IAM identity that signed the request: another operator's token is refused", async () => {
    const keys = [{ id: 'k1', secret: 'a-link-signing-secret-of-32-chars-or-more' }];
    const handler = createDashboardHandler({ store: stack.store, clock: stack.clock, escalations, formKeys: keys });
    const as = (userArn: string, method: string, path: string, body?: string) => ({
      rawPath: path,
      headers: { host: 'api.example', 'content-type': 'application/x-www-form-urlencoded' },
      ...(body ? { body } : {}),
      requestContext: { http: { method }, authorizer: { iam: { userArn } } },
    });
    const ann = 'arn:aws:sts::123456789012:assumed-role/Operators/ann';
    const page = String((await handler(as(ann, 'GET', '/dashboard/escalations'))).body);
    expect(page).toContain(`you are ${ann}`);
    const token = /name="state" value="closed"><input type="hidden" name="token" value="([^"]+)"/.exec(page)![1]!;
    const version = String((await stored()).version);
    const body = new URLSearchParams({ subscriber: sub.id, id: raised.id, version, state: 'closed', token }).toString();
    expect((await handler(as('arn:aws:sts::123456789012:assumed-role/Operators/bob', 'POST', '/dashboard/escalations/move', body))).statusCode).toBe(403);
    expect((await handler({ ...as(ann, 'POST', '/dashboard/escalations/move', body), requestContext: { http: { method: 'POST' } } })).statusCode).toBe(403);
    expect((await handler(as(ann, 'POST', '/dashboard/escalations/move', body))).statusCode).toBe(303);
    expect((await stored()).history.at(-1)).toEqual({ state: 'closed', by: ann, at: '2026-03-05T09:00:00.000Z' });
  }, 60_000);
});
