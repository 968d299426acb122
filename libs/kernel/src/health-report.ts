/** Status of one dependency as reported by `/health` (database, event bus, search engine, upstream). */
export interface HealthReport {
  status: 'up' | 'down';
  details: Record<string, unknown>;
}
