/**
 * One field's problem in a 400 answer: `message` in English for developers;
 * `key` names the problem (`required`, `tooLong`, `future`, … see
 * `errors/validation.ts`) and `limits` the bounds it was checked against, so
 * an app can say it in its user's language.
 */
export interface FieldError {
  field: string;
  message: string;
  key?: string;
  limits?: Record<string, number | string | readonly string[]>;
}

/**
 * The base of every module exception: an UPPER_SNAKE code and the HTTP status
 * it maps to. The global filter turns it into problem+json; `detail` is shown
 * to the caller, so it never carries personal data.
 */
export class AppException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** Sent as `Retry-After` (seconds): when the refusal is only for now (too many imports at once). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? code);
    this.name = new.target.name;
  }
}

/** Codes of the platform itself (api.md, "Conventions"). */
export enum PlatformErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  NOT_FOUND = 'NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  CONFLICT = 'CONFLICT',
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
  UNAVAILABLE = 'UNAVAILABLE',
}

const STATUS: Record<PlatformErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  UNAVAILABLE: 503,
};

export class PlatformException extends AppException {
  constructor(code: PlatformErrorCode, detail?: string, errors?: FieldError[], retryAfterSeconds?: number) {
    super(STATUS[code], code, detail, errors, retryAfterSeconds);
  }

  /** 429 `RATE_LIMITED` with `Retry-After`: the server is busy with this kind of work; the same request may succeed later. */
  static busy(detail: string, retryAfterSeconds: number): PlatformException {
    return new PlatformException(PlatformErrorCode.RATE_LIMITED, detail, undefined, retryAfterSeconds);
  }

  static notFound(detail = 'Not found.'): PlatformException {
    return new PlatformException(PlatformErrorCode.NOT_FOUND, detail);
  }

  static forbidden(detail = 'Your role may not do this.'): PlatformException {
    return new PlatformException(PlatformErrorCode.FORBIDDEN, detail);
  }

  static unauthenticated(detail = 'Sign in again.'): PlatformException {
    return new PlatformException(PlatformErrorCode.UNAUTHENTICATED, detail);
  }

  static validation(errors: FieldError[], detail = 'The request is not valid.'): PlatformException {
    return new PlatformException(PlatformErrorCode.VALIDATION_FAILED, detail, errors);
  }
}
