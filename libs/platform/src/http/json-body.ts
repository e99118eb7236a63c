import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

/** Deeper nesting than this is refused before parsing (no DTO nests so deep). */
export const MAX_JSON_DEPTH = 32;
/** More object members or array elements than this in one body are refused. */
export const MAX_JSON_ITEMS = 10_000;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse reviver that refuses keys used for prototype pollution. */
export function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError(`Forbidden key ${key}`);
  return value;
}

/**
 * Why a raw JSON body must be refused before it is parsed, or null: bytes
 * that are not UTF-8, nesting too deep, too many members. Cheap (one pass),
 * so a hostile body costs little.
 */
export function jsonBodyProblem(body: Buffer): string | null {
  if (!isUtf8(body)) return 'The request body is not valid UTF-8.';
  let depth = 0;
  let items = 0;
  let inString = false;
  let escaped = false;
  for (const byte of body) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) inString = false;
      continue;
    }
    switch (byte) {
      case 0x22:
        inString = true;
        break;
      case 0x7b:
      case 0x5b:
        depth += 1;
        if (depth > MAX_JSON_DEPTH) return `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`;
        break;
      case 0x7d:
      case 0x5d:
        depth -= 1;
        break;
      case 0x2c:
        items += 1;
        if (items > MAX_JSON_ITEMS) return `The request body has more than ${MAX_JSON_ITEMS} items.`;
        break;
    }
  }
  return null;
}

/** body-parser `verify` hook: refuses what {@link jsonBodyProblem} finds, as a 400. */
export function verifyJsonBody(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  const problem = jsonBodyProblem(body);
  if (problem) throw Object.assign(new Error(problem), { status: 400, type: 'entity.verify.failed', expose: true });
}
