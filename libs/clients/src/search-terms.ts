import type { ClientView } from '@tongban/consent';
import { normalizeName, normalizeNationalId, normalizePhone } from '@tongban/platform';

/**
 * The normalized values a client can be found by, each prefixed by its kind
 * so a phone number never matches a name. Stored only as blind indexes.
 */
export function searchTermsOf(client: {
  givenName: string;
  familyName: string;
  phone?: string | null;
  nationalId?: string | null;
}): string[] {
  const given = normalizeName(client.givenName);
  const family = normalizeName(client.familyName);
  const names = new Set([given, family, `${family}${given}`, `${family} ${given}`, `${given} ${family}`]);
  const terms = [...names].map((name) => `name:${name}`);
  if (client.phone) terms.push(`phone:${normalizePhone(client.phone)}`);
  if (client.nationalId) terms.push(`nid:${normalizeNationalId(client.nationalId)}`);
  return terms;
}

/**
 * What a search string `q` could be: a name, a phone number or a national ID,
 * as far as the caller's view shows those fields (a search must not confirm
 * a value the caller may not see).
 */
export function queryTermsOf(q: string, view: ClientView = 'full'): string[] {
  if (view === 'pseudonym') return [];
  const terms = [`name:${normalizeName(q)}`];
  if (view === 'clinical') return terms;
  terms.push(`nid:${normalizeNationalId(q)}`);
  const phone = normalizePhone(q);
  if (phone.length >= 5) terms.push(`phone:${phone}`);
  return terms;
}

/** Codes a search string could mean: the code itself, or its number within the caller's clinic. */
export function codeCandidatesOf(q: string, clinicCode: string): string[] {
  const trimmed = q.trim().toUpperCase();
  const candidates = [trimmed];
  if (/^\d{1,6}$/.test(trimmed)) candidates.push(clientCode(clinicCode, Number(trimmed)));
  return candidates;
}

/** `<clinic code>-<6 digits>`, e.g. KM01-000123. */
export function clientCode(clinicCode: string, number: number): string {
  return `${clinicCode}-${String(number).padStart(6, '0')}`;
}
