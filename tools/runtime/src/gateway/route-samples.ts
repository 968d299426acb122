import type { Fixtures } from './gateway-harness.js';

/** A concrete request for a documented route: path parameters filled with fixture ids, required query parameters given. */
export interface Sample {
  path: string;
  /** What an authorised GET answers (200 unless the sample object does not exist in a fresh platform). */
  expectedGet: number;
  /** Required query parameters of a GET, if any. */
  query?: string;
}

export const DEMO_API_KEY_ID = '00000000-0000-4000-8000-00000000d3e0';

/**
 * Values for the path parameters of every route, by route. A route missing here fails the matrix
 * test ("add a sample"), so a new route cannot slip through untested.
 */
export function sampleFor(template: string, f: Fixtures, referenceList: string): Sample | undefined {
  const params: Record<string, Record<string, string>> = {
    '/api/organisations/sites/{id}': { id: String(f.siteA) },
    '/api/organisations/proposals/{id}': { id: f.proposalId },
    '/api/organisations/organisations/{id}': { id: String(f.orgA) },
    '/api/organisations/taxonomy/categories/{id}': { id: String(f.categoryId) },
    '/api/organisations/taxonomy/sectors/{id}': { id: '1' },
    '/api/organisations/reference-lists/{list}': { list: referenceList },
    '/api/organisations/imports/conflicts/{id}': { id: '1' },
    '/api/organisations/imports/runs/{id}': { id: '1' },
    '/api/care-providers/imports/runs/{id}': { id: '1' },
    '/api/care-providers/providers/{id}': { id: f.providerId, field: 'languages' },
    '/api/care-providers/practices/{id}': { id: f.practiceId },
    '/api/agrements/authorities/{id}': { id: f.authorityId },
    '/api/agrements/types/{id}': { id: f.typeId },
    '/api/agrements/holdings/{id}': { id: f.holdingId },
    '/api/publisher/entities/{type}/{id}': { type: 'site', id: String(f.siteA) },
    '/api/publisher/exports/{dataset}': { dataset: 'sites' },
    // HSDS ids carry the directory's id (apps/publisher/src/hsds/hsds-ids.ts): kind 1 a site's service, 4 an organisation.
    '/api/publisher/hsds/services/{id}': { id: `00000001-0000-8000-8000-${String(f.siteA).padStart(12, '0')}` },
    '/api/publisher/hsds/organizations/{id}': { id: `00000004-0000-8000-8000-${String(f.orgA).padStart(12, '0')}` },
    '/api/publisher/webhooks/{id}': { id: '00000000-0000-4000-8000-000000000404' },
    '/api/admin/clients/{id}': { id: 'no-such-client' },
    '/api/admin/api-keys/{id}': { id: '00000000-0000-4000-8000-000000000404' },
    '/api/admin/api-keys/{id}/usage': { id: DEMO_API_KEY_ID },
    '/api/admin/representatives/{id}': { id: 'no-such-representative' },
    '/api/search/authority/saved/{kind}': { kind: 'area', name: 'no-such-area' },
    '/api/search/authority/saved/query/{name}/run': { name: 'no-such-query' },
  };
  const missing = new Set(['/api/organisations/imports/runs/{id}', '/api/care-providers/imports/runs/{id}', '/api/search/authority/saved/{kind}/{name}', '/api/publisher/webhooks/{id}', '/api/publisher/webhooks/{id}/deliveries']);
  const queries: Record<string, string> = {
    '/api/search/suggest': 'q=maison',
    '/api/organisations/taxonomy/changes': 'since=2020-01-01T00:00:00Z',
    '/api/agrements/availability': `siteId=${f.siteA}`,
    '/api/agrements/availability/history': `siteId=${f.siteA}`,
    '/api/search/authority/export': 'format=geojson',
  };
  const query = queries[template];
  if (!template.includes('{')) return { path: template, expectedGet: 200, ...(query ? { query } : {}) };
  const prefix = Object.keys(params)
    .filter((p) => template.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  if (!prefix) return undefined;
  const values = { ...params[prefix]!, step: 'validate' };
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name as keyof typeof values] ?? `{${name}}`));
  if (path.includes('{')) return undefined;
  return { path, expectedGet: missing.has(template) ? 404 : 200 };
}

/**
 * Fields each audience must never receive (the matrix checks every answer for them, at any depth).
 * `parent.field` names a field only inside `parent`: `reporter.id` is the staff or representative
 * account behind an availability report (authorities learn its kind, never the person).
 */
export const INTERNAL_FIELDS = ['state', 'geocoding', 'validatedBy', 'objections', 'genderPublic', 'inactiveReason', 'proposedBy', 'secretHash', 'keyHash', 'verifiedBy', 'reporter.id'];
export const AUTHORITY_FIELDS = ['directContacts', 'approvalStatus', 'crisisContacts', 'directPhone', 'emergencyPhone', 'responsible', 'freePlaces'];

export function restrictedFieldsIn(value: unknown, fields: readonly string[], path = '', parent = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => restrictedFieldsIn(v, fields, `${path}[${i}]`, parent));
  if (!value || typeof value !== 'object') return [];
  // `state` is restricted as a site's workflow state (a string); an agrément revision's `state` is its public content.
  const restricted = (key: string, v: unknown) => (fields.includes(key) || fields.includes(`${parent}.${key}`)) && !(key === 'state' && typeof v !== 'string');
  return Object.entries(value).flatMap(([key, v]) => [...(restricted(key, v) ? [`${path}.${key}`] : []), ...restrictedFieldsIn(v, fields, `${path}.${key}`, key)]);
}
