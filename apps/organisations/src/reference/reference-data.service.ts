import { Injectable } from '@nestjs/common';
import { fieldIssue, registerMessages, type FieldIssue } from '@care/kernel';
import type { ReferenceListName } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import { CategoryEntity, ReferenceItemEntity } from '../persistence/entities/taxonomy.entity.js';
import { OrganisationEntity } from '../persistence/entities/organisation.entity.js';

registerMessages({
  'reference.unknown_code': { fr: 'Code inconnu dans cette liste', nl: 'Onbekende code in deze lijst' },
  'category.unknown': { fr: 'Catégorie inconnue', nl: 'Onbekende categorie' },
  'category.retired': { fr: 'Cette catégorie est retirée du thésaurus', nl: 'Deze categorie is uit de thesaurus ingetrokken' },
  'organisation.unknown': { fr: 'Organisation inconnue', nl: 'Onbekende organisatie' },
});

/**
 * Checks codes and ids a site or organisation refers to against the closed lists, the thematic
 * tree and the organisations. Lists are small and change rarely: they are read at most every 10 s.
 */
@Injectable()
export class ReferenceData {
  private cache: { at: number; codes: Map<ReferenceListName, Set<string>> } | undefined;

  constructor(private readonly uow: UnitOfWork) {}

  async codes(list: ReferenceListName): Promise<Set<string>> {
    if (!this.cache || Date.now() - this.cache.at > 10_000) {
      const items = await this.uow.read().find(ReferenceItemEntity, { active: true });
      const codes = new Map<ReferenceListName, Set<string>>();
      for (const item of items) codes.set(item.list, (codes.get(item.list) ?? new Set()).add(item.code));
      this.cache = { at: Date.now(), codes };
    }
    return this.cache.codes.get(list) ?? new Set();
  }

  invalidate(): void {
    this.cache = undefined;
  }

  /** Issues for codes not in `list`, at `path.<index>`. */
  async checkCodes(list: ReferenceListName, values: readonly string[], path: string): Promise<FieldIssue[]> {
    const known = await this.codes(list);
    return values.flatMap((value, index) => (known.has(value) ? [] : [fieldIssue('reference.unknown_code', `${path}.${index}`)]));
  }

  async checkCategories(ids: readonly number[], path: string): Promise<FieldIssue[]> {
    if (ids.length === 0) return [];
    const found = await this.uow.read().find(CategoryEntity, { id: { $in: [...ids] } }, { fields: ['id', 'status'] });
    const status = new Map(found.map((c) => [c.id, c.status]));
    return ids.flatMap((id, index) => {
      const s = status.get(id);
      if (!s) return [fieldIssue('category.unknown', `${path}.${index}`)];
      return s === 'retired' ? [fieldIssue('category.retired', `${path}.${index}`)] : [];
    });
  }

  async checkOrganisation(id: number | null, path: string): Promise<FieldIssue[]> {
    if (id === null) return [];
    const count = await this.uow.read().count(OrganisationEntity, { id });
    return count ? [] : [fieldIssue('organisation.unknown', path)];
  }
}
