import { describe, expect, inject, it } from 'vitest';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import type { Subscriber } from '../../functions/core/model';
import { runSimulation, simulationMailers } from '../../local/simulation';
import { FAULTS, FaultPlan, seededRandom } from '../../local/simulation-faults';
import { dynamoClient } from '../support/stand-ins';

/**
 * Issue 10's acceptance run: 24 subscribers (email and SMS, six zones) for 14 simulated days from
 * 2026-10-22, across Europe's DST change (Oct 25) and North America's (Nov 1), with every fault
 * injected at 5 %: one message per subscriber per local day, none duplicated, none lost, also for the
 * subscribers who finish, unsubscribe or delete their data and come back as a new run (issue 17).
 */

describe('14 days across two DST changes, every fault at 5 %', () => {
  it('delivers each subscriber-day exactly once, on its own local day', async () => {
    const report = await runSimulation({
      subscribers: 24,
      days: 14,
      faultRate: 0.05,
      seed: 2026,
      shards: 4,
      dynamoEndpoint: inject('dynamoEndpoint'),
      sesEndpoint: inject('sesEndpoint'),
    });
    // Eight of the 24 restart (local/simulation-restarts.ts): one email and four SMS finish (days
    // 40-43) and start again; two emails unsubscribe, one deletes its data, after day 3, and each signs
    // up again. Every restart is a new run whose day 1 follows, run 1's records notwithstanding.
    expect(report.restarts).toEqual({ done: { 'start-again': 5, 'resign-up': 2, 'delete-and-resign-up': 1 }, missed: 0 });
    expect(report).toMatchObject({ sent: report.expected, duplicates: 0, lost: 0, unexpected: 0, sameLocalDay: 0, recordMismatch: 0, early: 0, dlq: 0 });
    expect(Object.keys(report.byRun).sort()).toEqual(['1', '2']);
    for (const run of ['1', '2']) expect(report.byRun[run]).toMatchObject({ sent: report.byRun[run]!.expected, duplicates: 0, lost: 0 });
    // Run 2 holds each restarted subscriber's days from its own day 1 to the end of the window.
    expect(report.byRun['2']!.expected).toBeGreaterThan(8 * 8);
    expect(report.byChannel.email + report.byChannel.sms).toBe(report.expected);
    for (const f of FAULTS) expect(report.faults[f], f).toBeGreaterThan(0);
    expect(report.maxLateMinutes).toBeLessThan(30);

    // The repeated hour: 01:30 happens twice in London on Oct 25 and in New York on Nov 1; the day's
    // message goes at the first one (BST 00:30Z, EDT 05:30Z), not an hour later.
    const store = new DynamoStore({ tableName: report.tableName, client: dynamoClient(), shards: 4 });
    const subs: Subscriber[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await store.scanSubscribers(100, cursor);
      subs.push(...page.items);
      cursor = page.cursor;
    }
    const at = async (zone: string, date: string) => {
      const s = subs.find((x) => x.timezone === zone && x.sendAt === '01:30' && x.channel === 'email')!;
      const records = await store.listSendRecords(s.id);
      return records.map((r) => r.at).filter((t) => t.startsWith(date));
    };
    const london = await at('Europe/London', '2026-10-25');
    const newYork = await at('America/New_York', '2026-11-01');
    expect(london).toHaveLength(1);
    expect(newYork).toHaveLength(1);
    expect(Date.parse(london[0]!) - Date.parse('2026-10-25T00:30:00Z')).toBeLessThan(30 * 60_000);
    expect(Date.parse(newYork[0]!) - Date.parse('2026-11-01T05:30:00Z')).toBeLessThan(30 * 60_000);
    expect(Date.parse(london[0]!)).toBeGreaterThanOrEqual(Date.parse('2026-10-25T00:30:00Z'));
  }, 120_000);

  it("sends the people's own mail past the faults that SES deliveries get", async () => {
    // A re-sign-up's confirmation once shared the faulty client: a throttle rolled for it failed the
    // re-sign-up (report.restarts.missed), only when the consumers' interleaving put a roll there.
    const sesUrl = inject('sesEndpoint');
    const plan = new FaultPlan(1, seededRandom(2026), ['throttle']);
    const mails = simulationMailers(sesUrl, 'coach@limber.local', plan);
    const to = `people-${plan.random().toString(36).slice(2)}@example.test`;
    const email = { to, subject: 'Confirm', html: '<p>Confirm</p>', text: 'Confirm', tags: {} };
    await expect(mails.mailer.send(email)).rejects.toMatchObject({ kind: 'throttled' });
    const { messageId } = await mails.people.send(email);
    expect(plan.counts.throttle).toBe(1);
    expect(mails.accepted()).toBe(1);
    const { emails } = (await (await fetch(`${sesUrl}/store`)).json()) as { emails: { messageId: string; destination: { to: string[] } }[] };
    expect(emails.filter((m) => m.destination.to.includes(to)).map((m) => m.messageId)).toEqual([messageId]);
  });
});
