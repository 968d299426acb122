import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventConsumers } from '@care/service-kit';
import { liveTargets, PROJECTION_GROUP, registerSearchProjection } from './search.projection.js';

/** Feeds the search projection from the public events of organisations, care providers and agréments. */
@Injectable()
export class SearchProjectionConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    registerSearchProjection(this.consumers.group(PROJECTION_GROUP), liveTargets);
  }
}
