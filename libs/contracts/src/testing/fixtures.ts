import { v7 as uuidv7 } from 'uuid';
import type { EventDefinition, EventEnvelope, PayloadInputOf } from '../envelope.js';
import type { PublishedSite } from '../models/published-site.schema.js';

/** An envelope as a producer's relay would publish it, for tests that feed a consumer through the bus. */
export function envelopeFor<D extends EventDefinition>(definition: D, aggregateId: string, aggregateVersion: number, payload: PayloadInputOf<D>, producer = definition.type.split('.')[0]!): EventEnvelope {
  return { id: uuidv7(), type: definition.type, occurredAt: new Date().toISOString(), aggregateId, aggregateVersion, producer, correlationId: null, payload };
}

/** A minimal, valid public site (the organisations contract), for the services that consume site events. */
export function publishedSiteFixture(id: number, overrides: Partial<PublishedSite> = {}): PublishedSite {
  const name = { fr: 'Maison médicale', nl: 'Wijkgezondheidscentrum' };
  return {
    id,
    organisationId: null,
    names: { official: name, alternative: [], former: [], service: [] },
    legalStatus: null,
    languageStatus: 'FR-NL',
    serviceLanguages: ['fr'],
    offerKind: 'accredited',
    address: {
      street: { fr: 'Boulevard Auguste Reyers', nl: 'Auguste Reyerslaan' },
      number: '70',
      box: null,
      postcode: '1030',
      municipality: { nis: '21015', name: { fr: 'Schaerbeek', nl: 'Schaarbeek' } },
      point: { lat: 50.851756, lon: 4.401445 },
      lambert72: { x: 152302, y: 171263 },
      statisticalSector: null,
      monitoringDistrict: null,
      insideRegion: true,
      remark: null,
    },
    texts: { description: null, activities: null, publicTarget: null, remarks: null },
    accessModalities: [],
    targetPublics: [],
    contacts: { phones: [], faxes: [], emails: [], websites: [] },
    openingHours: { weekly: [], exceptions: [], appointmentOnly: false, remark: null },
    categoryIds: [],
    actionZones: [],
    otherAgreements: [],
    subsidies: [],
    lastVerifiedAt: null,
    updatedAt: new Date().toISOString(),
    provenance: {},
    ...overrides,
  };
}
