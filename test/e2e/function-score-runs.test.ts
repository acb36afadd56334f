import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoFunctionScores } from '../../functions/adapters/dynamo-function-scores';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import type { LocalStack } from '../../local/stack';
import { limber } from '../support/cli';
import { FhirCollectionBundle } from '../support/fhir-r4';
import { fhirR4SchemaErrors } from '../support/fhir-schema';
import { startTestStack, postForm } from '../support/test-stack';

/**
 * Function ratings per enrolment run, on the local stack: a person names an activity and rates it 3
 * at confirmation, stops, signs up again and confirms (run 2 from day 1), and rates it 7. Both stay
 * stored under their own run; the cohort report reads the current run only (7 is its baseline, no
 * follow-up yet); the FHIR export holds both, each its own Observation.
 */

const HOUR = 3_600_000;
const EMAIL = 'runs@example.com';

describe('function ratings across a restart', () => {
  let stack: LocalStack;
  let scores: DynamoFunctionScores;
  beforeAll(async () => {
    stack = await startTestStack(Date.parse('2026-03-02T06:00:00Z'));
    const client = new DynamoDBClient({ endpoint: stack.data.dynamoUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    scores = new DynamoFunctionScores({ tableName: stack.data.tableName, doc: new DynamoStore({ client, tableName: stack.data.tableName }).doc });
  }, 60_000);
  afterAll(() => stack?.stop());

  const mails = async () =>
    (
      (await (await fetch(`${stack.urls.inbox}store`)).json()) as {
        emails: { messageId: string; subject: string; destination: { to: string[] }; body: { text?: string } }[];
      }
    ).emails.filter((m) => m.destination.to.includes(EMAIL));
  const signUpAndConfirm = async (baseline: string) => {
    const signup = await fetch(`${stack.urls.api}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ channel: 'email', email: EMAIL, timezone: 'Europe/London', sendAt: '07:30', level: 'gentle', consent: true, healthConsent: true }),
    });
    expect(signup.status).toBe(202);
    const confirmMail = (await mails()).filter((m) => /confirm/i.test(m.body.text ?? '')).at(-1)!;
    const confirm = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_.-]+/.exec(confirmMail.body.text ?? '')![0];
    expect((await postForm(confirm, { activity: 'climbing stairs', baseline })).status).toBe(200);
  };

  it('keeps each run its own weekly ratings; the report reads the current run, the export both', async () => {
    await signUpAndConfirm('3');
    stack.advance(2 * HOUR);
    await stack.tick();
    const day1 = (await mails()).find((m) => /Day 1 of 42/.test(m.subject))!;
    expect((await postForm(`${stack.urls.mail}/reply`, { messageId: day1.messageId, body: 'stop' })).status).toBe(303);
    const [sub] = (await stack.store.scanSubscribers(10)).items;
    expect(sub).toMatchObject({ status: 'unsubscribed' });

    stack.advance(24 * HOUR);
    await signUpAndConfirm('7');
    const again = (await stack.store.getSubscriber(sub!.id))!;
    expect(again).toMatchObject({ status: 'active', run: 2, programDay: 1 });

    expect((await scores.listFunctionRatings(sub!.id)).map((r) => [r.run ?? 1, r.week, r.score])).toEqual([
      [1, 0, 3],
      [2, 0, 7],
    ]);
    expect((await scores.listFunctionRatings(sub!.id, 2)).map((r) => r.score)).toEqual([7]);

    // The report: one person, with run 2's baseline (7) and no follow-up yet; run 1's 3 is not in it.
    const csv = await (await fetch(`${stack.urls.dashboard}/report.csv`)).text();
    expect(csv).toMatch(/\r\nfunction_improved,everyone with a baseline,0,1,0\.0,/);

    const r = await limber(['export', '--format', 'fhir', '--endpoint', stack.data.dynamoUrl, '--table', stack.data.tableName]);
    expect(r.status, r.stderr).toBe(0);
    const bundle = JSON.parse(r.stdout);
    expect(fhirR4SchemaErrors(bundle)).toEqual([]);
    expect(FhirCollectionBundle.safeParse(bundle).success).toBe(true); // bdl-7: every fullUrl unique
    const fn = bundle.entry.map((e: any) => e.resource).filter((x: any) => x.code?.coding[0].code === 'psfs-1');
    expect(fn.map((o: any) => o.valueInteger)).toEqual([3, 7]);
    expect(new Set(fn.map((o: any) => o.id)).size).toBe(2);
  }, 120_000);
});
