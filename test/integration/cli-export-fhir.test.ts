import { limber } from '../support/cli';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DynamoFunctionScores } from '../../functions/adapters/dynamo-function-scores';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { PAIN_LOINC } from '../../functions/core/fhir';
import { FhirCollectionBundle } from '../support/fhir-r4';
import { fhirR4SchemaErrors } from '../support/fhir-schema';
import { freshTable } from '../support/stand-ins';

describe('limber export --format fhir (against dynalite)', () => {
  it('writes a valid R4 collection Bundle: one bare Patient per subscriber, pain and function Observations', async () => {
    const { client, tableName } = await freshTable();
    const store = new DynamoStore({ client, tableName });
    const scores = new DynamoFunctionScores({ tableName, doc: store.doc });
    for (const id of ['s_alpha', 's_beta']) {
      await store.createSubscriber({
        id,
        channel: 'sms',
        address: id === 's_alpha' ? '+447700900123' : '+447700900456',
        timezone: 'UTC',
        sendAt: '08:00',
        level: 'gentle',
        status: 'active',
        programDay: 9,
        nextSendAt: '2026-03-10T08:00:00.000Z',
        createdAt: '2026-03-01T00:00:00.000Z',
        version: 0,
      });
      await store.putRating({ subscriberId: id, programDay: 1, score: 6, source: 'sms', at: '2026-03-02T08:10:00.000Z', redFlag: false });
      await store.putRating({ subscriberId: id, programDay: 8, score: 3, source: 'link', at: '2026-03-09T08:10:00.000Z', redFlag: false });
    }
    await scores.putFunctionRating({ subscriberId: 's_alpha', week: 0, score: 2, source: 'sms', at: '2026-03-01T09:00:00.000Z' });
    await scores.putFunctionRating({ subscriberId: 's_alpha', week: 1, score: 5, source: 'sms', at: '2026-03-08T09:00:00.000Z' });

    const r = await limber(['export', '--format', 'fhir', '--endpoint', inject('dynamoEndpoint'), '--table', tableName]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/health data/);
    const bundle = JSON.parse(r.stdout);
    const parsed = FhirCollectionBundle.safeParse(bundle);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(fhirR4SchemaErrors(bundle)).toEqual([]);
    // No contact details anywhere in the file, not only not on the Patient.
    expect(r.stdout).not.toMatch(/\+4477009|telecom|"name"/);
    const resources = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource);
    expect(resources.filter((x: any) => x.resourceType === 'Patient')).toHaveLength(2);
    const obs = resources.filter((x: any) => x.resourceType === 'Observation');
    expect(obs.filter((o: any) => o.code.coding[0].code === PAIN_LOINC).map((o: any) => o.valueInteger)).toEqual([6, 3, 6, 3]);
    expect(obs.filter((o: any) => o.code.coding[0].code === 'psfs-1').map((o: any) => o.valueInteger)).toEqual([2, 5]);

    const csv = await limber(['export', '--format', 'csv', '--kind', 'function', '--endpoint', inject('dynamoEndpoint'), '--table', tableName]);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(
      'subscriber_id,run,week,score,source,at\r\ns_alpha,1,0,2,sms,2026-03-01T09:00:00.000Z\r\ns_alpha,1,1,5,sms,2026-03-08T09:00:00.000Z\r\n',
    );
  }, 90_000);
});
