import { z } from 'zod';
import { CAPACITY_UNITS, legalBasisSchema, localizedSchema, type PublicAgrementType } from '@care/contracts';
import { ConflictError, type Localized } from '@care/kernel';
import { addDays } from '@care/opening-hours';
import { checkPeriod } from './period.js';

export const agrementTypeInputSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{3,100}$/, 'kebab-case'),
    name: localizedSchema(300),
    /** The accrediting authority from `validFrom`. */
    authorityId: z.string().min(1),
    legalBasis: legalBasisSchema,
    validFrom: z.iso.date(),
    validTo: z.iso.date().nullable().default(null),
    capacityUnit: z.enum(CAPACITY_UNITS).nullable().default(null),
    categoryIds: z.array(z.number().int().positive()).max(20).default([]),
  })
  .strict()
  .superRefine(checkPeriod);
export type AgrementTypeInput = z.output<typeof agrementTypeInputSchema>;

/** A period during which one authority accredited a type. */
export class TypeAttribution {
  id?: string;
  typeId!: string;
  authorityId!: string;
  validFrom!: string;
  validTo: string | null = null;
}

/** The authority accrediting a type on `date`, from its attribution periods. */
export function authorityAt(attributions: readonly TypeAttribution[], date: string): string | null {
  return attributions.find((a) => a.validFrom <= date && (a.validTo === null || date <= a.validTo))?.authorityId ?? null;
}

/**
 * A kind of agrément (e.g. "Centre de planning familial" under COCOF). The authority is not a field
 * but a series of periods: a succession closes one and opens the next, history stays as it was.
 */
export class AgrementType {
  id!: string;
  name!: Localized;
  legalBasis!: AgrementTypeInput['legalBasis'];
  validFrom!: string;
  validTo: string | null = null;
  capacityUnit: (typeof CAPACITY_UNITS)[number] | null = null;
  categoryIds: number[] = [];
  version = 1;
  createdAt!: Date;
  updatedAt!: Date;

  static create(input: AgrementTypeInput, at: Date): { type: AgrementType; attribution: TypeAttribution } {
    const { authorityId, ...fields } = input;
    const type = Object.assign(new AgrementType(), { ...fields, createdAt: at, updatedAt: at });
    const attribution = Object.assign(new TypeAttribution(), { typeId: input.id, authorityId, validFrom: input.validFrom, validTo: null });
    return { type, attribution };
  }

  /** Applies edited fields (not the authority: that changes by succession); false when nothing changed. */
  update(input: Omit<AgrementTypeInput, 'id' | 'authorityId'>, at: Date): boolean {
    const next = { name: input.name, legalBasis: input.legalBasis, validFrom: input.validFrom, validTo: input.validTo, capacityUnit: input.capacityUnit, categoryIds: [...input.categoryIds].sort((a, b) => a - b) };
    const current = { name: this.name, legalBasis: this.legalBasis, validFrom: this.validFrom, validTo: this.validTo, capacityUnit: this.capacityUnit, categoryIds: [...this.categoryIds].sort((a, b) => a - b) };
    if (JSON.stringify(next) === JSON.stringify(current)) return false;
    Object.assign(this, next, { updatedAt: at });
    return true;
  }

  /**
   * Moves the type to `successorId` from `effectiveOn`: the open period ends the day before and a
   * new one starts. Returns the new period (the caller persists it).
   */
  static transfer(periods: readonly TypeAttribution[], typeId: string, fromAuthority: string, successorId: string, effectiveOn: string): TypeAttribution {
    const open = periods.find((p) => p.validTo === null);
    if (!open || open.authorityId !== fromAuthority) {
      throw new ConflictError('type.not_attributed', {
        fr: `Le type ${typeId} n’est pas agréé par ${fromAuthority} actuellement`,
        nl: `Het type ${typeId} wordt momenteel niet door ${fromAuthority} erkend`,
      });
    }
    if (effectiveOn <= open.validFrom) {
      throw new ConflictError('succession.before_attribution', {
        fr: `La succession (${effectiveOn}) doit suivre le début de l’attribution actuelle du type ${typeId} (${open.validFrom})`,
        nl: `De opvolging (${effectiveOn}) moet na het begin van de huidige toewijzing van type ${typeId} (${open.validFrom}) vallen`,
      });
    }
    open.validTo = addDays(effectiveOn, -1);
    return Object.assign(new TypeAttribution(), { typeId, authorityId: successorId, validFrom: effectiveOn, validTo: null });
  }

  toPublic(periods: readonly TypeAttribution[]): PublicAgrementType {
    const attributions = [...periods].sort((a, b) => a.validFrom.localeCompare(b.validFrom)).map((p) => ({ authorityId: p.authorityId, validFrom: p.validFrom, validTo: p.validTo }));
    return {
      id: this.id,
      name: this.name,
      authorityId: attributions[attributions.length - 1]!.authorityId,
      attributions,
      legalBasis: this.legalBasis,
      validFrom: this.validFrom,
      validTo: this.validTo,
      capacityUnit: this.capacityUnit,
      categoryIds: this.categoryIds,
    };
  }
}
