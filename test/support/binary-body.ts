import type { Stream } from 'node:stream';

/** Collects a binary answer as a Buffer, for supertest's `.parse()` (it parses only text types by default). */
export function binaryBody(res: Stream, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
