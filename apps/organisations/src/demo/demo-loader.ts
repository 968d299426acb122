import { readFileSync } from 'node:fs';
import { OrganisationChangedV1, SiteChangedV1, SiteContactsChangedV1, SitePublishedV1, type CrisisContacts } from '@care/contracts';
import { AddressResolver, BrusselsGeography, seededRandom, StreetDirectory } from '@care/geo';
import { Outbox } from '@care/messaging';
import {
  legacyRecordSchema,
  mapLegacyRecord,
  Organisation,
  organisationInputSchema,
  Site,
  SiteContacts,
  siteInputSchema,
  type SiteState,
  type SiteTransition,
} from '@care/organisations-domain';
import type { UnitOfWork } from '@care/persistence';
import { OrganisationEntity } from '../persistence/entities/organisation.entity.js';
import { SiteEntity } from '../persistence/entities/site.entity.js';

const RESPONSIBLES = ['Marie Dubois', 'Jan Peeters', 'Fatima El Amrani', 'Sophie Janssens', 'Luc Lambert', 'An De Smet', 'Youssef Benali', 'Claire Martin'];

/** Crisis contacts for about a third of the published demo sites (deterministic). */
function demoCrisisContacts(random: () => number): CrisisContacts | null {
  if (random() > 0.35) return null;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const name = RESPONSIBLES[Math.floor(random() * RESPONSIBLES.length)]!;
  return {
    directPhone: `02 ${digits(3)} ${digits(2)} ${digits(2)}`,
    emergencyPhone: random() < 0.6 ? `+32 47${digits(1)} ${digits(2)} ${digits(2)} ${digits(2)}` : null,
    email: `direction.${digits(4)}@demo.care.brussels`,
    responsible: { name, role: random() < 0.5 ? 'direction / directie' : 'coordination / coördinatie', phone: `+32 48${digits(1)} ${digits(2)} ${digits(2)} ${digits(2)}`, email: null },
    remark: null,
  };
}
import { CategoryEntity, ReferenceItemEntity } from '../persistence/entities/taxonomy.entity.js';
import { generateDemoDataset } from './demo-dataset.generator.js';

const STEPS: Record<SiteState, SiteTransition[]> = {
  draft: [],
  submitted: ['submit'],
  validated: ['submit', 'validate'],
  published: ['submit', 'validate', 'publish'],
  internal: ['submit', 'validate', 'make-internal'],
  archived: ['archive'],
};

const BATCH = 500;

/**
 * Loads the demo dataset into an empty directory (a no-op when sites exist): the generated
 * organisations and sites, and the real record 13219 of the current platform, mapped from its
 * legacy format. Goes through the domain (validation, address completion, workflow) and the
 * outbox, in batches, so consumers receive the same events as for staff edits.
 */
export async function loadDemoData(uow: UnitOfWork, outbox: Outbox, log: (line: string) => void, seed = 20_261_123): Promise<boolean> {
  if ((await uow.read().count(SiteEntity, {})) > 0) return false;
  const started = Date.now();
  const em = uow.read();
  const categories = await em.find(CategoryEntity, { status: 'active' });
  const items = await em.find(ReferenceItemEntity, { active: true });
  const codes = (list: string) => items.filter((i) => i.list === list).map((i) => i.code);
  const categoriesBySector = new Map<number, number[]>();
  for (const c of categories) for (const s of c.sectorIds) categoriesBySector.set(s, [...(categoriesBySector.get(s) ?? []), c.id]);
  const dataset = generateDemoDataset({
    seed,
    categoriesBySector,
    categoryNames: new Map(categories.map((c) => [c.id, c.name])),
    codes: { legalStatus: codes('legal-status'), language: codes('language'), accessModality: codes('access-modality'), targetPublic: codes('target-public'), actionZone: codes('action-zone') },
    geography: BrusselsGeography.load(),
    streets: StreetDirectory.load(),
  });
  const resolver = AddressResolver.load();
  const at = new Date();

  // Record 13219 belongs to the CPAS of Schaerbeek (enterprise number 0212.347.945).
  const legacy = mapLegacyRecord(legacyRecordSchema.parse(JSON.parse(readFileSync(new URL('../../data/demo/organisation-13219.json', import.meta.url), 'utf8'))), {
    legalStatus: (label) => items.find((i) => i.list === 'legal-status' && (i.label.fr === label.fr || i.label.nl === label.nl))?.code,
    accessModality: (label) => items.find((i) => i.list === 'access-modality' && (i.label.fr === label.fr || i.label.nl === label.nl))?.code,
  });
  const schaerbeekCpas = dataset.organisations.find((o) => (o.input['names'] as { official: { fr: string } }).official.fr === 'CPAS de Schaerbeek')!;
  schaerbeekCpas.input['enterpriseNumbers'] = legacy.organisation!.enterpriseNumbers;
  schaerbeekCpas.input['officialJournalUrl'] = legacy.organisation!.officialJournalUrl;
  dataset.sites.push({ id: legacy.siteId, state: 'published', lastVerifiedAt: legacy.lastUpdate, input: { ...legacy.site, organisationId: schaerbeekCpas.id } });

  await uow.run(async (tx) => {
    for (const o of dataset.organisations) {
      const organisation = Organisation.create(o.id, organisationInputSchema.parse(o.input), { source: 'staff', reference: 'demo' }, at);
      tx.persist(organisation);
    }
    await tx.flush();
    for (const o of await tx.find(OrganisationEntity, {})) {
      outbox.record(tx, OrganisationChangedV1, { aggregateId: String(o.id), aggregateVersion: o.version, payload: o.toPublished() });
    }
    await tx.execute(`select setval('organisation_id_seq', (select max(id) from organisation))`);
  });

  const contactsRandom = seededRandom(seed + 1);
  let withContacts = 0;
  for (let i = 0; i < dataset.sites.length; i += BATCH) {
    await uow.run(async (tx) => {
      const batch: Site[] = [];
      for (const demo of dataset.sites.slice(i, i + BATCH)) {
        const input = siteInputSchema.parse(demo.input);
        const { address, issues } = resolver.resolve(input.address);
        if (issues.length) throw new Error(`demo site ${demo.id}: ${issues.map((x) => `${x.path} ${x.code}`).join(', ')}`);
        const site = Site.draft(demo.id, { ...input, address }, { source: demo.id === legacy.siteId ? 'legacy-social-brussels' : 'staff', reference: 'demo' }, at);
        for (const step of STEPS[demo.state]) site.transition(step, 'demo', at);
        site.lastVerifiedAt = demo.lastVerifiedAt;
        tx.persist(site);
        batch.push(site);
      }
      await tx.flush();
      for (const site of batch) {
        const event = { aggregateId: String(site.id), aggregateVersion: site.version };
        outbox.record(tx, SiteChangedV1, { ...event, payload: { id: site.id, change: 'created', state: site.state } });
        if (site.isPublic) outbox.record(tx, SitePublishedV1, { ...event, payload: site.toPublished() });
      }
      const contacts = batch.filter((site) => site.isPublic).flatMap((site) => {
        const c = demoCrisisContacts(contactsRandom);
        return c ? [SiteContacts.of(site.id, c, 'demo', at)] : [];
      });
      tx.persist(contacts);
      await tx.flush();
      for (const c of contacts) outbox.record(tx, SiteContactsChangedV1, { aggregateId: String(c.siteId), aggregateVersion: c.version, payload: c.toState() });
      withContacts += contacts.length;
    });
  }
  const published = dataset.sites.filter((s) => s.state === 'published').length;
  log(`demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${dataset.organisations.length} organisations, ${dataset.sites.length} sites (${published} published, record 13219 included; crisis contacts for ${withContacts})`);
  return true;
}
