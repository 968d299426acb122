import { databaseCli } from '@care/service-kit';
import { PUBLISHER_DATABASE } from './persistence/publisher.database.js';

await databaseCli(PUBLISHER_DATABASE);
