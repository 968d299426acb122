import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// OpenAPI documents are plain JSON here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface Operation {
  method: string;
  /** Path template as documented (`/api/organisations/sites/{id}`). */
  path: string;
  operation: Json;
  /** Who may call it and with which audience, as the gateway publishes it (`x-care-policy`). */
  policy: { who: string[] | 'everyone'; audience: string; ownOrganisation?: boolean }[];
}

export function operationsOf(document: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(document['paths'])) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const operation = item[method] as Json | undefined;
      if (operation) operations.push({ method: method.toUpperCase(), path, operation, policy: operation['x-care-policy'] });
    }
  }
  return operations;
}

/** The first grant of the published policy that matches the caller's tags (what the gateway must apply). */
export function grantFor(operation: Operation, tags: readonly string[]) {
  return operation.policy.find((g) => g.who === 'everyone' || g.who.some((t) => tags.includes(t))) ?? null;
}

/**
 * OpenAPI 3.0 schema → JSON Schema for Ajv: `nullable` becomes a null alternative, boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become numbers, `$ref`s point into the components.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const s: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (key === '$ref' && typeof value === 'string') s[key] = value.replace('#/components/schemas/', 'components#/schemas/');
    else if (key === 'example' || key === 'nullable' || key.startsWith('x-')) continue;
    else s[key] = toJsonSchema(value);
  }
  const original = schema as Json;
  if (original['exclusiveMinimum'] === true) {
    s['exclusiveMinimum'] = original['minimum'];
    delete s['minimum'];
  }
  if (original['exclusiveMaximum'] === true) {
    s['exclusiveMaximum'] = original['maximum'];
    delete s['maximum'];
  }
  if (original['exclusiveMinimum'] === false) delete s['exclusiveMinimum'];
  if (original['exclusiveMaximum'] === false) delete s['exclusiveMaximum'];
  if (original['nullable'] === true) return { anyOf: [s, { type: 'null' }] };
  return s;
}

/** Checks answers against the documented response schemas of the aggregated document. */
export class ResponseValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(document: Json) {
    this.ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'components', schemas: toJsonSchema(document['components']?.['schemas'] ?? {}) });
  }

  /** The documented schema for a status (exact, then `NXX`, then `default`) in a media type, or undefined when none is documented. */
  schemaFor(operation: Operation, status: number, mediaType = 'application/json'): { key: string; schema: Json | null; mediaTypes: string[] } | undefined {
    const responses = operation.operation['responses'] as Json;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key) return undefined;
    const content = responses[key]['content'] as Json | undefined;
    const schema = content?.[mediaType]?.['schema'] ?? null;
    return { key, schema, mediaTypes: Object.keys(content ?? {}) };
  }

  /**
   * null when the answer matches its documented schema, otherwise what is wrong. An answer in a
   * documented media type other than JSON (a streamed export, NDJSON) is accepted as such; one in a
   * `+json` media type (GeoJSON) is checked against the schema documented for it.
   */
  check(operation: Operation, status: number, body: unknown, text: string, contentType?: string | null): string | null {
    const mediaType = contentType?.split(';')[0]!.trim().toLowerCase();
    const typed = !!mediaType && mediaType !== 'application/json' && !!this.schemaFor(operation, status)?.mediaTypes.includes(mediaType);
    if (typed && !mediaType.endsWith('+json')) return null;
    const documented = this.schemaFor(operation, status, typed ? mediaType : undefined);
    if (!documented) return `status ${status} is not documented`;
    if (!documented.schema) return status === 204 || text === '' || !text.startsWith('{') ? null : `status ${status} documents no body but got one`;
    const id = `${operation.method} ${operation.path} ${documented.key} ${typed ? mediaType : 'application/json'}`;
    let validate = this.cache.get(id);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(documented.schema) as object);
      this.cache.set(id, validate);
    }
    if (validate(body)) return null;
    return `answer ${status} does not match its schema (${documented.key}): ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`;
  }
}
