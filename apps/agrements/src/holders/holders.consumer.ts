import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventConsumers } from '@care/service-kit';
import { HOLDERS_GROUP, registerHolderProjection } from './holder.projection.js';

/** Keeps the holder projection current from the organisations and care-providers events. */
@Injectable()
export class HoldersConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    registerHolderProjection(this.consumers.group(HOLDERS_GROUP));
  }
}
