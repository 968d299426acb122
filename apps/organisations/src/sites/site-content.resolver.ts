import { Injectable } from '@nestjs/common';
import { ValidationError } from '@care/kernel';
import { AddressResolver, type SiteContent, type SiteInput } from '@care/organisations-domain';
import { ReferenceData } from '../reference/reference-data.service.js';

/**
 * Turns a syntactically valid site input into site content: every code checked against the
 * closed lists, every category against the thematic tree, the organisation against the
 * directory, the address completed and checked against the street register. All problems are
 * reported together, with their field paths; nothing is saved when there is one.
 */
@Injectable()
export class SiteContentResolver {
  private readonly addresses = AddressResolver.load();

  constructor(private readonly reference: ReferenceData) {}

  async resolve(input: SiteInput): Promise<SiteContent> {
    const { address, issues } = this.addresses.resolve(input.address, 'address');
    const found = await Promise.all([
      this.reference.checkOrganisation(input.organisationId, 'organisationId'),
      input.legalStatus ? this.reference.checkCodes('legal-status', [input.legalStatus], 'legalStatus') : [],
      this.reference.checkCodes('language', input.serviceLanguages, 'serviceLanguages'),
      this.reference.checkCodes('access-modality', input.accessModalities, 'accessModalities'),
      this.reference.checkCodes('target-public', input.targetPublics, 'targetPublics'),
      this.reference.checkCodes('action-zone', input.actionZones, 'actionZones'),
      this.reference.checkCategories(input.categoryIds, 'categoryIds'),
    ]);
    const all = [...issues, ...found.flat()].map((i) => (i.path === 'legalStatus.0' ? { ...i, path: 'legalStatus' } : i));
    if (all.length) throw new ValidationError(all);
    return { ...input, address };
  }
}
