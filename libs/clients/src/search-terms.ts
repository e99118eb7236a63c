import type { ClientView } from './access';
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
 * a value the caller may not see). `phone`: the dispensing window, where the
 * person at the counter may give a phone number to be found by, searches the
 * clinical view by phone too (never by national ID).
 */
export function queryTermsOf(q: string, view: ClientView = 'full', options: { phone?: boolean } = {}): string[] {
  if (view === 'pseudonym') return [];
  const terms = [`name:${normalizeName(q)}`];
  const phone = normalizePhone(q);
  const byPhone = phone.length >= 5 ? [`phone:${phone}`] : [];
  if (view === 'clinical') return options.phone ? [...terms, ...byPhone] : terms;
  return [...terms, `nid:${normalizeNationalId(q)}`, ...byPhone];
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
