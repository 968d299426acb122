import { defineEvent } from '../../envelope.js';
import { publicHoldingSchema } from '../../models/agrement.schema.js';

export const HoldingChangedV1 = defineEvent({
  type: 'agrements.holding.changed.v1',
  audience: 'public',
  description: 'A holding of an agrément was registered, corrected, suspended, reinstated or withdrawn. Payload: its complete state and the date from which it applies.',
  schema: publicHoldingSchema,
});
