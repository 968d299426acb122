import type { z } from 'zod';
import { issue, registerMessages } from '@care/kernel';

registerMessages({
  'period.end_before_start': { fr: 'La date de fin précède la date de début', nl: 'De einddatum ligt vóór de begindatum' },
});

/** Zod refinement: `validTo`, when set, is not before `validFrom` (reported on `validTo`). */
export function checkPeriod(value: { validFrom: string; validTo: string | null }, ctx: z.RefinementCtx): void {
  if (value.validTo !== null && value.validTo < value.validFrom) ctx.addIssue(issue('period.end_before_start', ['validTo']));
}
