import { z } from 'zod';
import { localizedSchema, optionalLocalizedSchema, type LocalizedValue, type PublishedCategory, type PublishedSector } from '@care/contracts';
import { ConflictError, deepEqual } from '@care/kernel';

export const categoryInputSchema = z
  .object({
    name: localizedSchema(300),
    definition: optionalLocalizedSchema(3_000).default(null),
    keywords: z
      .object({ fr: z.array(z.string().trim().min(1).max(100)).max(50).default([]), nl: z.array(z.string().trim().min(1).max(100)).max(50).default([]) })
      .strict()
      .default({ fr: [], nl: [] }),
    referenceUrls: z.array(z.url({ protocol: /^https?$/ }).max(500)).max(20).default([]),
    relatedCategoryIds: z.array(z.number().int().positive()).max(20).default([]),
    /** Rubriques the category is placed in (at least one); its sectors follow from them. */
    rubriqueIds: z.array(z.number().int().positive()).min(1).max(20),
  })
  .strict();

export type CategoryInput = z.output<typeof categoryInputSchema>;

export type CategoryChange = 'created' | 'renamed' | 'redefined' | 'keywords' | 'moved' | 'related' | 'retired' | 'restored';

export class Sector {
  id!: number;
  code!: string;
  name!: LocalizedValue;
  definition: LocalizedValue | null = null;
  position = 0;
  version = 1;
  updatedAt!: Date;
}

export class Rubrique {
  id!: number;
  sectorId!: number;
  name!: LocalizedValue;
  position = 0;
}

/** A category of the thematic tree: describes a need, sits in one or more rubriques (and so sectors). */
export class Category {
  id!: number;
  name!: LocalizedValue;
  definition: LocalizedValue | null = null;
  keywords: { fr: string[]; nl: string[] } = { fr: [], nl: [] };
  referenceUrls: string[] = [];
  relatedCategoryIds: number[] = [];
  rubriqueIds: number[] = [];
  /** Derived from the rubriques, kept for queries (sites per sector). */
  sectorIds: number[] = [];
  status: 'active' | 'retired' = 'active';
  retiredAt: Date | null = null;
  version = 1;
  createdAt!: Date;
  updatedAt!: Date;

  static create(id: number, input: CategoryInput, sectorOf: (rubriqueId: number) => number, at: Date): Category {
    const category = new Category();
    category.id = id;
    category.createdAt = at;
    category.updatedAt = at;
    category.assign(input, sectorOf);
    return category;
  }

  /** Applies an edit and says what kind of change it was (for the history and the events). */
  edit(input: CategoryInput, sectorOf: (rubriqueId: number) => number, at: Date): CategoryChange[] {
    const before = { name: this.name, definition: this.definition, keywords: this.keywords, rubriques: [...this.rubriqueIds], related: [...this.relatedCategoryIds], urls: this.referenceUrls };
    this.assign(input, sectorOf);
    const changes: CategoryChange[] = [];
    const differs = (a: unknown, b: unknown) => !deepEqual(a, b);
    if (differs(before.name, this.name)) changes.push('renamed');
    if (differs(before.definition, this.definition) || differs(before.urls, this.referenceUrls)) changes.push('redefined');
    if (differs(before.keywords, this.keywords)) changes.push('keywords');
    if (differs(before.rubriques, this.rubriqueIds)) changes.push('moved');
    if (differs(before.related, this.relatedCategoryIds)) changes.push('related');
    if (changes.length) this.updatedAt = at;
    return changes;
  }

  retire(at: Date): void {
    if (this.status === 'retired') throw new ConflictError('category.already_retired', { fr: 'Cette catégorie est déjà retirée', nl: 'Deze categorie is al ingetrokken' });
    this.status = 'retired';
    this.retiredAt = at;
    this.updatedAt = at;
  }

  restore(at: Date): void {
    if (this.status === 'active') throw new ConflictError('category.not_retired', { fr: 'Cette catégorie est active', nl: 'Deze categorie is actief' });
    this.status = 'active';
    this.retiredAt = null;
    this.updatedAt = at;
  }

  toPublished(): PublishedCategory {
    return {
      id: this.id,
      name: this.name,
      definition: this.definition,
      keywords: this.keywords,
      referenceUrls: this.referenceUrls,
      relatedCategoryIds: this.relatedCategoryIds,
      placements: this.rubriqueIds.map((rubriqueId, i) => ({ rubriqueId, sectorId: this.sectorIds[i]! })),
      status: this.status,
      retiredAt: this.retiredAt?.toISOString() ?? null,
    };
  }

  private assign(input: CategoryInput, sectorOf: (rubriqueId: number) => number): void {
    this.name = input.name;
    this.definition = input.definition;
    this.keywords = input.keywords;
    this.referenceUrls = input.referenceUrls;
    this.relatedCategoryIds = [...new Set(input.relatedCategoryIds)].filter((id) => id !== this.id).sort((a, b) => a - b);
    this.rubriqueIds = [...new Set(input.rubriqueIds)].sort((a, b) => a - b);
    this.sectorIds = this.rubriqueIds.map(sectorOf);
  }
}

export function publishedSector(sector: Sector, rubriques: readonly Rubrique[]): PublishedSector {
  return {
    id: sector.id,
    code: sector.code,
    name: sector.name,
    definition: sector.definition,
    rubriques: rubriques.filter((r) => r.sectorId === sector.id).map((r) => ({ id: r.id, name: r.name })),
  };
}
