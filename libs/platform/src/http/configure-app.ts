import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { useContainer } from 'class-validator';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { PlatformErrorCode, PlatformException } from '../errors/app.exception';
import { createValidationPipe } from '../errors/validation';
import { bodyIdleDeadline, hasBody, limitRequestTimes } from './body-deadline';
import { refusePrototypeKeys, verifyJsonBody } from './json-body';
import { requestDeadline } from './request-deadline';
import { refuseUnstorableInput } from './storable-input';
import { NotInFutureConstraint } from '../clock/not-in-future';
import { ProblemDetailsFilter, sendProblem } from '../errors/problem-details.filter';
import { AppLoggerToken } from '../logging/logger.token';
import { AppLogger, createHttpLogger } from '../logging/logger';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT = '1mb';

/** Paths this server answers; anything else is the web app or a problem+json 404 without reaching the router. */
const SERVED_PATHS = /^\/(api\/v1(\/|$)|api\/docs|health\/)/;

/** Addresses that are never a page of the web app, whatever the request accepts. */
const NEVER_THE_APP = /^\/(api|health|assets)(\/|$)/;

/** The built staff web app (`npm run build:web`), served at `/`. */
export const WEB_DIR = resolve(process.cwd(), 'dist/web');

/**
 * The web app's files, and its page for any other address a browser opens
 * (client-side routes); requests that do not ask for HTML get the API's 404.
 */
function serveWebApp(logger: AppLogger) {
  const index = join(WEB_DIR, 'index.html');
  const files = express.static(WEB_DIR, {
    index: false,
    setHeaders: (res, path) =>
      res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  const notFound = (req: Request, res: Response) =>
    sendProblem(logger, PlatformException.notFound('There is nothing at this address.'), req, res);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SERVED_PATHS.test(req.path)) return next();
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !existsSync(index)) return notFound(req, res);
    files(req, res, () => {
      if (NEVER_THE_APP.test(req.path) || req.accepts(['json', 'html']) !== 'html') return notFound(req, res);
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  };
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Media types a body may have: JSON everywhere, CSV and images where a route streams them (imports, client photos). */
const BODY_TYPES = ['application/json', 'text/csv', 'image/jpeg', 'image/png'];

/** A body on POST/PUT/PATCH must be JSON (or CSV); anything else would be silently ignored. */
function requireJson(logger: AppLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (BODY_METHODS.has(req.method) && hasBody(req) && !req.is(BODY_TYPES)) {
      sendProblem(
        logger,
        new PlatformException(
          PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE,
          'Send the body as application/json (text/csv for imports, image/jpeg or image/png for photos).',
        ),
        req,
        res,
      );
      return;
    }
    next();
  };
}

/** The OpenAPI document of every route (served at /api/docs, exported for the web app's typed client). */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Tongban API')
    .setDescription(
      'Case management for methadone maintenance clinics with peer-support programmes. ' +
        'Errors are application/problem+json with an UPPER_SNAKE `code` and a `requestId`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** `/api/v1` in front of every route but health. */
export function applyRoutePrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health/*path', method: RequestMethod.ALL }] });
}

/** Decides whether a request may read the OpenAPI description (a signed-in caller's bearer token, in production). */
export type DocsAccess = (req: Request) => Promise<boolean>;

/** `/api/docs` and `/api/docs-json` only for requests `mayRead` lets through; others get a problem+json 401. */
function guardDocs(logger: AppLogger, mayRead: DocsAccess) {
  return (req: Request, res: Response, next: NextFunction): void => {
    mayRead(req).then(
      (allowed) =>
        allowed
          ? next()
          : sendProblem(
              logger,
              PlatformException.unauthenticated('Sign in to read the API description (or set API_DOCS_PUBLIC=true).'),
              req,
              res,
            ),
      (error: unknown) => sendProblem(logger, error, req, res),
    );
  };
}

export interface ConfigureAppOptions {
  /** When given, the OpenAPI description is served only to requests it lets through. */
  docsAccess?: DocsAccess;
  /** How long a request body may pause before the request is answered 408 and its connection closed (`UPLOAD_IDLE_TIMEOUT_MS`). */
  bodyIdleTimeoutMs: number;
  /** When given, every API request answers within this many milliseconds of its body being read (see `requestDeadline`). */
  requestDeadlineMs?: number;
}

/**
 * Everything an HTTP application needs around its controllers: request ids
 * and logs, security headers, time limits on receiving a request (headers,
 * whole request, pauses in a body), a 1 MB JSON body parser, validation, the
 * problem+json filter, the `/api/v1` prefix and the OpenAPI description.
 * Used by `main.ts` and by every end-to-end test, so tests meet the real thing.
 */
export function configureApp(app: NestExpressApplication, options: ConfigureAppOptions): void {
  const logger = app.get<AppLogger>(AppLoggerToken);
  limitRequestTimes(app.getHttpServer());
  app.disable('x-powered-by');
  // API answers are never cached (no-store, below): an ETag would only cost a hash of every body. The web app's files keep theirs.
  app.set('etag', false);
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(createHttpLogger(logger));
  // Before anything reads a body or answers without reading it: a client that stops sending holds neither a parser nor an upload for long.
  app.use(bodyIdleDeadline(options.bodyIdleTimeoutMs, (error, req, res) => sendProblem(logger, error, req, res)));
  // Clinics often serve Tongban over plain HTTP on their own network: an upgrade to HTTPS would leave the web app blank.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(serveWebApp(logger));
  // API answers carry personal data: no browser or proxy keeps them (a route may still set its own).
  app.use(`/${API_PREFIX}`, (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(requireJson(logger));
  app.use(express.json({ limit: BODY_LIMIT, strict: true, reviver: refusePrototypeKeys, verify: verifyJsonBody }));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => sendProblem(logger, error, req, res));
  app.use(refuseUnstorableInput((error, req, res) => sendProblem(logger, error, req, res)));
  if (options.requestDeadlineMs) {
    app.use(
      `/${API_PREFIX}`,
      requestDeadline(options.requestDeadlineMs, (error, req, res) => sendProblem(logger, error, req, res)),
    );
  }
  applyRoutePrefix(app);
  // The validator that needs the app's Clock (`NotInFuture`) comes from its container; class-validator makes the others
  // itself (asking Nest for each would throw and catch on every constraint of every request).
  const notInFuture = app.get(NotInFutureConstraint);
  useContainer({ get: (type: unknown) => (type === NotInFutureConstraint ? notInFuture : undefined) }, { fallback: true });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  if (options.docsAccess) app.use(['/api/docs', '/api/docs-json'], guardDocs(logger, options.docsAccess));
  // Built when first asked for (then kept): most processes never serve it, and building it scans every route (a fifth
  // of a second of CPU at each start).
  SwaggerModule.setup('api/docs', app, () => createApiDocument(app), { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}
