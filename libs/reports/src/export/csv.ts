/** The UTF-8 byte order mark: without it Excel reads a CSV file as the local code page and garbles Chinese. */
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One field as RFC 4180 wants it (quoted when it holds a comma, a quote or a
 * line break). A text that a spreadsheet would run as a formula (=, +, -, @,
 * tab, carriage return first) is prefixed with a quote mark; numbers are
 * written as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: BOM, header, rows, CRLF line ends (RFC 4180). */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): Buffer {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return Buffer.from(UTF8_BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

/** A figure rounded for a spreadsheet (6 decimals is far below what the data can tell). */
export function rounded(value: number | null, digits = 6): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}
