import { PlatformErrorCode, PlatformException } from '@tongban/platform';
import type { Request } from 'express';
import { PHOTO_TYPES, PhotoType } from '../entities/client-photo.entity';

/** A photo is at most 2 MB (api.md, "Clients"). */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** Past this much, an oversized upload is cut off instead of read to its end. */
const DRAIN_MAX_BYTES = 4 * PHOTO_MAX_BYTES;

/** The whole body must arrive within this time. */
const READ_TIMEOUT_MS = 30_000;

const SIGNATURES: Record<PhotoType, Buffer> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};

/** The media type the bytes themselves say they are, or null. */
export function sniffImageType(bytes: Buffer): PhotoType | null {
  return PHOTO_TYPES.find((type) => bytes.subarray(0, SIGNATURES[type].length).equals(SIGNATURES[type])) ?? null;
}

export interface ImageBody {
  contentType: PhotoType;
  bytes: Buffer;
}

/**
 * The request's body as a JPEG or PNG image of at most 2 MB: 415 for another
 * media type, 413 for a larger body, 400 for an empty one or bytes that are
 * not the image the header names (checked by their magic bytes). A larger
 * body is read to its end (up to a bound) before the 413, so the client is
 * not cut off mid-send; no body may take longer than 30 seconds.
 */
export async function readImageBody(req: Request): Promise<ImageBody> {
  const declared = req.is([...PHOTO_TYPES]);
  if (declared !== 'image/jpeg' && declared !== 'image/png') {
    throw new PlatformException(PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the photo as image/jpeg or image/png.');
  }
  if (req.headers['content-encoding'] !== undefined && req.headers['content-encoding'] !== 'identity') {
    throw new PlatformException(PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the photo without a content encoding.');
  }
  const bytes = await readAtMost(req, PHOTO_MAX_BYTES);
  if (bytes === null) {
    throw new PlatformException(PlatformErrorCode.PAYLOAD_TOO_LARGE, `A photo may be at most ${PHOTO_MAX_BYTES} bytes (2 MB).`);
  }
  if (bytes.length === 0) throw PlatformException.validation([{ field: 'body', message: 'the photo is empty' }]);
  if (sniffImageType(bytes) !== declared) {
    throw PlatformException.validation([
      { field: 'body', message: `the body is not a ${declared === 'image/png' ? 'PNG' : 'JPEG'} image` },
    ]);
  }
  return { contentType: declared, bytes };
}

/** The body, or null when it is longer than `limit` bytes. */
function readAtMost(req: Request, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error: Error | null, value?: Buffer | null): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (error) reject(error);
      else resolve(value ?? null);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else chunks.length = 0;
      if (received > DRAIN_MAX_BYTES) {
        req.pause();
        finish(null, null);
      }
    };
    const onEnd = (): void => finish(null, received > limit ? null : Buffer.concat(chunks, received));
    const onError = (error: Error): void =>
      finish(new PlatformException(PlatformErrorCode.VALIDATION_FAILED, `The upload failed: ${error.message}`));
    const onAborted = (): void => finish(new PlatformException(PlatformErrorCode.VALIDATION_FAILED, 'The upload was aborted.'));
    const timer = setTimeout(() => {
      req.pause();
      finish(new PlatformException(PlatformErrorCode.VALIDATION_FAILED, 'The photo did not arrive in time.'));
    }, READ_TIMEOUT_MS);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > DRAIN_MAX_BYTES) {
      finish(null, null);
      return;
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
