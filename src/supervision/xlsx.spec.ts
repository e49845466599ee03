import readXlsxFile from 'read-excel-file/node';
import { sheetName, writeXlsx } from './xlsx';

describe('writeXlsx', () => {
  const rows = [
    ['Chỉ tiêu / Indicator', 'Giá trị / Value'],
    ['Số trẻ em bị xâm hại <& "test">', 12],
    ['Tỷ lệ', 95.5],
    [null, 'B only'],
    ['Ghi chú\u0007 có ký tự điều khiển', true],
  ];

  it('reads back as the same sheet: Vietnamese text intact, numbers as numbers, blanks empty', async () => {
    const sheets = await readXlsxFile(await writeXlsx(rows, 'Thống kê 2026-01-01'));
    expect(sheets).toHaveLength(1);
    expect(sheets[0].sheet).toBe('Thống kê 2026-01-01');
    expect(sheets[0].data).toEqual([
      ['Chỉ tiêu / Indicator', 'Giá trị / Value'],
      ['Số trẻ em bị xâm hại <& "test">', 12],
      ['Tỷ lệ', 95.5],
      [null, 'B only'],
      ['Ghi chú có ký tự điều khiển', true],
    ]);
  });

  it('is a zip container (what Excel and LibreOffice open)', async () => {
    expect((await writeXlsx([['a']])).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('sheetName', () => {
  it.each([
    ['Thống kê', 'Thống kê'],
    ['a/b:c*d?e[f]g\\h', 'a b c d e f g h'],
    ['x'.repeat(40), 'x'.repeat(31)],
    ['  ', 'Sheet1'],
  ])('%s → %s', (given, expected) => expect(sheetName(given)).toBe(expected));
});
