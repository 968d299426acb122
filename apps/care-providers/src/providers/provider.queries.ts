import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { CONVENTION_STATUSES } from '@care/contracts';
import type { CareProvider, Practice, Professions } from '@care/care-providers-domain';
import { NotFoundError } from '@care/kernel';
import { UnitOfWork } from '@care/persistence';
import type { Audience } from '@care/service-kit';
import { CareProviderEntity, PracticeEntity } from '../persistence/entities/care-provider.entity.js';
import { PROFESSIONS } from '../professions/professions.token.js';
import { PROVIDER_LABEL } from './provider.commands.js';
import { providerView } from './provider.views.js';

export const providerListQuerySchema = z
  .object({
    profession: z.string().max(80).optional(),
    municipality: z.string().regex(/^\d{5}$/).optional(),
    convention: z.enum(CONVENTION_STATUSES).optional(),
    language: z.string().min(2).max(10).optional(),
    acceptingNewPatients: z.stringbool().optional(),
    q: z.string().trim().min(2).max(100).optional(),
    status: z.enum(['active', 'inactive']).default('active'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    size: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ProviderListQuery = z.output<typeof providerListQuerySchema>;

/** Reads of providers, each shaped for the caller's audience by `providerView`. */
@Injectable()
export class ProviderQueries {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(PROFESSIONS) private readonly professions: Professions,
  ) {}

  async list(query: ProviderListQuery, audience: Audience) {
    const em = this.uow.read();
    // A provider who objected to publishing a field cannot be found *by* it either, publicly.
    const honour = (field: string) => (audience === 'public' ? ` and not ('${field}' = any(p.objections))` : '');
    const where: string[] = [];
    const params: unknown[] = [];
    const filter = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    filter('p.status = ?', query.status);
    if (query.profession) filter('(p.profession_kind = ? or ? = any(p.specialisations))', query.profession, query.profession);
    if (query.convention) filter('p.convention = ?', query.convention);
    if (query.language) filter(`(? = any(p.languages)${honour('languages')})`, query.language);
    if (query.acceptingNewPatients !== undefined) filter(`((p.accepting_new_patients->>'value')::boolean = ?${honour('acceptingNewPatients')})`, query.acceptingNewPatients);
    if (query.q) filter('p.search_text like ?', `%${query.q.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
    if (query.municipality) filter('exists (select 1 from practice x where x.provider_id = p.id and x.active and x.municipality_nis = ?)', query.municipality);
    const sql = `from care_provider p where ${where.join(' and ')}`;
    const [{ total }] = (await em.execute<{ total: string }[]>(`select count(*) as total ${sql}`, params)) as [{ total: string }];
    const ids = (await em.execute<{ id: string }[]>(`select p.id ${sql} order by p.last_name, p.first_name, p.id limit ? offset ?`, [...params, query.size, (query.page - 1) * query.size])).map((r) => r.id);
    const providers = new Map((await em.find(CareProviderEntity, { id: { $in: ids } })).map((p) => [p.id, p]));
    const practices = await em.find(PracticeEntity, { providerId: { $in: ids } }, { orderBy: { id: 'asc' } });
    return {
      items: ids.map((id) => providerView(providers.get(id)!, practices.filter((x) => x.providerId === id), audience, this.professions)),
      total: Number(total),
      page: query.page,
      size: query.size,
    };
  }

  /** The provider and its view; NotFoundError when the id is unknown. */
  async get(id: string, audience: Audience) {
    const provider = await this.uow.read().findOne(CareProviderEntity, { id });
    if (!provider) throw new NotFoundError(PROVIDER_LABEL, id);
    return { version: provider.version, view: await this.view(provider, audience) };
  }

  /** The view of a provider just read or written, with its practices as stored now. */
  async view(provider: CareProvider, audience: Audience) {
    return providerView(provider, await this.uow.read().find(PracticeEntity, { providerId: provider.id }, { orderBy: { id: 'asc' } }), audience, this.professions);
  }

  /** The public form of a practice (what its write endpoints return). */
  async practiceView(practice: Practice) {
    const provider = await this.uow.read().findOneOrFail(CareProviderEntity, { id: practice.providerId });
    return practice.toPublic(provider);
  }
}
