/**
 * Resolves once the statements started in this turn of the event loop are
 * written to PostgreSQL: `pg-pool` hands a connection to a statement on a
 * later tick, so work done before then would run before the statement leaves
 * rather than while PostgreSQL executes it. For a read that makes its answer
 * while its audit event is stored.
 */
export function statementsSent(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
