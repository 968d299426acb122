import { Injectable } from '@nestjs/common';
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import { localizedSchema, type LocalizedValue } from '@care/contracts';
import { ConflictError, NotFoundError } from '@care/kernel';
import { siteInputSchema, type Site } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import { SiteEntity } from '../persistence/entities/site.entity.js';
import { SITE_LABEL, SiteCommands } from '../sites/site.commands.js';
import { SiteContentResolver } from '../sites/site-content.resolver.js';
import { PROPOSAL_STATUSES, SiteProposalEntity, type SiteProposal } from './site-proposal.entity.js';

export const PROPOSAL_LABEL = { fr: 'Proposition', nl: 'Voorstel' };

/**
 * What a representative may propose: the editable content of the fiche, without the organisation
 * it belongs to. Workflow state, verification date, version, provenance and ids are not part of it
 * and are refused (strict schema: no mass assignment).
 */
export const proposalContentSchema = siteInputSchema.omit({ organisationId: true }).strict();
export const proposalInputSchema = z.object({ content: proposalContentSchema, note: z.string().trim().max(2_000).nullable().default(null) }).strict();
export const rejectionSchema = z.object({ reason: localizedSchema(2_000) }).strict();
export const proposalListQuerySchema = z
  .object({
    status: z.enum(PROPOSAL_STATUSES).optional(),
    organisationId: z.coerce.number().int().positive().optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    size: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const proposalViewSchema = z.object({
  id: z.string(),
  siteId: z.number().int(),
  organisationId: z.number().int(),
  baseVersion: z.number().int(),
  content: z.record(z.string(), z.unknown()),
  note: z.string().nullable(),
  status: z.enum(PROPOSAL_STATUSES),
  proposedBy: z.string(),
  proposedAt: z.iso.datetime({ offset: true }),
  decidedBy: z.string().nullable(),
  decidedAt: z.iso.datetime({ offset: true }).nullable(),
  rejectionReason: z.object({ fr: z.string(), nl: z.string() }).nullable(),
});

export function proposalView(proposal: SiteProposal): z.output<typeof proposalViewSchema> {
  return {
    ...proposal,
    content: proposal.content as unknown as Record<string, unknown>,
    proposedAt: proposal.proposedAt.toISOString(),
    decidedAt: proposal.decidedAt?.toISOString() ?? null,
  };
}

const alreadyDecided = (proposal: SiteProposal) =>
  new ConflictError('proposal.decided', {
    fr: `La proposition ${proposal.id} a déjà été traitée (${proposal.status === 'accepted' ? 'acceptée' : 'refusée'})`,
    nl: `Voorstel ${proposal.id} werd al behandeld (${proposal.status === 'accepted' ? 'aanvaard' : 'geweigerd'})`,
  });

/**
 * Organisation self-service: proposals on a fiche, reviewed by validators. Accepting applies the
 * content through the editorial workflow (SiteCommands.record: the site's events in the same
 * transaction), counts as the validation, and so updates `lastVerifiedAt`.
 */
@Injectable()
export class ProposalCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sites: SiteCommands,
    private readonly content: SiteContentResolver,
  ) {}

  async propose(site: Site, input: z.output<typeof proposalInputSchema>, actor: string): Promise<SiteProposal> {
    if (site.organisationId === null) {
      throw new ConflictError('proposal.no_organisation', { fr: 'Cette fiche n’est liée à aucune organisation', nl: 'Deze fiche is aan geen enkele organisatie gekoppeld' });
    }
    return this.uow.run(async (em) => {
      const proposal = em.create(SiteProposalEntity, {
        siteId: site.id,
        organisationId: site.organisationId!,
        baseVersion: site.version,
        content: { ...input.content, organisationId: site.organisationId },
        note: input.note,
        status: 'pending',
        proposedBy: actor,
        proposedAt: new Date(),
        decidedBy: null,
        decidedAt: null,
        rejectionReason: null,
      });
      await em.flush();
      return proposal;
    });
  }

  async accept(id: string, validator: string): Promise<{ proposal: SiteProposal; site: Site }> {
    const pending = await this.get(id);
    if (pending.status !== 'pending') throw alreadyDecided(pending);
    const { content } = await this.content.resolve(pending.content);
    return this.uow.run(async (em) => {
      const proposal = await em.findOneOrFail(SiteProposalEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (proposal.status !== 'pending') throw alreadyDecided(proposal);
      const site = await em.findOne(SiteEntity, { id: proposal.siteId });
      if (!site) throw new NotFoundError(SITE_LABEL, proposal.siteId);
      const before = site.state;
      const at = new Date();
      // The organisation stays the one the proposal was made for, whatever the content says.
      site.acceptProposal({ ...content, organisationId: proposal.organisationId }, proposal.proposedBy, validator, at);
      proposal.status = 'accepted';
      proposal.decidedBy = validator;
      proposal.decidedAt = at;
      await em.flush();
      this.sites.record(em, site, 'validated', before);
      return { proposal, site };
    });
  }

  async reject(id: string, reason: LocalizedValue, validator: string): Promise<SiteProposal> {
    return this.uow.run(async (em) => {
      const proposal = await em.findOne(SiteProposalEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!proposal) throw new NotFoundError(PROPOSAL_LABEL, id);
      if (proposal.status !== 'pending') throw alreadyDecided(proposal);
      proposal.status = 'rejected';
      proposal.rejectionReason = reason;
      proposal.decidedBy = validator;
      proposal.decidedAt = new Date();
      await em.flush();
      return proposal;
    });
  }

  async get(id: string): Promise<SiteProposal> {
    const proposal = /^\d{1,18}$/.test(id) ? await this.uow.read().findOne(SiteProposalEntity, { id }) : null;
    if (!proposal) throw new NotFoundError(PROPOSAL_LABEL, id);
    return proposal;
  }

  list(query: z.output<typeof proposalListQuerySchema> & { siteId?: number }): Promise<[SiteProposal[], number]> {
    const where: FilterQuery<SiteProposal> = {};
    if (query.status) where.status = query.status;
    if (query.organisationId) where.organisationId = query.organisationId;
    if (query.siteId) where.siteId = query.siteId;
    return this.uow.read().findAndCount(SiteProposalEntity, where, { orderBy: { id: 'desc' }, limit: query.size, offset: (query.page - 1) * query.size });
  }
}
