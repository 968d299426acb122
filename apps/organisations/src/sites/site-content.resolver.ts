import { Inject, Injectable } from '@nestjs/common';
import { GeocoderUnavailableError, type Geocoder } from '@care/geocoding';
import { ValidationError } from '@care/kernel';
import { AddressResolver, type AddressInput } from '@care/geo';
import type { GeocodingStatus, SiteContent, SiteInput } from '@care/organisations-domain';
import { GEOCODER } from '../geocoding/geocoder.provider.js';
import { ReferenceData } from '../reference/reference-data.service.js';

export interface ResolvedSiteContent {
  content: SiteContent;
  geocoding: GeocodingStatus;
}

/**
 * Turns a syntactically valid site input into site content: every code checked against the
 * closed lists, every category against the thematic tree, the organisation against the
 * directory, the address completed and checked against the street register, and geocoded by URBIS
 * when it comes without coordinates. All problems are reported together, with their field paths;
 * nothing is saved when there is one. A geocoder that cannot answer never blocks a save: the site
 * is kept without a point and queued (`pending`).
 */
@Injectable()
export class SiteContentResolver {
  private readonly addresses = AddressResolver.load();

  constructor(
    private readonly reference: ReferenceData,
    @Inject(GEOCODER) private readonly geocoder: Geocoder,
  ) {}

  async resolve(input: SiteInput): Promise<ResolvedSiteContent> {
    const { address: located, geocoding } = await this.locate(input.address);
    const { address, issues } = this.addresses.resolve(located, 'address');
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
    return { content: { ...input, address }, geocoding };
  }

  /** The address with a point: given, or from the geocoder when it answers. */
  async locate(address: AddressInput): Promise<{ address: AddressInput; geocoding: GeocodingStatus }> {
    if (address.point || address.lambert72 || !/^1[0-2]\d\d$/.test(address.postcode)) return { address, geocoding: 'located' };
    const street = address.street.fr ?? address.street.nl!;
    try {
      const found = await this.geocoder.geocode({ street, number: address.number, postcode: address.postcode, language: address.street.fr ? 'fr' : 'nl' });
      if (!found) return { address, geocoding: 'not-found' };
      return { address: { ...address, lambert72: found.lambert72 }, geocoding: 'located' };
    } catch (error) {
      if (error instanceof GeocoderUnavailableError) return { address, geocoding: 'pending' };
      throw error;
    }
  }
}
