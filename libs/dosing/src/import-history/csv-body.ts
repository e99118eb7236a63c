import type { Readable } from 'node:stream';
import { PlatformErrorCode, PlatformException } from '@tongban/platform';
import type { Request } from 'express';

/** The request itself is the CSV stream (no body parser reads text/csv); anything else is 415. */
export function csvBody(req: Request): Readable {
  if (!req.is('text/csv')) {
    throw new PlatformException(PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the history as text/csv.');
  }
  return req;
}
