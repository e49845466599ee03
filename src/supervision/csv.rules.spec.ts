import { csvField, toCsv } from './csv.rules';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['Quảng Ninh', 'Quảng Ninh'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['-1 text', "'-1 text"],
    ['@x', "'@x"],
    [-5, '-5'],
    [12.5, '12.5'],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
  ])('%p → %p', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('starts with the UTF-8 BOM, ends lines with CRLF and keeps Vietnamese text', () => {
    const buf = toCsv([
      ['Tỉnh', 'Số'],
      ['Quảng Ninh, Hạ Long', 3],
    ]);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(buf.subarray(3).toString('utf8')).toBe('Tỉnh,Số\r\n"Quảng Ninh, Hạ Long",3\r\n');
  });
});
