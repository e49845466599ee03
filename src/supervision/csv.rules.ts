/**
 * CSV as spreadsheets read it (RFC 4180): fields quoted when they hold a comma, quote, CR or LF, quotes
 * doubled, lines ended by CRLF, and a UTF-8 byte-order mark so Excel shows Vietnamese text correctly.
 */

export const UTF8_BOM = '\uFEFF';

export type Cell = string | number | boolean | null | undefined;

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading = + - @ would make a spreadsheet run the cell as a formula; a quote mark keeps it text.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly Cell[])[]): Buffer {
  const body = rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return Buffer.from(UTF8_BOM + body, 'utf8');
}
