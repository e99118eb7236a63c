import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Noto Sans SC Regular (SIL Open Font License), shipped by an npm package: Chinese and Latin text. pdfkit embeds a subset. */
const FONT = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

let font: Promise<Buffer> | undefined;

/** The font's bytes (about 10 MB), read once per process: the day sheet's and the reports' PDFs embed it. */
export function cjkFont(): Promise<Buffer> {
  font ??= readFile(fontPath()).catch((error: unknown) => {
    font = undefined;
    throw error;
  });
  return font;
}

/** Resolved as a `require` would: from this file in the CommonJS build, from the working directory where there is no `__filename` (tests run as ES modules). */
function fontPath(): string {
  const from = typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json');
  return createRequire(from).resolve(FONT);
}

/** A pdfkit document. pdfkit and its font engines (about 1.5 MB of JavaScript) are loaded at the first PDF, not by every process. */
export async function newPdfDocument(options: PDFKit.PDFDocumentOptions): Promise<PDFKit.PDFDocument> {
  const { default: PDFDocument } = await import('pdfkit');
  return new PDFDocument(options);
}
