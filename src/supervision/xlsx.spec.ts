import { crc32, inflateRawSync } from 'node:zlib';
import { columnName, sheetName, writeXlsx, xmlText } from './xlsx';

/** Reads a zip back through its central directory, as a spreadsheet program does. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  let p = buf.readUInt32LE(eocd + 16);
  expect(p + size).toBe(eocd);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    expect(method).toBe(8);
    const data = inflateRawSync(buf.subarray(start, start + csize));
    expect(data.length).toBe(usize);
    expect(crc32(data)).toBe(crc);
    files.set(name, data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

describe('writeXlsx', () => {
  const rows = [
    ['Chỉ tiêu / Indicator', 'Giá trị / Value'],
    ['Số trẻ em bị xâm hại <& "test">', 12],
    ['Tỷ lệ', 95.5],
    [null, 'B only'],
  ];
  const files = unzip(writeXlsx(rows, 'Thống kê'));

  it('holds the parts of a workbook', () => {
    expect([...files.keys()].sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    expect(files.get('[Content_Types].xml')!.toString()).toContain('/xl/worksheets/sheet1.xml');
    expect(files.get('xl/workbook.xml')!.toString()).toContain('<sheet name="Thống kê" sheetId="1" r:id="rId1"/>');
  });

  it('writes inline strings (escaped, Vietnamese intact) and numbers in their cells', () => {
    const sheet = files.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheet).toContain('<c r="A1" t="inlineStr"><is><t xml:space="preserve">Chỉ tiêu / Indicator</t></is></c>');
    expect(sheet).toContain('<t xml:space="preserve">Số trẻ em bị xâm hại &lt;&amp; &quot;test&quot;&gt;</t>');
    expect(sheet).toContain('<c r="B2"><v>12</v></c>');
    expect(sheet).toContain('<c r="B3"><v>95.5</v></c>');
    expect(sheet).toContain('<row r="4"><c r="B4" t="inlineStr">');
    expect(sheet.match(/<row /g)).toHaveLength(4);
  });
});

describe('names and text', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [51, 'AZ'],
    [52, 'BA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('column %i is %s', (i, name) => expect(columnName(i)).toBe(name));

  it('drops characters XML cannot hold and fixes sheet names', () => {
    expect(xmlText('a\u0001b\tc')).toBe('ab\tc');
    expect(sheetName('a/b:c*d?[e]')).toBe('a b c d  e');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(sheetName('///')).toBe('Sheet1');
  });
});
