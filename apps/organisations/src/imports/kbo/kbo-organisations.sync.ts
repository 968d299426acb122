import pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OrganisationChangedV1, type KboFacts, type LocalizedValue } from '@care/contracts';
import type { ImportRecorder } from '@care/imports';
import { Outbox } from '@care/messaging';
import { Organisation } from '@care/organisations-domain';
import type { UnitOfWork } from '@care/persistence';
import { OrganisationEntity } from '../../persistence/entities/organisation.entity.js';

export interface SyncOptions {
  /** `full`: every known organisation and every match; `update`: the touched enterprises only. */
  scope: 'full' | { touched: ReadonlySet<string> };
  nacePrefixes: readonly string[];
  postcodes: { from: number; to: number };
  reference: string;
}

interface KboView {
  enterprise_number: string;
  status: string;
  juridical_situation: string | null;
  juridical_form: string | null;
  start_date: string | null;
  names: { language: string; type: string; name: string }[] | null;
  address: Record<string, string | null> | null;
  activities: { code: string; version: string; classification: string }[] | null;
  establishments: number;
}

const BATCH = 500;
// KBO juridical forms whose place in the directory's legal-status list is unambiguous.
const LEGAL_STATUS_OF_FORM: Record<string, string> = { '017': 'asbl', '125': 'aisbl', '026': 'private-foundation', '029': 'public-utility-foundation' };

/**
 * Brings organisations in line with the KBO mirror: the known ones (any of their enterprise
 * numbers) and the enterprises matching the filter (registered office in a Brussels postcode and
 * a social or health NACE activity). Only real differences change an organisation and emit an
 * event; names validated by staff are never overwritten (a conflict is recorded instead); an
 * enterprise that left the KBO flags its organisation as struck off, never deletes it.
 */
export class KboOrganisationSync {
  private labels = new Map<string, LocalizedValue>();

  constructor(
    private readonly databaseUrl: string,
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly recorder: ImportRecorder,
  ) {}

  async run(options: SyncOptions): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      await this.loadLabels(client);
      const known = await this.knownNumbers(client);
      const candidates = await this.candidates(client, options, known);
      for (let i = 0; i < candidates.length; i += BATCH) {
        const views = await this.views(client, candidates.slice(i, i + BATCH), options.nacePrefixes);
        await this.applyBatch(views, options.reference);
      }
      const scoped = options.scope === 'full' ? [...known.keys()] : [...known.keys()].filter((n) => (options.scope as { touched: ReadonlySet<string> }).touched.has(n));
      const present = new Set((await client.query<{ n: string }>('select enterprise_number as n from kbo_enterprise where enterprise_number = any($1)', [scoped])).rows.map((r) => r.n));
      await this.markDisappeared(scoped.filter((n) => !present.has(n)).map((n) => known.get(n)!));
    } finally {
      await client.end();
    }
  }

  private async loadLabels(client: pg.Client): Promise<void> {
    const { rows } = await client.query<{ category: string; code: string; language: string; description: string }>(
      `select category, code, language, description from kbo_code where category in ('JuridicalForm', 'JuridicalSituation') and language in ('FR', 'NL')`,
    );
    const by = new Map<string, { fr?: string; nl?: string }>();
    for (const r of rows) {
      const key = `${r.category}/${r.code}`;
      by.set(key, { ...by.get(key), [r.language.toLowerCase()]: r.description });
    }
    this.labels = new Map([...by].map(([k, v]) => [k, { fr: v.fr ?? v.nl ?? '', nl: v.nl ?? v.fr ?? '' }]));
  }

  /** Enterprise number → organisation id, for every organisation the directory holds. */
  private async knownNumbers(client: pg.Client): Promise<Map<string, number>> {
    const { rows } = await client.query<{ n: string; id: number }>('select unnest(enterprise_numbers) as n, id from organisation');
    return new Map(rows.map((r) => [r.n, r.id]));
  }

  private async candidates(client: pg.Client, options: SyncOptions, known: Map<string, number>): Promise<string[]> {
    const touched = options.scope === 'full' ? null : [...options.scope.touched];
    const { rows } = await client.query<{ n: string }>(
      `select e.enterprise_number as n from kbo_enterprise e
        where ($1::text[] is null or e.enterprise_number = any($1))
          and (e.enterprise_number = any($2)
               or (e.status = 'AC'
                   and exists (select 1 from kbo_address a where a.entity_number = e.enterprise_number and a.type_of_address = 'REGO'
                                 and a.zipcode ~ '^\\d{4}$' and a.zipcode::int between $3 and $4)
                   and exists (select 1 from kbo_activity x where x.entity_number = e.enterprise_number and x.nace_code like any($5))))
        order by e.enterprise_number`,
      [touched, [...known.keys()], options.postcodes.from, options.postcodes.to, options.nacePrefixes.map((p) => `${p}%`)],
    );
    return rows.map((r) => r.n);
  }

  private async views(client: pg.Client, numbers: string[], nacePrefixes: readonly string[]): Promise<KboView[]> {
    const { rows } = await client.query<KboView>(
      `select e.enterprise_number, e.status, e.juridical_situation, e.juridical_form, to_char(e.start_date, 'YYYY-MM-DD') as start_date,
              (select json_agg(json_build_object('language', d.language, 'type', d.type_of_denomination, 'name', d.denomination)
                               order by d.type_of_denomination, d.language, d.denomination)
                 from kbo_denomination d where d.entity_number = e.enterprise_number) as names,
              (select row_to_json(a) from (select street_fr, street_nl, house_number, box, zipcode, municipality_fr, municipality_nl
                 from kbo_address where entity_number = e.enterprise_number and type_of_address = 'REGO' order by id limit 1) a) as address,
              (select json_agg(json_build_object('code', x.nace_code, 'version', x.nace_version, 'classification', x.classification)
                               order by x.classification = 'MAIN' desc, x.nace_version desc, x.nace_code)
                 from kbo_activity x where x.entity_number = e.enterprise_number and x.nace_code like any($2)) as activities,
              (select count(*)::int from kbo_establishment s where s.enterprise_number = e.enterprise_number) as establishments
         from kbo_enterprise e where e.enterprise_number = any($1) order by e.enterprise_number`,
      [numbers, nacePrefixes.map((p) => `${p}%`)],
    );
    return rows;
  }

  private facts(view: KboView): KboFacts {
    const label = (category: string, code: string | null) => (code ? { code, label: this.labels.get(`${category}/${code}`) ?? null } : null);
    const a = view.address;
    return {
      enterpriseNumber: view.enterprise_number,
      status: view.status,
      juridicalSituation: label('JuridicalSituation', view.juridical_situation),
      juridicalForm: label('JuridicalForm', view.juridical_form),
      startDate: view.start_date,
      registeredAddress: a
        ? {
            street: { fr: a['street_fr'] ?? null, nl: a['street_nl'] ?? null },
            number: a['house_number'] ?? null,
            box: a['box'] ?? null,
            postcode: a['zipcode'] ?? null,
            municipality: { fr: a['municipality_fr'] ?? null, nl: a['municipality_nl'] ?? null },
          }
        : null,
      naceCodes: view.activities ?? [],
      establishments: view.establishments,
    };
  }

  /** Official name (type 001) in French and Dutch; a name in one language only serves both. */
  private names(view: KboView): LocalizedValue | null {
    const official = (view.names ?? []).filter((n) => n.type === '001');
    const fr = official.find((n) => n.language === '1')?.name;
    const nl = official.find((n) => n.language === '2')?.name;
    const other = official.find((n) => !['1', '2'].includes(n.language))?.name;
    const any = fr ?? nl ?? other;
    return any ? { fr: fr ?? other ?? nl!, nl: nl ?? other ?? fr! } : null;
  }

  private async applyBatch(views: KboView[], reference: string): Promise<void> {
    await this.uow.run(async (em) => {
      const numbers = views.map((v) => v.enterprise_number);
      const existing = await em.find(OrganisationEntity, { enterpriseNumbers: { $overlap: numbers } });
      const byNumber = new Map<string, Organisation>();
      for (const organisation of existing) for (const n of organisation.enterpriseNumbers) byNumber.set(n, organisation);
      const changed: Organisation[] = [];
      const at = new Date();
      for (const view of views) {
        const facts = this.facts(view);
        const names = this.names(view);
        const organisation = byNumber.get(view.enterprise_number);
        if (!organisation) {
          if (!names) continue; // no name at all: nothing to list
          const created = await this.create(em, view, facts, names, reference, at);
          byNumber.set(view.enterprise_number, created);
          changed.push(created);
          this.recorder.count('created');
          continue;
        }
        const result = organisation.applyKbo({ facts, names, reference }, at);
        for (const conflict of result.conflicts) this.recorder.conflict(em, { entityType: 'organisation', entityId: String(organisation.id), ...conflict });
        if (result.changed) {
          changed.push(organisation);
          this.recorder.count('updated');
        } else this.recorder.count('unchanged');
      }
      await em.flush();
      for (const organisation of changed) this.record(em, organisation);
    });
  }

  private async create(em: EntityManager, view: KboView, facts: KboFacts, names: LocalizedValue, reference: string, at: Date): Promise<Organisation> {
    const [row] = await em.execute<{ id: string }[]>(`select nextval('organisation_id_seq') as id`);
    const digits = view.enterprise_number.replace(/\./g, '');
    const official = (view.names ?? []).filter((n) => n.type === '001');
    const languageStatus = official.some((n) => n.language === '1') && official.some((n) => n.language === '2') ? 'FR-NL' : official.some((n) => n.language === '2') ? 'NL' : 'FR';
    const organisation = Organisation.create(
      Number(row!.id),
      {
        enterpriseNumbers: [view.enterprise_number],
        names: { official: names, alternative: [], former: [] },
        legalStatus: LEGAL_STATUS_OF_FORM[view.juridical_form ?? ''] ?? 'unknown',
        languageStatus,
        officialJournalUrl: {
          fr: `http://www.ejustice.just.fgov.be/cgi_tsv/tsv_rech.pl?language=fr&btw=${digits}&liste=Liste`,
          nl: `http://www.ejustice.just.fgov.be/cgi_tsv/tsv_rech.pl?language=nl&btw=${digits}&liste=Liste`,
        },
      },
      { source: 'kbo', reference },
      at,
    );
    organisation.applyKbo({ facts, names, reference }, at);
    em.persist(organisation);
    return organisation;
  }

  private async markDisappeared(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.uow.run(async (em) => {
      const organisations = await em.find(OrganisationEntity, { id: { $in: ids } });
      const changed = organisations.filter((o) => o.disappearedFromKbo(new Date()));
      await em.flush();
      for (const organisation of changed) this.record(em, organisation);
      this.recorder.count('struckOff', changed.length);
    });
  }

  private record(em: EntityManager, organisation: Organisation): void {
    this.outbox.record(em, OrganisationChangedV1, { aggregateId: String(organisation.id), aggregateVersion: organisation.version, payload: organisation.toPublished() });
  }
}
