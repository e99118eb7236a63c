import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { PlatformErrorCode, PlatformException } from '../errors/app.exception';

/** How much longer than one statement's limit a request may take before it answers 503 on its own. */
const DEADLINE_MARGIN_MS = 2000;

/** The request deadline for a given statement time limit: the server's own limit answers first whenever it can. */
export function requestDeadlineMs(statementTimeoutMs: number): number {
  return statementTimeoutMs + DEADLINE_MARGIN_MS;
}

const lifts = new WeakMap<Request, () => void>();

/**
 * Every API request answers within `ms` of its body being read. The
 * database's statement and idle-transaction limits cannot fire when the
 * server does not answer at all (frozen, or the network to it gone quiet), so
 * without this a request would wait as long as the fault lasts. The work
 * itself may still finish afterwards: a write retried with its
 * `Idempotency-Key` gets the stored answer, never a second record.
 * Routes whose work is long by design (imports) lift it with `@LongRequest()`
 * and keep limits of their own.
 */
export function requestDeadline(ms: number, answer: (error: unknown, req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      answer(
        new PlatformException(PlatformErrorCode.UNAVAILABLE, 'The database did not answer in time. Try again shortly.', undefined, 5),
        req,
        res,
      );
    }, ms);
    timer.unref();
    const lift = (): void => clearTimeout(timer);
    lifts.set(req, lift);
    res.once('finish', lift);
    res.once('close', lift);
    next();
  };
}

@Injectable()
class LiftRequestDeadline implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    lifts.get(context.switchToHttp().getRequest<Request>())?.();
    return next.handle();
  }
}

/** Marks a route whose work is long by design: the request deadline does not apply to it (it keeps its own limits). */
export const LongRequest = (): MethodDecorator & ClassDecorator => UseInterceptors(LiftRequestDeadline);
