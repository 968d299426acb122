import { Inject, Injectable } from '@nestjs/common';
import type { SearchEngine } from '@care/search-domain';
import type { HealthContributor, HealthReport } from '@care/service-kit';
import { SEARCH_ENGINE } from '../engines/search-engine.token.js';
import { IndexState } from './index-state.js';

/** `/health` → `searchIndex`: the engine's status and the index lag (last event seen vs indexed). */
@Injectable()
export class SearchIndexHealth implements HealthContributor {
  readonly healthKey = 'searchIndex';

  constructor(
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    private readonly state: IndexState,
  ) {}

  async health(): Promise<HealthReport> {
    const engine = await this.engine.health();
    const lag = await this.state.lag();
    return { status: engine.status === 'up' && lag.generation !== null ? 'up' : 'down', details: { ...engine.details, ...lag } };
  }
}
