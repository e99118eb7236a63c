import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { makePrivateDir } from '../config/app-config';
import { PlatformErrorCode, PlatformException } from '../errors/app.exception';

/** An upload read to its end into a private file: read it again as often as needed, then remove it. */
export interface Spool {
  /** Bytes received. */
  readonly bytes: number;
  open(): Readable;
  remove(): Promise<void>;
}

/**
 * Reads `body` (an upload) completely into a file of its own under `dir`
 * (created 0700, the file 0600: uploads carry personal data), so that the
 * work on it starts only once the network is done with: a client that
 * stalls holds a file handle, never a database connection. More than
 * `maxBytes` is a 413 and stops the reading; a body that breaks off (the
 * client went away, or stopped sending for longer than the server's idle
 * limit) is a 400. Either way nothing is left behind.
 */
export async function spoolBody(body: Readable, dir: string, maxBytes: number, tooLarge: string): Promise<Spool> {
  makePrivateDir(dir);
  const path = join(dir, `upload-${randomUUID()}`);
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new PlatformException(PlatformErrorCode.PAYLOAD_TOO_LARGE, tooLarge));
      else done(null, chunk);
    },
  });
  // Not pipeline(body, ...): on a refusal it would destroy the request, and with it the connection the answer needs.
  const out = createWriteStream(path, { mode: 0o600, flags: 'wx' });
  const written = pipeline(limit, out);
  const brokeOff = (error?: Error): void => {
    if (!body.readableEnded) limit.destroy(error ?? new Error('the upload broke off'));
  };
  body.once('error', brokeOff);
  body.once('close', brokeOff);
  body.pipe(limit);
  try {
    await written;
  } catch (error) {
    body.unpipe(limit);
    // A file stream stopped while still opening creates its file after the refusal: remove it once it has closed.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await rm(path, { force: true });
    if (error instanceof PlatformException) throw error;
    throw new PlatformException(PlatformErrorCode.VALIDATION_FAILED, 'The upload broke off before its end; send it again.');
  } finally {
    body.off('error', brokeOff);
    body.off('close', brokeOff);
  }
  return {
    bytes,
    open: () => createReadStream(path),
    remove: () => rm(path, { force: true }),
  };
}
