/**
 * Field names that never reach a log line: credentials and the personal data
 * of clients, relatives and staff. One list, used by every logger.
 */
export const REDACTED_FIELDS = [
  'authorization',
  'cookie',
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'accessToken',
  'refreshToken',
  'token',
  'givenName',
  'familyName',
  'preferredName',
  'name',
  'dateOfBirth',
  'phone',
  'email',
  'nationalId',
  'notes',
  'summary',
  'topics',
  'text',
  'to',
];

/** pino `redact` paths: the fields above at the top level and one or two levels down. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/** Query parameters that are personal data (a search for a name or phone number). */
const REDACTED_QUERY_PARAMS = new Set(['q']);

/** A URL as it may be logged: `q=` and its kin replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  let changed = false;
  for (const key of [...params.keys()]) {
    if (REDACTED_QUERY_PARAMS.has(key)) {
      params.set(key, '[REDACTED]');
      changed = true;
    }
  }
  return changed ? `${url.slice(0, queryStart)}?${params.toString()}` : url;
}
