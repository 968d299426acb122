import { z } from 'zod';
import { AUTHORITY_LEVELS, localizedSchema, type PublicAuthority } from '@care/contracts';
import { ConflictError, type Localized } from '@care/kernel';
import { addDays } from '@care/opening-hours';
import { checkPeriod } from './period.js';

export const authorityInputSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{2,60}$/, 'kebab-case'),
    abbreviation: localizedSchema(40),
    name: localizedSchema(300),
    level: z.enum(AUTHORITY_LEVELS),
    validFrom: z.iso.date(),
    validTo: z.iso.date().nullable().default(null),
  })
  .strict()
  .superRefine(checkPeriod);
export type AuthorityInput = z.output<typeof authorityInputSchema>;

/** An accrediting authority. It ends (validTo) when a succession moves all its competences away. */
export class Authority {
  id!: string;
  abbreviation!: Localized;
  name!: Localized;
  level!: (typeof AUTHORITY_LEVELS)[number];
  validFrom!: string;
  validTo: string | null = null;
  successorId: string | null = null;
  version = 1;
  createdAt!: Date;
  updatedAt!: Date;

  static create(input: AuthorityInput, at: Date): Authority {
    return Object.assign(new Authority(), { ...input, successorId: null, createdAt: at, updatedAt: at });
  }

  /** Applies edited names and dates; false when nothing changed. */
  update(input: Omit<AuthorityInput, 'id'>, at: Date): boolean {
    const next = { abbreviation: input.abbreviation, name: input.name, level: input.level, validFrom: input.validFrom, validTo: input.validTo };
    if (JSON.stringify(next) === JSON.stringify({ abbreviation: this.abbreviation, name: this.name, level: this.level, validFrom: this.validFrom, validTo: this.validTo })) return false;
    Object.assign(this, next, { updatedAt: at });
    return true;
  }

  isValidAt(date: string): boolean {
    return this.validFrom <= date && (this.validTo === null || date <= this.validTo);
  }

  /** All its competences moved to `successor` from `effectiveOn`: it ends the day before. */
  endBySuccession(successor: Authority, effectiveOn: string, at: Date): void {
    if (this.validTo !== null && this.validTo < effectiveOn) {
      throw new ConflictError('authority.already_ended', { fr: `L’autorité ${this.id} a pris fin le ${this.validTo}`, nl: `De overheid ${this.id} hield op te bestaan op ${this.validTo}` });
    }
    this.validTo = addDays(effectiveOn, -1);
    this.successorId = successor.id;
    this.updatedAt = at;
  }

  toPublic(): PublicAuthority {
    return { id: this.id, abbreviation: this.abbreviation, name: this.name, level: this.level, validFrom: this.validFrom, validTo: this.validTo, successorId: this.successorId };
  }
}
