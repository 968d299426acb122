import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { dropDatabase, freePort, withDatabase } from '@care/persistence';
import { testServerUrl, waitFor } from '@care/testing';
import { startPlatform, type RunningPlatform } from '../platform.js';
import { databaseOf, SERVICES } from '../services.js';

/** The eight kinds of caller of the authorisation matrix. */
export const PRINCIPALS = ['anonymous', 'api-key', 'representative', 'editor', 'validator', 'admin', 'authority-client', 'integrator-client'] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

/**
 * The tags each principal presents to the policy, as the test understands the identity model
 * (independently of the gateway's code): roles are hierarchical, clients carry their scopes.
 */
export const PRINCIPAL_TAGS: Record<PrincipalName, string[]> = {
  anonymous: ['anonymous'],
  'api-key': ['api-key'],
  representative: ['representative'],
  editor: ['staff', 'editor'],
  validator: ['staff', 'validator', 'editor'],
  admin: ['staff', 'admin', 'validator', 'editor'],
  'authority-client': ['client', 'scope:authority:read', 'scope:export:bulk'],
  'integrator-client': ['client', 'scope:feed:read', 'scope:webhooks:manage'],
};

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface Fixtures {
  orgA: number;
  orgB: number;
  /** Published and draft sites of organisations A and B. */
  siteA: number;
  draftA: number;
  siteB: number;
  draftB: number;
  providerId: string;
  practiceId: string;
  holdingId: string;
  typeId: string;
  authorityId: string;
  proposalId: string;
  categoryId: number;
}

export interface GatewayPlatform {
  platform: RunningPlatform;
  url: string;
  credentials: Record<PrincipalName, Record<string, string>>;
  fixtures: Fixtures;
  request(principal: PrincipalName, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  stop(): Promise<void>;
}

const reyers = { street: { fr: 'Boulevard Auguste Reyers' }, number: '70', postcode: '1030', point: { lat: 50.851756, lon: 4.401445 } };
export const CRISIS_CONTACTS = { directPhone: '+32 2 555 00 00', emergencyPhone: '+32 470 55 00 00', email: 'crise@alpha.example', responsible: { name: 'Claire Alpha', role: 'directrice' } };
export const siteContent = (name: string) => ({ names: { official: { fr: name, nl: name } }, languageStatus: 'FR-NL', offerKind: 'accredited', address: reyers });

/** An INAMI/RIZIV number with valid check digits (97 − n mod 97). */
function nihii(sequence: number): string {
  const base = 100_000 + sequence;
  return `${base}${String(97 - (base % 97)).padStart(2, '0')}003`;
}

/**
 * The whole platform as `npm start` runs it (six processes, no demo data) on the test server, and
 * a small data set made through the gateway itself: two organisations with published and draft
 * sites, a care provider with a practice, an agrément holding, a pending proposal, site A's crisis
 * contacts and an availability report (by its representative).
 */
export async function startGatewayPlatform(label: string, env: NodeJS.ProcessEnv = {}): Promise<GatewayPlatform> {
  const prefix = `${label}_${randomBytes(3).toString('hex')}_`;
  const logDir = mkdtempSync(path.join(tmpdir(), `care-${label}-`));
  const ports: Record<string, number> = {};
  for (const service of SERVICES) ports[service.name] = await freePort();
  const platform = await startPlatform({
    serverUrl: testServerUrl(),
    databasePrefix: prefix,
    dataDir: logDir,
    embeddedPort: 0,
    durable: false,
    demoData: false,
    ports,
    host: '127.0.0.1',
    logLevel: 'warn',
    logDir,
    // Generous: the agréments service seeds its reference data at start, on cores shared with the other services.
    startTimeoutMs: 240_000,
    env: { RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_IP_BURST: '100000', RATE_LIMIT_KEY_PER_MINUTE: '1000000', RATE_LIMIT_KEY_BURST: '100000', RATE_LIMIT_CLIENT_PER_MINUTE: '1000000', RATE_LIMIT_CLIENT_BURST: '100000', ...env },
  });
  const url = platform.urls['gateway']!;
  const call = async (method: string, target: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${url}${target}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  };
  const must = async (answer: Promise<Answer>, what: string) => {
    const a = await answer;
    if (a.status >= 300) throw new Error(`${what}: ${a.status} ${a.text.slice(0, 500)}`);
    return a;
  };

  const staffToken = async (account: string) => `Bearer ${(await must(call('POST', '/dev-idp/token', { account }), `token ${account}`)).body.access_token}`;
  const clientToken = async (id: string, secret: string) => `Bearer ${(await must(call('POST', '/oauth/token', `grant_type=client_credentials&client_id=${id}&client_secret=${secret}`, { 'content-type': 'application/x-www-form-urlencoded' }), `client ${id}`)).body.access_token}`;
  const credentials: Record<PrincipalName, Record<string, string>> = {
    anonymous: {},
    'api-key': { 'x-api-key': 'care_key_demo_reuser' },
    representative: { authorization: await staffToken('representative') },
    editor: { authorization: await staffToken('editor') },
    validator: { authorization: await staffToken('validator') },
    admin: { authorization: await staffToken('admin') },
    'authority-client': { authorization: await clientToken('demo-authority', 'demo-authority-secret') },
    'integrator-client': { authorization: await clientToken('demo-fidus', 'demo-fidus-secret') },
  };
  const as = (principal: PrincipalName) => (method: string, target: string, body?: unknown, headers: Record<string, string> = {}) => call(method, target, body, { ...credentials[principal], ...headers });
  const editor = as('editor');
  const validator = as('validator');

  const organisation = async (name: string) => (await must(editor('POST', '/api/organisations/organisations', { names: { official: { fr: name, nl: name } }, languageStatus: 'FR-NL' }), 'organisation')).body.id as number;
  const orgA = await organisation('ASBL Alpha');
  const orgB = await organisation('ASBL Beta');
  await must(as('admin')('POST', '/api/admin/representatives', { id: 'demo-representative', organisationId: orgA, name: 'Demo representative' }), 'representative link');
  const tree = (await must(call('GET', '/api/organisations/taxonomy/tree'), 'tree')).body;
  const categoryId = tree[0].rubriques[0].categoryIds[0] as number;
  const site = async (organisationId: number, name: string, publish: boolean) => {
    let s = (await must(editor('POST', '/api/organisations/sites', { ...siteContent(name), organisationId, categoryIds: [categoryId] }), 'site')).body;
    if (publish) {
      s = (await must(editor('POST', `/api/organisations/sites/${s.id}/workflow/submit`, undefined, { 'if-match': `"${s.version}"` }), 'submit')).body;
      for (const step of ['validate', 'publish']) s = (await must(validator('POST', `/api/organisations/sites/${s.id}/workflow/${step}`, undefined, { 'if-match': `"${s.version}"` }), step)).body;
    }
    return s.id as number;
  };
  const siteA = await site(orgA, 'Maison médicale Alpha', true);
  const draftA = await site(orgA, 'Projet Alpha', false);
  const siteB = await site(orgB, 'Maison médicale Beta', true);
  const draftB = await site(orgB, 'Projet Beta', false);
  const number = nihii(4_242);
  const provider = (await must(editor('POST', '/api/care-providers/providers', { nihii: number, name: { first: 'Anne', last: 'Dubois' }, languages: ['fr'] }), 'provider')).body;
  const practice = (await must(editor('POST', `/api/care-providers/providers/${provider.id}/practices`, { id: 'cabinet', address: reyers, contacts: { phone: '02/111.22.33' } }), 'practice')).body;
  const types = (await must(call('GET', '/api/agrements/types'), 'types')).body.items as { id: string; authorityId: string }[];
  const type = types[0]!;
  const holding = (await must(editor('POST', '/api/agrements/holdings', { typeId: type.id, holder: { kind: 'site', id: String(siteA) }, reference: 'E2E-1', validFrom: '2020-01-01' }), 'holding')).body;
  const proposal = (await must(as('representative')('POST', `/api/organisations/sites/${siteA}/proposals`, { content: siteContent('Maison médicale Alpha (nouveau nom)') }), 'proposal')).body;
  // Site A's crisis data, kept by its representative: what authority answers carry (and the public must never see).
  await must(as('representative')('PUT', `/api/organisations/sites/${siteA}/crisis-contacts`, CRISIS_CONTACTS, { 'if-match': '"0"' }), 'crisis contacts');
  // The agréments service learns the site's organisation from its events: a report may come before it did.
  await waitFor(async () => (await as('representative')('POST', '/api/agrements/availability', { siteId: siteA, status: 'open', freePlaces: 3 })).status === 201, 60_000, 'an availability report for site A');

  return {
    platform,
    url,
    credentials,
    fixtures: { orgA, orgB, siteA, draftA, siteB, draftB, providerId: provider.id, practiceId: practice.id, holdingId: holding.id, typeId: type.id, authorityId: type.authorityId, proposalId: proposal.id, categoryId },
    request: (principal, method, target, body, headers = {}) => as(principal)(method, target, body, headers),
    stop: async () => {
      await platform.stop();
      for (const name of ['event-bus', ...SERVICES.map((s) => s.name)]) await dropDatabase(withDatabase(testServerUrl(), databaseOf(name, prefix)));
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
