import type { HealthReport } from '@care/kernel';

export type { HealthReport };

/** Something `/health` asks about: the database, the event bus, a search engine, an upstream. */
export interface HealthContributor {
  readonly healthKey: string;
  health(): Promise<HealthReport>;
}

export const HEALTH_CONTRIBUTORS = Symbol('HEALTH_CONTRIBUTORS');
