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
  'relationship',
  'note',
  'notes',
  'reason',
  'assessmentNote',
  'topic',
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

interface DatabaseErrorFields {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  driverError?: { code?: unknown; constraint?: unknown; table?: unknown };
}

/**
 * An error as it may be logged. Database errors carry the query, its
 * parameters and messages that quote values, so they are logged by code,
 * constraint and stack frames only.
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const fields = error as Error & DatabaseErrorFields;
  const driver = fields.driverError ?? fields;
  const isDatabaseError =
    fields.driverError !== undefined || 'query' in error || (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code));
  if (!isDatabaseError) return { type: error.name, message: error.message, stack: error.stack };
  return {
    type: error.name,
    code: driver.code,
    constraint: driver.constraint,
    table: driver.table,
    stack: (error.stack ?? '').split('\n').slice(1).join('\n'),
  };
}
