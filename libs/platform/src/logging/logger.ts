import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import type { Writable } from 'node:stream';
import { LogFormat, prettyStream } from './log-format';
import { REDACT_PATHS, redactUrl } from './redaction';

export type AppLogger = Logger;

/**
 * The process' logger: JSON lines, or (`pretty`) one readable line per event
 * for a terminal. Redaction applies before either is written.
 */
export function createLogger(level: string, format: LogFormat = 'json', destination?: Writable): AppLogger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    base: { service: 'tongban' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (format === 'pretty') return pino(options, prettyStream(destination));
  return destination ? pino(options, destination) : pino(options);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Request id: the caller's `X-Request-Id` when it is sane, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  const given = Array.isArray(header) ? header[0] : header;
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The id the HTTP logger gave this request. */
export function requestIdFrom(req: IncomingMessage & { id?: unknown }): string {
  return typeof req.id === 'string' ? req.id : '';
}

/** What the request log does with each request: `next`, where given, continues with the request. */
export type HttpLogger = (req: IncomingMessage & { id?: unknown }, res: ServerResponse, next?: () => void) => void;

/**
 * One log line per request once it is answered (or its connection closed first): its id, method and URL (`q`
 * redacted), no headers, the status and the time taken; at `info`, `warn` for a 4xx, `error` with an `err` for a
 * 5xx; none for `/health/`. Each request gets its id here (`X-Request-Id`, see {@link requestIdOf}).
 *
 * The line is made only when the logger's level writes it, and with the process' logger itself (its redaction
 * applies as to any line). pino-http made each request a child logger, serializing its bindings through every
 * redaction path whatever the level: a fifth of what a dose allocated, for a line that at `warn` was never written.
 */
export function createHttpLogger(logger: AppLogger): HttpLogger {
  return (req, res, next) => {
    const id = requestIdOf(req);
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const url = req.url ?? '';
    if (!url.startsWith('/health/')) {
      const started = Date.now();
      const answered = (error?: Error): void => {
        res.removeListener('close', answered);
        res.removeListener('finish', answered);
        res.removeListener('error', answered);
        const failed = error !== undefined || res.statusCode >= 500;
        const level = failed ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
        if (!logger.isLevelEnabled(level)) return;
        const line = {
          req: { id, method: req.method, url: redactUrl(url) },
          res: { statusCode: res.statusCode },
          responseTime: Date.now() - started,
        };
        if (failed) logger[level]({ ...line, err: error ?? new Error(`failed with status code ${res.statusCode}`) }, 'request errored');
        else logger[level](line, 'request completed');
      };
      res.on('close', answered);
      res.on('finish', answered);
      res.on('error', answered);
    }
    next?.();
  };
}

/** Nest's logger interface on top of pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: AppLogger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, message instanceof Error ? message.message : String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }

  fatal(message: unknown, context?: string): void {
    this.logger.fatal({ context }, String(message));
  }
}
