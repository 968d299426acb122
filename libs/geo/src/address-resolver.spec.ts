import { AddressResolver } from './address-resolver.js';
import { addressInputSchema } from './address-input.schema.js';

const resolver = AddressResolver.load();
const resolve = (input: unknown) => resolver.resolve(addressInputSchema.parse(input));

describe('AddressResolver', () => {
  it('completes the address of record 13219 from its WGS84 point (ground truth of the current platform)', () => {
    const { address, issues } = resolve({ street: { fr: 'Boulevard Auguste Reyers' }, number: '70', postcode: '1030', point: { lat: 50.851756126658735, lon: 4.401445106123757 } });
    expect(issues).toEqual([]);
    expect(address.street).toEqual({ fr: 'Boulevard Auguste Reyers', nl: 'Auguste Reyerslaan' });
    expect(address.municipality).toEqual({ nis: '21015', name: { fr: 'Schaerbeek', nl: 'Schaarbeek' } });
    expect(address.statisticalSector?.code).toBe('21015A77-');
    expect(address.monitoringDistrict).toEqual({ code: '87', name: { fr: 'REYERS', nl: 'REYERS' } });
    expect(Math.abs(address.lambert72!.x - 152302)).toBeLessThanOrEqual(1);
    expect(Math.abs(address.lambert72!.y - 171263)).toBeLessThanOrEqual(1);
    expect(address.insideRegion).toBe(true);
  });

  it('derives WGS84 from Lambert 72 when only that is given', () => {
    const { address, issues } = resolve({ street: { nl: 'auguste reyerslaan' }, number: '70', postcode: '1030', lambert72: { x: 152302, y: 171263 } });
    expect(issues).toEqual([]);
    expect(address.point!.lat).toBeCloseTo(50.851756, 4);
    expect(address.point!.lon).toBeCloseTo(4.401445, 4);
    expect(address.statisticalSector?.code).toBe('21015A77-');
  });

  it('refuses a postcode that does not match the municipality, and an unknown street', () => {
    const { issues } = resolve({ street: { fr: 'Boulevard Auguste Reyers' }, postcode: '1030', municipalityNis: '21016' }); // Uccle
    expect(issues.map((i) => `${i.path}:${i.code}`)).toEqual(['address.municipalityNis:municipality.postcode_mismatch']);
    const unknownStreet = resolve({ street: { fr: 'Rue qui n’existe pas' }, postcode: '1030' });
    expect(unknownStreet.issues.map((i) => `${i.path}:${i.code}`)).toEqual(['address.street:street.unknown_for_postcode']);
    expect(unknownStreet.issues[0]!.message.nl).toMatch(/straat/i);
  });

  it('accepts and flags an address outside the Region, with its municipality name', () => {
    const { address, issues } = resolve({ street: { nl: 'Bondgenotenlaan' }, number: '1', postcode: '3000', municipalityName: { fr: 'Louvain', nl: 'Leuven' }, point: { lat: 50.8798, lon: 4.7005 } });
    expect(issues).toEqual([]);
    expect(address).toMatchObject({ insideRegion: false, municipality: { nis: null, name: { nl: 'Leuven' } }, statisticalSector: null, street: { fr: 'Bondgenotenlaan', nl: 'Bondgenotenlaan' } });
    expect(resolve({ street: { nl: 'Bondgenotenlaan' }, postcode: '3000' }).issues.map((i) => i.code)).toEqual(['address.municipality_name_required']);
  });

  it('refuses a Brussels address whose point lies outside the Region, and conflicting coordinates', () => {
    expect(resolve({ street: { fr: 'Boulevard Auguste Reyers' }, postcode: '1030', point: { lat: 51.2194, lon: 4.4025 } }).issues.map((i) => i.code)).toEqual(['address.point_outside_region']);
    expect(
      resolve({ street: { fr: 'Boulevard Auguste Reyers' }, postcode: '1030', point: { lat: 50.851756, lon: 4.401445 }, lambert72: { x: 150000, y: 170000 } }).issues.map((i) => i.code),
    ).toEqual(['address.point_conflict']);
  });
});
