/** One field's problem: `key` names it (`required`, `tooLong`, …) and `limits` the bounds it was checked against. */
export interface FieldProblem {
  field: string;
  message: string;
  key?: string;
  limits?: Record<string, unknown>;
}

/** A problem+json answer of the API (`code` is the UPPER_SNAKE constant of api.md). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly fields: FieldProblem[],
    readonly requestId?: string,
    /** The API's `detail`, in English: for the few screens that read a figure from it, never shown as it is. */
    readonly detail?: string,
  ) {
    super(code);
  }

  static from(response: Response, body: unknown): ApiError {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const code = typeof problem.code === 'string' ? problem.code : response.status >= 500 ? 'SERVER_ERROR' : 'UNKNOWN';
    const fields = Array.isArray(problem.errors)
      ? problem.errors.filter(
          (e): e is FieldProblem => typeof e === 'object' && e !== null && typeof (e as { field?: unknown }).field === 'string',
        )
      : [];
    return new ApiError(
      response.status,
      code,
      fields,
      typeof problem.requestId === 'string' ? problem.requestId : undefined,
      typeof problem.detail === 'string' ? problem.detail : undefined,
    );
  }
}

/** A failed fetch (server unreachable) reads as its own code, so it can be explained too. */
export function errorCode(error: unknown): string {
  if (error instanceof ApiError) return error.code;
  if (error instanceof TypeError) return 'NETWORK';
  return 'UNKNOWN';
}
