import { describe, expect, it } from 'vitest';
import { fhirBundle, PAIN_LOINC, stableUuid } from '../../functions/core/fhir';
import type { FunctionRating } from '../../functions/core/function-score';
import type { PainRating } from '../../functions/core/model';
import { FhirCollectionBundle } from '../support/fhir-r4';

const pain = (subscriberId: string, programDay: number, score: number): PainRating => ({
  subscriberId,
  programDay,
  score,
  source: 'sms',
  redFlag: false,
  at: `2026-03-${String(programDay).padStart(2, '0')}T08:10:00.000Z`,
});
const fn = (subscriberId: string, week: number, score: number): FunctionRating => ({
  subscriberId,
  week,
  score,
  source: 'email',
  at: `2026-03-${String(week * 7 + 1).padStart(2, '0')}T09:00:00.000Z`,
});

describe('FHIR R4 bundle', () => {
  const bundle = fhirBundle({
    pain: [pain('s_two', 1, 6), pain('s_one', 2, 4), pain('s_one', 1, 5)],
    function: [fn('s_one', 0, 3), fn('s_one', 1, 6), fn('s_three', 0, 2)],
    at: '2026-04-01T00:00:00.000Z',
  });

  it('is a valid collection of Patients and Observations (schema from the R4 spec)', () => {
    const parsed = FhirCollectionBundle.safeParse(bundle);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('has one Patient per subscriber id, with nothing but the pseudonymous identifier', () => {
    const patients = (bundle.entry as { resource: Record<string, unknown> }[]).filter((e) => e.resource.resourceType === 'Patient');
    expect(patients.map((p) => (p.resource.identifier as { value: string }[])[0]!.value)).toEqual(['s_one', 's_three', 's_two']);
    for (const p of patients) expect(Object.keys(p.resource).sort()).toEqual(['id', 'identifier', 'resourceType']);
  });

  it('codes pain as LOINC 72514-3 and the function score as its own code; every subject resolves', () => {
    const entries = bundle.entry as { fullUrl: string; resource: Record<string, any> }[];
    const urls = new Set(entries.filter((e) => e.resource.resourceType === 'Patient').map((e) => e.fullUrl));
    const obs = entries.filter((e) => e.resource.resourceType === 'Observation').map((e) => e.resource);
    expect(obs).toHaveLength(6);
    for (const o of obs) expect(urls.has(o.subject.reference)).toBe(true);
    const painObs = obs.filter((o) => o.code.coding[0].code === PAIN_LOINC);
    expect(painObs.map((o) => o.valueInteger)).toEqual([5, 4, 6]);
    expect(painObs[0]!.code.coding[0].system).toBe('http://loinc.org');
    const fnObs = obs.filter((o) => o.code.coding[0].code !== PAIN_LOINC);
    expect(fnObs.map((o) => [o.valueInteger, o.code.coding[0].code])).toEqual([
      [3, 'psfs-1'],
      [6, 'psfs-1'],
      [2, 'psfs-1'],
    ]);
  });

  it('is stable: the same ratings give the same ids', () => {
    const again = fhirBundle({
      pain: [pain('s_one', 1, 5), pain('s_one', 2, 4), pain('s_two', 1, 6)],
      function: [fn('s_three', 0, 2), fn('s_one', 1, 6), fn('s_one', 0, 3)],
      at: '2026-04-01T00:00:00.000Z',
    });
    expect(again).toEqual(bundle);
    expect(stableUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('the schema rejects what must not be there (it can fail)', () => {
    const withName = structuredClone(bundle) as any;
    withName.entry[0].resource.name = [{ text: 'Ann' }];
    expect(FhirCollectionBundle.safeParse(withName).success).toBe(false);
    const badTime = structuredClone(bundle) as any;
    badTime.entry.at(-1).resource.effectiveDateTime = '2026-13-01T00:00:00Z';
    expect(FhirCollectionBundle.safeParse(badTime).success).toBe(false);
    const dup = structuredClone(bundle) as any;
    dup.entry.push(dup.entry[0]);
    expect(FhirCollectionBundle.safeParse(dup).success).toBe(false);
  });
});
