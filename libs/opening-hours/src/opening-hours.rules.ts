import type { z } from 'zod';
import type { OpeningHours } from '@care/contracts';
import { issue, registerMessages } from '@care/kernel';
import { periodProblems } from './opening-hours.js';

registerMessages({
  'opening_hours.zero_length': { fr: 'La période d’ouverture est vide (ouverture = fermeture)', nl: 'De openingsperiode is leeg (opening = sluiting)' },
  'opening_hours.opens_at_midnight_end': { fr: 'Une période ne peut pas commencer à 24:00', nl: 'Een periode kan niet om 24:00 beginnen' },
  'opening_hours.overlap': { fr: 'Cette période chevauche une autre période', nl: 'Deze periode overlapt met een andere periode' },
  'opening_hours.exception_order': { fr: 'La date de fin précède la date de début', nl: 'De einddatum ligt vóór de begindatum' },
  'opening_hours.exception_overlap': { fr: 'Cette exception chevauche une autre exception', nl: 'Deze uitzondering overlapt met een andere uitzondering' },
  'opening_hours.closed_with_hours': { fr: 'Une fermeture ne peut pas avoir d’horaire', nl: 'Een sluiting kan geen openingsuren hebben' },
  'opening_hours.exception_without_hours': {
    fr: 'Un horaire temporaire doit indiquer ses heures (ou être une fermeture)',
    nl: 'Een tijdelijke regeling moet uren vermelden (of een sluiting zijn)',
  },
});

/**
 * Rules zod cannot express per field: no empty or overlapping periods, exceptions in date order,
 * not overlapping, closures without hours. Use as `openingHoursSchema.superRefine(checkOpeningHours)`.
 */
export function checkOpeningHours(hours: OpeningHours, ctx: z.RefinementCtx): void {
  for (const p of periodProblems(hours.weekly)) ctx.addIssue(issue(p.code, ['weekly', p.index]));
  hours.exceptions.forEach((exception, index) => {
    if (exception.to < exception.from) ctx.addIssue(issue('opening_hours.exception_order', ['exceptions', index, 'to']));
    if (exception.closed && exception.weekly.length > 0) ctx.addIssue(issue('opening_hours.closed_with_hours', ['exceptions', index, 'weekly']));
    if (!exception.closed && exception.weekly.length === 0) ctx.addIssue(issue('opening_hours.exception_without_hours', ['exceptions', index, 'weekly']));
    for (const p of periodProblems(exception.weekly)) ctx.addIssue(issue(p.code, ['exceptions', index, 'weekly', p.index]));
    const clash = hours.exceptions.findIndex((other, j) => j < index && other.from <= exception.to && exception.from <= other.to);
    if (clash >= 0) ctx.addIssue(issue('opening_hours.exception_overlap', ['exceptions', index]));
  });
}
