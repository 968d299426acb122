import { databaseCli } from '@care/service-kit';
import { GATEWAY_DATABASE } from './persistence/gateway.database.js';

await databaseCli(GATEWAY_DATABASE);
