import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCsv, splitCsvLine, type CsvItem } from './csv-reader.js';

describe('splitCsvLine', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['"a","b,c","d""e"', ['a', 'b,c', 'd"e']],
    ['"0212.347.945","AC","","2"', ['0212.347.945', 'AC', '', '2']],
    ['a,,', ['a', '', '']],
    ['', ['']],
    ['"x"y,z', ['xy', 'z']],
  ])('%s', (line, fields) => {
    expect(splitCsvLine(line)).toEqual(fields);
  });

  it('says when a quoted field continues on the next line', () => {
    expect(splitCsvLine('"a","multi')).toBeNull();
  });
});

describe('readCsv', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'care-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = async (content: string | Buffer) => {
    const file = path.join(dir, `f${Math.random()}.csv`);
    writeFileSync(file, content);
    const items: CsvItem[] = [];
    for await (const item of readCsv(file, ['A', 'B'])) items.push(item);
    return items;
  };

  it('numbers lines from the header, joins quoted fields spanning lines, and reports bad rows without stopping', async () => {
    const items = await read(Buffer.concat([Buffer.from('\uFEFF"A","B"\r\n"1","x"\r\n"2","multi\nline"\n"3"\n'), Buffer.from([0x22, 0x34, 0x22, 0x2c, 0x22, 0xff, 0x22, 0x0a]), Buffer.from('"5","ok"\n')]));
    expect(items).toEqual([
      { ok: true, line: 2, fields: ['1', 'x'] },
      { ok: true, line: 3, fields: ['2', 'multi\nline'] },
      { ok: false, line: 5, reason: '1 columns instead of 2', raw: '"3"' },
      { ok: false, line: 6, reason: 'invalid UTF-8 encoding', raw: '"4","\uFFFD"' },
      { ok: true, line: 7, fields: ['5', 'ok'] },
    ]);
  });

  it('refuses a file whose header is not the expected one', async () => {
    await expect(read('"A","C"\n"1","2"\n')).rejects.toThrow(/header/);
  });
});
