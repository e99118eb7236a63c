import { createHash } from 'node:crypto';
import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { catchError, from, Observable, of, switchMap, throwError } from 'rxjs';
import stringify from 'safe-stable-stringify';
import { PlatformErrorCode, PlatformException } from '../errors/app.exception';
import { FieldCipher } from '../crypto/field-cipher';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotentReplayChecks } from './replay-checks';
import type { Caller } from '../access/caller';
import { requestIdFrom } from '../logging/logger';

const IDEMPOTENT_KEY = 'tongban:idempotent';

/** A create route that honours `Idempotency-Key` (api.md, "Conventions"). */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    SetMetadata(IDEMPOTENT_KEY, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any string of at most 100 characters. A retry with the same key and body returns the first answer and creates nothing new.',
    }),
  );
}

/**
 * Replays the first successful answer to a retried create request. The
 * stored answer is sealed like any personal field. The key is
 * claimed before the handler runs, so a concurrent duplicate gets 409
 * IDEMPOTENCY_IN_PROGRESS; a failed request releases it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly records: IdempotencyRepository,
    private readonly cipher: FieldCipher,
    private readonly replayChecks: IdempotentReplayChecks,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(IDEMPOTENT_KEY, context.getHandler())) return next.handle();
    const req = context.switchToHttp().getRequest<Request & { user?: Omit<Caller, 'requestId'> }>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (key === undefined || !req.user) return next.handle();
    if (key.length === 0 || key.length > 100) {
      throw PlatformException.validation([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 100 characters' }]);
    }
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${stringify(req.body ?? null) ?? ''}`)
      .digest('hex');

    return from(this.records.claim(req.user.staffId, key, requestHash)).pipe(
      switchMap((claim) => {
        if (!claim.claimed) {
          const { record } = claim;
          if (record.requestHash !== requestHash) {
            throw new PlatformException(PlatformErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used for a different request.');
          }
          if (record.statusCode === null) {
            throw new PlatformException(
              PlatformErrorCode.IDEMPOTENCY_IN_PROGRESS,
              'A request with this Idempotency-Key is still being processed.',
            );
          }
          return from(this.replay(req, res, record.statusCode, record.responseBody));
        }
        return next.handle().pipe(
          switchMap((body: unknown) =>
            from(this.records.complete(claim.id, res.statusCode, this.cipher.seal(JSON.stringify(body ?? null)))).pipe(
              switchMap(() => of(body)),
            ),
          ),
          catchError((error: unknown) => from(this.records.release(claim.id)).pipe(switchMap(() => throwError(() => error)))),
        );
      }),
    );
  }

  /** The stored answer, once the registered checks agree the caller may still have it (access may have ended since). */
  private async replay(
    req: Request & { user?: Omit<Caller, 'requestId'> },
    res: Response,
    statusCode: number,
    sealed: string | null,
  ): Promise<unknown> {
    const answer = sealed === null ? null : (JSON.parse(this.cipher.open(sealed)) as unknown);
    if (req.user) {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      await this.replayChecks.verify(
        { ...req.user, requestId: requestIdFrom(req) },
        { routePath: typeof route === 'string' ? route : req.path, params: req.params },
        answer,
      );
    }
    res.status(statusCode).setHeader('Idempotent-Replayed', 'true');
    return answer;
  }
}
