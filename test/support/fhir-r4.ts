import { z } from 'zod';

/**
 * The subset of FHIR R4 (4.0.1) that `limber export --format fhir` emits, written from the spec's
 * own definitions: the primitive regexes of datatypes.html, the element cardinalities of
 * observation.html, patient.html and bundle.html, and the invariants that apply to a collection
 * (bdl-3/bdl-4: no request/response; bdl-7: fullUrl unique; obs-6/obs-7). Objects are strict, as the
 * spec's JSON schema sets additionalProperties false: an unknown element (e.g. "name" on our Patient,
 * which must not carry one) fails. Not a replacement for the official validator (see docs/outcomes.md).
 */

const id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
const uri = z.string().regex(/^\S+$/);
const code = z.string().regex(/^[^\s]+( [^\s]+)*$/);
const integer = z.number().int().min(-2147483648).max(2147483647);
const instant = z
  .string()
  .regex(
    /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/,
  );
const dateTime = z
  .string()
  .regex(
    /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/,
  );

const Coding = z.strictObject({ system: uri.optional(), version: z.string().optional(), code: code.optional(), display: z.string().optional() });
const CodeableConcept = z.strictObject({ coding: z.array(Coding).min(1).optional(), text: z.string().optional() });
const Identifier = z.strictObject({ system: uri.optional(), value: z.string().optional() });
const Reference = z.strictObject({ reference: z.string().min(1).optional(), display: z.string().optional() });

export const FhirPatient = z.strictObject({
  resourceType: z.literal('Patient'),
  id: id.optional(),
  identifier: z.array(Identifier).min(1).optional(),
});

export const FhirObservation = z
  .strictObject({
    resourceType: z.literal('Observation'),
    id: id.optional(),
    status: z.enum(['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown']),
    category: z.array(CodeableConcept).optional(),
    code: CodeableConcept,
    subject: Reference.optional(),
    effectiveDateTime: dateTime.optional(),
    valueInteger: integer.optional(),
    dataAbsentReason: CodeableConcept.optional(),
  })
  // obs-6: dataAbsentReason SHALL only be present if value[x] is not present.
  .refine((o) => !(o.dataAbsentReason && o.valueInteger !== undefined), 'obs-6');

const Entry = z.strictObject({ fullUrl: uri, resource: z.union([FhirPatient, FhirObservation]) });

export const FhirCollectionBundle = z
  .strictObject({
    resourceType: z.literal('Bundle'),
    id: id.optional(),
    type: z.literal('collection'),
    timestamp: instant.optional(),
    entry: z.array(Entry),
  })
  // bdl-7: FullUrl must be unique in a bundle (no versionId in our resources).
  .refine((b) => new Set(b.entry.map((e) => e.fullUrl)).size === b.entry.length, 'bdl-7: fullUrl must be unique');
