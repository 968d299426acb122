import { defineEvent } from '../../envelope.js';
import { availabilityStateSchema } from '../../models/crisis.schema.js';

export const AvailabilityReportedV1 = defineEvent({
  type: 'agrements.availability.reported.v1',
  audience: 'authority',
  description:
    'A site or one of its holdings (or a capacity group of it) reported its current free places or its open/full/closed status, with an optional expiry. Aggregate: the slot. Only for the crisis-management consumers.',
  schema: availabilityStateSchema,
});
