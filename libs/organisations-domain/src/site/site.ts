import {
  type Contacts,
  type LocalizedValue,
  type OpeningHours,
  type Provenance,
  type PublishedAddress,
  type PublishedSite,
  LANGUAGE_STATUSES,
  OFFER_KINDS,
  SITE_FIELD_GROUPS,
} from '@care/contracts';
import { ConflictError, deepEqual } from '@care/kernel';
import { searchable } from '../text/searchable.js';
import type { SiteInput } from './site-input.schema.js';

export const SITE_STATES = ['draft', 'submitted', 'validated', 'published', 'internal', 'archived'] as const;
export type SiteState = (typeof SITE_STATES)[number];
export type SiteFieldGroup = (typeof SITE_FIELD_GROUPS)[number];

/** Provenance as stored: the public part plus who validated (staff identities stay internal). */
export interface StoredProvenance extends Provenance {
  validatedBy: string | null;
}

export type SiteTransition = 'submit' | 'reject' | 'validate' | 'publish' | 'make-internal' | 'archive' | 'restore';

/** The editorial workflow: draft → submitted → validated → published, with internal and archived. */
const TRANSITIONS: Record<SiteTransition, { from: readonly SiteState[]; to: SiteState }> = {
  submit: { from: ['draft'], to: 'submitted' },
  reject: { from: ['submitted'], to: 'draft' },
  validate: { from: ['submitted'], to: 'validated' },
  publish: { from: ['validated', 'internal'], to: 'published' },
  'make-internal': { from: ['validated', 'published'], to: 'internal' },
  archive: { from: ['draft', 'submitted', 'validated', 'published', 'internal'], to: 'archived' },
  restore: { from: ['archived'], to: 'draft' },
};

const STATE_LABELS: Record<SiteState, LocalizedValue> = {
  draft: { fr: 'brouillon', nl: 'ontwerp' },
  submitted: { fr: 'soumise', nl: 'ingediend' },
  validated: { fr: 'validée', nl: 'gevalideerd' },
  published: { fr: 'publiée', nl: 'gepubliceerd' },
  internal: { fr: 'interne', nl: 'intern' },
  archived: { fr: 'archivée', nl: 'gearchiveerd' },
};

export type SiteContent = Omit<SiteInput, 'address'> & { address: PublishedAddress };

/**
 * Where the site's point stands: found (given or geocoded), waiting for the geocoder (it could
 * not be reached: retried later), or not found by it (an editor must place it).
 */
export const GEOCODING_STATUSES = ['located', 'pending', 'not-found'] as const;
export type GeocodingStatus = (typeof GEOCODING_STATUSES)[number];

/** The editable content of a site, by provenance group. */
function groupsOf(site: Site): Record<SiteFieldGroup, unknown> {
  return {
    identity: { organisationId: site.organisationId, names: site.names, legalStatus: site.legalStatus, languageStatus: site.languageStatus },
    address: site.address,
    texts: { texts: site.texts, otherAgreements: site.otherAgreements, subsidies: site.subsidies },
    contacts: site.contacts,
    hours: site.openingHours,
    classification: {
      offerKind: site.offerKind,
      serviceLanguages: site.serviceLanguages,
      accessModalities: site.accessModalities,
      targetPublics: site.targetPublics,
      categoryIds: site.categoryIds,
      actionZones: site.actionZones,
    },
  };
}

/**
 * An activity site (a fiche). Plain TypeScript: MikroORM maps this class without decorators
 * (apps/organisations persistence), so the rules here are framework-free and unit-tested.
 */
export class Site {
  id!: number;
  organisationId: number | null = null;
  state: SiteState = 'draft';
  version = 1;
  names!: SiteInput['names'];
  legalStatus: string | null = null;
  languageStatus!: (typeof LANGUAGE_STATUSES)[number];
  serviceLanguages: string[] = [];
  offerKind!: (typeof OFFER_KINDS)[number];
  address!: PublishedAddress;
  texts!: SiteInput['texts'];
  accessModalities: string[] = [];
  targetPublics: string[] = [];
  contacts!: Contacts;
  openingHours!: OpeningHours;
  categoryIds: number[] = [];
  actionZones: string[] = [];
  otherAgreements: LocalizedValue[] = [];
  subsidies: LocalizedValue[] = [];
  provenance: Partial<Record<SiteFieldGroup, StoredProvenance>> = {};
  lastVerifiedAt: Date | null = null;
  publishedAt: Date | null = null;
  createdAt!: Date;
  updatedAt!: Date;
  // Query columns, kept equal to the address (see applyAddress).
  postcode!: string;
  municipalityNis: string | null = null;
  sectorCode: string | null = null;
  districtCode: string | null = null;
  lat: number | null = null;
  lon: number | null = null;
  geocodingStatus: GeocodingStatus = 'located';
  /** Lower-cased, unaccented official and alternative names (back-office search). */
  searchText = '';

  static draft(id: number, content: SiteContent, origin: { source: StoredProvenance['source']; reference: string | null }, at: Date): Site {
    const site = new Site();
    site.id = id;
    site.createdAt = at;
    site.updatedAt = at;
    site.assign(content);
    for (const group of SITE_FIELD_GROUPS) site.provenance[group] = { ...origin, retrievedAt: at.toISOString(), validatedAt: null, validatedBy: null };
    return site;
  }

  get isPublic(): boolean {
    return this.state === 'published';
  }

  /**
   * Replaces the editable content. Returns the field groups that changed (their provenance is
   * reset to the new origin). Edits to a submitted or validated site send it back to draft:
   * what was validated is no longer what is there.
   */
  edit(content: SiteContent, origin: { source: StoredProvenance['source']; reference: string | null }, at: Date): SiteFieldGroup[] {
    if (this.state === 'archived') {
      throw new ConflictError('site.archived_read_only', {
        fr: 'Une fiche archivée ne peut pas être modifiée : restaurez-la d’abord',
        nl: 'Een gearchiveerde fiche kan niet gewijzigd worden: herstel ze eerst',
      });
    }
    const changed = this.changedGroups(content);
    if (changed.length === 0) return [];
    this.assign(content);
    for (const group of changed) this.provenance[group] = { ...origin, retrievedAt: at.toISOString(), validatedAt: null, validatedBy: null };
    if (this.state === 'submitted' || this.state === 'validated') this.state = 'draft';
    this.updatedAt = at;
    return changed;
  }

  transition(step: SiteTransition, actor: string, at: Date): void {
    const rule = TRANSITIONS[step];
    if (!rule.from.includes(this.state)) {
      const label = STATE_LABELS[this.state];
      throw new ConflictError('site.invalid_transition', {
        fr: `Étape « ${step} » impossible : la fiche est ${label.fr}`,
        nl: `Stap "${step}" niet mogelijk: de fiche is ${label.nl}`,
      });
    }
    this.state = rule.to;
    this.updatedAt = at;
    if (step === 'validate') {
      for (const group of SITE_FIELD_GROUPS) {
        const p = this.provenance[group];
        if (p) this.provenance[group] = { ...p, validatedAt: at.toISOString(), validatedBy: actor };
      }
      this.lastVerifiedAt = at;
    }
    if (step === 'publish') this.publishedAt = at;
  }

  /**
   * A change the organisation proposed, accepted by a validator: the content is applied with the
   * organisation as its origin, and the review counts as the validation step of the workflow
   * (a draft or submitted fiche becomes validated; a validated, published or internal one keeps
   * its state), so every group is stamped validated and the fiche verified.
   */
  acceptProposal(content: SiteContent, proposer: string, validator: string, at: Date): SiteFieldGroup[] {
    const changed = this.edit(content, { source: 'organisation', reference: proposer }, at);
    if (this.state === 'draft' || this.state === 'submitted') this.state = 'validated';
    for (const group of SITE_FIELD_GROUPS) {
      const p = this.provenance[group];
      if (p) this.provenance[group] = { ...p, validatedAt: at.toISOString(), validatedBy: validator };
    }
    this.lastVerifiedAt = at;
    this.updatedAt = at;
    return changed;
  }

  /** Records that the fiche was checked with the organisation (with or without changes). */
  verify(at: Date, actor: string): void {
    this.lastVerifiedAt = at;
    this.updatedAt = at;
    for (const group of SITE_FIELD_GROUPS) {
      const p = this.provenance[group];
      if (p) this.provenance[group] = { ...p, validatedAt: at.toISOString(), validatedBy: actor };
    }
  }

  /** The public contract (published sites only; the caller decides whether to emit it). */
  toPublished(): PublishedSite {
    return {
      id: this.id,
      organisationId: this.organisationId,
      names: this.names,
      legalStatus: this.legalStatus,
      languageStatus: this.languageStatus,
      serviceLanguages: this.serviceLanguages,
      offerKind: this.offerKind,
      address: this.address,
      texts: this.texts,
      accessModalities: this.accessModalities,
      targetPublics: this.targetPublics,
      contacts: this.contacts,
      openingHours: this.openingHours,
      categoryIds: this.categoryIds,
      actionZones: this.actionZones,
      otherAgreements: this.otherAgreements,
      subsidies: this.subsidies,
      lastVerifiedAt: this.lastVerifiedAt?.toISOString() ?? null,
      updatedAt: this.updatedAt.toISOString(),
      provenance: Object.fromEntries(
        Object.entries(this.provenance).map(([group, p]) => [group, { source: p!.source, reference: p!.reference, retrievedAt: p!.retrievedAt, validatedAt: p!.validatedAt }]),
      ),
    };
  }

  private assign(content: SiteContent): void {
    this.organisationId = content.organisationId;
    this.names = content.names;
    this.legalStatus = content.legalStatus;
    this.languageStatus = content.languageStatus;
    this.serviceLanguages = [...new Set(content.serviceLanguages)];
    this.offerKind = content.offerKind;
    this.texts = content.texts;
    this.accessModalities = [...new Set(content.accessModalities)];
    this.targetPublics = [...new Set(content.targetPublics)];
    this.contacts = content.contacts;
    this.openingHours = content.openingHours;
    this.categoryIds = [...new Set(content.categoryIds)].sort((a, b) => a - b);
    this.actionZones = [...new Set(content.actionZones)];
    this.otherAgreements = content.otherAgreements;
    this.subsidies = content.subsidies;
    this.applyAddress(content.address);
    this.searchText = searchable([content.names.official, ...content.names.alternative, ...content.names.service]);
  }

  /** The geocoder placed the address later: the point and what derives from it are filled in. */
  locate(address: PublishedAddress, at: Date): void {
    this.applyAddress(address);
    this.geocodingStatus = 'located';
    const p = this.provenance.address;
    this.provenance.address = { source: 'urbis', reference: p?.reference ?? null, retrievedAt: at.toISOString(), validatedAt: p?.validatedAt ?? null, validatedBy: p?.validatedBy ?? null };
    this.updatedAt = at;
  }

  markGeocoding(status: GeocodingStatus): void {
    this.geocodingStatus = status;
  }

  private applyAddress(address: PublishedAddress): void {
    this.address = address;
    this.postcode = address.postcode;
    this.municipalityNis = address.municipality.nis;
    this.sectorCode = address.statisticalSector?.code ?? null;
    this.districtCode = address.monitoringDistrict?.code ?? null;
    this.lat = address.point?.lat ?? null;
    this.lon = address.point?.lon ?? null;
  }

  /** The field groups `content` would change (compared as stored: lists de-duplicated and sorted the same way). */
  changedGroups(content: SiteContent): SiteFieldGroup[] {
    const next = new Site();
    next.assign(content);
    const before = groupsOf(this);
    const after = groupsOf(next);
    return SITE_FIELD_GROUPS.filter((g) => !deepEqual(before[g], after[g]));
  }

  /** The values of one field group, e.g. for a conflict report. */
  group(group: SiteFieldGroup): unknown {
    return groupsOf(this)[group];
  }
}
