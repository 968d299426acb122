import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';

export const EXPORT_FORMATS = ['ndjson', 'csv', 'xlsx', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json; charset=utf-8',
};

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { ndjson: 'ndjson', csv: 'csv', xlsx: 'xlsx', geojson: 'geojson' };

/**
 * What every export says about itself, in the file (each format has its place, see
 * `writeExport`): what it is, where it comes from, the state it reflects, and the licence.
 */
export interface ExportMetadata {
  /** `sites`, `organisations`, `authority-query`… */
  dataset: string;
  title: string;
  source: string;
  licence: { name: string; url: string };
  attribution: string;
  generatedAt: string;
  /** Anything else that pins the state exported: the feed sequence, the query… */
  [extra: string]: unknown;
}

export type Cell = string | number | boolean | null | undefined;

export interface ExportColumn<T> {
  header: string;
  value(row: T): Cell;
}

/** How rows of one kind become lines, table rows and features. */
export interface ExportDefinition<T> {
  /** CSV and XLSX columns, in order. */
  columns: ReadonlyArray<ExportColumn<T>>;
  /** The NDJSON line of a row, and the properties of its GeoJSON feature. */
  json(row: T): unknown;
  /** The GeoJSON point of a row (null geometry when it has none). */
  point(row: T): { lat: number; lon: number } | null;
}

/** A row sink for one export: rows go in batches, with back-pressure from the destination. */
interface FormatWriter<T> {
  start(): Promise<void>;
  rows(rows: readonly T[]): Promise<void>;
  end(): Promise<void>;
}

/**
 * Streams rows to `out` in a format, with the metadata inside the file, and returns how many rows
 * were written. Nothing is held in memory beyond a batch (and, for XLSX, the zip deflate window).
 *
 * - NDJSON: the first line is `{"metadata": …}`, then one row per line.
 * - CSV: UTF-8 with a byte-order mark (Excel reads accents right), CRLF, RFC 4180 quoting; the
 *   first line is a `#` comment with the metadata, the second the header.
 * - XLSX: the data sheet first, then a `metadata` sheet (key, value).
 * - GeoJSON: a FeatureCollection with a `metadata` member before the features (points in WGS84).
 */
export async function writeExport<T>(format: ExportFormat, batches: AsyncIterable<readonly T[]>, definition: ExportDefinition<T>, metadata: ExportMetadata, out: Writable): Promise<number> {
  const writer = WRITERS[format](definition, metadata, out) as FormatWriter<T>;
  let count = 0;
  await writer.start();
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    await writer.rows(batch);
    count += batch.length;
  }
  await writer.end();
  return count;
}

/** Writes, then waits for the destination to drain when it asks to. */
async function put(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw destinationClosed();
  if (!out.write(chunk)) await drained(out, out);
}

/**
 * Resolves when `stream` drains; rejects when `destination` closes or fails first. A client that
 * goes away mid-export closes the HTTP answer without an error event, and a plain wait for
 * `drain` would then hold the export (and its database snapshot) forever.
 */
function drained(stream: Writable, destination: Writable): Promise<void> {
  if (destination.destroyed) return Promise.reject(destinationClosed());
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('drain', onDrain);
      for (const s of new Set([stream, destination])) s.off('close', onClose).off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(destinationClosed());
    stream.once('drain', onDrain);
    for (const s of new Set([stream, destination])) s.once('close', onClose).once('error', settle);
  });
}

const destinationClosed = () => new Error('export destination closed before the end');

async function close(out: Writable): Promise<void> {
  out.end();
  await finished(out);
}

const WRITERS: { [F in ExportFormat]: <T>(d: ExportDefinition<T>, m: ExportMetadata, out: Writable) => FormatWriter<T> } = {
  ndjson: (d, m, out) => ({
    start: () => put(out, `${JSON.stringify({ metadata: m })}\n`),
    rows: (rows) => put(out, rows.map((r) => `${JSON.stringify(d.json(r))}\n`).join('')),
    end: () => close(out),
  }),
  csv: (d, m, out) => ({
    start: () => put(out, `\uFEFF# ${csvMetadata(m)}\r\n${d.columns.map((c) => csvCell(c.header)).join(',')}\r\n`),
    rows: (rows) => put(out, rows.map((r) => `${d.columns.map((c) => csvCell(c.value(r))).join(',')}\r\n`).join('')),
    end: () => close(out),
  }),
  geojson: (d, m, out) => {
    let first = true;
    return {
      start: () => put(out, `{"type":"FeatureCollection","metadata":${JSON.stringify(m)},"features":[\n`),
      rows: (rows) => {
        const text = rows
          .map((r) => {
            const p = d.point(r);
            const feature = { type: 'Feature', geometry: p ? { type: 'Point', coordinates: [p.lon, p.lat] } : null, properties: d.json(r) };
            const line = `${first ? '' : ',\n'}${JSON.stringify(feature)}`;
            first = false;
            return line;
          })
          .join('');
        return put(out, text);
      },
      end: async () => {
        await put(out, '\n]}\n');
        await close(out);
      },
    };
  },
  xlsx: (d, m, out) => xlsxWriter(d, m, out),
};

function xlsxWriter<T>(d: ExportDefinition<T>, m: ExportMetadata, out: Writable): FormatWriter<T> {
  // The zip goes through a PassThrough so that back-pressure from `out` reaches the row loop.
  const zip = new PassThrough();
  zip.pipe(out);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zip, useStyles: false, useSharedStrings: false });
  workbook.creator = m.source;
  const data = workbook.addWorksheet(m.dataset.slice(0, 31));
  return {
    start: async () => {
      data.addRow(d.columns.map((c) => c.header)).commit();
    },
    rows: async (rows) => {
      for (const r of rows) data.addRow(d.columns.map((c) => xlsxCell(c.value(r)))).commit();
      if (out.destroyed) throw destinationClosed();
      // ExcelJS hands the sheet's XML to the zip's deflate without waiting for it: without this
      // wait, the whole sheet piles up in memory whenever deflating is slower than rows come.
      const sheet = sheetInput(data);
      if (sheet && sheet.pending > sheet.limit) await drained(sheet.stream, out);
      if (zip.writableNeedDrain || out.writableNeedDrain) await drained(out.writableNeedDrain ? out : zip, out);
    },
    end: async () => {
      data.commit();
      const sheet = workbook.addWorksheet('metadata');
      sheet.addRow(['key', 'value']).commit();
      for (const [key, value] of Object.entries(flatMetadata(m))) sheet.addRow([key, value]).commit();
      sheet.commit();
      await workbook.commit();
      await finished(out);
    },
  };
}

/**
 * Where ExcelJS (4.4, streaming writer) sends a worksheet's XML: the zip entry's input stream. Its
 * `_writableState` (a `readable-stream` stream) is the only measure of what the deflate has not
 * taken yet; null if a later ExcelJS hides it (the export then runs without this wait).
 */
function sheetInput(sheet: ExcelJS.Worksheet): { stream: Writable; pending: number; limit: number } | null {
  const input = (sheet as unknown as { stream?: { pipes?: Array<Writable & { _writableState?: { length: number; highWaterMark: number } }> } }).stream?.pipes?.[0];
  const state = input?._writableState;
  return input && state ? { stream: input, pending: state.length, limit: state.highWaterMark } : null;
}

function flatMetadata(m: ExportMetadata): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(m)) {
    if (value === undefined) continue;
    if (key === 'licence') {
      flat['licence'] = m.licence.name;
      flat['licenceUrl'] = m.licence.url;
    } else flat[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return flat;
}

function csvMetadata(m: ExportMetadata): string {
  // One line: newlines in values would end the comment.
  return Object.entries(flatMetadata(m))
    .map(([k, v]) => `${k}=${v.replace(/[\r\n]+/g, ' ')}`)
    .join('; ');
}

/**
 * RFC 4180: quoted when it holds a comma, a quote or a line break. Text a spreadsheet would run
 * as a formula (`=…`, `@…`, `+`/`-` followed by something else than a number, as in
 * `+cmd|…`) gets a leading apostrophe (CSV injection); phone numbers (`+32 2 …`) stay as they are.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && /^([=@\t\r]|[+-][^\d\s(])/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** XLSX cells are typed: text is stored as text and never evaluated, so it is written as is. */
function xlsxCell(value: Cell): string | number | boolean | null {
  return value === undefined ? null : value;
}
