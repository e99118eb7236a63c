import { PGlitePool } from 'typeorm-pglite/dist/pglite-pool';

type ConnectCallback = Parameters<PGlitePool['connect']>[0];
type QueryCallback = NonNullable<Parameters<PGlitePool['query']>[2]>;
type PGliteResults = Awaited<ReturnType<PGlitePool['query']>>;

function withRowCount(results: PGliteResults): PGliteResults {
  const affected = (results as { affectedRows?: number }).affectedRows ?? 0;
  return Object.assign(results, { rowCount: Math.max(affected, results.rows.length) });
}

/**
 * PGlite has a single connection. typeorm-pglite hands that one connection to
 * every query runner at once, so two concurrent transactions would interleave
 * on it. This pool lends the connection to one query runner at a time: the
 * next caller waits until the previous one released it.
 */
export class SerializedPGlitePool extends PGlitePool {
  private tail: Promise<void> = Promise.resolve();
  private ended = false;

  override connect(callback: ConnectCallback): Promise<void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => held);
    let released = false;
    const releaseOnce = (): void => {
      if (!released) {
        released = true;
        release();
      }
    };
    return previous.then(() =>
      super.connect((error, client) => {
        if (error) releaseOnce();
        callback(error, client, releaseOnce);
      }),
    );
  }

  /**
   * Whether the database answers, without waiting for the connection to be
   * lent: `SELECT 1` runs between the statements of whoever holds it (a long
   * import, say), changes nothing, and an error PostgreSQL itself raises (the
   * holder's transaction failed) still proves it answers. For readiness
   * checks only: the connection being busy is not the database being down.
   */
  async ping(): Promise<void> {
    // After end() the driver would quietly start a new, empty database.
    if (this.ended) throw new Error('PGlite is closed');
    try {
      await this.query('SELECT 1');
    } catch (error) {
      if (typeof (error as { code?: unknown }).code === 'string') return;
      throw error;
    }
  }

  /**
   * Answers as `pg` does: with `rowCount`, the rows a statement inserted,
   * updated or deleted (PGlite says `affectedRows`), which TypeORM hands on
   * as a query's `affected` and the `sql` helper's `execute()` answers. The
   * rows themselves are left as they are.
   */
  override query(sqlQuery: string, queryParameters?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<PGliteResults> {
    const params = typeof queryParameters === 'function' ? undefined : queryParameters;
    const done = typeof queryParameters === 'function' ? queryParameters : callback;
    return super.query(sqlQuery, params).then(
      (results) => {
        const counted = withRowCount(results);
        done?.(null, counted);
        return counted;
      },
      (error: unknown) => {
        done?.(error, null);
        throw error;
      },
    );
  }

  override end(callback: Parameters<PGlitePool['end']>[0]): void {
    this.ended = true;
    super.end(callback);
  }
}
