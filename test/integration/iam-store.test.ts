import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../local/manual-clock';
import { DeleteItemCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DUE_INDEX, DynamoStore } from '../../functions/adapters/dynamo-store';
import { deliverJob } from '../../functions/core/deliver';
import { DUE_SHARDS } from '../../functions/core/identifiers';
import { createDashboardHandler } from '../../functions/handlers/dashboard';
import { HANDLERS, type HandlerName } from '../../infra/function-registry';
import type { DeliveryJob } from '../../functions/ports';
import { LocalQueue } from '../../local/local-queue';
import { FaultPlan, seededRandom, StoreOutage } from '../../local/simulation-faults';
import { subscriber, testDelivery } from '../support/delivery';
import { actionOf, guardClient, refusal, storeAs } from '../support/iam-store';
import { dynamoClient, freshTable } from '../support/stand-ins';

/** The test-side IAM guard (test/support/iam-store.ts) refuses what infra/function-registry.ts does not grant. */

let tableName: string;
let full: DynamoStore;
beforeAll(async () => {
  ({ tableName } = await freshTable());
  full = new DynamoStore({ tableName, client: dynamoClient() });
});

describe('storeAs', () => {
  it('lets the dispatcher query the due index but not read an item', async () => {
    const s = subscriber({ nextSendAt: '2026-03-02T09:00:00.000Z' });
    await full.createSubscriber(s);
    const dispatcher = storeAs('dispatcher', { tableName });
    const due = await Promise.all(Array.from({ length: DUE_SHARDS }, (_, shard) => dispatcher.queryDue(shard, '2026-03-02T09:00:00.000Z', 10)));
    expect(due.flatMap((p) => p.items).map((d) => d.id)).toContain(s.id);
    const err = await dispatcher.getSubscriber(s.id).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    expect((err as Error).message).toContain('dynamodb:GetItem');
    expect((err as Error).message).toContain("HANDLERS.dispatcher.table in infra/function-registry.ts lacks 'GetItem'");
    expect((err as Error).message).toContain('limber-dispatcher');
  });

  it('lets the dashboard scan and query but not write', async () => {
    const s = subscriber({});
    await full.createSubscriber(s);
    const dashboard = storeAs('dashboard', { tableName });
    expect((await dashboard.scanSubscribers(100)).items.map((x) => x.id)).toContain(s.id);
    expect(await dashboard.listRatings(s.id)).toEqual([]);
    await expect(
      dashboard.putRating({ subscriberId: s.id, at: '2026-03-02T09:00:00.000Z', score: 3, source: 'link', programDay: 1, redFlag: false }),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/dynamodb:PutItem .*HANDLERS\.dashboard\.table in infra\/function-registry\.ts lacks 'PutItem'/),
    });
    // Refused before it was sent: nothing was written.
    expect(await full.listRatings(s.id)).toEqual([]);
  });

  it('runs the dashboard handler on its own grant', async () => {
    const dashboard = createDashboardHandler({ store: storeAs('dashboard', { tableName }), clock: new ManualClock(Date.parse('2026-03-02T09:00:00Z')) });
    const res = await dashboard({
      version: '2.0',
      rawPath: '/dashboard/insights.json',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/dashboard/insights.json', sourceIp: '127.0.0.1' } },
    });
    expect(res.statusCode).toBe(200);
  });

  it("runs the sender's contested-claim and new-week paths on its own grant", async () => {
    // Day 8 starts a new week (listRatings: Query); an expired claim makes the sender read the
    // subscriber and look for the earlier attempt's record (getSubscriber, getSendRecord: GetItem).
    const s = subscriber({
      programDay: 8,
      claim: { day: 8, token: 'crashed', at: '2026-03-02T05:00:00.000Z', leaseUntil: '2026-03-02T05:03:00.000Z' },
    });
    await full.createSubscriber(s);
    // Without the fakes' reports: those are the provider events' handlers' writes, not the sender's.
    const t = testDelivery({ store: storeAs('sender', { tableName }), reports: false });
    expect(await deliverJob(t.ctx, { subscriberId: s.id, programDay: 8, dueAt: s.nextSendAt! })).toMatchObject({ kind: 'sent' });
    expect(await full.getSubscriber(s.id)).toMatchObject({ programDay: 9 });
  });

  it('completes a send whose completeSend failed from the evidence job, record included, on its own grant', async () => {
    const s = subscriber({});
    await full.createSubscriber(s);
    const t = testDelivery({ reports: false });
    const outage = new StoreOutage(t.clock, new FaultPlan(0, seededRandom(1)), 180_000);
    const queue = new LocalQueue<DeliveryJob>({ clock: t.clock });
    const ctx = { ...t.ctx, store: outage.wrap(storeAs('sender', { tableName })), requeue: queue };
    t.mailer.afterAccept = () => outage.begin(60_000);
    expect(await deliverJob(ctx, { subscriberId: s.id, programDay: 1, dueAt: s.nextSendAt! })).toMatchObject({ kind: 'deferred' });
    t.clock.set(t.clock.now() + 60_000);
    const [record] = queue.receive(1);
    expect(await deliverJob(ctx, JSON.parse(record!.body))).toMatchObject({ kind: 'reconciled', evidence: 'job' });
    expect(await full.getSendRecord(s.id, 1, 'daily')).toMatchObject({ providerMessageId: 'ses-1' });
    expect(await full.getSubscriber(s.id)).toMatchObject({ programDay: 2 });
  });

  it('refuses the dashboard a PutItem and the dispatcher a table Query', async () => {
    const s = subscriber({});
    await expect(storeAs('dashboard', { tableName }).createSubscriber(s)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(storeAs('dispatcher', { tableName }).listSendRecords(s.id)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(await full.getSubscriber(s.id)).toBeUndefined();
  });

  it('refuses low-level commands no handler is granted', async () => {
    const client: DynamoDBClient = guardClient(dynamoClient(), 'api', tableName);
    await expect(client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'x' }, sk: { S: 'y' } } }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('dynamodb:DeleteItem'),
    });
    await expect(client.send(new DescribeTableCommand({ TableName: tableName }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('refusal (the policy itself)', () => {
  it('maps SDK command names to IAM actions', () => {
    expect(['GetItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand', 'BatchGetItemCommand'].map(actionOf)).toEqual([
      'GetItem',
      'BatchWriteItem',
      'TransactWriteItems',
      'BatchGetItem',
    ]);
  });

  it('follows HANDLERS: table actions on the table, dueIndex actions on the due index, nothing else', () => {
    for (const [name, spec] of Object.entries(HANDLERS) as [HandlerName, (typeof HANDLERS)[HandlerName]][]) {
      for (const cmd of ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'Scan', 'BatchWriteItem', 'DeleteItem', 'BatchGetItem']) {
        const onTable = refusal(name, 't', `${cmd}Command`, { TableName: 't' }) === undefined;
        expect(onTable, `${name} ${cmd} on the table`).toBe((spec.table as readonly string[]).includes(cmd));
        const onIndex = refusal(name, 't', `${cmd}Command`, { TableName: 't', IndexName: DUE_INDEX }) === undefined;
        expect(onIndex, `${name} ${cmd} on the due index`).toBe((spec.dueIndex as readonly string[]).includes(cmd));
        expect(refusal(name, 't', `${cmd}Command`, { TableName: 't', IndexName: 'other' }), `${name} ${cmd} on another index`).toBeDefined();
      }
    }
  });

  it('refuses a request naming another table, also inside a batch', () => {
    expect(refusal('api', 't', 'GetItemCommand', { TableName: 'other' })?.message).toContain('table/other');
    expect(refusal('api', 't', 'BatchWriteItemCommand', { RequestItems: { t: [], other: [] } })?.message).toContain('table/other');
    expect(refusal('api', 't', 'BatchWriteItemCommand', { RequestItems: { t: [] } })).toBeUndefined();
  });
});
