import { postForm } from '../support/test-stack';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoFunctionScores } from '../../functions/adapters/dynamo-function-scores';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { startLocalStack, type LocalStack } from '../../local/stack';

/**
 * The weekly function score on the local stack, as the person uses it: an email subscriber names an
 * activity and a baseline on the confirmation page, gets the question with the week-1 summary and
 * taps an answer; an SMS subscriber names it with ACT and rates with F. The ratings land as their own
 * kind, reach the cohort report and the webhook receiver (no score in the payload by default).
 */

const RANDOM = { api: 0, pages: 0, dynamo: 0, ses: 0, twilio: 0 };
const DAY = 86_400_000;

describe('weekly function score on the local stack', () => {
  let stack: LocalStack;
  let scores: DynamoFunctionScores;
  let store: DynamoStore;
  beforeAll(async () => {
    stack = await startLocalStack({ memory: true, ports: RANDOM, speed: 0, startAt: Date.parse('2026-03-02T06:00:00Z'), logs: 'silent' });
    const client = new DynamoDBClient({ endpoint: stack.data.dynamoUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    store = new DynamoStore({ client, tableName: stack.data.tableName });
    scores = new DynamoFunctionScores({ tableName: stack.data.tableName, doc: store.doc });
  }, 60_000);
  afterAll(() => stack?.stop());

  const mails = async (to: string) =>
    (
      (await (await fetch(`${stack.urls.inbox}store`)).json()) as {
        emails: { messageId: string; subject: string; destination: { to: string[] }; body: { text?: string; html?: string } }[];
      }
    ).emails.filter((m) => m.destination.to.includes(to));

  it('email: activity and baseline at confirmation, the question with the weekly summary, a tap to answer', async () => {
    await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        channel: 'email',
        email: 'fn@example.com',
        timezone: 'Europe/London',
        sendAt: '07:30',
        level: 'gentle',
        consent: true,
        healthConsent: true,
      }),
    });
    const confirm = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_.-]+/.exec((await mails('fn@example.com'))[0]!.body.text ?? '')![0];
    expect(await (await fetch(confirm)).text()).toContain('name="activity"');
    expect((await postForm(confirm, { activity: 'putting on <b>socks</b>', baseline: '3' })).status).toBe(200);

    // Day 1 goes out; a pain reply that week, so the week-1 summary is sent before day 8.
    stack.advance(2 * 3_600_000);
    await stack.tick();
    const day1 = (await mails('fn@example.com')).find((m) => /Day 1 of 42/.test(m.subject))!;
    await postForm(`${stack.urls.mail}/reply`, { messageId: day1.messageId, body: '4' });
    for (let d = 0; d < 7; d++) {
      stack.advance(DAY);
      await stack.tick();
    }
    const summary = (await mails('fn@example.com')).find((m) => /^Week 1/.test(m.subject))!;
    expect(summary.body.text).toContain('Your activity: putting on b socks /b. How well can you do it now?');
    const tap = /https?:\/\/\S+\/function\/[A-Za-z0-9_.-]+/.exec(summary.body.text ?? '')![0];
    const page = await (await fetch(tap)).text();
    expect(page).toContain('putting on b socks /b');
    expect(page.match(/name="score"/g)).toHaveLength(11);
    expect((await postForm(tap, { score: '6' })).status).toBe(200);

    const sub = (await store.scanSubscribers(100)).items.find((s) => s.address === 'fn@example.com')!;
    expect(sub.functionActivity).toBe('putting on b socks /b');
    expect((await scores.listFunctionRatings(sub.id)).map((r) => [r.week, r.score, r.source])).toEqual([
      [0, 3, 'link'],
      [1, 6, 'link'],
    ]);

    await stack.tick();
    const hooks = stack.webhooks.received.filter((w) => w.body.includes('function_score.recorded'));
    expect(hooks).toHaveLength(2);
    for (const h of hooks) {
      expect(h.signatureValid).toBe(true);
      expect(h.body).not.toMatch(/"score"|fn@example/);
    }
    const csv = await (await fetch(`${stack.urls.dashboard}/report.csv`)).text();
    expect(csv).toMatch(/\r\nfunction_improved,everyone with a baseline,1,1,100\.0,/);
  }, 90_000);

  it('SMS: ACT names the activity, F rates it for the current week', async () => {
    const phone = '+14155550177';
    const signup = await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ channel: 'sms', phone, timezone: 'America/Los_Angeles', sendAt: '07:30', level: 'gentle', consent: true, healthConsent: true }),
    });
    expect(signup.status).toBe(202);
    const text = async (body: string) => postForm(`${stack.urls.phone}/send`, { from: phone, body });
    await text('YES');
    const before = (await store.scanSubscribers(100)).items.find((s) => s.address === phone)!;
    expect(before.status).toBe('active');
    await text('F5');
    expect(await scores.listFunctionRatings(before.id)).toEqual([]); // no activity named yet
    await text('ACT lifting my child');
    await text('F2');
    const sub = (await store.getSubscriber(before.id))!;
    expect(sub.functionActivity).toBe('lifting my child');
    expect((await scores.listFunctionRatings(sub.id)).map((r) => [r.week, r.score, r.source])).toEqual([[0, 2, 'sms']]);
    const thread = await (await fetch(stack.urls.phone)).text();
    expect(thread).toContain('2/10 saved for this week');
  }, 60_000);
});
