import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException } from './app.exception';
import { AppLoggerToken } from '../logging/logger.token';
import { requestIdFrom, type AppLogger } from '../logging/logger';
import { errorForLog } from '../logging/redaction';
import { isClientDataError, PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** Writes the problem+json answer for an error; shared by the filter and the body-parser error handler. */
export function sendProblem(logger: AppLogger, error: unknown, req: Request, res: Response): void {
  // Work that finished after its request was answered (at the request deadline): nothing is left to say.
  if (res.headersSent && (error as { code?: unknown } | null)?.code === 'ERR_HTTP_HEADERS_SENT') return;
  const requestId = requestIdFrom(req);
  const { problem, unexpected } = toProblem(error, requestId);
  if (unexpected) {
    logger.error({ error: errorForLog(error), requestId }, 'unexpected error while serving a request');
  } else if (isClientDataError(error)) {
    const { code } = error as { code?: unknown };
    logger.warn({ code, path: req.path, requestId }, 'a value the request sent reached SQL unchecked (answered 400)');
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  if (error instanceof AppException && error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** The one global filter: every error becomes problem+json, never a stack trace. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(AppLoggerToken) private readonly logger: AppLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(this.logger, error, http.getRequest<Request>(), http.getResponse<Response>());
  }
}
