import { z } from 'zod';
import {
  CONVENTION_STATUSES,
  OBJECTABLE_FIELDS,
  type AuthorityCareProvider,
  type PublicCareProvider,
} from '@care/contracts';
import { deepEqual, issue } from '@care/kernel';
import { checkNihii } from './nihii.js';
import type { Professions } from './professions.js';

export type ObjectableField = (typeof OBJECTABLE_FIELDS)[number];

/** What staff or an import may write about a provider (mass assignment of status or ids is refused). */
export const careProviderInputSchema = z
  .object({
    nihii: z.string().transform((value, ctx) => {
      const check = checkNihii(value);
      if (!check.ok) {
        ctx.addIssue(issue(check.code));
        return z.NEVER;
      }
      return check;
    }),
    name: z.object({ first: z.string().trim().min(1).max(100), last: z.string().trim().min(1).max(100) }).strict(),
    /** cd-hcparty codes of recognised specialisations. */
    specialisations: z.array(z.string().min(1).max(80)).max(20).default([]),
    convention: z.enum(CONVENTION_STATUSES).nullable().default(null),
    languages: z.array(z.string().min(2).max(10)).max(20).default([]),
    gender: z.enum(['female', 'male', 'x']).nullable().default(null),
    /** Gender is published only when the provider chose to. */
    genderPublic: z.boolean().default(false),
    acceptingNewPatients: z.object({ value: z.boolean(), statedOn: z.iso.date() }).strict().nullable().default(null),
    directContacts: z
      .object({ mobile: z.string().trim().max(40).nullable().default(null), email: z.email().max(254).nullable().default(null) })
      .strict()
      .default({ mobile: null, email: null }),
    approvalStatus: z.string().max(50).nullable().default(null),
    objections: z.array(z.enum(OBJECTABLE_FIELDS)).max(OBJECTABLE_FIELDS.length).default([]),
  })
  .strict();

export type CareProviderInput = z.output<typeof careProviderInputSchema>;

/**
 * A care provider registered at INAMI/RIZIV (a natural person). Holds exactly what the directory
 * needs: professional identity and practice data; direct contacts only for authorities; nothing
 * else (data minimisation). Which fields reach which audience is decided in `toPublic` and
 * `toAuthority`, and nowhere else.
 */
export class CareProvider {
  /** First eight digits of the INAMI number: the person, whatever their qualification. */
  id!: string;
  nihii!: string;
  version = 1;
  firstName!: string;
  lastName!: string;
  professionKind!: string;
  qualificationCode!: string;
  specialisations: string[] = [];
  convention: (typeof CONVENTION_STATUSES)[number] | null = null;
  languages: string[] = [];
  gender: 'female' | 'male' | 'x' | null = null;
  genderPublic = false;
  acceptingNewPatients: { value: boolean; statedOn: string } | null = null;
  directContacts: { mobile: string | null; email: string | null } = { mobile: null, email: null };
  approvalStatus: string | null = null;
  objections: ObjectableField[] = [];
  status: 'active' | 'inactive' = 'active';
  /** Internal: why a provider became inactive (e.g. absent from a CoBRHA extract). */
  inactiveReason: string | null = null;
  source!: string;
  /** Fingerprint of the provider's rows in the last imported extract: unchanged rows are skipped. */
  sourceHash: string | null = null;
  createdAt!: Date;
  updatedAt!: Date;
  searchText = '';

  static register(input: CareProviderInput, professions: Professions, source: string, at: Date): CareProvider {
    const provider = new CareProvider();
    provider.id = input.nihii.personId;
    provider.createdAt = at;
    provider.updatedAt = at;
    provider.source = source;
    provider.assign(input, professions);
    return provider;
  }

  /** Applies new facts; returns which audiences see a difference (so only real changes emit events). */
  update(input: CareProviderInput, professions: Professions, source: string, at: Date): { public: boolean; authority: boolean } {
    const before = { public: this.toPublic(professions), authority: this.toAuthority(), status: this.status };
    this.assign(input, professions);
    const wasInactive = this.status === 'inactive';
    this.status = 'active';
    this.inactiveReason = null;
    const changes = { public: wasInactive || !deepEqual(before.public, this.toPublic(professions)), authority: !deepEqual(before.authority, this.toAuthority()) };
    if (changes.public || changes.authority) {
      this.updatedAt = at;
      this.source = source;
    }
    return changes;
  }

  /** The provider objects to publishing some optional fields: they disappear from every public output. */
  object(fields: readonly ObjectableField[], at: Date): void {
    this.objections = [...new Set([...this.objections, ...fields])].sort();
    this.updatedAt = at;
  }

  withdrawObjection(field: ObjectableField, at: Date): void {
    this.objections = this.objections.filter((f) => f !== field);
    this.updatedAt = at;
  }

  deactivate(reason: string, at: Date): boolean {
    if (this.status === 'inactive') return false;
    this.status = 'inactive';
    this.inactiveReason = reason;
    this.updatedAt = at;
    return true;
  }

  objectsTo(field: ObjectableField): boolean {
    return this.objections.includes(field);
  }

  /**
   * The public contract: the one place where visibility and objections are applied to a provider.
   * Authorities see the optional fields whatever the objections (`honourObjections: false`):
   * an objection is to *publication*, not to crisis management with a legal basis.
   */
  toPublic(professions: Professions, { honourObjections = true } = {}): PublicCareProvider {
    const hidden = (field: ObjectableField) => honourObjections && this.objectsTo(field);
    return {
      id: this.id,
      nihii: this.nihii,
      name: { first: this.firstName, last: this.lastName },
      profession: { kind: this.professionKind, label: professions.label(this.professionKind), qualificationCode: this.qualificationCode },
      specialisations: this.specialisations.map((kind) => ({ kind, label: professions.label(kind) })),
      convention: this.convention,
      ...(hidden('languages') ? {} : { languages: this.languages }),
      ...(this.gender && this.genderPublic && !hidden('gender') ? { gender: this.gender } : {}),
      ...(this.acceptingNewPatients && !hidden('acceptingNewPatients') ? { acceptingNewPatients: this.acceptingNewPatients } : {}),
      status: this.status,
    };
  }

  /** What only authorities receive, on top of the public contract. */
  toAuthority(): AuthorityCareProvider {
    return { id: this.id, nihii: this.nihii, directContacts: this.directContacts, approvalStatus: this.approvalStatus };
  }

  private assign(input: CareProviderInput, professions: Professions): void {
    this.nihii = input.nihii.value;
    this.firstName = input.name.first;
    this.lastName = input.name.last;
    this.qualificationCode = input.nihii.qualificationCode;
    this.professionKind = professions.kindOf(input.nihii.professionGroup, input.nihii.qualificationCode) ?? 'persphysician';
    this.specialisations = [...new Set(input.specialisations)].sort();
    this.convention = input.convention;
    this.languages = [...new Set(input.languages)].sort();
    this.gender = input.gender;
    this.genderPublic = input.genderPublic;
    this.acceptingNewPatients = input.acceptingNewPatients;
    this.directContacts = input.directContacts;
    this.approvalStatus = input.approvalStatus;
    this.objections = [...new Set(input.objections)].sort();
    this.searchText = `${input.name.first} ${input.name.last}`.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  }
}
