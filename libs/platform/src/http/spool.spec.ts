import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { PlatformException } from '../errors/app.exception';
import { spoolBody } from './spool';

describe('spoolBody', () => {
  let root: string;
  let dir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tongban-spool-'));
    dir = join(root, 'uploads');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps the whole body in a private file that reads back the same, until removed', async () => {
    const spool = await spoolBody(Readable.from(['a,b\n', '1,2\n']), dir, 100, 'too large');
    expect(spool.bytes).toBe(8);
    const [file] = readdirSync(dir);
    expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(await text(spool.open())).toBe('a,b\n1,2\n');
    expect(await text(spool.open())).toBe('a,b\n1,2\n');
    await spool.remove();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses more than the limit with 413 and leaves no file', async () => {
    const body = new PassThrough();
    const spooled = spoolBody(body, dir, 10, 'at most 10 bytes');
    body.write('12345678');
    body.write('90abc');
    const error = (await spooled.catch((e: unknown) => e)) as PlatformException;
    expect(error).toBeInstanceOf(PlatformException);
    expect(error).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'at most 10 bytes' });
    expect(readdirSync(dir)).toEqual([]);
    // The body is left as it is (not destroyed): the connection still has to carry the answer.
    expect(body.destroyed).toBe(false);
  });

  it('answers 400 when the body breaks off before its end, and leaves no file', async () => {
    const body = new PassThrough();
    const spooled = spoolBody(body, dir, 100, 'too large');
    body.write('client_code,clinic_day');
    await new Promise((resolve) => setImmediate(resolve));
    body.destroy();
    const error = (await spooled.catch((e: unknown) => e)) as PlatformException;
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(error.detail).toMatch(/broke off/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
