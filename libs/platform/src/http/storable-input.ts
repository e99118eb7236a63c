import type { NextFunction, Request, Response } from 'express';
import { FieldError, PlatformException } from '../errors/app.exception';

/** Years a date or instant sent by a client may name: PostgreSQL stores far more, no record of a clinic needs it. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/**
 * Whether text holds a NUL character (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its pair (not
 * encodable as UTF-8). `isWellFormed` is the engine's own scan: a regular expression with look-arounds took 60 times as
 * long over a 900 KB value, which any caller may send.
 */
function unstorable(value: string): boolean {
  return value.includes('\u0000') || !value.isWellFormed();
}

/**
 * A whole value that is an ISO 8601 date or instant (also with the expanded
 * years `+275760` or `-271821` JavaScript writes), with its year.
 */
const ISO_DATE_OR_INSTANT = /^([+-]?\d{4,6})-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Why a string must not reach the database, or null. */
export function unstorableText(value: string): string | null {
  if (unstorable(value)) return 'must not contain NUL characters or unpaired surrogates';
  const iso = ISO_DATE_OR_INSTANT.exec(value);
  if (iso) {
    const year = Number(iso[1]);
    if (year < MIN_YEAR || year > MAX_YEAR) return `must be a date between the years ${MIN_YEAR} and ${MAX_YEAR}`;
  }
  return null;
}

const MAX_REPORTED = 20;

/** Every string (values and property names) of a parsed body or query that must not reach the database. */
export function unstorableFields(value: unknown, path = '', found: FieldError[] = [], depth = 0): FieldError[] {
  if (found.length >= MAX_REPORTED || depth > 64) return found;
  if (typeof value === 'string') {
    const why = unstorableText(value);
    if (why) {
      const field = path || '(value)';
      const message = `${path || 'value'} ${why}`;
      found.push(
        unstorable(value)
          ? { field, message, key: 'invalid' }
          : { field, message, key: 'yearRange', limits: { min: MIN_YEAR, max: MAX_YEAR } },
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => unstorableFields(item, `${path}[${index}]`, found, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const field = path ? `${path}.${key}` : key;
      if (unstorable(key)) {
        found.push({
          field: '(property name)',
          message: 'a property name must not contain NUL characters or unpaired surrogates',
          key: 'invalid',
        });
        continue;
      }
      unstorableFields(item, field, found, depth + 1);
    }
  }
  return found;
}

function decodedPath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * One place for text PostgreSQL cannot store or the API never keeps: a NUL
 * byte or unpaired surrogate anywhere in the path, the query or a JSON body
 * (values and property names), and dates or instants outside
 * {@link MIN_YEAR}..{@link MAX_YEAR}, are a 400 `VALIDATION_FAILED` before
 * any route runs (api.md: never a 500 for what a client sent).
 */
export function refuseUnstorableInput(send: (error: unknown, req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const errors: FieldError[] = [];
    const path = decodedPath(req.path);
    if (path !== null && unstorable(path)) {
      errors.push({ field: '(path)', message: 'the address must not contain NUL characters', key: 'invalid' });
    }
    unstorableFields(req.query, '', errors);
    if (req.body !== undefined && typeof req.body === 'object') unstorableFields(req.body, '', errors);
    if (errors.length > 0) {
      send(PlatformException.validation(errors), req, res);
      return;
    }
    next();
  };
}
