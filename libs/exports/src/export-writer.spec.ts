import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvCell, writeExport, type ExportDefinition, type ExportFormat, type ExportMetadata } from './export-writer.js';

interface Row {
  id: number;
  name: string;
  lat: number | null;
  lon: number | null;
}

const definition: ExportDefinition<Row> = {
  columns: [
    { header: 'id', value: (r) => r.id },
    { header: 'name', value: (r) => r.name },
  ],
  json: (r) => ({ id: r.id, name: r.name }),
  point: (r) => (r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon }),
};
const metadata: ExportMetadata = {
  dataset: 'sites',
  title: 'Sites',
  source: 'test',
  licence: { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  attribution: 'Source: test',
  generatedAt: '2026-12-06T10:00:00.000Z',
  sequence: '42',
};
const rows: Row[] = [
  { id: 1, name: 'Hôpital, "Saint-Pierre"', lat: 50.83, lon: 4.35 },
  { id: 2, name: 'Ligne 1\nLigne 2', lat: null, lon: null },
];

async function* batches<T>(items: T[], size: number): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

async function exportTo(format: ExportFormat, items: Row[] = rows): Promise<{ buffer: Buffer; count: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const count = await writeExport(format, batches(items, 1), definition, metadata, out);
  return { buffer: Buffer.concat(chunks), count };
}

describe('writeExport', () => {
  it('NDJSON: the metadata line, then one JSON row per line', async () => {
    const { buffer, count } = await exportTo('ndjson');
    const lines = buffer.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(count).toBe(2);
    expect(lines[0]).toEqual({ metadata });
    expect(lines.slice(1)).toEqual([{ id: 1, name: 'Hôpital, "Saint-Pierre"' }, { id: 2, name: 'Ligne 1\nLigne 2' }]);
  });

  it('CSV: byte-order mark, a metadata comment, the header, RFC 4180 quoting with CRLF', async () => {
    const text = (await exportTo('csv')).buffer.toString('utf8');
    expect(text.startsWith('\uFEFF# dataset=sites; ')).toBe(true);
    expect(text).toContain('sequence=42');
    expect(text).toContain('licence=CC BY-SA 4.0; licenceUrl=https://creativecommons.org/licenses/by-sa/4.0/');
    expect(text.split('\r\n').slice(1)).toEqual(['id,name', '1,"Hôpital, ""Saint-Pierre"""', '2,"Ligne 1\nLigne 2"', '']);
  });

  it('CSV: neutralises formulas but keeps phone numbers and negative numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+cmd|calc')).toBe(`'+cmd|calc`);
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvCell('+32 2 211 11 11')).toBe('+32 2 211 11 11');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('GeoJSON: a FeatureCollection with the metadata and a feature per row (null geometry without a point)', async () => {
    const collection = JSON.parse((await exportTo('geojson')).buffer.toString('utf8'));
    expect(collection).toMatchObject({ type: 'FeatureCollection', metadata });
    expect(collection.features).toEqual([
      { type: 'Feature', geometry: { type: 'Point', coordinates: [4.35, 50.83] }, properties: { id: 1, name: 'Hôpital, "Saint-Pierre"' } },
      { type: 'Feature', geometry: null, properties: { id: 2, name: 'Ligne 1\nLigne 2' } },
    ]);
    const empty = JSON.parse((await exportTo('geojson', [])).buffer.toString('utf8'));
    expect(empty.features).toEqual([]);
  });

  it('XLSX: a workbook a spreadsheet opens, with the data sheet and the metadata sheet', async () => {
    const { buffer } = await exportTo('xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const [data, meta] = workbook.worksheets;
    expect(data!.name).toBe('sites');
    expect(data!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1))).toEqual([
      ['id', 'name'],
      [1, 'Hôpital, "Saint-Pierre"'],
      [2, 'Ligne 1\nLigne 2'],
    ]);
    const values = Object.fromEntries(meta!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1, 3) as [string, string]));
    expect(values).toMatchObject({ dataset: 'sites', sequence: '42', licence: 'CC BY-SA 4.0', attribution: 'Source: test' });
  });

  it('waits for a slow destination instead of buffering the whole export', async () => {
    let pending = 0;
    let maxPending = 0;
    const slow = new Writable({
      highWaterMark: 1_024,
      write(chunk: Buffer, _encoding, done) {
        pending += chunk.length;
        maxPending = Math.max(maxPending, pending);
        setImmediate(() => {
          pending -= chunk.length;
          done();
        });
      },
    });
    const many = Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `Service numéro ${i}`, lat: 50.8, lon: 4.3 }));
    const count = await writeExport('csv', batches(many, 100), definition, metadata, slow);
    expect(count).toBe(20_000);
    // Far less than the ~500 KB of the whole file was ever waiting in the destination.
    expect(maxPending).toBeLessThan(20_000);
  });

  it('XLSX: waits for the zip to take each batch instead of holding the whole sheet in memory', async () => {
    const wide: ExportDefinition<{ id: number }> = { columns: Array.from({ length: 50 }, (_, i) => ({ header: `c${i}`, value: (r) => `valeur ${r.id} colonne ${i}` })), json: (r) => r, point: () => null };
    let received = 0;
    const receivedAtPull: number[] = [];
    async function* fromIo(): AsyncGenerator<Array<{ id: number }>> {
      for (let b = 0; b < 30; b++) {
        await new Promise((resolve) => setImmediate(resolve)); // rows come from I/O (the database)
        receivedAtPull.push(received);
        yield Array.from({ length: 1_000 }, (_, i) => ({ id: b * 1_000 + i }));
      }
    }
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        received += chunk.length;
        done();
      },
    });
    expect(await writeExport('xlsx', fromIo(), wide, metadata, sink)).toBe(30_000);
    // Rows are asked for as the file goes out: when the last batch is asked for, most of the file
    // is out. (Without waiting, every batch is asked for at once and ~100 MB of XML queue up in
    // front of the deflate: almost nothing is out yet.)
    expect(receivedAtPull.at(-1)! / received).toBeGreaterThan(0.5);
  });

  it.each(['csv', 'xlsx', 'geojson'] as const)('%s: stops with an error when the destination closes mid-export (a client gone), instead of waiting for it forever', async (format) => {
    let batchesRead = 0;
    async function* endless(): AsyncGenerator<Row[]> {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve)); // a batch comes from I/O (the database), as in a real export
        batchesRead++;
        yield Array.from({ length: 100 }, (_, i) => ({ id: i, name: `Service numéro ${i} ${'x'.repeat(200)}`, lat: 50.8, lon: 4.3 }));
      }
    }
    // Accepts a few chunks, then never finishes a write: the export waits for it to drain.
    let accepted = 0;
    const stalled = new Writable({
      highWaterMark: 1_024,
      write(_chunk: Buffer, _encoding, done) {
        if (++accepted < 5) done();
      },
    });
    const exporting = writeExport(format, endless(), definition, metadata, stalled);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const readWhileStalled = batchesRead;
    stalled.destroy();
    await expect(exporting).rejects.toThrow('export destination closed');
    // At most the batch already being read when the client left.
    expect(batchesRead).toBeLessThanOrEqual(readWhileStalled + 1);
  });
});
