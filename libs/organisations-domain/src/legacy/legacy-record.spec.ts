import { readFileSync } from 'node:fs';
import { siteInputSchema } from '../site/site-input.schema.js';
import { legacyRecordSchema, mapLegacyRecord } from './legacy-record.js';

const record = legacyRecordSchema.parse(JSON.parse(readFileSync(new URL('../../../../apps/organisations/data/demo/organisation-13219.json', import.meta.url), 'utf8')));
const lookups = {
  legalStatus: (label: { fr: string }) => (label.fr === 'Service public - CPAS' ? 'public-cpas' : undefined),
  accessModality: (label: { fr: string }) => ({ 'Par e-mail': 'by-email', 'Par téléphone': 'by-phone' })[label.fr],
};

describe('legacy record mapping (Bruxelles Social REST API)', () => {
  const mapping = mapLegacyRecord(record, lookups);
  const site = siteInputSchema.parse(mapping.site);

  it('keeps the public id and maps every field of record 13219', () => {
    expect(mapping.siteId).toBe(13219);
    expect(site.names.official).toEqual({ fr: "COORDINATION DE L'ACTION SOCIALE DE SCHAERBEEK", nl: 'COÖRDINATIE VAN DE SCHAARBEEKSE SOCIALE ACTIE' });
    expect(site.names.alternative).toEqual([{ fr: 'CASS', nl: 'CSSA' }]);
    expect(site.legalStatus).toBe('public-cpas');
    expect(site.languageStatus).toBe('FR-NL');
    expect(site.address).toMatchObject({ street: { fr: 'Boulevard Auguste Reyers', nl: 'Auguste Reyerslaan' }, number: '70', postcode: '1030', lambert72: { x: 152302, y: 171263 } });
    expect(site.texts.activities?.fr).toMatch(/^Coordination qui regroupe/);
    expect(site.texts.publicTarget?.nl).toMatch(/^Schaarbeekse verenigingen/);
    expect(site.texts.remarks?.fr).toMatch(/Partenariat entre le CPAS/);
    expect(site.accessModalities).toEqual(['by-email', 'by-phone']);
    expect(site.contacts.phones).toEqual([
      { number: '02/435.51.38', language: null },
      { number: '02/435.51.39', language: null },
    ]);
    expect(site.contacts.emails).toEqual([{ address: 'cass@cpas-schaerbeek.be', language: null }]);
    expect(site.contacts.websites).toEqual([{ url: 'http://www.cass-cssa.be', kind: 'official', language: null }]);
    expect(mapping.organisation).toEqual({
      enterpriseNumbers: ['0212.347.945'],
      officialJournalUrl: {
        fr: 'http://www.ejustice.just.fgov.be/cgi_tsv/tsv_rech.pl?language=fr&btw=0212347945&liste=Liste',
        nl: 'http://www.ejustice.just.fgov.be/cgi_tsv/tsv_rech.pl?language=nl&btw=0212347945&liste=Liste',
      },
    });
    expect(mapping.lastUpdate?.toISOString()).toBe('2020-08-28T00:00:00.000Z');
  });

  it('splits the free-text permanence into structured hours and keeps the text', () => {
    expect(site.openingHours.weekly).toHaveLength(5);
    expect(site.openingHours.weekly[0]).toEqual({ day: 'mon', opens: '08:30', closes: '16:00' });
    expect(site.openingHours.remark).toEqual({ fr: 'Du lundi au vendredi de 8h30 à 16h', nl: 'Van maandag tot vrijdag van 8.30 uur tot 16 uur' });
    expect(mapping.warnings).toEqual([]);
  });

  it('reports what it cannot carry over instead of dropping it', () => {
    const odd = mapLegacyRecord(legacyRecordSchema.parse({ ...record, nameAlternativeNl: [], permanencyFr: 'Sur rendez-vous', permanencyNl: 'Op afspraak', accessFr: ['Par pigeon voyageur'] }), lookups);
    expect(odd.warnings).toEqual([
      'access: "Par pigeon voyageur" is not in the access-modality list',
      'permanency: free text kept, not turned into structured hours',
      'nameAlternative[0]: only in French, copied to the other language',
    ]);
  });
});
