import { databaseCli } from '@care/service-kit';
import { CARE_PROVIDERS_DATABASE } from './persistence/care-providers.database.js';

await databaseCli(CARE_PROVIDERS_DATABASE);
