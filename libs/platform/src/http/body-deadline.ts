import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { PlatformErrorCode, PlatformException } from '../errors/app.exception';

/** The request line and headers must arrive within this. */
export const HEADERS_TIMEOUT_MS = 20_000;

/**
 * The whole request (headers and body) must arrive within this, however
 * steadily it trickles: long enough for the largest history file over a slow
 * clinic line, short enough that a client cannot keep a connection forever.
 */
export const REQUEST_TIMEOUT_MS = 10 * 60_000;

/** Whether the request says it carries a body (a length above 0, or chunks). */
export function hasBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/** Node's own limits on how long a request may take to arrive (past them Node answers 408 and closes the connection). */
export function limitRequestTimes(server: Server): void {
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
}

export type BodyTimeoutHandler = (error: PlatformException, req: Request, res: Response) => void;

/**
 * A body that pauses for longer than `idleMs` (no byte arriving) ends its
 * request: `onTimeout` answers (408 `REQUEST_TIMEOUT`, unless an answer is
 * already under way) with `Connection: close`, and the connection is closed
 * once the answer is out, so whatever was reading the body (a JSON parser, an
 * upload being spooled) fails at once instead of waiting. The limit is the
 * socket's inactivity timeout while the body arrives, and counts only while
 * something reads the body (a body the server is not yet reading is paused
 * by the server); it is lifted as soon as the body has been read, so a long
 * answer (an import working) is not cut off.
 */
export function bodyIdleDeadline(idleMs: number, onTimeout: BodyTimeoutHandler) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hasBody(req) || req.complete) return next();
    const socket = req.socket;
    // Node emits the request's 'timeout' only while the body is incomplete; once it is complete the socket's
    // timeout goes to the response, and with no listener there Node would destroy the connection.
    const expire = (): void => {
      // Nobody reads the body yet (the caller is still being checked) or its reader is behind: the pause is the
      // server's, not the client's. Wait another period; Node's whole-request limit still bounds the request.
      if (req.readableFlowing !== true) {
        socket.setTimeout(idleMs);
        return;
      }
      disarm();
      // Ending the request itself, not only its socket: Node stops tracking a request once it is answered, and
      // whatever still reads its body (an upload being spooled) would otherwise wait for the rest forever.
      const close = (): void => {
        req.destroy();
        socket.destroy();
      };
      if (res.headersSent) {
        close();
        return;
      }
      res.setHeader('Connection', 'close');
      res.once('finish', close);
      onTimeout(
        new PlatformException(
          PlatformErrorCode.REQUEST_TIMEOUT,
          `The request body stopped arriving for ${idleMs / 1000} s; send it again.`,
        ),
        req,
        res,
      );
    };
    const ignore = (): void => undefined;
    const disarm = (): void => {
      req.off('timeout', expire);
      req.off('end', disarm);
      req.off('close', disarm);
      res.off('timeout', ignore);
      // Only while the limit is still ours: after an answer Node sets its keep-alive timeout on the same socket.
      if (socket.timeout === idleMs) socket.setTimeout(0);
    };
    req.setTimeout(idleMs, expire);
    res.on('timeout', ignore);
    req.once('end', disarm);
    req.once('close', disarm);
    next();
  };
}
