import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAIN_LOINC } from '../../functions/core/fhir';
import type { LocalStack } from '../../local/stack';
import { limber } from '../support/cli';
import { FhirCollectionBundle } from '../support/fhir-r4';
import { fhirR4SchemaErrors } from '../support/fhir-schema';
import { startTestStack } from '../support/test-stack';

/**
 * `limber export --format fhir` of a real program on the local stack (two people sign up by SMS,
 * name an activity, rate it and reply to a few days of messages), validated against the official
 * FHIR R4 JSON schema. A bundle broken on purpose must fail the same check, so the check can fail.
 */

const DAY = 86_400_000;
type Entry = { fullUrl: string; resource: Record<string, any> };

describe('FHIR export of the local stack, checked with the R4 JSON schema', () => {
  let stack: LocalStack;
  let bundle: { entry: Entry[] } & Record<string, unknown>;
  beforeAll(async () => {
    stack = await startTestStack(Date.parse('2026-03-02T06:00:00Z'));
    const text = (from: string, body: string) =>
      fetch(`${stack.urls.phone}/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ from, body }).toString(),
        redirect: 'manual',
      });
    const phones = ['+14155550181', '+14155550182'];
    for (const phone of phones) {
      const signup = await fetch(`${stack.urls.api}/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ channel: 'sms', phone, timezone: 'UTC', sendAt: '07:30', level: 'gentle', consent: true, healthConsent: true }),
      });
      expect(signup.status).toBe(202);
      await text(phone, 'YES');
    }
    await text(phones[0]!, 'ACT climbing stairs');
    await text(phones[0]!, 'F3');
    // 08:00, after the 07:30 send time, then a day at a time: days 1-3, one reply each.
    for (const [day, score] of [6, 5, 4].entries()) {
      stack.advance(day === 0 ? 2 * 3_600_000 : DAY);
      await stack.tick();
      for (const phone of phones) await text(phone, String(score));
    }
    const r = await limber(['export', '--format', 'fhir', '--endpoint', stack.data.dynamoUrl, '--table', stack.data.tableName]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/\+1415555|climbing/);
    bundle = JSON.parse(r.stdout);
  }, 120_000);
  afterAll(() => stack?.stop());

  it('is a valid R4 Bundle: two bare Patients, six pain Observations, one function Observation', () => {
    expect(fhirR4SchemaErrors(bundle)).toEqual([]);
    expect(FhirCollectionBundle.safeParse(bundle).success).toBe(true);
    const resources = bundle.entry.map((e) => e.resource);
    const patients = resources.filter((x) => x.resourceType === 'Patient');
    expect(patients).toHaveLength(2);
    const obs = resources.filter((x) => x.resourceType === 'Observation');
    const pain = obs.filter((o) => o.code.coding[0].code === PAIN_LOINC);
    expect(pain.map((o) => o.valueInteger).sort()).toEqual([4, 4, 5, 5, 6, 6]);
    expect(obs.filter((o) => o.code.coding[0].code === 'psfs-1').map((o) => o.valueInteger)).toEqual([3]);
    const fullUrls = new Set(bundle.entry.map((e) => e.fullUrl));
    for (const o of obs) expect(fullUrls.has(o.subject.reference)).toBe(true);
  }, 60_000);

  it('fails the same schema when the bundle is broken', () => {
    const broken = (edit: (b: { entry: Entry[] } & Record<string, unknown>) => void) => {
      const b = structuredClone(bundle);
      edit(b);
      return fhirR4SchemaErrors(b).length;
    };
    const firstObs = (b: { entry: Entry[] }) => b.entry.find((e) => e.resource.resourceType === 'Observation')!.resource;
    expect(broken((b) => (b.type = 'pile'))).toBeGreaterThan(0);
    expect(broken((b) => (firstObs(b).status = 'done'))).toBeGreaterThan(0);
    expect(broken((b) => (firstObs(b).valueInteger = '5'))).toBeGreaterThan(0);
    expect(broken((b) => (firstObs(b).score = 5))).toBeGreaterThan(0);
    expect(broken((b) => (b.entry[0]!.resource.telecom = '+14155550181'))).toBeGreaterThan(0);
    expect(broken((b) => (b.entry[0]!.resource = { resourceType: 'Bot' }))).toBeGreaterThan(0); // Medplum's, not R4
  }, 60_000);
});
