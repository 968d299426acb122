import { readFileSync } from 'node:fs';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { LocalizedValue } from '@care/contracts';
import { Category, ReferenceItem, Rubrique, Sector, type ReferenceListName } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import { CategoryEntity, ReferenceItemEntity, ReferenceListVersionEntity, SectorEntity } from '../persistence/entities/taxonomy.entity.js';
import { TaxonomyCommands } from '../taxonomy/taxonomy.commands.js';

interface TaxonomyFile {
  version: string;
  sectors: { id: number; code: string; name: LocalizedValue; definition: LocalizedValue | null; rubriques: { id: number; name: LocalizedValue; categoryIds: number[] }[] }[];
  categories: { id: number; name: LocalizedValue; definition: LocalizedValue | null; keywords: { fr: string[]; nl: string[] }; referenceUrls: string[]; relatedCategoryIds: number[] }[];
}

interface ReferenceListsFile {
  version: string;
  lists: Record<ReferenceListName, { code: string; label: LocalizedValue; parent?: string | null }[]>;
}

const dataFile = (name: string) => new URL(`../../data/${name}`, import.meta.url);

/**
 * First start of a database: loads the closed lists and the thematic tree from `data/` (they are
 * data, managed afterwards through the API) and publishes them. Only missing list items are added on later starts;
 * the tree is loaded once, through the same path as staff changes (history and events), so the
 * search and the publisher learn it from the bus.
 */
export async function seedReferenceData(uow: UnitOfWork, taxonomy: TaxonomyCommands, log: (line: string) => void): Promise<void> {
  const lists = JSON.parse(readFileSync(dataFile('reference-lists.json'), 'utf8')) as ReferenceListsFile;
  const added = await uow.run(async (em) => {
    const existing = new Set((await em.find(ReferenceItemEntity, {}, { fields: ['list', 'code'] })).map((i) => `${i.list}/${i.code}`));
    const published = new Set((await em.find(ReferenceListVersionEntity, {})).map((l) => l.list));
    let count = 0;
    for (const [list, items] of Object.entries(lists.lists) as [ReferenceListName, ReferenceListsFile['lists'][ReferenceListName]][]) {
      const missing = items.filter((item) => !existing.has(`${list}/${item.code}`));
      for (const item of missing) em.persist(Object.assign(new ReferenceItem(), { list, code: item.code, label: item.label, parent: item.parent ?? null, position: items.indexOf(item), active: true }));
      count += missing.length;
      // A list is published when it grows, and once on databases seeded before lists were published.
      if (missing.length > 0 || !published.has(list)) {
        await em.flush();
        await taxonomy.publishReferenceList(em, list);
      }
    }
    return count;
  });
  if (added) log(`added ${added} reference list item(s) from data/reference-lists.json`);
  if ((await uow.read().count(SectorEntity, {})) > 0) return;
  const file = JSON.parse(readFileSync(dataFile('taxonomy.json'), 'utf8')) as TaxonomyFile;
  const at = new Date();
  await uow.run(async (em) => {
    const rubriqueSector = new Map<number, number>();
    const placements = new Map<number, number[]>();
    for (const [position, s] of file.sectors.entries()) {
      const sector = Object.assign(new Sector(), { id: s.id, code: s.code, name: s.name, definition: s.definition, position, updatedAt: at });
      const rubriques = s.rubriques.map((r, i) => Object.assign(new Rubrique(), { id: r.id, sectorId: s.id, name: r.name, position: i }));
      em.persist([sector, ...rubriques]);
      for (const r of s.rubriques) {
        rubriqueSector.set(r.id, s.id);
        for (const c of r.categoryIds) placements.set(c, [...(placements.get(c) ?? []), r.id]);
      }
      await em.flush();
      taxonomy.recordSector(em, sector, rubriques, ['created'], null, 'seed');
    }
    for (const c of file.categories) {
      const category = Category.create(
        c.id,
        { name: c.name, definition: c.definition, keywords: c.keywords, referenceUrls: c.referenceUrls, relatedCategoryIds: c.relatedCategoryIds, rubriqueIds: placements.get(c.id) ?? [] },
        (rubriqueId) => rubriqueSector.get(rubriqueId)!,
        at,
      );
      em.persist(category);
    }
    await em.flush();
    for (const category of await em.find(CategoryEntity, {}, { orderBy: { id: 'asc' } })) taxonomy.recordCategory(em, category, ['created'], null, 'seed');
  });
  log(`loaded the thematic tree ${file.version}: ${file.sectors.length} sectors, ${file.categories.length} categories`);
}

/** Seeds on every start of the service (a no-op once done). */
@Injectable()
export class ReferenceSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReferenceSeeder');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly taxonomy: TaxonomyCommands,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return seedReferenceData(this.uow, this.taxonomy, (line) => this.logger.log(line));
  }
}
