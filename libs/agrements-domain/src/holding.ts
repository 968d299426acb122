import { z } from 'zod';
import { CAPACITY_UNITS, capacityGroupSchema, HOLDING_STATUSES, holderSchema, PROVENANCE_SOURCES, type CapacityGroup, type PublicHolding } from '@care/contracts';
import { ConflictError, fieldIssue, issue, registerMessages, ValidationError } from '@care/kernel';
import { addDays } from '@care/opening-hours';
import type { AgrementType } from './agrement-type.js';
import { checkPeriod } from './period.js';

registerMessages({
  'holding.capacity_not_applicable': { fr: 'Ce type d’agrément n’a pas de capacité (lits, places)', nl: 'Dit erkenningstype heeft geen capaciteit (bedden, plaatsen)' },
  'holding.capacity_unit_mismatch': { fr: 'Unité différente de celle du type d’agrément', nl: 'Andere eenheid dan die van het erkenningstype' },
  'holding.type_unknown': { fr: 'Type d’agrément inconnu', nl: 'Onbekend erkenningstype' },
  'holding.type_ended': { fr: 'Ce type d’agrément n’existait pas à cette date', nl: 'Dit erkenningstype bestond niet op die datum' },
  'holding.groups_total': { fr: 'Les places des groupes doivent faire ensemble la capacité agréée', nl: 'De plaatsen van de groepen moeten samen de erkende capaciteit vormen' },
  'holding.group_code_twice': { fr: 'Deux groupes ont le même code', nl: 'Twee groepen hebben dezelfde code' },
  'holding.group_ages': { fr: 'L’âge minimum dépasse l’âge maximum', nl: 'De minimumleeftijd is hoger dan de maximumleeftijd' },
});

export type HoldingStatus = (typeof HOLDING_STATUSES)[number];
export type Capacity = { value: number; unit: (typeof CAPACITY_UNITS)[number]; groups?: CapacityGroup[] };

/** Capacity, optionally in groups (living groups with an age range) whose places add up to the total. */
const capacitySchema = z
  .object({ value: z.number().int().min(0).max(100_000), unit: z.enum(CAPACITY_UNITS), groups: z.array(capacityGroupSchema).min(1).max(50).optional() })
  .strict()
  .superRefine((capacity, ctx) => {
    if (!capacity.groups) return;
    if (capacity.groups.reduce((sum, g) => sum + g.places, 0) !== capacity.value) ctx.addIssue(issue('holding.groups_total', ['groups']));
    const codes = new Set<string>();
    capacity.groups.forEach((group, i) => {
      if (codes.has(group.code)) ctx.addIssue(issue('holding.group_code_twice', ['groups', i, 'code']));
      codes.add(group.code);
      if (group.ageMin !== null && group.ageMax !== null && group.ageMin > group.ageMax) ctx.addIssue(issue('holding.group_ages', ['groups', i, 'ageMin']));
    });
  });
const provenanceInputSchema = z
  .object({ source: z.enum(PROVENANCE_SOURCES).default('authority'), reference: z.string().trim().max(200).nullable().default(null), retrievedAt: z.iso.datetime({ offset: true }).nullable().default(null) })
  .strict();

const holdingFields = {
  reference: z.string().trim().min(1).max(100).nullable().default(null),
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable().default(null),
  capacity: capacitySchema.nullable().default(null),
  provenance: provenanceInputSchema.default({ source: 'authority', reference: null, retrievedAt: null }),
};

/** A new holding. Its first state applies from `effectiveOn`, by default the start of its validity. */
export const holdingInputSchema = z
  .object({
    typeId: z.string().min(1).max(100),
    holder: holderSchema.strict(),
    status: z.enum(['pending', 'active']).default('active'),
    ...holdingFields,
    effectiveOn: z.iso.date().optional(),
  })
  .strict()
  .superRefine(checkPeriod);
export type HoldingInput = z.output<typeof holdingInputSchema>;

/** A correction or renewal of a holding's facts. It applies from `effectiveOn`, by default today. */
export const holdingUpdateSchema = z
  .object({ ...holdingFields, effectiveOn: z.iso.date().optional() })
  .strict()
  .superRefine(checkPeriod);
export type HoldingUpdate = z.output<typeof holdingUpdateSchema>;

export const holdingStatusChangeSchema = z
  .object({ status: z.enum(['active', 'suspended', 'withdrawn']), effectiveOn: z.iso.date().optional(), reason: z.string().trim().max(1_000).optional() })
  .strict();
export type HoldingStatusChange = z.output<typeof holdingStatusChangeSchema>;

/** Which status may follow which (expiry is the job's, by date; withdrawal is final). */
const TRANSITIONS: Record<HoldingStatus, readonly HoldingStatus[]> = {
  pending: ['active', 'withdrawn'],
  active: ['suspended', 'withdrawn'],
  suspended: ['active', 'withdrawn'],
  expired: ['active', 'withdrawn'],
  withdrawn: [],
};

/** A site, organisation or care provider holding an agrément type, with validity and capacity. */
export class Holding {
  id!: string;
  typeId!: string;
  holderKind!: PublicHolding['holder']['kind'];
  holderId!: string;
  reference: string | null = null;
  validFrom!: string;
  validTo: string | null = null;
  status!: HoldingStatus;
  capacity: Capacity | null = null;
  provenance!: PublicHolding['provenance'];
  /** Date from which the current state applies. */
  effectiveOn!: string;
  version = 1;
  createdAt!: Date;
  updatedAt!: Date;

  static register(id: string, input: HoldingInput, type: AgrementType, at: Date): Holding {
    checkAgainstType(input, type);
    return Object.assign(new Holding(), {
      id,
      typeId: type.id,
      holderKind: input.holder.kind,
      holderId: input.holder.id,
      reference: input.reference,
      validFrom: input.validFrom,
      validTo: input.validTo,
      status: input.status,
      capacity: input.capacity,
      provenance: { ...input.provenance, validatedAt: null },
      effectiveOn: input.effectiveOn ?? input.validFrom,
      createdAt: at,
      updatedAt: at,
    });
  }

  /** Applies corrected facts from `effectiveOn`; false when nothing changed. A renewal past today revives an expired holding. */
  correct(input: HoldingUpdate, type: AgrementType, today: string, at: Date): boolean {
    checkAgainstType(input, type);
    const next = { reference: input.reference, validFrom: input.validFrom, validTo: input.validTo, capacity: input.capacity, provenance: { ...input.provenance, validatedAt: this.provenance.validatedAt } };
    const current = { reference: this.reference, validFrom: this.validFrom, validTo: this.validTo, capacity: this.capacity, provenance: this.provenance };
    if (JSON.stringify(next) === JSON.stringify(current)) return false;
    Object.assign(this, next, { effectiveOn: input.effectiveOn ?? today, updatedAt: at });
    if (this.status === 'expired' && (this.validTo === null || this.validTo >= today)) this.status = 'active';
    return true;
  }

  changeStatus(change: HoldingStatusChange, today: string, at: Date): boolean {
    if (change.status === this.status) return false;
    if (!TRANSITIONS[this.status].includes(change.status)) {
      throw new ConflictError('holding.transition', {
        fr: `Un agrément au statut « ${this.status} » ne peut pas passer à « ${change.status} »`,
        nl: `Een erkenning met status "${this.status}" kan niet naar "${change.status}" gaan`,
      });
    }
    if (change.status === 'active' && this.validTo !== null && this.validTo < (change.effectiveOn ?? today)) {
      throw new ValidationError([fieldIssue('holding.reactivate_after_end', 'status')]);
    }
    Object.assign(this, { status: change.status, effectiveOn: change.effectiveOn ?? today, updatedAt: at });
    return true;
  }

  /** The end date passed (`validTo` < today): expired from the day after it. False when not due. */
  expire(today: string, at: Date): boolean {
    if (!(this.status === 'active' || this.status === 'suspended') || this.validTo === null || this.validTo >= today) return false;
    Object.assign(this, { status: 'expired', effectiveOn: addDays(this.validTo, 1), updatedAt: at });
    return true;
  }

  toPublic(): PublicHolding {
    return {
      id: this.id,
      typeId: this.typeId,
      holder: { kind: this.holderKind, id: this.holderId },
      reference: this.reference,
      validFrom: this.validFrom,
      validTo: this.validTo,
      status: this.status,
      capacity: this.capacity,
      effectiveOn: this.effectiveOn,
      provenance: this.provenance,
      version: this.version,
    };
  }
}

registerMessages({
  'holding.reactivate_after_end': { fr: 'La date de fin est passée : prolongez d’abord l’agrément', nl: 'De einddatum is voorbij: verleng eerst de erkenning' },
});

function checkAgainstType(input: { capacity: Capacity | null; validFrom: string }, type: AgrementType): void {
  const issues = [];
  if (input.capacity && type.capacityUnit === null) issues.push(fieldIssue('holding.capacity_not_applicable', 'capacity'));
  else if (input.capacity && input.capacity.unit !== type.capacityUnit) issues.push(fieldIssue('holding.capacity_unit_mismatch', 'capacity.unit'));
  if (type.validTo !== null && input.validFrom > type.validTo) issues.push(fieldIssue('holding.type_ended', 'validFrom'));
  if (issues.length) throw new ValidationError(issues);
}

/** One state of a holding in its history, never changed afterwards. */
export class HoldingRevision {
  id?: string;
  holdingId!: string;
  /** The holding's version this state is. */
  revision!: number;
  effectiveOn!: string;
  change!: 'registered' | 'corrected' | 'status' | 'expired';
  state!: PublicHolding;
  reason: string | null = null;
  actor!: string;
  recordedAt!: Date;

  static of(holding: Holding, change: HoldingRevision['change'], actor: string, at: Date, reason: string | null = null): HoldingRevision {
    return Object.assign(new HoldingRevision(), { holdingId: holding.id, revision: holding.version, effectiveOn: holding.effectiveOn, change, state: holding.toPublic(), reason, actor, recordedAt: at });
  }
}
