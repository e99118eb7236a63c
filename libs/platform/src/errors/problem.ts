import { HttpException } from '@nestjs/common';
import { AppException, FieldError, PlatformErrorCode } from './app.exception';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The problem+json body of api.md. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
  requestId: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODE_BY_STATUS: Record<number, string> = {
  400: PlatformErrorCode.VALIDATION_FAILED,
  401: PlatformErrorCode.UNAUTHENTICATED,
  403: PlatformErrorCode.FORBIDDEN,
  404: PlatformErrorCode.NOT_FOUND,
  405: PlatformErrorCode.METHOD_NOT_ALLOWED,
  408: PlatformErrorCode.REQUEST_TIMEOUT,
  409: PlatformErrorCode.CONFLICT,
  413: PlatformErrorCode.PAYLOAD_TOO_LARGE,
  415: PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: PlatformErrorCode.RATE_LIMITED,
  503: PlatformErrorCode.UNAVAILABLE,
};

/** PostgreSQL and driver signals that mean "the database is unreachable". */
const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
  '53300',
]);
const DATABASE_DOWN_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Driver not Connected/i,
  /PGlite is closed/i,
  // TypeORM, when the transaction's connection broke and was released (PostgreSQL restarted or the backend terminated)
  /connection provided by a query runner was already released/i,
  /Query runner already released/i,
];

/**
 * PostgreSQL data exceptions that only a value from outside can cause (text
 * that is no number, date or UUID, a NUL byte, a date out of range, a value
 * too long for its column): a 400, never a 500, when something sent reaches
 * SQL unchecked. Validation refuses these first; this is the net under it.
 */
const CLIENT_DATA_CODES = new Set(['22P02', '22007', '22008', '22009', '22021', '22P05', '22001', '22003', '22025', '2201B']);

export function isClientDataError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && CLIENT_DATA_CODES.has(code);
}

/**
 * A statement cancelled by `statement_timeout` (57014) or a session ended by
 * `idle_in_transaction_session_timeout` (25P03): the database is too slow or
 * stuck right now, which the caller may retry.
 */
export function isDatabaseTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  return code === '57014' || code === '25P03';
}

/** csv-parse's `CsvError` (an unclosed quote, a stray quote, a record too long): the file sent is malformed. */
function csvSyntaxLine(error: unknown): number | null | undefined {
  if (!(error instanceof Error) || error.constructor.name !== 'CsvError') return undefined;
  const { code, lines } = error as { code?: unknown; lines?: unknown };
  if (typeof code !== 'string' || !code.startsWith('CSV_')) return undefined;
  return typeof lines === 'number' ? lines : null;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  // Not `instanceof Error`: a socket's error (ECONNRESET) may come from another realm (Node's own, under a test runner's VM).
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  if (typeof code === 'string' && DATABASE_DOWN_CODES.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && DATABASE_DOWN_MESSAGES.some((pattern) => pattern.test(message));
}

/** Errors thrown by Express' body parser carry a `type` and a status. */
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && typeof (error as Partial<BodyParserError>).type === 'string' && typeof statusOf(error) === 'number';
}

/** Errors of the HTTP layer (http-errors, as body-parser and zlib raise them) that blame the request. */
function isClientHttpError(error: unknown): error is Error {
  const status = statusOf(error);
  return error instanceof Error && (error as { expose?: unknown }).expose === true && status !== undefined && status >= 400 && status < 500;
}

function statusOf(error: unknown): number | undefined {
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = status ?? statusCode;
  return typeof value === 'number' ? value : undefined;
}

function bodyParserProblem(error: BodyParserError): { status: number; code: string; detail: string } {
  switch (error.type) {
    case 'entity.too.large':
      return { status: 413, code: PlatformErrorCode.PAYLOAD_TOO_LARGE, detail: 'The request body is larger than 1 MB.' };
    case 'entity.parse.failed':
      return { status: 400, code: PlatformErrorCode.VALIDATION_FAILED, detail: 'The request body is not valid JSON.' };
    case 'entity.verify.failed':
      return { status: 400, code: PlatformErrorCode.VALIDATION_FAILED, detail: (error as BodyParserError & Error).message };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, code: PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE, detail: 'Send JSON in UTF-8.' };
    default:
      return { status: 400, code: PlatformErrorCode.VALIDATION_FAILED, detail: 'The request body could not be read.' };
  }
}

export interface ProblemResult {
  problem: Problem;
  /** Set when the error is unexpected: log it with its stack. */
  unexpected: boolean;
}

/** Turns anything thrown while serving a request into a problem+json body. */
export function toProblem(error: unknown, requestId: string): ProblemResult {
  let status = 500;
  let code: string = PlatformErrorCode.INTERNAL_ERROR;
  let detail: string | undefined;
  let errors: FieldError[] | undefined;
  let unexpected = false;

  if (error instanceof AppException) {
    ({ status, code, detail, errors } = error);
  } else if (isBodyParserError(error)) {
    ({ status, code, detail } = bodyParserProblem(error));
  } else if (isClientHttpError(error)) {
    status = statusOf(error) ?? 400;
    code = CODE_BY_STATUS[status] ?? PlatformErrorCode.VALIDATION_FAILED;
    detail = 'The request body could not be read.';
  } else if (error instanceof HttpException) {
    status = error.getStatus();
    code = CODE_BY_STATUS[status] ?? (status >= 500 ? PlatformErrorCode.INTERNAL_ERROR : PlatformErrorCode.VALIDATION_FAILED);
    detail = status === 404 ? 'There is nothing at this address.' : undefined;
    unexpected = status >= 500;
  } else if (isDatabaseUnavailable(error)) {
    status = 503;
    code = PlatformErrorCode.UNAVAILABLE;
    detail = 'The database is unavailable; try again shortly.';
  } else if (isDatabaseTimeout(error)) {
    status = 503;
    code = PlatformErrorCode.UNAVAILABLE;
    detail = 'The database did not answer in time; try again shortly.';
  } else if (csvSyntaxLine(error) !== undefined) {
    const line = csvSyntaxLine(error);
    status = 400;
    code = PlatformErrorCode.VALIDATION_FAILED;
    detail = line ? `The CSV is malformed near line ${line} (quotes or columns).` : 'The CSV is malformed (quotes or columns).';
  } else if (isClientDataError(error)) {
    status = 400;
    code = PlatformErrorCode.VALIDATION_FAILED;
    detail = 'A value in the request is out of range or malformed.';
  } else {
    unexpected = true;
  }

  const problem: Problem = {
    type: `urn:tongban:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    requestId,
  };
  if (detail) problem.detail = detail;
  if (errors && errors.length > 0) problem.errors = errors;
  return { problem, unexpected };
}
