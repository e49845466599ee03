import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// pdf-parse loads the PDF.js worker with a dynamic import, which Jest's module system refuses without
// --experimental-vm-modules; plain Node (the way any consumer runs it) reads the text instead.
const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try { process.stdout.write((await parser.getText()).text); } finally { await parser.destroy(); }
});`;

/** The text of a PDF as a reader extracts it (pdf-parse, on PDF.js). */
export function pdfText(pdf: Buffer): string {
  const run = spawnSync(process.execPath, ['-e', SCRIPT], { input: pdf, cwd: join(__dirname, '..', '..'), encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`pdf-parse failed: ${run.stderr}`);
  return run.stdout;
}
