import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { PlatformErrorCode, PlatformException } from '../errors/app.exception';
import { createValidationPipe } from '../errors/validation';
import { refusePrototypeKeys, verifyJsonBody } from './json-body';
import { ProblemDetailsFilter, sendProblem } from '../errors/problem-details.filter';
import { AppLoggerToken } from '../logging/logger.token';
import { AppLogger, createHttpLogger } from '../logging/logger';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT = '1mb';

/** Paths this server answers; anything else is a problem+json 404 without reaching the router. */
const SERVED_PATHS = /^\/(api\/v1(\/|$)|api\/docs|health\/)/;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Media types a body may have: JSON everywhere, CSV where a route streams it (imports). */
const BODY_TYPES = ['application/json', 'text/csv'];

/** A body on POST/PUT/PATCH must be JSON (or CSV); anything else would be silently ignored. */
function requireJson(logger: AppLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (BODY_METHODS.has(req.method) && hasBody && !req.is(BODY_TYPES)) {
      sendProblem(
        logger,
        new PlatformException(PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the body as application/json (text/csv for imports).'),
        req,
        res,
      );
      return;
    }
    next();
  };
}

function describeApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Tongban API')
    .setDescription(
      'Case management for methadone maintenance clinics with peer-support programmes. ' +
        'Errors are application/problem+json with an UPPER_SNAKE `code` and a `requestId`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}

/**
 * Everything an HTTP application needs around its controllers: request ids
 * and logs, security headers, a 1 MB JSON body parser, validation, the
 * problem+json filter, the `/api/v1` prefix and the OpenAPI description.
 * Used by `main.ts` and by every end-to-end test, so tests meet the real thing.
 */
export function configureApp(app: NestExpressApplication): void {
  const logger = app.get<AppLogger>(AppLoggerToken);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(createHttpLogger(logger));
  app.use(helmet());
  app.use((req: Request, res: Response, next: NextFunction) =>
    SERVED_PATHS.test(req.path) ? next() : sendProblem(logger, PlatformException.notFound('There is nothing at this address.'), req, res),
  );
  app.use(requireJson(logger));
  app.use(express.json({ limit: BODY_LIMIT, strict: true, reviver: refusePrototypeKeys, verify: verifyJsonBody }));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => sendProblem(logger, error, req, res));
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health/*path', method: RequestMethod.ALL }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  describeApi(app);
}
