import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { Cell } from './csv.rules';

/**
 * Statistics as an XLSX workbook of one sheet, written by `write-excel-file` (maintained, one dependency:
 * fflate). Strings and numbers keep their type so a spreadsheet can sum the numbers.
 */

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\. */
export function sheetName(name: string): string {
  const clean = name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31);
  return clean || 'Sheet1';
}

// XML 1.0 forbids these control characters; Excel refuses a file that carries them.
// eslint-disable-next-line no-control-regex -- these control characters are exactly what is removed
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function cell(value: Cell): Row[number] {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  return String(value).replace(FORBIDDEN_IN_XML, '');
}

/** The workbook with one sheet holding `rows` (row 1 first). */
export async function writeXlsx(rows: readonly (readonly Cell[])[], name = 'Sheet1'): Promise<Buffer> {
  return writeXlsxFile(
    rows.map((row) => row.map(cell)),
    { sheet: sheetName(name) },
  ).toBuffer();
}
