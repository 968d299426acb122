/**
 * RFC 4180 CSV: fields separated by commas, optionally quoted; inside quotes, commas and line
 * breaks are data and `""` is a quote. Accepts LF or CRLF line ends and a UTF-8 byte order mark.
 * Quoted and unquoted empty fields both read as ''. Fields are sliced out of the text (indexOf)
 * rather than built character by character: about ten times faster on the street register.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  if (i >= n) return rows;
  for (;;) {
    let field: string;
    if (text[i] === '"') {
      // Quoted: up to the quote that is not followed by another quote.
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) throw new Error(`CSV line ${rows.length + 1}: unterminated quoted field`);
        value += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      field = value;
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw new Error(`CSV line ${rows.length + 1}: unexpected character after a quoted field`);
      }
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
        if (c === 34 /* " */) throw new Error(`CSV line ${rows.length + 1}: quote inside an unquoted field`);
        end++;
      }
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    if (i >= n) {
      rows.push(row);
      return rows;
    }
    const separator = text[i];
    i++;
    if (separator === ',') continue;
    if (separator === '\r' && text[i] === '\n') i++;
    rows.push(row);
    row = [];
    // A trailing line break adds no empty row.
    if (i >= n) return rows;
  }
}

/** Rows as records keyed by the header line; every row must have the header's number of fields. Blank lines are skipped. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows
    .filter((row) => !(row.length === 1 && row[0] === ''))
    .map((row, index) => {
      if (row.length !== header.length) throw new Error(`CSV record ${index + 1}: ${row.length} fields, ${header.length} expected`);
      return Object.fromEntries(header.map((name, k) => [name, row[k]!]));
    });
}
