import { createHash } from 'node:crypto';
import { applyDecorators, CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { catchError, from, Observable, of, switchMap, throwError } from 'rxjs';
import stringify from 'safe-stable-stringify';
import { AppException, PlatformErrorCode, PlatformException } from '../errors/app.exception';
import type { AppLogger } from '../logging/logger';
import { AppLoggerToken } from '../logging/logger.token';
import { FieldCipher } from '../crypto/field-cipher';
import { HeldClaim, heldClaim } from './idempotency-context';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotentReplayChecks } from './replay-checks';
import type { Caller } from '../access/caller';
import { requestIdFrom } from '../logging/logger';

const IDEMPOTENT_KEY = 'tongban:idempotent';

/** 409: the work of the first request committed, its answer could not be stored (the process died in between). */
export const IDEMPOTENCY_ANSWER_LOST = 'IDEMPOTENCY_ANSWER_LOST';

/** When an answer the database could not take is tried again (about 5 minutes in all). */
const STORE_RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 60_000, 60_000, 60_000];

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
 * stored answer is sealed like any personal field. The key is claimed before
 * the handler runs, so a concurrent duplicate gets 409
 * IDEMPOTENCY_IN_PROGRESS. The handler's work commits together with the
 * claim's "committed" mark (`IdempotencyFence`), so a crash or an outage
 * cannot leave work done under a key a retry would do again; a claim whose
 * work never committed and whose holder is gone (older than the lease) is
 * taken over by the next retry, so no key stays jammed. A failed request
 * releases its key (best effort: the lease covers a release that cannot be
 * written).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly records: IdempotencyRepository,
    private readonly cipher: FieldCipher,
    @Inject(AppLoggerToken) private readonly logger: AppLogger,
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
          if (record.statusCode === null) throw this.pending(record.committedAt !== null && claim.stale);
          return from(this.replay(req, res, record.statusCode, record.responseBody));
        }
        if (claim.takenOver)
          this.logger.warn({ idempotencyRecordId: claim.claim.id }, 'idempotency key taken over from a request that is gone');
        return this.handleUnder(claim.claim, next, res);
      }),
    );
  }

  /** Runs the handler holding the claim (its transactions commit only with it) and stores its answer. */
  private handleUnder(claim: HeldClaim, next: CallHandler, res: Response): Observable<unknown> {
    return heldClaim
      .run(claim, () => next.handle())
      .pipe(
        switchMap((body: unknown) => {
          const sealed = this.cipher.seal(JSON.stringify(body ?? null));
          return from(this.storeAnswer(claim, res.statusCode, sealed)).pipe(switchMap(() => of(body)));
        }),
        catchError((error: unknown) => {
          const refused = error instanceof AppException && error.status < 500;
          return from(this.records.release(claim, refused).catch(() => undefined)).pipe(switchMap(() => throwError(() => error)));
        }),
      );
  }

  /**
   * Stores the answer of work that has committed. If the database cannot take
   * it now (an outage just after the commit), the caller still gets the
   * answer, and the store is tried again for a while in the background.
   */
  private async storeAnswer(claim: HeldClaim, statusCode: number, sealed: string): Promise<void> {
    try {
      await this.records.complete(claim, statusCode, sealed);
    } catch (error) {
      this.logger.warn(
        { idempotencyRecordId: claim.id, err: { message: error instanceof Error ? error.message : String(error) } },
        'idempotent answer not stored; trying again',
      );
      void this.storeLater(claim, statusCode, sealed);
    }
  }

  private async storeLater(claim: HeldClaim, statusCode: number, sealed: string): Promise<void> {
    for (const delayMs of STORE_RETRY_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      try {
        await this.records.complete(claim, statusCode, sealed);
        return;
      } catch {
        // the database is still away: wait longer
      }
    }
    this.logger.error(
      { idempotencyRecordId: claim.id },
      'idempotent answer lost: retries with its key are answered 409 IDEMPOTENCY_ANSWER_LOST',
    );
  }

  /** A claim without an answer: still in progress, or its work committed and the answer was lost with the process that had it. */
  private pending(answerLost: boolean): AppException {
    if (answerLost) {
      return new AppException(
        409,
        IDEMPOTENCY_ANSWER_LOST,
        'The request with this Idempotency-Key was carried out, but its answer was lost; read the record instead of sending it again.',
      );
    }
    return new PlatformException(
      PlatformErrorCode.IDEMPOTENCY_IN_PROGRESS,
      'A request with this Idempotency-Key is still being processed.',
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
