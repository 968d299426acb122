import type { EntityRef, Grant, Method, RouteRule } from './policy.js';

/*
 * THE authorisation policy of the platform: every route the gateway answers, who may call it and
 * which audience is forwarded. Anything not listed is refused to everyone (404), and a test fails
 * when a service documents a route that has no line here (policy-coverage.int-spec).
 * Grants are tried in order, first match wins; an admin is also a validator and an editor, a
 * validator also an editor (see principal.ts).
 */

// ---- who -------------------------------------------------------------------------------------
const staffInternal: Grant = { who: ['editor'], audience: 'internal' };
const authorityClients: Grant = { who: ['scope:authority:read'], audience: 'authority' };
const everyonePublic: Grant = { who: 'everyone', audience: 'public' };
const ownOrganisation: Grant = { who: ['representative'], audience: 'internal', ownOrganisation: true };

/** Open data: anyone; staff see the internal view, authority clients the authority view. */
const PUBLIC_READ = [staffInternal, authorityClients, everyonePublic] as const;
/** Back office reads. */
const STAFF = [staffInternal] as const;
const EDITORS = [staffInternal] as const;
const VALIDATORS = [{ who: ['validator'], audience: 'internal' }] as const satisfies readonly Grant[];
const ADMINS = [{ who: ['admin'], audience: 'internal' }] as const satisfies readonly Grant[];
/** The authentic-source feed: registered reusers (API key), FIDUS (feed:read), staff. */
const FEED = [staffInternal, authorityClients, { who: ['scope:feed:read', 'api-key'], audience: 'public' }] as const satisfies readonly Grant[];
/** Crisis management: authority clients and staff, never the public (issue 13). */
const AUTHORITIES = [staffInternal, authorityClients] as const;
/** Bulk exports of authority queries: clients with `export:bulk` (an authority client without it gets 403), staff. */
const AUTHORITY_EXPORTS = [staffInternal, { who: ['scope:export:bulk'], audience: 'authority' }] as const satisfies readonly Grant[];
/** Bulk exports: the feed's readers. */
const EXPORTS = FEED;
const WEBHOOKS = [{ who: ['admin', 'scope:webhooks:manage'], audience: 'public' }] as const satisfies readonly Grant[];

// ---- what ------------------------------------------------------------------------------------
const ENTITIES = {
  site: { type: 'site', idParam: 'id', resource: '/sites/{id}', ownerField: 'organisationId' },
  proposal: { type: 'site-proposal', idParam: 'id', resource: '/proposals/{id}' },
  organisation: { type: 'organisation', idParam: 'id', resource: '/organisations/{id}' },
  category: { type: 'category', idParam: 'id', resource: '/taxonomy/categories/{id}' },
  sector: { type: 'sector', idParam: 'id' },
  referenceList: { type: 'reference-list', idParam: 'list', resource: '/reference-lists/{list}' },
  conflict: { type: 'import-conflict', idParam: 'id' },
  provider: { type: 'care-provider', idParam: 'id', resource: '/providers/{id}' },
  practice: { type: 'practice', idParam: 'id' },
  authority: { type: 'authority', idParam: 'id', resource: '/authorities/{id}' },
  agrementType: { type: 'agrement-type', idParam: 'id', resource: '/types/{id}' },
  holding: { type: 'holding', idParam: 'id', resource: '/holdings/{id}' },
  client: { type: 'oauth-client', idParam: 'id' },
  apiKey: { type: 'api-key', idParam: 'id' },
  representative: { type: 'representative', idParam: 'id' },
  // The service checks a representative's organisation itself (`x-care-organisation`).
  crisisContacts: { type: 'site-crisis-contacts', idParam: 'id', resource: '/sites/{id}/crisis-contacts' },
  availability: { type: 'availability-report' },
  savedAuthorityItem: { type: 'authority-saved', idParam: 'name' },
  /** A read sent as POST (its selection is a body): audited under this name. */
  authorityQuery: { type: 'authority-query' },
  authorityExport: { type: 'authority-export' },
} as const satisfies Record<string, EntityRef>;

/** A creation: the entity has no id yet (the audit takes it from the answer). */
const created = (entity: EntityRef): EntityRef => ({ type: entity.type });

const r = (method: Method, path: string, grants: readonly Grant[], entity?: EntityRef, extra: Partial<RouteRule> = {}): RouteRule => ({ method, path, grants, ...(entity ? { entity } : {}), ...extra });

const ORGANISATIONS = '/api/organisations';
const PROVIDERS = '/api/care-providers';
const AGREMENTS = '/api/agrements';
const SEARCH = '/api/search';
const PUBLISHER = '/api/publisher';

export const ROUTES: readonly RouteRule[] = [
  // ---- the gateway itself ----
  r('POST', '/oauth/token', [everyonePublic]),
  r('GET', '/.well-known/jwks.json', [everyonePublic]),
  r('GET', '/health', [everyonePublic]),
  r('GET', '/metrics', [everyonePublic]),
  r('GET', '/docs', [everyonePublic]),
  r('GET', '/docs-json', [everyonePublic]),
  r('GET', '/docs/{*asset}', [everyonePublic]),
  r('GET', '/dev-idp/accounts', [everyonePublic]),
  r('POST', '/dev-idp/token', [everyonePublic]),
  r('GET', '/api/admin/audit', ADMINS),
  r('GET', '/api/admin/clients', ADMINS),
  r('POST', '/api/admin/clients', ADMINS, created(ENTITIES.client)),
  r('POST', '/api/admin/clients/{id}/secrets', ADMINS, ENTITIES.client),
  r('DELETE', '/api/admin/clients/{id}', ADMINS, ENTITIES.client),
  r('GET', '/api/admin/api-keys', ADMINS),
  r('POST', '/api/admin/api-keys', ADMINS, created(ENTITIES.apiKey)),
  r('GET', '/api/admin/api-keys/{id}/usage', ADMINS),
  r('DELETE', '/api/admin/api-keys/{id}', ADMINS, ENTITIES.apiKey),
  r('GET', '/api/admin/representatives', ADMINS),
  r('POST', '/api/admin/representatives', ADMINS, created(ENTITIES.representative)),
  r('DELETE', '/api/admin/representatives/{id}', ADMINS, ENTITIES.representative),

  // ---- the citizen portal (PortalModule), public pages and assets ----
  r('GET', '/', [everyonePublic]),
  r('GET', '/organisation/{id}', [everyonePublic]),
  r('GET', '/fr', [everyonePublic]),
  r('GET', '/fr/{*page}', [everyonePublic]),
  r('GET', '/nl', [everyonePublic]),
  r('GET', '/nl/{*page}', [everyonePublic]),
  r('GET', '/assets/{*asset}', [everyonePublic]),

  // ---- organisations: sites ----
  r('GET', `${ORGANISATIONS}/sites`, [staffInternal, ownOrganisation, everyonePublic]),
  r('POST', `${ORGANISATIONS}/sites`, EDITORS, created(ENTITIES.site)),
  r('GET', `${ORGANISATIONS}/sites/{id}`, [staffInternal, ownOrganisation, everyonePublic], ENTITIES.site),
  r('PUT', `${ORGANISATIONS}/sites/{id}`, EDITORS, ENTITIES.site),
  r('POST', `${ORGANISATIONS}/sites/{id}/workflow/submit`, EDITORS, ENTITIES.site),
  r('POST', `${ORGANISATIONS}/sites/{id}/workflow/{step}`, VALIDATORS, ENTITIES.site),
  r('POST', `${ORGANISATIONS}/sites/{id}/verifications`, [staffInternal, ownOrganisation], ENTITIES.site),
  r('POST', `${ORGANISATIONS}/sites/{id}/proposals`, [ownOrganisation], ENTITIES.site),
  r('GET', `${ORGANISATIONS}/sites/{id}/proposals`, [staffInternal, ownOrganisation], ENTITIES.site),
  r('GET', `${ORGANISATIONS}/proposals`, STAFF),
  r('GET', `${ORGANISATIONS}/proposals/{id}`, STAFF, ENTITIES.proposal),
  r('POST', `${ORGANISATIONS}/proposals/{id}/accept`, VALIDATORS, ENTITIES.proposal),
  r('POST', `${ORGANISATIONS}/proposals/{id}/reject`, VALIDATORS, ENTITIES.proposal),
  r('GET', `${ORGANISATIONS}/verification/campaign`, STAFF),
  r('GET', `${ORGANISATIONS}/verification/freshness`, STAFF),
  r('GET', `${ORGANISATIONS}/geocoding`, STAFF),
  // organisations (legal entities), taxonomy, closed lists
  r('GET', `${ORGANISATIONS}/organisations`, PUBLIC_READ),
  r('POST', `${ORGANISATIONS}/organisations`, EDITORS, created(ENTITIES.organisation)),
  r('GET', `${ORGANISATIONS}/organisations/{id}`, PUBLIC_READ, ENTITIES.organisation),
  r('PUT', `${ORGANISATIONS}/organisations/{id}`, EDITORS, ENTITIES.organisation),
  r('POST', `${ORGANISATIONS}/organisations/{id}/validate`, VALIDATORS, ENTITIES.organisation),
  r('POST', `${ORGANISATIONS}/organisations/{id}/strike-off`, VALIDATORS, ENTITIES.organisation),
  r('GET', `${ORGANISATIONS}/taxonomy/tree`, PUBLIC_READ),
  r('GET', `${ORGANISATIONS}/taxonomy/categories`, PUBLIC_READ),
  r('GET', `${ORGANISATIONS}/taxonomy/categories/{id}`, PUBLIC_READ, ENTITIES.category),
  r('POST', `${ORGANISATIONS}/taxonomy/categories`, ADMINS, created(ENTITIES.category)),
  r('PUT', `${ORGANISATIONS}/taxonomy/categories/{id}`, ADMINS, ENTITIES.category),
  r('POST', `${ORGANISATIONS}/taxonomy/categories/{id}/retire`, ADMINS, ENTITIES.category),
  r('POST', `${ORGANISATIONS}/taxonomy/categories/{id}/restore`, ADMINS, ENTITIES.category),
  r('PUT', `${ORGANISATIONS}/taxonomy/sectors/{id}`, ADMINS, ENTITIES.sector),
  r('GET', `${ORGANISATIONS}/taxonomy/changes`, PUBLIC_READ),
  r('GET', `${ORGANISATIONS}/reference-lists`, PUBLIC_READ),
  r('GET', `${ORGANISATIONS}/reference-lists/{list}`, PUBLIC_READ, ENTITIES.referenceList),
  r('POST', `${ORGANISATIONS}/reference-lists/{list}`, ADMINS, ENTITIES.referenceList),
  // imports
  r('GET', `${ORGANISATIONS}/imports/conflicts`, STAFF),
  r('POST', `${ORGANISATIONS}/imports/conflicts/{id}/resolve`, VALIDATORS, ENTITIES.conflict),
  r('GET', `${ORGANISATIONS}/imports/runs`, STAFF),
  r('GET', `${ORGANISATIONS}/imports/runs/{id}`, STAFF),
  r('GET', `${ORGANISATIONS}/imports/runs/{id}/rejections`, STAFF),

  // ---- care providers ----
  r('GET', `${PROVIDERS}/professions`, PUBLIC_READ),
  r('GET', `${PROVIDERS}/providers`, PUBLIC_READ),
  r('POST', `${PROVIDERS}/providers`, EDITORS, created(ENTITIES.provider)),
  r('GET', `${PROVIDERS}/providers/{id}`, PUBLIC_READ, ENTITIES.provider),
  r('PUT', `${PROVIDERS}/providers/{id}`, EDITORS, ENTITIES.provider),
  r('POST', `${PROVIDERS}/providers/{id}/objections`, EDITORS, ENTITIES.provider),
  r('DELETE', `${PROVIDERS}/providers/{id}/objections/{field}`, EDITORS, ENTITIES.provider),
  r('POST', `${PROVIDERS}/providers/{id}/practices`, EDITORS, ENTITIES.provider),
  r('PUT', `${PROVIDERS}/practices/{id}`, EDITORS, ENTITIES.practice),
  r('DELETE', `${PROVIDERS}/practices/{id}`, EDITORS, ENTITIES.practice),
  r('GET', `${PROVIDERS}/imports/runs`, STAFF),
  r('GET', `${PROVIDERS}/imports/runs/{id}`, STAFF),
  r('GET', `${PROVIDERS}/imports/runs/{id}/rejections`, STAFF),

  // ---- agréments ----
  r('GET', `${AGREMENTS}/authorities`, PUBLIC_READ),
  r('POST', `${AGREMENTS}/authorities`, ADMINS, created(ENTITIES.authority)),
  r('GET', `${AGREMENTS}/authorities/{id}`, PUBLIC_READ, ENTITIES.authority),
  r('PUT', `${AGREMENTS}/authorities/{id}`, ADMINS, ENTITIES.authority),
  r('POST', `${AGREMENTS}/authorities/{id}/successions`, ADMINS, ENTITIES.authority),
  r('GET', `${AGREMENTS}/authorities/{id}/types`, PUBLIC_READ),
  r('GET', `${AGREMENTS}/types`, PUBLIC_READ),
  r('POST', `${AGREMENTS}/types`, ADMINS, created(ENTITIES.agrementType)),
  r('GET', `${AGREMENTS}/types/{id}`, PUBLIC_READ, ENTITIES.agrementType),
  r('PUT', `${AGREMENTS}/types/{id}`, ADMINS, ENTITIES.agrementType),
  r('GET', `${AGREMENTS}/types/{id}/holders`, PUBLIC_READ),
  r('GET', `${AGREMENTS}/holdings/valid`, PUBLIC_READ),
  // Every holding in any state, holders published or not: back office and authorities.
  r('GET', `${AGREMENTS}/holdings`, [staffInternal, authorityClients]),
  r('POST', `${AGREMENTS}/holdings`, EDITORS, created(ENTITIES.holding)),
  r('GET', `${AGREMENTS}/holdings/{id}`, PUBLIC_READ, ENTITIES.holding),
  r('PUT', `${AGREMENTS}/holdings/{id}`, EDITORS, ENTITIES.holding),
  r('GET', `${AGREMENTS}/holdings/{id}/history`, PUBLIC_READ),
  r('POST', `${AGREMENTS}/holdings/{id}/status`, EDITORS, ENTITIES.holding),

  // ---- crisis management (issue 13): authorities read (audited, with what they asked), staff and the site's organisation report ----
  r('GET', `${ORGANISATIONS}/sites/{id}/crisis-contacts`, [staffInternal, authorityClients, ownOrganisation], ENTITIES.site, { auditReads: true }),
  r('PUT', `${ORGANISATIONS}/sites/{id}/crisis-contacts`, [staffInternal, ownOrganisation], ENTITIES.crisisContacts),
  r('GET', `${AGREMENTS}/availability`, AUTHORITIES, undefined, { auditReads: true, auditRequest: true }),
  r('GET', `${AGREMENTS}/availability/history`, AUTHORITIES, undefined, { auditReads: true, auditRequest: true }),
  r('POST', `${AGREMENTS}/availability`, [staffInternal, ownOrganisation], ENTITIES.availability),
  r('POST', `${SEARCH}/authority/query`, AUTHORITIES, ENTITIES.authorityQuery, { auditRequest: true }),
  r('POST', `${SEARCH}/authority/export`, AUTHORITY_EXPORTS, ENTITIES.authorityExport, { auditRequest: true }),
  r('POST', `${SEARCH}/authority/changes`, AUTHORITIES, ENTITIES.authorityQuery, { auditRequest: true }),
  r('GET', `${SEARCH}/authority/saved/{kind}`, AUTHORITIES),
  r('GET', `${SEARCH}/authority/saved/{kind}/{name}`, AUTHORITIES),
  // A saved query's body is kept with its audit entry: a later run (by name) is read against it.
  r('PUT', `${SEARCH}/authority/saved/{kind}/{name}`, AUTHORITIES, ENTITIES.savedAuthorityItem, { auditRequest: true }),
  r('DELETE', `${SEARCH}/authority/saved/{kind}/{name}`, AUTHORITIES, ENTITIES.savedAuthorityItem),
  r('POST', `${SEARCH}/authority/saved/query/{name}/run`, AUTHORITIES, ENTITIES.authorityQuery),

  // ---- search (the portal calls these from the browser, anonymously) ----
  r('GET', `${SEARCH}/search`, PUBLIC_READ),
  r('POST', `${SEARCH}/search/area`, PUBLIC_READ),
  r('GET', `${SEARCH}/suggest`, PUBLIC_READ),

  // ---- publisher: the authentic-source feed (issue 10) ----
  r('GET', `${PUBLISHER}/feed`, FEED),
  r('GET', `${PUBLISHER}/entities/{type}/{id}`, FEED),
  r('GET', `${PUBLISHER}/entities/{type}/{id}/history`, FEED),
  r('GET', `${PUBLISHER}/exports`, EXPORTS),
  r('GET', `${PUBLISHER}/exports/{*rest}`, EXPORTS),
  r('GET', `${PUBLISHER}/hsds`, FEED),
  r('GET', `${PUBLISHER}/hsds/{*rest}`, FEED),
  r('GET', `${PUBLISHER}/webhooks`, WEBHOOKS),
  r('POST', `${PUBLISHER}/webhooks`, WEBHOOKS, { type: 'webhook' }),
  r('GET', `${PUBLISHER}/webhooks/{*rest}`, WEBHOOKS),
  r('PUT', `${PUBLISHER}/webhooks/{*rest}`, WEBHOOKS, { type: 'webhook' }),
  r('POST', `${PUBLISHER}/webhooks/{*rest}`, WEBHOOKS, { type: 'webhook' }),
  r('DELETE', `${PUBLISHER}/webhooks/{*rest}`, WEBHOOKS, { type: 'webhook' }),
];
