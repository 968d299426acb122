import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { CategoryChangedV1, localizedSchema, optionalLocalizedSchema, SectorChangedV1 } from '@care/contracts';
import { deepEqual, fieldIssue, NotFoundError, StaleVersionError, ValidationError, registerMessages } from '@care/kernel';
import { Outbox } from '@care/messaging';
import { Category, publishedSector, Rubrique, type CategoryChange, type CategoryInput, type Sector } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import { CategoryEntity, RubriqueEntity, SectorEntity, TaxonomyChange } from '../persistence/entities/taxonomy.entity.js';

registerMessages({
  'rubrique.unknown': { fr: 'Rubrique inconnue', nl: 'Onbekende rubriek' },
  'category.related_unknown': { fr: 'Catégorie liée inconnue', nl: 'Onbekende verwante categorie' },
});

export const CATEGORY_LABEL = { fr: 'Catégorie', nl: 'Categorie' };
export const SECTOR_LABEL = { fr: 'Secteur', nl: 'Sector' };

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
