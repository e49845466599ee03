import { AlignmentType, BorderStyle, Document, LeaderType, Packer, Paragraph, Table, TableCell, TableRow, TabStopPosition, TabStopType, TextRun, WidthType } from 'docx';
import { FormDocument, FormLine, NATIONAL_HEADING } from './form-document';

/**
 * Draws a form as a Word document that officials edit and sign. Empty fields end in a dotted tab leader, so
 * whatever is typed there stays on the line; Times New Roman 13 pt as administrative documents use.
 */
const FONT = 'Times New Roman';
const SIZE = 26; // half-points
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

const run = (text: string, opts: { bold?: boolean; italics?: boolean; underline?: boolean } = {}) =>
  new TextRun({ text, font: FONT, size: SIZE, bold: opts.bold, italics: opts.italics, underline: opts.underline ? {} : undefined });

const centred = (text: string, opts: { bold?: boolean; italics?: boolean; underline?: boolean } = {}) =>
  new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, opts)] });

const dotted = (children: TextRun[]) =>
  new Paragraph({
    tabStops: [{ type: TabStopType.RIGHT, position: TabStopPosition.MAX, leader: LeaderType.DOT }],
    spacing: { after: 60 },
    children: [...children, new TextRun({ text: '\t', font: FONT, size: SIZE })],
  });

function line(l: FormLine): (Paragraph | Table)[] {
  switch (l.kind) {
    case 'section':
      return [new Paragraph({ spacing: { before: 160, after: 60 }, children: [run(l.text, { bold: true })] })];
    case 'field':
      return l.value === null ? [dotted([run(`${l.label}: `)])] : [new Paragraph({ spacing: { after: 60 }, children: [run(`${l.label}: `), run(l.value)] })];
    case 'text':
      return l.text === null ? [dotted([]), dotted([])] : [new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 60 }, children: [run(l.text)] })];
    case 'table': {
      const total = l.widths.reduce((a, b) => a + b, 0);
      const cell = (text: string | null, i: number, bold = false) =>
        new TableCell({
          width: { size: Math.round((l.widths[i] / total) * 100), type: WidthType.PERCENTAGE },
          children: [new Paragraph({ children: [new TextRun({ text: text ?? '', font: FONT, size: 22, bold })] })],
        });
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: l.header.map((h, i) => cell(h, i, true)) }),
            ...l.rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i)) })),
          ],
        }),
        new Paragraph({ children: [] }),
      ];
    }
  }
}

export async function renderDocx(form: FormDocument): Promise<Buffer> {
  const heading = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 40, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [...form.issuer.map((text, i) => centred(text, { bold: i === form.issuer.length - 1 })), centred(`Số: ${form.number ?? '………'}`)],
          }),
          new TableCell({
            width: { size: 60, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              centred(NATIONAL_HEADING[0], { bold: true }),
              centred(NATIONAL_HEADING[1], { bold: true, underline: true }),
              new Paragraph({ children: [] }),
              centred(form.placeAndDate, { italics: true }),
            ],
          }),
        ],
      }),
    ],
  });

  const half = { size: 50, type: WidthType.PERCENTAGE };
  const recipients = form.recipients.length
    ? [new Paragraph({ children: [run('Nơi nhận:', { bold: true })] }), ...form.recipients.map((r) => new Paragraph({ children: [run(`- ${r}`)] }))]
    : [new Paragraph({ children: [] })];
  const signatures = form.signatures.flatMap((s) => [
    centred(s.title, { bold: true }),
    centred(s.note, { italics: true }),
    new Paragraph({ children: [] }),
    new Paragraph({ children: [] }),
    new Paragraph({ children: [] }),
    centred(s.name ?? '……………………………', { bold: true }),
  ]);
  const closing = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [new TableCell({ width: half, borders: NO_BORDERS, children: recipients }), new TableCell({ width: half, borders: NO_BORDERS, children: signatures })],
      }),
    ],
  });

  const doc = new Document({
    creator: 'Bảo vệ trẻ em',
    title: `${form.title} – Mẫu ${form.code}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } },
        children: [
          heading,
          new Paragraph({ children: [] }),
          centred(form.title, { bold: true }),
          ...(form.subtitle ? [centred(form.subtitle, { bold: true })] : []),
          new Paragraph({ children: [] }),
          ...form.lines.flatMap(line),
          new Paragraph({ children: [] }),
          closing,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
