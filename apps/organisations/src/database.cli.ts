import { databaseCli } from '@care/service-kit';
import { ORGANISATIONS_DATABASE } from './persistence/organisations.database.js';

await databaseCli(ORGANISATIONS_DATABASE);
