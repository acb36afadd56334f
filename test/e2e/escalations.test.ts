import { limber } from '../support/cli';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEscalations } from '../../functions/adapters/dynamo-escalations';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { createEscalationMonitorHandler } from '../../functions/handlers/escalation-monitor';
import { startLocalStack, type LocalStack } from '../../local/stack';

/**
 * Escalations on the local stack: a 9 by email reply pauses the program and opens an escalation;
 * the dashboard lists it with reason codes only; `limber escalations set` moves it with an audit
 * entry; the monitor's metric counts it while it is open past the setting.
 */

const RANDOM = { api: 0, pages: 0, dynamo: 0, ses: 0, twilio: 0 };
const HOUR = 3_600_000;

describe('escalations on the local stack', () => {
  let stack: LocalStack;
  let escalations: DynamoEscalations;
  beforeAll(async () => {
    stack = await startLocalStack({ memory: true, ports: RANDOM, speed: 0, startAt: Date.parse('2026-03-02T06:00:00Z'), logs: 'silent' });
    const client = new DynamoDBClient({ endpoint: stack.data.dynamoUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    escalations = new DynamoEscalations({ tableName: stack.data.tableName, doc: new DynamoStore({ client, tableName: stack.data.tableName }).doc });
  }, 60_000);
  afterAll(() => stack?.stop());

  it('opens one per safety pause, lists it without the score, moves it with an audit trail, and alarms while overdue', async () => {
    const mails = async () =>
      (
        (await (await fetch(`${stack.urls.inbox}store`)).json()) as {
          emails: { messageId: string; subject: string; destination: { to: string[] }; body: { text?: string } }[];
        }
      ).emails.filter((m) => m.destination.to.includes('esc@example.com'));
    await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        channel: 'email',
        email: 'esc@example.com',
        timezone: 'Europe/London',
        sendAt: '07:30',
        level: 'gentle',
        consent: true,
        healthConsent: true,
      }),
    });
    const confirm = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_.-]+/.exec((await mails())[0]!.body.text ?? '')![0];
    await fetch(confirm, { method: 'POST' });
    stack.advance(2 * HOUR);
    await stack.tick();
    const day1 = (await mails()).find((m) => /Day 1 of 42/.test(m.subject))!;
    await fetch(`${stack.urls.mail}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ messageId: day1.messageId, body: '9' }).toString(),
      redirect: 'manual',
    });

    const page = await (await fetch(`${stack.urls.dashboard}/escalations`)).text();
    const row = /<tr data-subscriber="(s_[^"]+)" data-state="open">(.*?)<\/tr>/.exec(page);
    expect(row).not.toBeNull();
    expect(row![2]).toContain('high-score');
    expect(row![2]).not.toMatch(/>9</);
    expect(page).not.toContain('esc@example.com');
    const subscriberId = row![1]!;
    const [esc] = await escalations.listEscalations(subscriberId);
    expect(esc).toMatchObject({ state: 'open', programDay: 1, reasons: ['high-score'], version: 0 });

    // The monitor: not overdue at 59 minutes, overdue at 61.
    const lines: string[] = [];
    const monitor = createEscalationMonitorHandler(() => ({ escalations, clock: stack.clock, minutes: 60, write: (l) => lines.push(l) }));
    stack.advance(59 * 60_000);
    expect(await monitor()).toEqual({ overdue: 0 });
    stack.advance(2 * 60_000);
    expect(await monitor()).toEqual({ overdue: 1 });
    const emf = JSON.parse(lines.at(-1)!);
    expect(emf._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'Limber',
      Dimensions: [['Service']],
      Metrics: [{ Name: 'OpenEscalationsOverdue', Unit: 'Count' }],
    });
    expect(emf.OpenEscalationsOverdue).toBe(1);
    expect(await (await fetch(`${stack.urls.dashboard}/escalations`)).text()).toContain('1 open longer than 60 minutes');

    const flags = ['--endpoint', stack.data.dynamoUrl, '--table', stack.data.tableName];
    const set = await limber(['escalations', 'set', '--subscriber', subscriberId, '--id', esc!.id, '--state', 'contacted', '--by', 'nurse ann', ...flags]);
    expect(set.status, set.stderr).toBe(0);
    const refused = await limber(['escalations', 'set', '--subscriber', subscriberId, '--id', esc!.id, '--state', 'open', '--by', 'bob', ...flags]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--state: an escalation that is contacted cannot become open/);
    expect(await monitor()).toEqual({ overdue: 0 });

    const after = (await escalations.getEscalation(subscriberId, esc!.id))!;
    expect(after.history.map((h) => [h.state, h.by])).toEqual([
      ['open', 'limber'],
      ['contacted', 'nurse ann'],
    ]);
    const list = await limber(['escalations', 'list', '--state', 'contacted', ...flags]);
    expect(list.stdout).toContain(`${subscriberId}\t${esc!.id}\tday 1\thigh-score\tcontacted (nurse ann`);
    // Closed and reopened: back in the open index, history keeps every step.
    await limber(['escalations', 'set', '--subscriber', subscriberId, '--id', esc!.id, '--state', 'closed', '--by', 'ann', ...flags]);
    await limber(['escalations', 'set', '--subscriber', subscriberId, '--id', esc!.id, '--state', 'open', '--by', 'ann', ...flags]);
    expect(await monitor()).toEqual({ overdue: 1 });
    expect((await escalations.getEscalation(subscriberId, esc!.id))!.history).toHaveLength(4);
  }, 90_000);
});
