import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { OrganisationChangedV1, SITE_FIELD_GROUPS, type LocalizedValue } from '@care/contracts';
import { ValidationError } from '@care/kernel';
import { ImportRecorder, type ImportRun } from '@care/imports';
import type { Outbox } from '@care/messaging';
import { checkEnterpriseNumber, legacyRecordSchema, mapLegacyRecord, Organisation, Site, siteInputSchema, type LegacyLookups, type SiteContent, type SiteFieldGroup } from '@care/organisations-domain';

/** Actor of the workflow steps an import performs itself (not a staff validation). */
const LEGACY_ACTOR = 'legacy-import';
import type { UnitOfWork } from '@care/persistence';
import { OrganisationEntity } from '../../persistence/entities/organisation.entity.js';
import { SiteEntity } from '../../persistence/entities/site.entity.js';
import { ReferenceItemEntity } from '../../persistence/entities/taxonomy.entity.js';
import type { SiteContentResolver } from '../../sites/site-content.resolver.js';

interface Item {
  line: number;
  value?: unknown;
  error?: string;
}

/** Records from a JSON array (numbered by position) or NDJSON (numbered by line), streamed for NDJSON. */
async function* records(file: string): AsyncGenerator<Item> {
  const head = readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 1).trim();
  if (head === '[') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      yield { line: 1, error: `not valid JSON: ${(error as Error).message}` };
      return;
    }
    const list = Array.isArray(parsed) ? parsed : [];
    for (const [i, value] of list.entries()) yield { line: i + 1, value };
    return;
  }
  let line = 0;
  for await (const text of readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (error) {
      yield { line, error: `not valid JSON: ${(error as Error).message}` };
    }
  }
}

/**
 * Imports fiches in the format of the current Bruxelles Social REST API: every field mapped, the
 * public id kept, free-text hours parsed when possible, the organisation found (or created) by
 * enterprise number, the address geocoded by URBIS when it has no coordinates — and imported
 * anyway, queued for geocoding, when URBIS cannot answer. A record already imported is updated,
 * except for the field groups staff validated since (recorded as conflicts). Rejected records are
 * reported with their line (NDJSON) or position (JSON array) and the reasons.
 */
export class LegacyImporter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly content: SiteContentResolver,
    private readonly recordSiteEvents: (em: Parameters<Parameters<UnitOfWork['run']>[0]>[0], site: Site, change: 'created' | 'edited', before: Site['state']) => void,
  ) {}

  async import(file: string, actor: string): Promise<ImportRun> {
    const recorder = await ImportRecorder.start(this.uow.read(), { kind: 'legacy', actor, source: file });
    const name = path.basename(file);
    try {
      const lookups = await this.lookups();
      for await (const item of records(file)) {
        recorder.count('read');
        if (item.error) {
          await recorder.reject(name, item.line, item.error, '');
          continue;
        }
        await this.importOne(item, name, lookups, recorder);
      }
      await this.uow.read().execute(`select setval('site_id_seq', greatest((select max(id) from site) + 1, (select last_value from site_id_seq)), false)`);
      return await recorder.finish('succeeded');
    } catch (error) {
      return recorder.finish('failed', (error as Error).message);
    }
  }

  private async lookups(): Promise<LegacyLookups> {
    const items = await this.uow.read().find(ReferenceItemEntity, { list: { $in: ['legal-status', 'access-modality'] } });
    const find = (list: string) => (label: LocalizedValue) => items.find((i) => i.list === list && (same(i.label.fr, label.fr) || same(i.label.nl, label.nl)))?.code;
    return { legalStatus: find('legal-status'), accessModality: find('access-modality') };
  }

  private async importOne(item: Item, file: string, lookups: LegacyLookups, recorder: ImportRecorder): Promise<void> {
    const raw = JSON.stringify(item.value).slice(0, 1_000);
    const record = legacyRecordSchema.safeParse(item.value);
    if (!record.success) {
      await recorder.reject(file, item.line, record.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; '), raw);
      return;
    }
    const mapping = mapLegacyRecord(record.data, lookups);
    const parsed = siteInputSchema.safeParse(mapping.site);
    if (!parsed.success) {
      await recorder.reject(file, item.line, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), raw);
      return;
    }
    let resolved: Awaited<ReturnType<SiteContentResolver['resolve']>>;
    try {
      resolved = await this.content.resolve(parsed.data);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      await recorder.reject(file, item.line, error.issues.map((i) => `${i.path}: ${i.message.fr}`).join('; '), raw);
      return;
    }
    for (const warning of mapping.warnings) await recorder.warn(file, item.line, `site ${mapping.siteId}: ${warning}`);
    if (resolved.geocoding !== 'located') recorder.count(resolved.geocoding === 'pending' ? 'awaitingGeocoding' : 'notGeocoded');
    await this.uow.run(async (em) => {
      const organisationId = await this.organisation(em, mapping, parsed.data.names.official, recorder, file, item.line);
      const content = { ...resolved.content, organisationId };
      const existing = await em.findOne(SiteEntity, { id: mapping.siteId });
      const origin = { source: 'legacy-social-brussels' as const, reference: `${file}:${item.line}` };
      const at = new Date();
      if (!existing) {
        const site = Site.draft(mapping.siteId, content, origin, at);
        site.markGeocoding(resolved.geocoding);
        for (const step of ['submit', 'validate', 'publish'] as const) site.transition(step, LEGACY_ACTOR, at);
        site.lastVerifiedAt = mapping.lastUpdate;
        em.persist(site);
        await em.flush();
        this.recordSiteEvents(em, site, 'created', 'draft');
        recorder.count('created');
        return;
      }
      // Groups staff validated since the last legacy import keep their values: conflicts instead.
      const before = existing.state;
      const protectedGroups = SITE_FIELD_GROUPS.filter((g) => {
        const p = existing.provenance[g];
        return !!p?.validatedBy && p.validatedBy !== LEGACY_ACTOR;
      });
      const changed = existing.changedGroups(content);
      const conflicts = changed.filter((g) => protectedGroups.includes(g));
      const incoming = Site.draft(existing.id, content, origin, at);
      for (const group of conflicts) recorder.conflict(em, { entityType: 'site', entityId: String(existing.id), field: group, current: existing.group(group), incoming: incoming.group(group) });
      if (changed.length === conflicts.length) {
        if (changed.length === 0) recorder.count('unchanged');
        return;
      }
      existing.edit({ ...content, ...kept(existing, conflicts) }, origin, at);
      if (changed.includes('address') && !conflicts.includes('address')) existing.markGeocoding(resolved.geocoding);
      await em.flush();
      this.recordSiteEvents(em, existing, 'edited', before);
      recorder.count('updated');
    });
  }

  /** The site's organisation by enterprise number; unknown ones are created for the KBO import to complete. */
  private async organisation(em: Parameters<Parameters<UnitOfWork['run']>[0]>[0], mapping: ReturnType<typeof mapLegacyRecord>, siteName: LocalizedValue, recorder: ImportRecorder, file: string, line: number): Promise<number | null> {
    if (!mapping.organisation) return null;
    const numbers = mapping.organisation.enterpriseNumbers.map((n) => ({ n, check: checkEnterpriseNumber(n) }));
    for (const bad of numbers.filter((x) => !x.check.ok)) await recorder.warn(file, line, `site ${mapping.siteId}: enterprise number ${bad.n} is invalid, not linked`);
    const valid = numbers.flatMap((x) => (x.check.ok ? [x.check.value] : []));
    if (valid.length === 0) return null;
    const found = await em.findOne(OrganisationEntity, { enterpriseNumbers: { $overlap: valid } });
    if (found) return found.id;
    const [row] = await em.execute<{ id: string }[]>(`select nextval('organisation_id_seq') as id`);
    const organisation = Organisation.create(
      Number(row!.id),
      { enterpriseNumbers: valid, names: { official: siteName, alternative: [], former: [] }, legalStatus: null, languageStatus: 'FR-NL', officialJournalUrl: mapping.organisation.officialJournalUrl },
      { source: 'legacy-social-brussels', reference: `${file}:${line}` },
      new Date(),
    );
    em.persist(organisation);
    await em.flush();
    this.outbox.record(em, OrganisationChangedV1, { aggregateId: String(organisation.id), aggregateVersion: organisation.version, payload: organisation.toPublished() });
    recorder.count('organisationsCreated');
    return organisation.id;
  }
}

function same(a: string, b: string): boolean {
  const n = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
  return n(a) === n(b);
}

/** The current values of the protected groups, to edit everything else. */
function kept(site: Site, groups: readonly SiteFieldGroup[]): Partial<SiteContent> {
  const values: Partial<SiteContent> = {};
  if (groups.includes('identity')) Object.assign(values, { names: site.names, legalStatus: site.legalStatus, languageStatus: site.languageStatus, organisationId: site.organisationId });
  if (groups.includes('address')) values.address = site.address;
  if (groups.includes('texts')) Object.assign(values, { texts: site.texts, otherAgreements: site.otherAgreements, subsidies: site.subsidies });
  if (groups.includes('contacts')) values.contacts = site.contacts;
  if (groups.includes('hours')) values.openingHours = site.openingHours;
  if (groups.includes('classification')) Object.assign(values, { offerKind: site.offerKind, serviceLanguages: site.serviceLanguages, accessModalities: site.accessModalities, targetPublics: site.targetPublics, categoryIds: site.categoryIds, actionZones: site.actionZones });
  return values;
}
