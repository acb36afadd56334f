import { createHash } from 'node:crypto';
import type { FunctionRating } from './function-score';
import { runOf, type PainRating } from './model';

/**
 * `limber export --format fhir`: a FHIR R4 Bundle (type "collection") for clinical systems. Each
 * subscriber becomes one Patient that holds nothing but a pseudonymous identifier (the subscriber
 * id, itself a keyed hash of the address): no name, no telecom, no address. Each pain rating is an
 * Observation coded LOINC 72514-3 (pain severity, 0-10 verbal numeric rating, reported); each
 * weekly function rating is its own Observation, coded in Limber's code system because LOINC has no
 * code for the one-activity Patient-Specific Functional Scale. The activity's name is free text the
 * person typed, so it is never exported. fullUrls are deterministic urn:uuid values, so exporting
 * twice gives the same resources and a receiver can de-duplicate.
 */

const LOINC = 'http://loinc.org';
export const PAIN_LOINC = '72514-3';
const PAIN_DISPLAY = 'Pain severity - 0-10 verbal numeric rating [Score] - Reported';
const LIMBER_CODES = 'https://limber.dev/fhir/CodeSystem/outcomes';
const FUNCTION_CODE = 'psfs-1';
const FUNCTION_DISPLAY = 'Patient-Specific Functional Scale, one activity, 0-10 (10 = able as before)';
const SUBSCRIBER_SYSTEM = 'https://limber.dev/fhir/NamingSystem/subscriber-id';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

export interface FhirExportInput {
  pain: readonly PainRating[];
  function?: readonly FunctionRating[];
  /** Bundle.timestamp: when the export was made (ISO instant). */
  at: string;
}

type Json = Record<string, unknown>;

/** A name-based UUID (RFC 4122 layout, version 5 bits, SHA-256 instead of SHA-1): stable per input. */
export function stableUuid(name: string): string {
  const h = createHash('sha256').update(`limber:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const urn = (name: string) => `urn:uuid:${stableUuid(name)}`;
/** A restart rates its days and weeks afresh: later runs get their own ids (run 1 keeps the ids it always had). */
const runTag = (r: { run?: number | undefined }) => (runOf(r) === 1 ? '' : `r${runOf(r)}:`);

function patient(subscriberId: string): Json {
  return {
    resourceType: 'Patient',
    id: stableUuid(`patient:${subscriberId}`),
    identifier: [{ system: SUBSCRIBER_SYSTEM, value: subscriberId }],
  };
}

function observation(name: string, subscriberId: string, code: Json, at: string, score: number): Json {
  return {
    resourceType: 'Observation',
    id: stableUuid(name),
    status: 'final',
    category: [{ coding: [{ system: CATEGORY, code: 'survey', display: 'Survey' }] }],
    code,
    subject: { reference: urn(`patient:${subscriberId}`) },
    effectiveDateTime: at,
    valueInteger: score,
  };
}

export function fhirBundle(input: FhirExportInput): Json {
  const subscribers = new Set<string>();
  const observations: Json[] = [];
  const byTime = <T extends { at: string; subscriberId: string }>(a: T, b: T) =>
    a.subscriberId < b.subscriberId ? -1 : a.subscriberId > b.subscriberId ? 1 : a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
  for (const r of [...input.pain].sort(byTime)) {
    subscribers.add(r.subscriberId);
    const code = { coding: [{ system: LOINC, code: PAIN_LOINC, display: PAIN_DISPLAY }], text: 'Pain 0-10' };
    observations.push(observation(`pain:${r.subscriberId}:${runTag(r)}${r.programDay}`, r.subscriberId, code, r.at, r.score));
  }
  for (const r of [...(input.function ?? [])].sort(byTime)) {
    subscribers.add(r.subscriberId);
    const code = { coding: [{ system: LIMBER_CODES, code: FUNCTION_CODE, display: FUNCTION_DISPLAY }], text: 'Function score 0-10' };
    observations.push(observation(`function:${r.subscriberId}:${runTag(r)}${r.week}`, r.subscriberId, code, r.at, r.score));
  }
  const entry = [
    ...[...subscribers].sort().map((id) => ({ fullUrl: urn(`patient:${id}`), resource: patient(id) })),
    ...observations.map((o) => ({ fullUrl: `urn:uuid:${o.id as string}`, resource: o })),
  ];
  return { resourceType: 'Bundle', type: 'collection', timestamp: input.at, entry };
}
