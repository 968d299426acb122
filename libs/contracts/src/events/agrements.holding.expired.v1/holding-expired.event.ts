import { defineEvent } from '../../envelope.js';
import { publicHoldingSchema } from '../../models/agrement.schema.js';

export const HoldingExpiredV1 = defineEvent({
  type: 'agrements.holding.expired.v1',
  audience: 'public',
  description: 'The end date of a holding passed (emitted once, by the daily expiry job; `effectiveOn` is the day after the end date). Payload: its complete state, status `expired`.',
  schema: publicHoldingSchema,
});
