interface DriverError {
  code?: unknown;
  constraint?: unknown;
  driverError?: { code?: unknown; constraint?: unknown };
}

/** True when PostgreSQL refused a write for a unique constraint (optionally: this one). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof Error)) return false;
  const { code, constraint: name, driverError } = error as DriverError;
  const actualCode = driverError?.code ?? code;
  const actualConstraint = driverError?.constraint ?? name;
  return actualCode === '23505' && (constraint === undefined || actualConstraint === constraint);
}
