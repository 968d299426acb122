import type { PublishedAddress } from '@care/contracts';
import { BrusselsGeography } from './brussels-geography.js';
import { lambert72ToWgs84 } from './lambert72.js';
import { StreetDirectory } from './street-directory.js';
import { fieldIssue, registerMessages, type FieldIssue } from '@care/kernel';
import type { AddressInput } from './address-input.schema.js';

registerMessages({
  'address.municipality_name_required': {
    fr: 'Hors Région, indiquez le nom de la commune (FR et NL)',
    nl: 'Buiten het Gewest: vermeld de naam van de gemeente (FR en NL)',
  },
  'address.point_outside_region': {
    fr: 'Les coordonnées tombent hors de la Région alors que le code postal est bruxellois',
    nl: 'De coördinaten liggen buiten het Gewest terwijl de postcode Brussels is',
  },
  'address.point_conflict': {
    fr: 'Les coordonnées WGS84 et Lambert 72 ne désignent pas le même lieu',
    nl: 'De WGS84- en Lambert 72-coördinaten duiden niet dezelfde plaats aan',
  },
});

export interface ResolvedAddress {
  address: PublishedAddress;
  issues: FieldIssue[];
}

/**
 * Completes and checks an address the way URBIS fills the 17 address fields of a fiche: street
 * names in both languages and the municipality from the regional street register; WGS84 and
 * Lambert 72 from whichever is given; statistical sector and monitoring district from the point.
 * Addresses outside the Region are accepted and flagged (`insideRegion: false`).
 */
export class AddressResolver {
  private static shared: AddressResolver | undefined;

  constructor(
    private readonly geography: BrusselsGeography,
    private readonly streets: StreetDirectory,
  ) {}

  /** The resolver on the reference data shipped with libs/geo, loaded once per process. */
  static load(): AddressResolver {
    AddressResolver.shared ??= new AddressResolver(BrusselsGeography.load(), StreetDirectory.load());
    return AddressResolver.shared;
  }

  resolve(input: AddressInput, path = 'address'): ResolvedAddress {
    const issues: FieldIssue[] = [];
    const givenName = input.street.fr ?? input.street.nl ?? '';
    const check = this.streets.validateAddress({ postcode: input.postcode, street: givenName, municipalityNis: input.municipalityNis ?? null }, { path });
    issues.push(...check.problems);

    let point = input.point;
    if (!point && input.lambert72) point = lambert72ToWgs84(input.lambert72.x, input.lambert72.y);
    const location = point ? this.geography.locate(point.lat, point.lon) : null;
    if (location && input.lambert72 && Math.hypot(location.lambert72.x - input.lambert72.x, location.lambert72.y - input.lambert72.y) > 25) {
      issues.push(fieldIssue('address.point_conflict', `${path}.lambert72`));
    }
    if (location && !check.outsideRegion && !location.insideRegion) issues.push(fieldIssue('address.point_outside_region', `${path}.point`));

    let municipality: PublishedAddress['municipality'];
    if (check.outsideRegion) {
      if (!input.municipalityName) issues.push(fieldIssue('address.municipality_name_required', `${path}.municipalityName`));
      municipality = { nis: null, name: input.municipalityName ?? { fr: '', nl: '' } };
    } else {
      const nis = check.match?.municipality.nis ?? input.municipalityNis ?? this.streets.municipalitiesOfPostcode(input.postcode)[0] ?? null;
      const known = nis ? this.streets.municipality(nis) : null;
      municipality = { nis, name: known?.name ?? input.municipalityName ?? { fr: '', nl: '' } };
    }
    const street = check.match?.street ?? { fr: input.street.fr ?? givenName, nl: input.street.nl ?? givenName };
    return {
      issues,
      address: {
        street,
        number: input.number,
        box: input.box,
        postcode: input.postcode,
        municipality,
        point: point ? { lat: round(point.lat, 7), lon: round(point.lon, 7) } : null,
        lambert72: input.lambert72 ?? location?.lambert72 ?? null,
        statisticalSector: location?.statisticalSector ?? null,
        monitoringDistrict: location?.monitoringDistrict ? { code: location.monitoringDistrict.code, name: location.monitoringDistrict.name } : null,
        insideRegion: !check.outsideRegion && (location?.insideRegion ?? true),
        remark: input.remark,
      },
    };
  }
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
