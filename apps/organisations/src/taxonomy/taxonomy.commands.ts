import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { CategoryChangedV1, localizedSchema, optionalLocalizedSchema, ReferenceListChangedV1, SectorChangedV1 } from '@care/contracts';
import { ConflictError, deepEqual, fieldIssue, NotFoundError, StaleVersionError, ValidationError, registerMessages } from '@care/kernel';
import { Outbox } from '@care/messaging';
import { Category, publishedSector, ReferenceItem, Rubrique, type CategoryChange, type CategoryInput, type ReferenceListName, type Sector } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import { CategoryEntity, ReferenceItemEntity, ReferenceListVersionEntity, RubriqueEntity, SectorEntity, TaxonomyChange } from '../persistence/entities/taxonomy.entity.js';

registerMessages({
  'rubrique.unknown': { fr: 'Rubrique inconnue', nl: 'Onbekende rubriek' },
  'category.related_unknown': { fr: 'Catégorie liée inconnue', nl: 'Onbekende verwante categorie' },
});

export const CATEGORY_LABEL = { fr: 'Catégorie', nl: 'Categorie' };
export const SECTOR_LABEL = { fr: 'Secteur', nl: 'Sector' };

export const referenceItemInputSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,48}$/, 'kebab-case code'),
    label: localizedSchema(200),
    parent: z.string().max(50).nullable().default(null),
  })
  .strict();

export const sectorInputSchema = z
  .object({
    name: localizedSchema(300),
    definition: optionalLocalizedSchema(3_000).default(null),
    /** The sector's rubriques in display order: existing ones by id (renamed if needed), new ones without id. */
    rubriques: z.array(z.object({ id: z.number().int().positive().optional(), name: localizedSchema(300) }).strict()).min(1).max(50),
  })
  .strict();

/**
 * Changes to the thematic tree. Every change is kept in `taxonomy_change` (what changed, when, by
 * whom, before and after) and published as an event, so reusers can ask what changed since a date.
 */
@Injectable()
export class TaxonomyCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  async createCategory(input: CategoryInput, actor: string, id?: number): Promise<Category> {
    return this.uow.run(async (em) => {
      const sectorOf = await this.checkInput(em, input);
      const categoryId = id ?? Number((await em.execute<{ id: string }[]>(`select nextval('category_id_seq') as id`))[0]!.id);
      const category = Category.create(categoryId, input, sectorOf, new Date());
      em.persist(category);
      await em.flush();
      this.recordCategory(em, category, ['created'], null, actor);
      return category;
    });
  }

  async updateCategory(id: number, expectedVersion: number, input: CategoryInput, actor: string): Promise<Category> {
    return this.uow.run(async (em) => {
      const category = await this.loadCategory(em, id, expectedVersion);
      const sectorOf = await this.checkInput(em, input);
      const before = category.toPublished();
      const changes = category.edit(input, sectorOf, new Date());
      if (changes.length === 0) return category;
      await em.flush();
      this.recordCategory(em, category, changes, before, actor);
      return category;
    });
  }

  async retireCategory(id: number, expectedVersion: number, actor: string, restore = false): Promise<Category> {
    return this.uow.run(async (em) => {
      const category = await this.loadCategory(em, id, expectedVersion);
      const before = category.toPublished();
      if (restore) category.restore(new Date());
      else category.retire(new Date());
      await em.flush();
      this.recordCategory(em, category, [restore ? 'restored' : 'retired'], before, actor);
      return category;
    });
  }

  async updateSector(id: number, expectedVersion: number, input: z.output<typeof sectorInputSchema>, actor: string): Promise<Sector> {
    return this.uow.run(async (em) => {
      const sector = await em.findOne(SectorEntity, { id });
      if (!sector) throw new NotFoundError(SECTOR_LABEL, id);
      if (sector.version !== expectedVersion) throw new StaleVersionError(expectedVersion, sector.version);
      const existing = await em.find(RubriqueEntity, { sectorId: id });
      const unknown = input.rubriques.flatMap((r, i) => (r.id !== undefined && !existing.some((e) => e.id === r.id) ? [fieldIssue('rubrique.unknown', `rubriques.${i}.id`)] : []));
      if (unknown.length) throw new ValidationError(unknown);
      const before = publishedSector(sector, existing);
      const changes: ('renamed' | 'redefined' | 'rubriques')[] = [];
      if (!deepEqual(sector.name, input.name)) changes.push('renamed');
      if (!deepEqual(sector.definition, input.definition)) changes.push('redefined');
      sector.name = input.name;
      sector.definition = input.definition;
      const rubriques: Rubrique[] = [];
      for (const [position, r] of input.rubriques.entries()) {
        let rubrique = r.id !== undefined ? existing.find((e) => e.id === r.id)! : undefined;
        if (!rubrique) {
          rubrique = new Rubrique();
          rubrique.id = Number((await em.execute<{ id: string }[]>(`select nextval('rubrique_id_seq') as id`))[0]!.id);
          rubrique.sectorId = id;
          em.persist(rubrique);
        }
        rubrique.name = r.name;
        rubrique.position = position;
        rubriques.push(rubrique);
      }
      if (!deepEqual(before.rubriques, publishedSector(sector, rubriques).rubriques)) changes.push('rubriques');
      if (changes.length === 0) return sector;
      sector.updatedAt = new Date();
      await em.flush();
      this.recordSector(em, sector, rubriques, changes, before, actor);
      return sector;
    });
  }

  recordSector(em: EntityManager, sector: Sector, rubriques: Rubrique[], changes: ('created' | 'renamed' | 'redefined' | 'rubriques')[], before: unknown, actor: string): void {
    const after = publishedSector(sector, rubriques);
    em.create(TaxonomyChange, { entityType: 'sector', entityId: sector.id, changes, at: new Date(), actor, before, after });
    this.outbox.record(em, SectorChangedV1, { aggregateId: `sector:${sector.id}`, aggregateVersion: sector.version, payload: { changes, sector: after } });
  }

  recordCategory(em: EntityManager, category: Category, changes: CategoryChange[], before: unknown, actor: string): void {
    const after = category.toPublished();
    em.create(TaxonomyChange, { entityType: 'category', entityId: category.id, changes, at: new Date(), actor, before, after });
    this.outbox.record(em, CategoryChangedV1, { aggregateId: `category:${category.id}`, aggregateVersion: category.version, payload: { changes, category: after } });
  }

  /** Adds an item to a closed list, and publishes the list. */
  addReferenceItem(list: ReferenceListName, input: z.output<typeof referenceItemInputSchema>): Promise<ReferenceItem> {
    return this.uow.run(async (em) => {
      if (await em.count(ReferenceItemEntity, { list, code: input.code })) {
        throw new ConflictError('reference.duplicate_code', { fr: `Le code ${input.code} existe déjà dans cette liste`, nl: `De code ${input.code} bestaat al in deze lijst` });
      }
      if (input.parent && !(await em.count(ReferenceItemEntity, { list, code: input.parent }))) throw new ValidationError([fieldIssue('reference.unknown_code', 'parent')]);
      const [last] = await em.execute<{ max: number | null }[]>('select max(position) as max from reference_item where list = ?', [list]);
      const created = Object.assign(new ReferenceItem(), { list, code: input.code, label: input.label, parent: input.parent, position: (last?.max ?? 0) + 1, active: true });
      em.persist(created);
      await em.flush();
      await this.publishReferenceList(em, list);
      return created;
    });
  }

  /** Publishes a closed list whole, with the next version (its items must be flushed). */
  async publishReferenceList(em: EntityManager, list: ReferenceListName): Promise<void> {
    const items = await em.find(ReferenceItemEntity, { list }, { orderBy: { position: 'asc', code: 'asc' } });
    const state = (await em.findOne(ReferenceListVersionEntity, { list })) ?? em.create(ReferenceListVersionEntity, { list, version: 0 });
    state.version += 1;
    this.outbox.record(em, ReferenceListChangedV1, {
      aggregateId: `reference-list:${list}`,
      aggregateVersion: state.version,
      payload: { list: { name: list, items: items.map((i) => ({ code: i.code, label: i.label, parent: i.parent, active: i.active })) } },
    });
  }

  private async loadCategory(em: EntityManager, id: number, expectedVersion: number): Promise<Category> {
    const category = await em.findOne(CategoryEntity, { id });
    if (!category) throw new NotFoundError(CATEGORY_LABEL, id);
    if (category.version !== expectedVersion) throw new StaleVersionError(expectedVersion, category.version);
    return category;
  }

  /** Rubriques and related categories must exist; returns the sector of each rubrique. */
  private async checkInput(em: EntityManager, input: CategoryInput): Promise<(rubriqueId: number) => number> {
    const rubriques = await em.find(RubriqueEntity, { id: { $in: input.rubriqueIds } });
    const related = input.relatedCategoryIds.length ? await em.find(CategoryEntity, { id: { $in: input.relatedCategoryIds } }, { fields: ['id'] }) : [];
    const issues = [
      ...input.rubriqueIds.flatMap((id, i) => (rubriques.some((r) => r.id === id) ? [] : [fieldIssue('rubrique.unknown', `rubriqueIds.${i}`)])),
      ...input.relatedCategoryIds.flatMap((id, i) => (related.some((c) => c.id === id) ? [] : [fieldIssue('category.related_unknown', `relatedCategoryIds.${i}`)])),
    ];
    if (issues.length) throw new ValidationError(issues);
    const sectorById = new Map(rubriques.map((r) => [r.id, r.sectorId]));
    return (rubriqueId) => sectorById.get(rubriqueId)!;
  }
}
