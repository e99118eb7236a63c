/** PostgreSQL's type oid of `uuid`, which the binary form of a `uuid[]` names as its element type. */
const UUID_OID = 2950;
const DASH = 45;

/** Each ASCII character's value as a hexadecimal digit (-1: not one). */
const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_DIGIT[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_DIGIT[65 + i] = HEX_DIGIT[97 + i] = 10 + i;

function hexDigit(code: number): number {
  return code < 128 ? HEX_DIGIT[code] : -1;
}

/**
 * A `uuid[]` parameter (`sql.uuids`). Prepared statements on PostgreSQL send it in PostgreSQL's binary form
 * ({@link UuidArray.binary}): the text form `{…,…}` is parsed by PostgreSQL's `array_in` one character at a time,
 * which for the 1,400 clients a worklist names took about a millisecond of the server's time, and a millisecond
 * more of `pg`'s to write it (docs/benchmarks.md). Everywhere else (TypeORM's runners, embedded PGlite) it is
 * the plain array of its ids.
 */
export class UuidArray {
  constructor(readonly ids: readonly string[]) {}

  /**
   * The array as `array_recv` reads it: dimensions (one, or none when empty), no nulls, the element type, the
   * length and lower bound 1, then each element's length (16) and its 16 bytes. Null when an id is not a uuid's
   * text: it is then sent as text, for PostgreSQL to refuse as it refuses any other malformed uuid.
   */
  binary(): Buffer | null {
    const { ids } = this;
    const header = ids.length === 0 ? 12 : 20;
    const out = Buffer.allocUnsafe(header + ids.length * 20);
    out.writeInt32BE(ids.length === 0 ? 0 : 1, 0);
    out.writeInt32BE(0, 4);
    out.writeInt32BE(UUID_OID, 8);
    if (ids.length > 0) {
      out.writeInt32BE(ids.length, 12);
      out.writeInt32BE(1, 16);
    }
    let at = header;
    for (const id of ids) {
      if (typeof id !== 'string' || id.length !== 36) return null;
      out.writeInt32BE(16, at);
      at += 4;
      // 8-4-4-4-12 hexadecimal digits: a dash where one belongs and nowhere else, every other character a digit.
      let high = -1;
      for (let i = 0; i < 36; i++) {
        const code = id.charCodeAt(i);
        if (i === 8 || i === 13 || i === 18 || i === 23) {
          if (code !== DASH) return null;
          continue;
        }
        const digit = hexDigit(code);
        if (digit < 0) return null;
        if (high < 0) high = digit;
        else {
          out[at++] = (high << 4) | digit;
          high = -1;
        }
      }
    }
    return out;
  }
}

/** A statement's parameter as `pg` sends it on a prepared statement: a {@link UuidArray} in binary, when it can be. */
export function preparedValue(value: unknown): unknown {
  return value instanceof UuidArray ? (value.binary() ?? [...value.ids]) : value;
}

/** A statement's parameter as TypeORM's runners (and embedded PGlite) take it: a {@link UuidArray} as its array. */
export function plainValue(value: unknown): unknown {
  return value instanceof UuidArray ? [...value.ids] : value;
}
