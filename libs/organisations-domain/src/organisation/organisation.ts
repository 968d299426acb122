import { z } from 'zod';
import { LANGUAGE_STATUSES, localizedSchema, type KboFacts, type LocalizedValue, type Provenance, type PublishedOrganisation } from '@care/contracts';
import { ConflictError, deepEqual, issue } from '@care/kernel';
import { searchable } from '../text/searchable.js';
import { checkEnterpriseNumber } from './enterprise-number.js';

/** What an editor may write on an organisation (legal entity). */
export const organisationInputSchema = z
  .object({
    enterpriseNumbers: z
      .array(z.string().max(20))
      .max(10)
      .default([])
      .transform((numbers, ctx) =>
        numbers.map((number, index) => {
          const check = checkEnterpriseNumber(number);
          if (check.ok) return check.value;
          ctx.addIssue(issue(check.code, [index]));
          return number;
        }),
      ),
    names: z
      .object({
        official: localizedSchema(300),
        alternative: z.array(localizedSchema(300)).max(20).default([]),
        former: z.array(localizedSchema(300)).max(20).default([]),
      })
      .strict(),
    legalStatus: z.string().min(1).max(50).nullable().default(null),
    languageStatus: z.enum(LANGUAGE_STATUSES),
    officialJournalUrl: z
      .object({ fr: z.url({ protocol: /^https?$/ }).max(500), nl: z.url({ protocol: /^https?$/ }).max(500) })
      .nullable()
      .default(null),
  })
  .strict();

export type OrganisationInput = z.output<typeof organisationInputSchema>;

export interface StoredOrganisationProvenance extends Provenance {
  validatedBy: string | null;
}

/** An organisation: the legal entity (KBO/BCE) behind one or more activity sites. */
export class Organisation {
  id!: number;
  version = 1;
  enterpriseNumbers: string[] = [];
  names!: OrganisationInput['names'];
  legalStatus: string | null = null;
  languageStatus!: (typeof LANGUAGE_STATUSES)[number];
  officialJournalUrl: LocalizedValue | null = null;
  status: 'active' | 'struck-off' = 'active';
  struckOffAt: string | null = null;
  kbo: KboFacts | null = null;
  provenance: Partial<Record<'identity' | 'legal', StoredOrganisationProvenance>> = {};
  createdAt!: Date;
  updatedAt!: Date;
  searchText = '';

  static create(id: number, input: OrganisationInput, origin: { source: Provenance['source']; reference: string | null }, at: Date): Organisation {
    const organisation = new Organisation();
    organisation.id = id;
    organisation.createdAt = at;
    organisation.updatedAt = at;
    organisation.assign(input);
    const provenance = { ...origin, retrievedAt: at.toISOString(), validatedAt: null, validatedBy: null };
    organisation.provenance = { identity: provenance, legal: provenance };
    return organisation;
  }

  /** Returns true when something changed. */
  edit(input: OrganisationInput, origin: { source: Provenance['source']; reference: string | null }, at: Date): boolean {
    const before = structuredClone(this.snapshot());
    this.assign(input);
    if (deepEqual(this.snapshot(), before)) return false;
    const provenance = { ...origin, retrievedAt: at.toISOString(), validatedAt: null, validatedBy: null };
    this.provenance = { identity: provenance, legal: provenance };
    this.updatedAt = at;
    return true;
  }

  /** Struck off at the KBO/BCE: flagged, never deleted (its history and sites remain). */
  strikeOff(date: string, at: Date): void {
    if (this.status === 'struck-off') {
      throw new ConflictError('organisation.already_struck_off', { fr: 'Cette organisation est déjà radiée', nl: 'Deze organisatie is al geschrapt' });
    }
    this.status = 'struck-off';
    this.struckOffAt = date;
    this.updatedAt = at;
  }

  /** Staff confirmed the identity and legal facts: later imports record conflicts instead of overwriting. */
  validate(actor: string, at: Date): void {
    for (const group of ['identity', 'legal'] as const) {
      const p = this.provenance[group];
      if (p) this.provenance[group] = { ...p, validatedAt: at.toISOString(), validatedBy: actor };
    }
    this.updatedAt = at;
  }

  /**
   * Applies what the KBO/BCE says. Legal facts (form, situation, address, activities, status) are
   * the KBO's own and always follow it. Names follow it too, unless staff validated them: then the
   * difference is returned as a conflict for review and the names stay. Returns whether anything
   * changed.
   */
  applyKbo(incoming: { facts: KboFacts; names: OrganisationInput['names']['official'] | null; reference: string }, at: Date): { changed: boolean; conflicts: { field: string; current: unknown; incoming: unknown }[] } {
    const conflicts: { field: string; current: unknown; incoming: unknown }[] = [];
    let changed = false;
    const provenance = { source: 'kbo' as const, reference: incoming.reference, retrievedAt: at.toISOString(), validatedAt: null, validatedBy: null };
    if (!deepEqual(this.kbo, incoming.facts)) {
      this.kbo = incoming.facts;
      this.provenance.legal = provenance;
      changed = true;
    }
    const active = incoming.facts.status === 'AC';
    if (!active && this.status === 'active') {
      this.status = 'struck-off';
      this.struckOffAt = at.toISOString().slice(0, 10);
      changed = true;
    } else if (active && this.status === 'struck-off') {
      this.status = 'active';
      this.struckOffAt = null;
      changed = true;
    }
    if (incoming.names && !deepEqual(incoming.names, this.names.official)) {
      if (this.provenance.identity?.validatedAt) conflicts.push({ field: 'names.official', current: this.names.official, incoming: incoming.names });
      else {
        this.names = { ...this.names, official: incoming.names };
        this.searchText = searchable([this.names.official, ...this.names.alternative]);
        this.provenance.identity = provenance;
        changed = true;
      }
    }
    if (changed) this.updatedAt = at;
    return { changed, conflicts };
  }

  /** Staff accept a name an authentic source proposed (resolving an import conflict): it counts as validated. */
  acceptOfficialName(name: LocalizedValue, reference: string, actor: string, at: Date): void {
    this.names = { ...this.names, official: name };
    this.searchText = searchable([this.names.official, ...this.names.alternative]);
    this.provenance.identity = { source: 'kbo', reference, retrievedAt: at.toISOString(), validatedAt: at.toISOString(), validatedBy: actor };
    this.updatedAt = at;
  }

  /** The enterprise left the KBO/BCE (a full extract without it, or a deletion in an update). */
  disappearedFromKbo(at: Date): boolean {
    if (this.status === 'struck-off') return false;
    this.status = 'struck-off';
    this.struckOffAt = at.toISOString().slice(0, 10);
    this.updatedAt = at;
    return true;
  }

  toPublished(): PublishedOrganisation {
    return {
      id: this.id,
      enterpriseNumbers: this.enterpriseNumbers,
      names: this.names,
      legalStatus: this.legalStatus,
      languageStatus: this.languageStatus,
      officialJournalUrl: this.officialJournalUrl,
      status: this.status,
      struckOffAt: this.struckOffAt,
      kbo: this.kbo,
      updatedAt: this.updatedAt.toISOString(),
      provenance: Object.fromEntries(
        Object.entries(this.provenance).map(([group, p]) => [group, { source: p!.source, reference: p!.reference, retrievedAt: p!.retrievedAt, validatedAt: p!.validatedAt }]),
      ),
    };
  }

  private assign(input: OrganisationInput): void {
    this.enterpriseNumbers = [...new Set(input.enterpriseNumbers)];
    this.names = input.names;
    this.legalStatus = input.legalStatus;
    this.languageStatus = input.languageStatus;
    this.officialJournalUrl = input.officialJournalUrl;
    this.searchText = searchable([input.names.official, ...input.names.alternative]);
  }

  private snapshot() {
    return [this.enterpriseNumbers, this.names, this.legalStatus, this.languageStatus, this.officialJournalUrl];
  }
}
