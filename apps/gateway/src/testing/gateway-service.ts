import { startServiceUnderTest, type ServiceUnderTest } from '@care/service-kit/testing';
import { AppModule } from '../app.module.js';
import { loadGatewayConfig } from '../config/gateway.config.js';
import { setupGatewayEdge } from '../gateway-edge.setup.js';
import { GATEWAY_DATABASE } from '../persistence/gateway.database.js';

export type GatewayUnderTest = ServiceUnderTest;

/** The gateway as `main.ts` builds it, on its own migrated test database, in front of the given upstream URLs. */
export function startGatewayService(label: string, env: NodeJS.ProcessEnv): Promise<GatewayUnderTest> {
  return startServiceUnderTest({
    name: 'gateway',
    label,
    database: GATEWAY_DATABASE,
    module: (e) => AppModule.register(loadGatewayConfig({ ...e, PORT: '0' })),
    definition: (e) => ({ jsonBody: false, openApi: false, configure: setupGatewayEdge, bodyLimit: loadGatewayConfig({ ...e, PORT: '0' }).HTTP_BODY_LIMIT }),
    env,
  });
}
