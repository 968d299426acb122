import path from 'node:path';
import pg from 'pg';
import { APPOINTMENT_MODES, CONVENTION_STATUSES, type EventEnvelope } from '@care/contracts';
import { CareProvider, careProviderInputSchema, checkNihii, Practice, practiceInputSchema, type PracticeContent, type Professions } from '@care/care-providers-domain';
import { AddressResolver } from '@care/geo';
import { ImportRecorder, readCsv, type ImportRun } from '@care/imports';
import type { MikroORM } from '@mikro-orm/postgresql';
import { copyEntities, CopyWriter, type UnitOfWork } from '@care/persistence';
import { Outbox, OutboxMessage } from '@care/messaging';
import { CareProviderEntity, LinkedSiteEntity, PracticeEntity } from '../../persistence/entities/care-provider.entity.js';
import type { ProviderCommands } from '../../providers/provider.commands.js';
import { COBRHA_COLUMNS } from './cobrha-columns.js';

const BATCH = 1_000;
const YES = new Set(['y', 'yes', 'true', '1', 'o', 'oui', 'j', 'ja']);
const NO = new Set(['n', 'no', 'false', '0', 'non', 'nee']);
const CONVENTION: Record<string, (typeof CONVENTION_STATUSES)[number]> = { c: 'conventioned', p: 'partially', n: 'not-conventioned' };
const GENDER: Record<string, 'female' | 'male' | 'x'> = { f: 'female', m: 'male', x: 'x' };

type Row = Record<(typeof COBRHA_COLUMNS)[number], string>;

const list = (value: string) => value.split('|').map((s) => s.trim()).filter(Boolean);
const bool = (value: string): boolean | null | 'invalid' => (value.trim() === '' ? null : YES.has(value.trim().toLowerCase()) ? true : NO.has(value.trim().toLowerCase()) ? false : 'invalid');
const orNull = (value: string) => value.trim() || null;

/**
 * Imports a CoBRHA-like full extract of care providers (see cobrha-columns.ts): streamed and
 * checked row by row into a staging table, then applied provider by provider. Only real
 * differences change a provider or practice and emit events; a provider missing from the extract
 * is deactivated (never deleted) with the reason; a practice missing for a provider is closed.
 */
export class CobrhaImporter {
  private readonly addresses = AddressResolver.load();

  constructor(
    private readonly orm: MikroORM,
    private readonly uow: UnitOfWork,
    private readonly commands: ProviderCommands,
    private readonly professions: Professions,
    private readonly databaseUrl: string,
  ) {}

  async import(file: string, actor: string): Promise<ImportRun> {
    const recorder = await ImportRecorder.start(this.uow.read(), { kind: 'cobrha', actor, source: file });
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock(hashtextextended('care.cobrha-import', 0)) as ok`);
      if (!rows[0]?.ok) return await recorder.finish('refused', 'another CoBRHA import is running');
      const staging = Date.now();
      await this.stage(client, file, recorder);
      recorder.count('stageSeconds', Math.round((Date.now() - staging) / 1000));
      const applying = Date.now();
      const reference = `${path.basename(file)} (${new Date().toISOString().slice(0, 10)})`;
      // Only providers whose rows differ from the last import (or who are new, or inactive) are looked at.
      const { rows: work } = await client.query<{ person_id: string; hash: string }>(
        `with s as (select person_id, md5(string_agg(row::text, '|' order by line)) as hash from cobrha_staging group by person_id)
         select s.person_id, s.hash from s left join care_provider p on p.id = s.person_id
          where p.id is null or p.source_hash is distinct from s.hash or p.status <> 'active'
          order by s.person_id`,
      );
      const [{ n }] = (await client.query<{ n: string }>('select count(distinct person_id) as n from cobrha_staging')).rows as [{ n: string }];
      recorder.count('unchanged', Number(n) - work.length);
      for (let i = 0; i < work.length; i += BATCH) await this.applyBatch(client, work.slice(i, i + BATCH), reference, recorder);
      await this.deactivateMissing(reference, recorder);
      recorder.count('applySeconds', Math.round((Date.now() - applying) / 1000));
      return await recorder.finish('succeeded');
    } catch (error) {
      return recorder.finish('failed', (error as Error).message);
    } finally {
      await client.end();
    }
  }

  /** Checks each row and COPYs the good ones; bad rows are reported with their line. */
  private async stage(client: pg.Client, file: string, recorder: ImportRecorder): Promise<void> {
    await client.query('truncate cobrha_staging');
    const staging = CopyWriter.open(client, 'cobrha_staging', ['line', 'person_id', 'row']);
    const name = path.basename(file);
    for await (const item of readCsv(file, COBRHA_COLUMNS)) {
      if (!item.ok) {
        await recorder.reject(name, item.line, item.reason, item.raw);
        continue;
      }
      recorder.count('read');
      const row = Object.fromEntries(COBRHA_COLUMNS.map((c, i) => [c, item.fields[i]!.trim()])) as Row;
      const problem = this.checkRow(row);
      if (problem) {
        await recorder.reject(name, item.line, problem, item.fields.join(','));
        continue;
      }
      const nihii = checkNihii(row.nihii);
      await staging.row([item.line, nihii.ok ? nihii.personId : '', row]);
    }
    await staging.end();
    // Fresh statistics, or the planner treats the just-filled table as empty.
    await client.query('analyze cobrha_staging');
  }

  /** The first problem of a row, or null. Addresses are checked later, against the street register. */
  private checkRow(row: Row): string | null {
    const nihii = checkNihii(row.nihii);
    if (!nihii.ok) return nihii.code === 'nihii.format' ? `malformed INAMI number ${row.nihii}` : `wrong check digits in INAMI number ${row.nihii}`;
    if (!row.last_name || !row.first_name) return 'last_name and first_name are required';
    if (row.gender && !GENDER[row.gender.toLowerCase()]) return `unknown gender ${row.gender} (F, M or X)`;
    if (bool(row.gender_public) === 'invalid') return `gender_public must be Y or N, not ${row.gender_public}`;
    if (row.convention && !CONVENTION[row.convention.toLowerCase()]) return `unknown convention ${row.convention} (C, P or N)`;
    const accepting = bool(row.accepting_new_patients);
    if (accepting === 'invalid') return `accepting_new_patients must be Y or N, not ${row.accepting_new_patients}`;
    if (accepting !== null && !/^\d{4}-\d{2}-\d{2}$/.test(row.accepting_stated_on)) return 'accepting_stated_on (YYYY-MM-DD) is required with accepting_new_patients';
    for (const code of list(row.specialisations)) if (!this.professions.has(code)) return `unknown specialisation ${code}`;
    for (const mode of list(row.appointment_modes)) if (!(APPOINTMENT_MODES as readonly string[]).includes(mode)) return `unknown appointment mode ${mode}`;
    if (row.practice_id) {
      if (!/^\d{4}$/.test(row.practice_postcode)) return `practice_postcode must be 4 digits, not ${row.practice_postcode}`;
      if ((row.practice_lat || row.practice_lon) && !(Number.isFinite(Number(row.practice_lat)) && Number.isFinite(Number(row.practice_lon)))) return 'practice_lat and practice_lon must be numbers';
    }
    if (row.site_id && !/^\d+$/.test(row.site_id)) return `site_id must be a number, not ${row.site_id}`;
    return null;
  }

  /**
   * One batch of providers to (re)consider. New providers, their practices and their events are
   * inserted with COPY in one transaction (the import's bottleneck otherwise); existing ones go
   * through the unit of work, where only real differences become events.
   */
  private async applyBatch(client: pg.Client, work: { person_id: string; hash: string }[], reference: string, recorder: ImportRecorder): Promise<void> {
    const people = work.map((w) => w.person_id);
    const hashes = new Map(work.map((w) => [w.person_id, w.hash]));
    const { rows } = await client.query<{ line: number; person_id: string; row: Row }>('select line, person_id, row from cobrha_staging where person_id = any($1) order by person_id, line', [people]);
    const byPerson = new Map<string, { line: number; row: Row }[]>();
    for (const r of rows) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), { line: r.line, row: r.row }]);
    const rejected: { line: number; reason: string }[] = [];
    const at = new Date();
    const created = { providers: [] as CareProvider[], practices: [] as Practice[], events: [] as EventEnvelope[] };
    await this.uow.run(async (em) => {
      const providers = new Map((await em.find(CareProviderEntity, { id: { $in: people } })).map((p) => [p.id, p]));
      const practices = await em.find(PracticeEntity, { providerId: { $in: people } });
      const siteIds = [...new Set(rows.map((r) => Number(r.row.site_id)).filter((n) => n > 0))];
      const sites = new Map((siteIds.length ? await em.find(LinkedSiteEntity, { id: { $in: siteIds } }) : []).map((s) => [s.id, s.status]));
      const events: (() => void)[] = [];
      for (const [personId, lines] of byPerson) {
        const existing = providers.get(personId);
        const input = careProviderInputSchema.safeParse(this.providerInput(lines[0]!.row, existing?.objections ?? []));
        if (!input.success) {
          for (const l of lines) rejected.push({ line: l.line, reason: input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
          continue;
        }
        const wanted = new Map<string, PracticeContent>();
        for (const { line, row } of lines.filter((l) => l.row.practice_id)) {
          if (wanted.has(row.practice_id)) continue;
          const parsed = practiceInputSchema.safeParse(this.practiceInput(row));
          const resolved = parsed.success ? this.addresses.resolve(parsed.data.address, 'address') : null;
          if (!parsed.success || resolved!.issues.length) {
            const reasons = parsed.success ? resolved!.issues.map((i) => `${i.path}: ${i.message.fr}`) : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
            rejected.push({ line, reason: `practice ${row.practice_id}: ${reasons.join('; ')}` });
            continue;
          }
          wanted.set(row.practice_id, { ...parsed.data, address: resolved!.address });
        }
        const siteStatus = (content: PracticeContent) => (content.siteId === null ? null : (sites.get(content.siteId) ?? 'unpublished'));
        if (!existing) {
          const provider = CareProvider.register(input.data, this.professions, `cobrha:${reference}`, at);
          provider.sourceHash = hashes.get(personId)!;
          const opened = [...wanted.values()].map((content) => Practice.open(personId, content, siteStatus(content), at));
          created.providers.push(provider);
          created.practices.push(...opened);
          created.events.push(...this.commands.providerEvents(provider, { public: true, authority: true }), ...opened.map((p) => this.commands.practiceEvent(p, provider)));
          recorder.count('created');
          continue;
        }
        const changes = existing.update(input.data, this.professions, `cobrha:${reference}`, at);
        existing.sourceHash = hashes.get(personId)!;
        const changed: Practice[] = [];
        for (const [sourceId, content] of wanted) {
          const current = practices.find((p) => p.id === `${personId}:${sourceId}`);
          if (!current) {
            const practice = Practice.open(personId, content, siteStatus(content), at);
            em.persist(practice);
            changed.push(practice);
          } else if (current.update(content, siteStatus(content), at)) changed.push(current);
        }
        const closed = practices.filter((p) => p.providerId === personId && p.active && !wanted.has(p.id.slice(personId.length + 1)) && p.close(at));
        recorder.count(changes.public || changes.authority ? 'updated' : 'unchanged');
        events.push(() => {
          if (changes.public || changes.authority) this.commands.recordProvider(em, existing, changes);
          // A public change of the provider changes what its practices publish (objections).
          const republish = changes.public ? practices.filter((p) => p.providerId === personId && p.active && !changed.includes(p)) : [];
          for (const practice of [...changed, ...republish]) this.commands.recordPractice(em, practice, existing);
          for (const practice of closed) this.commands.recordPracticeRemoved(em, practice);
        });
      }
      await em.flush();
      for (const emit of events) emit();
    });
    if (created.providers.length) {
      await client.query('begin');
      try {
        await copyEntities(client, this.orm, CareProviderEntity, created.providers);
        await copyEntities(client, this.orm, PracticeEntity, created.practices);
        await copyEntities(client, this.orm, OutboxMessage, created.events.map((e) => Outbox.row(e)));
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    }
    for (const r of rejected) await recorder.reject('cobrha', r.line, r.reason, '');
  }

  private async deactivateMissing(reference: string, recorder: ImportRecorder): Promise<void> {
    const missing = (await this.uow.read().execute<{ id: string }[]>(`select p.id from care_provider p where p.status = 'active' and not exists (select 1 from cobrha_staging s where s.person_id = p.id)`)).map((r) => r.id);
    for (let i = 0; i < missing.length; i += BATCH) {
      await this.uow.run(async (em) => {
        const providers = await em.find(CareProviderEntity, { id: { $in: missing.slice(i, i + BATCH) } });
        const practices = await em.find(PracticeEntity, { providerId: { $in: missing.slice(i, i + BATCH) }, active: true });
        const at = new Date();
        for (const provider of providers) provider.deactivate(`absent from the CoBRHA extract ${reference}`, at);
        const closed = practices.filter((p) => p.close(at));
        await em.flush();
        for (const provider of providers) this.commands.recordProvider(em, provider, { public: true, authority: false });
        for (const practice of closed) this.commands.recordPracticeRemoved(em, practice);
        recorder.count('deactivated', providers.length);
      });
    }
  }

  private providerInput(row: Row, objections: readonly string[]): unknown {
    const accepting = bool(row.accepting_new_patients);
    return {
      nihii: row.nihii,
      name: { first: row.first_name, last: row.last_name },
      specialisations: list(row.specialisations),
      convention: row.convention ? CONVENTION[row.convention.toLowerCase()] : null,
      languages: list(row.languages).map((l) => l.toLowerCase()),
      gender: row.gender ? GENDER[row.gender.toLowerCase()] : null,
      genderPublic: bool(row.gender_public) === true,
      acceptingNewPatients: accepting === null ? null : { value: accepting, statedOn: row.accepting_stated_on },
      directContacts: { mobile: orNull(row.direct_mobile), email: orNull(row.direct_email) },
      approvalStatus: orNull(row.approval_status),
      // Objections are the provider's own choice, never the source's: kept across imports.
      objections,
    };
  }

  private practiceInput(row: Row): unknown {
    const point = row.practice_lat && row.practice_lon ? { lat: Number(row.practice_lat), lon: Number(row.practice_lon) } : null;
    return {
      id: row.practice_id,
      address: { street: { fr: row.practice_street }, number: orNull(row.practice_number), box: orNull(row.practice_box), postcode: row.practice_postcode, point },
      contacts: { phone: orNull(row.practice_phone), email: orNull(row.practice_email), website: orNull(row.practice_website) },
      appointmentModes: list(row.appointment_modes),
      organisationEnterpriseNumber: orNull(row.cbe_id),
      siteId: row.site_id ? Number(row.site_id) : null,
    };
  }
}
