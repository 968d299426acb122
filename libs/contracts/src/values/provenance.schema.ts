import { z } from 'zod';

/** Where a group of facts came from (the authentic source), and when staff last confirmed it. */
export const PROVENANCE_SOURCES = ['kbo', 'official-journal', 'urbis', 'cobrha', 'authority', 'organisation', 'staff', 'legacy-social-brussels'] as const;

export const provenanceSchema = z.object({
  source: z.enum(PROVENANCE_SOURCES),
  /** Identifier in the source (enterprise number, extract number, import run, …). */
  reference: z.string().max(200).nullable(),
  retrievedAt: z.iso.datetime({ offset: true }).nullable(),
  validatedAt: z.iso.datetime({ offset: true }).nullable(),
});

export type Provenance = z.output<typeof provenanceSchema>;
