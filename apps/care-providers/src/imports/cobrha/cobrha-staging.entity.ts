import { defineEntity, p } from '@mikro-orm/core';

/**
 * Rows of the CoBRHA extract being imported, checked and loaded with COPY, then read back grouped
 * by provider (the file need not be sorted). One import at a time (advisory lock); emptied at the
 * start of each run.
 */
export const CobrhaStagingEntity = defineEntity({
  name: 'CobrhaStaging',
  tableName: 'cobrha_staging',
  properties: {
    line: p.integer().primary().autoincrement(false),
    personId: p.text().index('cobrha_staging_person_index'),
    row: p.json<Record<string, string>>(),
  },
});
