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
  for (let i = 0; i < body.length; i++) {
    switch (body[i]) {
      case 0x22: {
        // A string holds no structure: skip to its closing quote, one not escaped by an odd run of backslashes.
        let end = body.indexOf(0x22, i + 1);
        while (end !== -1 && escapedAt(body, end)) end = body.indexOf(0x22, end + 1);
        if (end === -1) return null; // unterminated: the parser refuses it
        i = end;
        break;
      }
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

/** Whether the byte at `at` follows an odd number of backslashes (is escaped). */
function escapedAt(body: Buffer, at: number): boolean {
  let backslashes = 0;
  for (let j = at - 1; j >= 0 && body[j] === 0x5c; j--) backslashes += 1;
  return backslashes % 2 === 1;
}

/** body-parser `verify` hook: refuses what {@link jsonBodyProblem} finds, as a 400. */
export function verifyJsonBody(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  const problem = jsonBodyProblem(body);
  if (problem) throw Object.assign(new Error(problem), { status: 400, type: 'entity.verify.failed', expose: true });
}
