import { defineEntity, p } from '@mikro-orm/core';
import type { LocalizedValue } from '@care/contracts';
import type { SiteInput } from '@care/organisations-domain';

export const PROPOSAL_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A change of a fiche proposed by a representative of its organisation, waiting for (or decided by) a validator. */
export class SiteProposal {
  id!: string;
  siteId!: number;
  organisationId!: number;
  /** The fiche's version the representative saw. */
  baseVersion!: number;
  content!: SiteInput;
  note: string | null = null;
  status: ProposalStatus = 'pending';
  proposedBy!: string;
  proposedAt!: Date;
  decidedBy: string | null = null;
  decidedAt: Date | null = null;
  rejectionReason: LocalizedValue | null = null;
}

export const SiteProposalEntity = defineEntity({
  class: SiteProposal,
  tableName: 'site_proposal',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    siteId: p.integer().index('site_proposal_site_index'),
    organisationId: p.integer(),
    baseVersion: p.integer(),
    content: p.json<SiteInput>(),
    note: p.text().nullable(),
    status: p.enum(PROPOSAL_STATUSES).index('site_proposal_status_index'),
    proposedBy: p.text(),
    proposedAt: p.datetime(),
    decidedBy: p.text().nullable(),
    decidedAt: p.datetime().nullable(),
    rejectionReason: p.json<LocalizedValue>().nullable(),
  },
});
