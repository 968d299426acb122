import type { EventDefinition } from './envelope.js';

/**
 * Every event contract of the platform. Each contract lives in its own folder under
 * `events/<context>.<entity>.<action>.v<n>/` and is listed here; `docs/events.md` and
 * `docs/events.schema.json` are generated from this list (`npm run docs:events`).
 */
export const EVENT_CONTRACTS = [] as const satisfies readonly EventDefinition[];

export type KnownEvent = (typeof EVENT_CONTRACTS)[number];

const byType = new Map<string, EventDefinition>(EVENT_CONTRACTS.map((d: EventDefinition) => [d.type, d]));

export function contractOf(type: string): EventDefinition | undefined {
  return byType.get(type);
}
