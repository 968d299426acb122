import { databaseCli } from '@care/service-kit';
import { SEARCH_DATABASE } from './persistence/search.database.js';

await databaseCli(SEARCH_DATABASE);
