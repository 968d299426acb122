import { main } from '@care/service-kit';
import { loadGatewayConfig } from './config/gateway.config.js';
import { gatewayDefinition } from './gateway.definition.js';

await main(() => gatewayDefinition(loadGatewayConfig()));
