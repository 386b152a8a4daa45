/**
 * Reasons for an incompatible schema from Apicurio Registry, whose Confluent
 * API answers `POST /compatibility/...?verbose=true` with the verdict only.
 * Its own API (v3) can test a new version without storing it (`dryRun=true`)
 * and names each rule violation; the ccompat API keeps subjects as artifacts
 * of the `default` group. Only for a base URL that is Apicurio's ccompat path,
 * only to explain a verdict the Confluent API already gave, and best effort:
 * any failure leaves the verdict without reasons. The request goes to the same
 * origin as the saved URL (only the path differs), so the registry's secret
 * goes nowhere it was not saved for.
 */
import type { SchemaInput } from '../../../shared/contract/kafka/schemas';
import { StackdeckError } from '../../../shared/errors';
import { jsonRequest } from '../http/jsonRequest';
import { registryService, seg, type Json, type RegistryCall, type RegistryEndpoint } from './http';

const CCOMPAT_PATH = /\/apis\/ccompat\/v[67]$/;

/** Apicurio's own API base for a ccompat base URL, or null when the URL is not Apicurio's. */
export function apicurioBase(url: string): string | null {
  return CCOMPAT_PATH.test(url) ? url.replace(CCOMPAT_PATH, '/apis/registry/v3') : null;
}

const CONTENT_TYPE: Record<SchemaInput['schemaType'], string> = {
  AVRO: 'application/json',
  JSON: 'application/json',
  PROTOBUF: 'application/x-protobuf',
};

function causesOf(detail: Json | undefined): string[] {
  const causes = detail !== null && typeof detail === 'object' && !Array.isArray(detail) ? detail.causes : undefined;
  if (!Array.isArray(causes)) return [];
  return causes.flatMap((c) => {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) return [];
    const description = typeof c.description === 'string' ? c.description : '';
    const context = typeof c.context === 'string' && c.context !== '' ? ` at ${c.context}` : '';
    return description ? [`${description}${context}`] : [];
  });
}

/** The rule violations Apicurio names for `schema` as a new version of `subject`; [] when it names none. */
export async function apicurioReasons(
  endpoint: RegistryEndpoint,
  subject: string,
  schema: SchemaInput,
  call: RegistryCall,
): Promise<string[]> {
  const base = apicurioBase(endpoint.url);
  // References would need Apicurio's own reference form; without them a dry run would fail for another reason.
  if (base === null || schema.references.length > 0) return [];
  const path = `/groups/default/artifacts/${seg(subject)}/versions?dryRun=true`;
  const body: Json = { content: { content: schema.schema, contentType: CONTENT_TYPE[schema.schemaType] } };
  let reasons: string[] = [];
  const plain = registryService({ ...endpoint, url: base });
  const service = {
    ...plain,
    headers: { ...plain.headers, accept: 'application/json' },
    contentType: 'application/json',
    // Apicurio's problem body (`causes`) is what is wanted; the error itself is dropped.
    refused: (status: number, text: string) => {
      reasons = causesOf(parse(text));
      return new StackdeckError('CONFLICT', `HTTP ${status}`);
    },
  };
  await jsonRequest(service, 'POST', path, body, call, 'the dry run').catch(() => undefined);
  return reasons;
}

function parse(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}
