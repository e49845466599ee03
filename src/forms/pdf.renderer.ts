import PDFDocument from 'pdfkit';
import { DOTS, FormDocument, FormLine, NATIONAL_HEADING } from './form-document';

/**
 * Draws a form as an A4 PDF to print. The font is DejaVu Sans from the `dejavu-fonts-ttf` package (free
 * licence, every Vietnamese letter with its diacritics), embedded and subset by pdfkit, so the file prints
 * the same on any machine.
 */
const REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const OBLIQUE = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf');

const MARGIN = 56; // 2 cm
const SIZE = 10.5;

export function renderPdf(form: FormDocument, meta: { printedAt: Date }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN + 14, right: MARGIN },
    info: { Title: `${form.title} – ${form.code}`, CreationDate: meta.printedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  doc.registerFont('oblique', OBLIQUE);

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const leftCol = width * 0.4;
  const rightCol = width - leftCol;

  // Heading: the issuing body on the left, the national heading on the right.
  const top = doc.y;
  doc.font('regular').fontSize(SIZE);
  form.issuer.forEach((line, i) => doc.font(i === form.issuer.length - 1 ? 'bold' : 'regular').text(line, left, i === 0 ? top : undefined, { width: leftCol, align: 'center' }));
  doc.font('regular').text(`Số: ${form.number ?? '………'}`, left, undefined, { width: leftCol, align: 'center' });
  const leftBottom = doc.y;
  doc.font('bold').text(NATIONAL_HEADING[0], left + leftCol, top, { width: rightCol, align: 'center' });
  doc.text(NATIONAL_HEADING[1], left + leftCol, undefined, { width: rightCol, align: 'center', underline: true });
  doc.moveDown(0.5);
  doc.font('oblique').text(form.placeAndDate, left + leftCol, undefined, { width: rightCol, align: 'center' });
  doc.y = Math.max(doc.y, leftBottom) + 14;

  doc
    .font('bold')
    .fontSize(SIZE + 2)
    .text(form.title, left, undefined, { width, align: 'center' });
  if (form.subtitle)
    doc
      .font('bold')
      .fontSize(SIZE + 0.5)
      .text(form.subtitle, left, undefined, { width, align: 'center' });
  doc.fontSize(SIZE).moveDown(1);

  const dotsAfter = (prefix: string): string => {
    // Fill the rest of the prefix's last line with dots (a whole line when the prefix wraps).
    const used = doc.widthOfString(prefix);
    const free = used < width ? width - used : width;
    return '.'.repeat(Math.max(8, Math.floor(free / doc.widthOfString('.')) - 2));
  };

  for (const line of form.lines) drawLine(doc, line, left, width, dotsAfter);

  doc.moveDown(1.5);
  drawSignatures(doc, form, left, width);
  doc.end();
  return done;
}

function drawLine(doc: PDFKit.PDFDocument, line: FormLine, left: number, width: number, dotsAfter: (prefix: string) => string): void {
  switch (line.kind) {
    case 'section':
      doc.moveDown(0.4).font('bold').text(line.text, left, undefined, { width });
      break;
    case 'field': {
      const prefix = `${line.label}: `;
      doc.font('regular').text(prefix + (line.value ?? dotsAfter(prefix)), left, undefined, { width });
      break;
    }
    case 'text':
      if (line.text) doc.font('regular').text(line.text, left, undefined, { width, align: 'justify' });
      else doc.font('regular').text(`${dotsAfter('')}\n${dotsAfter('')}`, left, undefined, { width });
      break;
    case 'table':
      drawTable(doc, line, left, width);
      break;
  }
}

function drawTable(doc: PDFKit.PDFDocument, table: Extract<FormLine, { kind: 'table' }>, left: number, width: number): void {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const cols = table.widths.map((w) => (w / total) * width);
  const pad = 3;
  const row = (cells: (string | null)[], font: 'regular' | 'bold') => {
    doc.font(font).fontSize(8.5);
    const texts = cells.map((c) => c ?? DOTS.slice(0, 4));
    const height = Math.max(...texts.map((c, i) => doc.heightOfString(c, { width: cols[i] - 2 * pad }))) + 2 * pad;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    texts.forEach((c, i) => {
      doc.rect(x, y, cols[i], height).stroke();
      doc.text(c, x + pad, y + pad, { width: cols[i] - 2 * pad });
      x += cols[i];
    });
    doc.x = left;
    doc.y = y + height;
  };
  doc.moveDown(0.3);
  row(table.header, 'bold');
  for (const r of table.rows) row(r, 'regular');
  doc.fontSize(SIZE).moveDown(0.5);
}

function drawSignatures(doc: PDFKit.PDFDocument, form: FormDocument, left: number, width: number): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 120) doc.addPage();
  const top = doc.y;
  const half = width / 2;
  if (form.recipients.length) {
    doc.font('bold').fontSize(9).text('Nơi nhận:', left, top, { width: half });
    for (const r of form.recipients) doc.font('regular').text(`- ${r}`, left, undefined, { width: half });
  }
  const sigWidth = form.signatures.length > 1 ? width / form.signatures.length : half;
  form.signatures.forEach((s, i) => {
    const x = form.signatures.length > 1 ? left + i * sigWidth : left + half;
    doc.font('bold').fontSize(SIZE).text(s.title, x, top, { width: sigWidth, align: 'center' });
    doc.font('oblique').fontSize(9).text(s.note, x, undefined, { width: sigWidth, align: 'center' });
    doc.moveDown(4);
    doc
      .font('bold')
      .fontSize(SIZE)
      .text(s.name ?? '……………………………', x, undefined, { width: sigWidth, align: 'center' });
  });
}
