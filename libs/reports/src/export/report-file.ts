import { StreamableFile } from '@nestjs/common';

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const PDF_TYPE = 'application/pdf';

/**
 * A report as a download: the body with its Content-Type, and a
 * Content-Disposition naming the file (`<report>-<clinic code>-<day>.<ext>`;
 * clinic codes are capitals and digits, so the name needs no escaping).
 */
export function reportFile(body: Buffer, type: string, name: string): StreamableFile {
  return new StreamableFile(body, { type, disposition: `attachment; filename="${name}"`, length: body.length });
}
