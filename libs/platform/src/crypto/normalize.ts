/**
 * Normalized forms for exact-match search. Names: Unicode NFKC (full-width
 * letters become ASCII), lower case, inner runs of space made one, trimmed.
 * Chinese names are unaffected by case and match as written.
 */
export function normalizeName(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Phone numbers: digits only, with a leading +86 / 0086 country code dropped. */
export function normalizePhone(value: string): string {
  const digits = value.normalize('NFKC').replace(/\D/g, '');
  return digits.replace(/^(0086|86)(?=1\d{10}$)/, '');
}

/** National ID numbers: no spaces, capital letters (the final X of Chinese IDs). */
export function normalizeNationalId(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}
