/**
 * What a person typed, read as year, month and day in that order whatever
 * stands between them (`1985-04-12`, `1985/4/12`, `1985年4月12日`): the
 * order in which dates are written in China and in ISO 8601 alike.
 */
export function parseTypedDate(text: string): string | null {
  const match = /^\s*(\d{4})\D+(\d{1,2})\D+(\d{1,2})\D*$/.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}
