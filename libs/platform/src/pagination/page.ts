import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { PlatformException } from '../errors/app.exception';
import { unstorableText } from '../http/storable-input';
import { sql, Sql } from '../database/sql';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `?limit=&cursor=` of every list (api.md, "Conventions"). */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque: the nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset position: the sort value and id of the last item of a page. */
export interface KeysetPosition {
  key: string;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id]), 'utf8').toString('base64url');
}

/**
 * What a cursor's sort value must be: free text (codes, names), an instant
 * as JavaScript writes it, an instant as PostgreSQL keeps it (see
 * {@link exactInstantSql}), or a calendar date.
 */
export type CursorKey = 'text' | 'instant' | 'exactInstant' | 'date';

/** Whether `value` is what `toISOString()` writes for the same instant, so no out-of-range field (a 31 February) reaches SQL. */
function isCanonicalIso(value: string): boolean {
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

/** An instant with an offset, as this API writes them (`toISOString()` or PostgreSQL's text). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;

const KEY_CHECKS: Record<CursorKey, (key: string) => boolean> = {
  text: () => true,
  instant: (key) => INSTANT.test(key) && !Number.isNaN(Date.parse(key)),
  exactInstant: (key) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(key) && isCanonicalIso(`${key.slice(0, 23)}Z`),
  date: (key) => /^\d{4}-\d{2}-\d{2}$/.test(key) && isCanonicalIso(`${key}T00:00:00.000Z`),
};

/**
 * An instant column as UTC text to the microsecond, for a cursor's sort
 * value: PostgreSQL keeps microseconds and a JavaScript Date only
 * milliseconds, so a cursor made from a Date could skip or repeat rows
 * written in the same millisecond (or by `now()`). The text compares exactly
 * when cast back with `::timestamptz`.
 */
export function exactInstantSql(column: Sql): Sql {
  return sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * The entities of a page query, each with `column` as {@link exactInstantSql}
 * text (`instantKey`) for the cursor: the entity's own Date has lost the
 * microseconds. The query must not join, so each raw row is one entity, in
 * the same order.
 */
export async function withExactInstant<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  column: string,
): Promise<Array<T & { instantKey: string }>> {
  const { entities, raw } = await query
    .addSelect(exactInstantSql(sql.ident(...column.split('.'))).text, 'instant_key')
    .getRawAndEntities<{ instant_key: string }>();
  return entities.map((entity, index) => Object.assign(entity, { instantKey: raw[index].instant_key }));
}

/** A UUID as PostgreSQL reads one (any version): a cursor's id goes to SQL as `::uuid`. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The position a cursor encodes; a cursor this API did not give out (or of another list) is a 400. */
export function decodeCursor(cursor: string | undefined, key: CursorKey = 'text'): KeysetPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      const [value, id] = parsed as [string, string];
      if (UUID.test(id) && unstorableText(value) === null && KEY_CHECKS[key](value)) return { key: value, id };
    }
  } catch {
    // reported below
  }
  throw invalidCursor();
}

/** A keyset position over two sort columns before the id: both values and the id. */
export interface PairPosition {
  first: string;
  second: string;
  id: string;
}

/** The key of a {@link PairPosition}: both sort values in one string, as {@link decodePairCursor} reads it. */
export function pairKey(first: string, second: string): string {
  return `${first}|${second}`;
}

/**
 * The position a cursor over two sort columns encodes, each value checked
 * as its kind (neither may be free text, which could hold the separator);
 * anything else is a 400 like {@link decodeCursor}.
 */
export function decodePairCursor(
  cursor: string | undefined,
  first: Exclude<CursorKey, 'text'>,
  second: Exclude<CursorKey, 'text'>,
): PairPosition | undefined {
  const position = decodeCursor(cursor);
  if (!position) return undefined;
  const parts = position.key.split('|');
  if (parts.length !== 2 || !KEY_CHECKS[first](parts[0]) || !KEY_CHECKS[second](parts[1])) throw invalidCursor();
  return { first: parts[0], second: parts[1], id: position.id };
}

export function invalidCursor(): PlatformException {
  return PlatformException.validation([{ field: 'cursor', message: 'cursor is not one this API gave out' }]);
}

/**
 * `limit + 1` of `query`'s entities after `after`, newest first by a day,
 * then by an instant, then by id (the order of records kept per clinic day),
 * each with the instant as exact text for the cursor: see {@link withExactInstant}.
 */
export function newestByDayPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  columns: { day: string; instant: string },
  limit: number,
  after?: PairPosition,
): Promise<Array<T & { instantKey: string }>> {
  const [day, instant, id] = [columns.day, columns.instant, 'id'].map((column) => `${query.alias}.${column}`);
  if (after) {
    query.andWhere(`(${day}, ${instant}, ${id}) < (:afterDay::date, :afterInstant::timestamptz, :afterId::uuid)`, {
      afterDay: after.first,
      afterInstant: after.second,
      afterId: after.id,
    });
  }
  return withExactInstant(
    query
      .orderBy(day, 'DESC')
      .addOrderBy(instant, 'DESC')
      .addOrderBy(id, 'DESC')
      .limit(limit + 1),
    instant,
  );
}

/**
 * Builds a page from `limit + 1` rows fetched in keyset order: the extra row
 * only tells whether there is a next page.
 */
export function toPage<R, T>(rows: R[], limit: number, position: (row: R) => KeysetPosition, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const shown = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: shown.map(map),
    nextCursor: hasMore ? encodeCursor(position(shown[shown.length - 1])) : null,
  };
}
