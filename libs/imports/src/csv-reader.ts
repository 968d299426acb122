import { createReadStream } from 'node:fs';
import readline from 'node:readline';

export interface CsvRecord {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvRejection {
  line: number;
  reason: string;
  raw: string;
}

export type CsvItem = ({ ok: true } & CsvRecord) | ({ ok: false } & CsvRejection);

export class CsvHeaderError extends Error {}

/**
 * Splits one CSV line (RFC 4180 quoting, `""` inside quotes). Returns null when a quoted field is
 * still open at the end of the line (the record continues on the next line). Scans with indexOf:
 * this runs for every one of millions of rows.
 */
export function splitCsvLine(text: string, delimiter = ','): string[] | null {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) return null;
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      // Anything between the closing quote and the delimiter is kept, as lenient parsers do.
      const next = text.indexOf(delimiter, i);
      fields.push(next === -1 ? value + text.slice(i) : value + text.slice(i, next));
      if (next === -1) return fields;
      i = next + 1;
    } else {
      const next = text.indexOf(delimiter, i);
      if (next === -1) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, next));
      i = next + 1;
    }
    if (i === n) {
      fields.push('');
      return fields;
    }
  }
}

/**
 * Streams a CSV file record by record, memory flat whatever its size. The header must be exactly
 * `expectedHeader` (else the whole file is refused); every other problem is per row and does not
 * stop the file: wrong number of columns, invalid UTF-8 (decoded as U+FFFD), unterminated quote.
 */
export async function* readCsv(path: string, expectedHeader: readonly string[], delimiter = ','): AsyncGenerator<CsvItem> {
  const lines = readline.createInterface({ input: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let lineNumber = 0;
  let pending: { start: number; text: string } | undefined;
  for await (const raw of lines) {
    lineNumber++;
    if (lineNumber === 1) {
      const header = splitCsvLine(raw.replace(/^\uFEFF/, ''), delimiter);
      if (!header || header.length !== expectedHeader.length || header.some((h, i) => h.trim() !== expectedHeader[i])) {
        throw new CsvHeaderError(`${path}: header ${JSON.stringify(header)} is not the expected ${JSON.stringify(expectedHeader)}`);
      }
      continue;
    }
    const text = pending ? `${pending.text}\n${raw}` : raw;
    const start = pending?.start ?? lineNumber;
    if (text.trim() === '' && !pending) continue;
    const fields = splitCsvLine(text, delimiter);
    if (fields === null) {
      // A quoted field spanning lines; give up after 20 lines (a stray quote, not a real field).
      if (lineNumber - start < 20) {
        pending = { start, text };
        continue;
      }
      pending = undefined;
      yield { ok: false, line: start, reason: 'unterminated quoted field', raw: text.slice(0, 500) };
      continue;
    }
    pending = undefined;
    if (text.includes('\uFFFD')) yield { ok: false, line: start, reason: 'invalid UTF-8 encoding', raw: text.slice(0, 500) };
    else if (fields.length !== expectedHeader.length) {
      yield { ok: false, line: start, reason: `${fields.length} columns instead of ${expectedHeader.length}`, raw: text.slice(0, 500) };
    } else yield { ok: true, line: start, fields };
  }
  if (pending) yield { ok: false, line: pending.start, reason: 'unterminated quoted field', raw: pending.text.slice(0, 500) };
}
