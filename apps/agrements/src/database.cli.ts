import { databaseCli } from '@care/service-kit';
import { AGREMENTS_DATABASE } from './persistence/agrements.database.js';

await databaseCli(AGREMENTS_DATABASE);
