import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { GeocoderUnavailableError, type Geocoder } from '@care/geocoding';
import { AddressResolver, type AddressInput } from '@care/geo';
import type { Site } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import { ORGANISATIONS_CONFIG } from '../config/organisations-config.token.js';
import type { OrganisationsConfig } from '../config/organisations.config.js';
import { SiteEntity } from '../persistence/entities/site.entity.js';
import { SiteCommands } from '../sites/site.commands.js';
import { GEOCODER } from './geocoder.provider.js';

/** The address of a site as it was given, to ask the geocoder again. */
function addressInputOf(site: Site): AddressInput {
  const a = site.address;
  return {
    street: { fr: a.street.fr, nl: a.street.nl },
    number: a.number,
    box: a.box,
    postcode: a.postcode,
    municipalityNis: a.municipality.nis ?? undefined,
    point: null,
    lambert72: null,
    remark: a.remark,
  };
}

/**
 * Sites saved while the geocoder could not answer are tried again on a schedule; each one placed
 * gets its point, sector and district, and (when public) a `site.updated` event. Stops at the
 * first unavailability: the geocoder is still down, the next pass will try again.
 */
@Injectable()
export class GeocodingRetryJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('GeocodingRetry');
  private readonly addresses = AddressResolver.load();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly commands: SiteCommands,
    @Inject(GEOCODER) private readonly geocoder: Geocoder,
    @Inject(ORGANISATIONS_CONFIG) private readonly config: OrganisationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.retry(), this.config.GEOCODING_RETRY_MINUTES * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many sites were placed. */
  retry(limit = 200): Promise<number> {
    this.running ??= this.pass(limit).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(limit: number): Promise<number> {
    const pending = await this.uow.read().find(SiteEntity, { geocodingStatus: 'pending' }, { orderBy: { id: 'asc' }, limit, fields: ['id'] });
    let placed = 0;
    for (const { id } of pending) {
      try {
        const done = await this.uow.run(async (em) => {
          const site = await em.findOneOrFail(SiteEntity, { id });
          const input = addressInputOf(site);
          const found = await this.geocoder.geocode({ street: input.street.fr ?? input.street.nl!, number: input.number, postcode: input.postcode, language: 'fr' });
          if (!found) {
            site.markGeocoding('not-found');
            return false;
          }
          site.locate(this.addresses.resolve({ ...input, lambert72: found.lambert72 }).address, new Date());
          await em.flush();
          this.commands.record(em, site, 'edited', site.state);
          return true;
        });
        if (done) placed++;
      } catch (error) {
        if (error instanceof GeocoderUnavailableError) break;
        this.logger.error({ err: error }, `geocoding site ${id} failed`);
      }
    }
    if (placed) this.logger.log(`placed ${placed} site(s) waiting for the geocoder`);
    return placed;
  }
}
