import { z } from 'zod';
import { AVAILABILITY_STATUSES, type AvailabilityState } from '@care/contracts';
import { fieldIssue, issue, registerMessages, ValidationError } from '@care/kernel';
import type { Holding } from './holding.js';

registerMessages({
  'availability.one_target': { fr: 'Indiquez soit siteId, soit holdingId', nl: 'Geef ofwel siteId, ofwel holdingId' },
  'availability.status_places': { fr: 'Un lieu complet ou fermé n’a pas de place libre', nl: 'Een volle of gesloten plaats heeft geen vrije plaatsen' },
  'availability.expiry_past': { fr: 'L’expiration doit être dans le futur (au plus 31 jours)', nl: 'De vervaldatum moet in de toekomst liggen (hoogstens 31 dagen)' },
  'availability.holder_not_site': { fr: 'Seuls les agréments d’un lieu d’activité rapportent des places', nl: 'Alleen erkenningen van een activiteitsplaats melden plaatsen' },
  'availability.group_unknown': { fr: 'Ce groupe n’existe pas dans la capacité de cet agrément', nl: 'Deze groep bestaat niet in de capaciteit van deze erkenning' },
  'availability.group_needs_holding': { fr: 'Un groupe se rapporte à un agrément (holdingId)', nl: 'Een groep hoort bij een erkenning (holdingId)' },
  'availability.above_capacity': { fr: 'Plus de places libres que la capacité agréée', nl: 'Meer vrije plaatsen dan de erkende capaciteit' },
});

/** The longest a figure may stay valid: an older one must be reported again. */
export const AVAILABILITY_MAX_VALIDITY_DAYS = 31;

/** A report of current free places or open/full/closed status, for a site, a holding or a capacity group. */
export const availabilityReportInputSchema = z
  .object({
    siteId: z.number().int().positive().optional(),
    holdingId: z.uuid().optional(),
    groupCode: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
    status: z.enum(AVAILABILITY_STATUSES),
    freePlaces: z.number().int().min(0).max(100_000).nullable().default(null),
    /** When the figure stops counting; without it, it counts until the next report. */
    expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
    note: z.string().trim().max(1_000).nullable().default(null),
  })
  .strict()
  .superRefine((input, ctx) => {
    if ((input.siteId === undefined) === (input.holdingId === undefined)) ctx.addIssue(issue('availability.one_target', ['siteId']));
    if (input.groupCode !== undefined && input.holdingId === undefined) ctx.addIssue(issue('availability.group_needs_holding', ['groupCode']));
    if (input.status !== 'open' && (input.freePlaces ?? 0) > 0) ctx.addIssue(issue('availability.status_places', ['freePlaces']));
  });
export type AvailabilityReportInput = z.output<typeof availabilityReportInputSchema>;

export interface Reporter {
  kind: 'staff' | 'representative';
  id: string;
}

/**
 * The current figure of one slot (a site, a holding, or a capacity group of a holding). Each
 * report replaces it and is kept in the history; a figure past `expiresAt` no longer counts.
 */
export class AvailabilitySlot {
  slot!: string;
  siteId!: number;
  holdingId: string | null = null;
  groupCode: string | null = null;
  status!: AvailabilityState['status'];
  freePlaces: number | null = null;
  reportedAt!: Date;
  expiresAt: Date | null = null;
  reporterKind!: Reporter['kind'];
  reporterId!: string;
  note: string | null = null;
  version = 1;

  static slotOf(target: { siteId: number } | { holding: Holding; groupCode: string | null }): string {
    return 'siteId' in target ? `site:${target.siteId}` : `holding:${target.holding.id}${target.groupCode ? `:${target.groupCode}` : ''}`;
  }

  /**
   * Checks a report against what it is about (a holding of a site, one of its capacity groups,
   * no more free places than the accredited capacity) and returns the slot's next state.
   */
  static check(input: AvailabilityReportInput, holding: Holding | null, at: Date): { siteId: number; holdingId: string | null; groupCode: string | null; slot: string } {
    const issues = [];
    if (input.expiresAt !== null) {
      const expires = Date.parse(input.expiresAt);
      if (expires <= at.getTime() || expires > at.getTime() + AVAILABILITY_MAX_VALIDITY_DAYS * 86_400_000) issues.push(fieldIssue('availability.expiry_past', 'expiresAt'));
    }
    if (!holding) {
      if (issues.length) throw new ValidationError(issues);
      return { siteId: input.siteId!, holdingId: null, groupCode: null, slot: AvailabilitySlot.slotOf({ siteId: input.siteId! }) };
    }
    if (holding.holderKind !== 'site') issues.push(fieldIssue('availability.holder_not_site', 'holdingId'));
    const group = input.groupCode ? holding.capacity?.groups?.find((g) => g.code === input.groupCode) : undefined;
    if (input.groupCode && !group) issues.push(fieldIssue('availability.group_unknown', 'groupCode'));
    const capacity = group ? group.places : holding.capacity?.value;
    if (capacity !== undefined && (input.freePlaces ?? 0) > capacity) issues.push(fieldIssue('availability.above_capacity', 'freePlaces'));
    if (issues.length) throw new ValidationError(issues);
    const groupCode = input.groupCode ?? null;
    return { siteId: Number(holding.holderId), holdingId: holding.id, groupCode, slot: AvailabilitySlot.slotOf({ holding, groupCode }) };
  }

  /** Applies a checked report: a new slot, or the next version of an existing one. */
  static report(current: AvailabilitySlot | null, target: ReturnType<typeof AvailabilitySlot.check>, input: AvailabilityReportInput, reporter: Reporter, at: Date): AvailabilitySlot {
    const slot = current ?? Object.assign(new AvailabilitySlot(), { slot: target.slot, version: 0 });
    return Object.assign(slot, {
      siteId: target.siteId,
      holdingId: target.holdingId,
      groupCode: target.groupCode,
      status: input.status,
      freePlaces: input.status === 'open' ? input.freePlaces : 0,
      reportedAt: at,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      reporterKind: reporter.kind,
      reporterId: reporter.id,
      note: input.note,
      version: slot.version + 1,
    });
  }

  /** Whether the figure still counts at `at`. */
  counts(at: Date): boolean {
    return this.expiresAt === null || this.expiresAt.getTime() > at.getTime();
  }

  toState(): AvailabilityState {
    return {
      slot: this.slot,
      siteId: this.siteId,
      holdingId: this.holdingId,
      groupCode: this.groupCode,
      status: this.status,
      freePlaces: this.freePlaces,
      reportedAt: this.reportedAt.toISOString(),
      expiresAt: this.expiresAt?.toISOString() ?? null,
      reporter: { kind: this.reporterKind, id: this.reporterId },
      note: this.note,
      version: this.version,
    };
  }
}

/** One report as it was made, never changed: the history of a slot. */
export class AvailabilityReport {
  id?: string;
  slot!: string;
  siteId!: number;
  version!: number;
  state!: AvailabilityState;
  recordedAt!: Date;

  static of(slot: AvailabilitySlot, at: Date): AvailabilityReport {
    return Object.assign(new AvailabilityReport(), { slot: slot.slot, siteId: slot.siteId, version: slot.version, state: slot.toState(), recordedAt: at });
  }
}
