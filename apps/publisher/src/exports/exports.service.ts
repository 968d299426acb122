import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { DATA_SOURCE, EXPORT_EXTENSIONS, EXPORT_FORMATS, EXPORT_MEDIA_TYPES, exportFileName, OPEN_DATA_ATTRIBUTION, OPEN_DATA_LICENCE, writeExport, type ExportFormat } from '@care/exports';
import { cursorBatches } from '@care/persistence';
import { readAhead } from '../persistence/read-ahead.js';
import { DATASETS, EXPORT_DATASETS, type ExportDataset, type HeadRow } from './export-datasets.js';

/** What the caller needs before the first byte: the answer's type, file name, and the state exported. */
export interface ExportOpening {
  mediaType: string;
  fileName: string;
  sequence: string;
}

const iso = (value: unknown) => new Date(value as string).toISOString();
/**
 * Rows per fetch: a batch (and the text the writers make of it) stays small, so it dies young in
 * the heap instead of piling up as large objects until a full collection.
 */
const EXPORT_BATCH = 200;

/**
 * Open-data exports of the current version of every public entity of a kind (`entity_head`), read
 * in one repeatable-read snapshot together with the feed head: the file states the exact sequence
 * number it reflects, and a reuser continues from there with `GET /feed?after=<sequence>`.
 */
@Injectable()
export class ExportsService {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async catalogue() {
    const [head] = await this.orm.em.fork().execute<Array<{ seq: string }>>(`select seq::text as seq from feed_head where id = 1`);
    return {
      sequence: head!.seq,
      licence: OPEN_DATA_LICENCE,
      attribution: OPEN_DATA_ATTRIBUTION,
      datasets: EXPORT_DATASETS.map((name) => ({
        dataset: name,
        entityType: DATASETS[name].entityType,
        title: DATASETS[name].title,
        formats: EXPORT_FORMATS.map((format) => ({ format, mediaType: EXPORT_MEDIA_TYPES[format], href: `/exports/${name}?format=${format}` })),
      })),
    };
  }

  /**
   * Streams `dataset` in `format` to the destination `open` returns once the snapshot is taken.
   * Returns the number of rows written. The database snapshot lasts as long as the download.
   */
  async export(dataset: ExportDataset, format: ExportFormat, open: (opening: ExportOpening) => Writable): Promise<number> {
    const { entityType, title, definition } = DATASETS[dataset];
    return this.orm.em.fork().transactional(
      async (tx) => {
        const [head] = await tx.execute<Array<{ seq: string }>>(`select seq::text as seq from feed_head where id = 1`);
        const sequence = head!.seq;
        const out = open({ mediaType: EXPORT_MEDIA_TYPES[format], fileName: exportFileName(dataset, EXPORT_EXTENSIONS[format], `seq-${sequence}`), sequence });
        // Primary key order: an index scan, no sort of the payloads.
        const rows = cursorBatches<HeadRow<unknown>>(
          tx,
          `select entity_id as id, version, seq::text as seq, valid_from as "validFrom", payload from entity_head where entity_type = ? and not deleted order by entity_type, entity_id`,
          [entityType],
          EXPORT_BATCH,
        );
        const metadata = {
          dataset,
          title: `${title.fr} / ${title.nl}`,
          source: DATA_SOURCE,
          licence: OPEN_DATA_LICENCE,
          attribution: OPEN_DATA_ATTRIBUTION,
          generatedAt: new Date().toISOString(),
          sequence,
          entityType,
          continueWith: `/feed?after=${sequence}&types=${entityType}`,
        };
        return writeExport(format, withIsoDates(readAhead(rows)), definition, metadata, out);
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  }
}

async function* withIsoDates(batches: AsyncIterable<HeadRow<unknown>[]>): AsyncGenerator<HeadRow<unknown>[]> {
  for await (const batch of batches) {
    for (const row of batch) row.validFrom = iso(row.validFrom);
    yield batch;
  }
}
