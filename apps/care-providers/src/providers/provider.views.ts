import { z } from 'zod';
import { authorityCareProviderSchema, OBJECTABLE_FIELDS, publicCareProviderSchema, publicPracticeSchema } from '@care/contracts';
import type { CareProvider, Practice, Professions } from '@care/care-providers-domain';
import type { Audience } from '@care/service-kit';

export const publicProviderViewSchema = publicCareProviderSchema.extend({ practices: z.array(publicPracticeSchema) });
export const authorityProviderViewSchema = publicProviderViewSchema.extend(authorityCareProviderSchema.pick({ directContacts: true, approvalStatus: true }).shape);
export const internalProviderViewSchema = authorityProviderViewSchema.extend({
  version: z.number().int(),
  objections: z.array(z.enum(OBJECTABLE_FIELDS)),
  genderPublic: z.boolean(),
  gender: z.enum(['female', 'male', 'x']).nullable(),
  inactiveReason: z.string().nullable(),
  source: z.string(),
  practices: z.array(publicPracticeSchema.extend({ version: z.number().int() })),
});

/** A provider as any audience may receive it (the three views above). */
export const providerViewSchema = z.union([internalProviderViewSchema, authorityProviderViewSchema, publicProviderViewSchema]);
export const providerPageSchema = z.object({ items: z.array(providerViewSchema), total: z.number().int(), page: z.number().int(), size: z.number().int() });
export const professionKindsSchema = z.array(z.object({ kind: z.string(), label: z.object({ fr: z.string(), nl: z.string() }) }));
export const practiceClosedSchema = z.object({ id: z.string(), active: z.boolean() });

/**
 * The one place that decides which fields of a provider an audience receives: public (the
 * contract, objections honoured), authority (plus direct contacts and approval, objections not
 * applied), internal (plus workflow and provenance, for staff).
 */
export function providerView(provider: CareProvider, practices: readonly Practice[], audience: Audience, professions: Professions) {
  const active = practices.filter((p) => p.active);
  if (audience === 'public') return { ...provider.toPublic(professions), practices: active.map((p) => p.toPublic(provider)) };
  const { directContacts, approvalStatus } = provider.toAuthority();
  const authority = { ...provider.toPublic(professions, { honourObjections: false }), directContacts, approvalStatus };
  if (audience === 'authority') return { ...authority, practices: active.map((p) => p.toPublic(provider, { honourObjections: false })) };
  return {
    ...authority,
    version: provider.version,
    objections: provider.objections,
    genderPublic: provider.genderPublic,
    gender: provider.gender,
    inactiveReason: provider.inactiveReason,
    source: provider.source,
    practices: practices.map((p) => ({ ...p.toPublic(provider, { honourObjections: false }), version: p.version })),
  };
}
