import { parseCsv, parseCsvRecords } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, escaped quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines",\n')).toEqual([['a', 'b, c', 'say "hi"', 'two\nlines', '']]);
  });

  it('accepts CRLF, a byte order mark, empty fields and a last line without a line break', () => {
    expect(parseCsv('\uFEFFh1,h2\r\n"x",\r\n,,\r\n"",y')).toEqual([
      ['h1', 'h2'],
      ['x', ''],
      ['', '', ''],
      ['', 'y'],
    ]);
  });

  it('reads the register’s mix of quoted and bare empty fields', () => {
    expect(parseCsv('"1080","Rue Calliope","",,,"21012"\n')).toEqual([['1080', 'Rue Calliope', '', '', '', '21012']]);
  });

  it('refuses broken quoting', () => {
    expect(() => parseCsv('a,"open\n')).toThrow(/unterminated/);
    expect(() => parseCsv('a,b"c\n')).toThrow(/quote inside an unquoted field/);
    expect(() => parseCsv('a,"b"c\n')).toThrow(/after a quoted field/);
  });

  it('returns nothing for an empty text', () => {
    expect(parseCsv('')).toEqual([]);
  });
});

describe('parseCsvRecords', () => {
  it('keys rows by the header and skips blank lines', () => {
    expect(parseCsvRecords('postal_id,street_fr\n1030,"Boulevard Auguste Reyers"\n\n1000,"Rue de l\'Empereur"\n')).toEqual([
      { postal_id: '1030', street_fr: 'Boulevard Auguste Reyers' },
      { postal_id: '1000', street_fr: "Rue de l'Empereur" },
    ]);
  });

  it('refuses a row with the wrong number of fields', () => {
    expect(() => parseCsvRecords('a,b\n1,2,3\n')).toThrow(/3 fields, 2 expected/);
  });
});
