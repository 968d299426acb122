import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CareProviderAuthorityChangedV1, CareProviderChangedV1, PracticeChangedV1, PracticeRemovedV1, type EventEnvelope } from '@care/contracts';
import { CareProvider, Practice, type CareProviderInput, type ObjectableField, type PracticeInput, type Professions } from '@care/care-providers-domain';
import { AddressResolver } from '@care/geo';
import { ConflictError, NotFoundError, StaleVersionError, ValidationError, fieldIssue, registerMessages } from '@care/kernel';
import { Outbox } from '@care/messaging';
import { UnitOfWork } from '@care/persistence';
import { CareProviderEntity, LinkedSiteEntity, PracticeEntity } from '../persistence/entities/care-provider.entity.js';
import { PROFESSIONS } from '../professions/professions.token.js';

registerMessages({
  'provider.specialisation_unknown': { fr: 'Spécialisation inconnue (code cd-hcparty attendu)', nl: 'Onbekende specialisatie (cd-hcparty-code verwacht)' },
  'provider.nihii_changed': { fr: 'Le numéro INAMI doit désigner la même personne', nl: 'Het RIZIV-nummer moet dezelfde persoon aanduiden' },
  'practice.site_not_published': { fr: 'Ce lieu n’est pas une fiche publiée du répertoire', nl: 'Deze plaats is geen gepubliceerde fiche van de gids' },
});

export const PROVIDER_LABEL = { fr: 'Prestataire de soins', nl: 'Zorgverlener' };
export const PRACTICE_LABEL = { fr: 'Lieu de pratique', nl: 'Praktijkadres' };

/**
 * Changes to care providers and their practices, each in one transaction with its events: the
 * public contract on `provider.changed` / `practice.*`, authority-only facts on their own event.
 * Only real differences emit events.
 */
@Injectable()
export class ProviderCommands {
  private readonly addresses = AddressResolver.load();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    @Inject(PROFESSIONS) private readonly professions: Professions,
  ) {}

  async register(input: CareProviderInput, actor: string): Promise<CareProvider> {
    this.checkSpecialisations(input);
    return this.uow.run(async (em) => {
      if (await em.count(CareProviderEntity, { id: input.nihii.personId })) {
        throw new ConflictError('provider.exists', { fr: `Le prestataire ${input.nihii.value} existe déjà`, nl: `Zorgverlener ${input.nihii.value} bestaat al` });
      }
      const provider = CareProvider.register(input, this.professions, `staff:${actor}`, new Date());
      em.persist(provider);
      await em.flush();
      this.recordProvider(em, provider, { public: true, authority: true });
      return provider;
    });
  }

  async update(id: string, expectedVersion: number, input: CareProviderInput, actor: string): Promise<CareProvider> {
    this.checkSpecialisations(input);
    return this.uow.run(async (em) => {
      const provider = await this.loadProvider(em, id, expectedVersion);
      if (input.nihii.personId !== provider.id) throw new ValidationError([fieldIssue('provider.nihii_changed', 'nihii')]);
      const changes = provider.update(input, this.professions, `staff:${actor}`, new Date());
      if (!changes.public && !changes.authority) return provider;
      await em.flush();
      this.recordProvider(em, provider, changes);
      if (changes.public) for (const practice of await em.find(PracticeEntity, { providerId: id, active: true })) this.recordPractice(em, practice, provider);
      return provider;
    });
  }

  /** The provider objects to (or stops objecting to) publishing optional fields. */
  async setObjections(id: string, expectedVersion: number, fields: readonly ObjectableField[], mode: 'add' | 'withdraw'): Promise<CareProvider> {
    return this.uow.run(async (em) => {
      const provider = await this.loadProvider(em, id, expectedVersion);
      const at = new Date();
      if (mode === 'add') provider.object(fields, at);
      else for (const field of fields) provider.withdrawObjection(field, at);
      await em.flush();
      this.recordProvider(em, provider, { public: true, authority: false });
      // Practice fields may be concerned too: their public state is published again.
      for (const practice of await em.find(PracticeEntity, { providerId: id, active: true })) this.recordPractice(em, practice, provider);
      return provider;
    });
  }

  async addPractice(providerId: string, input: PracticeInput): Promise<Practice> {
    return this.uow.run(async (em) => {
      const provider = await em.findOne(CareProviderEntity, { id: providerId });
      if (!provider) throw new NotFoundError(PROVIDER_LABEL, providerId);
      const content = await this.practiceContent(em, input);
      const existing = await em.findOne(PracticeEntity, { id: `${providerId}:${input.id}` });
      if (existing?.active) throw new ConflictError('practice.exists', { fr: 'Ce lieu de pratique existe déjà', nl: 'Dit praktijkadres bestaat al' });
      const siteStatus = input.siteId === null ? null : 'published';
      const practice = existing ?? Practice.open(providerId, content, siteStatus, new Date());
      if (existing) existing.update(content, siteStatus, new Date());
      else em.persist(practice);
      await em.flush();
      this.recordPractice(em, practice, provider);
      return practice;
    });
  }

  async updatePractice(id: string, expectedVersion: number, input: PracticeInput): Promise<Practice> {
    return this.uow.run(async (em) => {
      const practice = await this.loadPractice(em, id, expectedVersion);
      const provider = await em.findOneOrFail(CareProviderEntity, { id: practice.providerId });
      const content = await this.practiceContent(em, { ...input, id: id.slice(practice.providerId.length + 1) });
      if (!practice.update(content, input.siteId === null ? null : 'published', new Date())) return practice;
      await em.flush();
      this.recordPractice(em, practice, provider);
      return practice;
    });
  }

  async closePractice(id: string, expectedVersion: number): Promise<Practice> {
    return this.uow.run(async (em) => {
      const practice = await this.loadPractice(em, id, expectedVersion);
      if (practice.close(new Date())) {
        await em.flush();
        this.recordPracticeRemoved(em, practice);
      }
      return practice;
    });
  }

  /** The events of a provider change: public contract and, apart, the authority-only facts. */
  providerEvents(provider: CareProvider, changes: { public: boolean; authority: boolean }): EventEnvelope[] {
    const at = { aggregateId: provider.id, aggregateVersion: provider.version };
    return [
      ...(changes.public ? [this.outbox.envelope(CareProviderChangedV1, { ...at, payload: provider.toPublic(this.professions) })] : []),
      ...(changes.authority ? [this.outbox.envelope(CareProviderAuthorityChangedV1, { ...at, payload: provider.toAuthority() })] : []),
    ];
  }

  practiceEvent(practice: Practice, provider: CareProvider): EventEnvelope {
    return this.outbox.envelope(PracticeChangedV1, { aggregateId: practice.id, aggregateVersion: practice.version, payload: practice.toPublic(provider) });
  }

  practiceRemovedEvent(practice: Practice): EventEnvelope {
    return this.outbox.envelope(PracticeRemovedV1, { aggregateId: practice.id, aggregateVersion: practice.version, payload: { id: practice.id, providerId: practice.providerId } });
  }

  recordProvider(em: EntityManager, provider: CareProvider, changes: { public: boolean; authority: boolean }): void {
    for (const event of this.providerEvents(provider, changes)) this.outbox.add(em, event);
  }

  recordPracticeRemoved(em: EntityManager, practice: Practice): void {
    this.outbox.add(em, this.practiceRemovedEvent(practice));
  }

  recordPractice(em: EntityManager, practice: Practice, provider: CareProvider): void {
    this.outbox.add(em, this.practiceEvent(practice, provider));
  }

  /** Completes the address (street register, coordinates, sector); a linked site must be public. */
  private async practiceContent(em: EntityManager, input: PracticeInput) {
    const { address, issues } = this.addresses.resolve(input.address, 'address');
    if (input.siteId !== null) {
      const site = await em.findOne(LinkedSiteEntity, { id: input.siteId });
      if (site?.status !== 'published') issues.push(fieldIssue('practice.site_not_published', 'siteId'));
    }
    if (issues.length) throw new ValidationError(issues);
    return { ...input, address };
  }

  private checkSpecialisations(input: CareProviderInput): void {
    const unknown = input.specialisations.flatMap((code, i) => (this.professions.has(code) ? [] : [fieldIssue('provider.specialisation_unknown', `specialisations.${i}`)]));
    if (unknown.length) throw new ValidationError(unknown);
  }

  private async loadProvider(em: EntityManager, id: string, expectedVersion: number): Promise<CareProvider> {
    const provider = await em.findOne(CareProviderEntity, { id });
    if (!provider) throw new NotFoundError(PROVIDER_LABEL, id);
    if (provider.version !== expectedVersion) throw new StaleVersionError(expectedVersion, provider.version);
    return provider;
  }

  private async loadPractice(em: EntityManager, id: string, expectedVersion: number): Promise<Practice> {
    const practice = await em.findOne(PracticeEntity, { id });
    if (!practice) throw new NotFoundError(PRACTICE_LABEL, id);
    if (practice.version !== expectedVersion) throw new StaleVersionError(expectedVersion, practice.version);
    return practice;
  }
}
