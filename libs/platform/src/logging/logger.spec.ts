import { createServer, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { createHttpLogger, createLogger } from './logger';

interface Line {
  level: number;
  msg: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  err?: { message: string };
}

/** Requests to a server whose every answer goes through the request log at `level`; the JSON lines it wrote, and the answers. */
async function requests(level: string, paths: Array<[path: string, answer: (res: ServerResponse) => void]>) {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const log = createHttpLogger(createLogger(level, 'json', sink));
  const answers = new Map(paths);
  const server = createServer((req, res) => log(req, res, () => answers.get(req.url!)!(res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const responses: Response[] = [];
  for (const [path] of paths) {
    responses.push(await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-request-id': `id-${responses.length}` } }));
  }
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const out = Buffer.concat(chunks).toString('utf8').trim();
  return { lines: out === '' ? [] : out.split('\n').map((line) => JSON.parse(line) as Line), responses };
}

const status = (code: number) => (res: ServerResponse) => {
  res.statusCode = code;
  res.end();
};

describe('createHttpLogger', () => {
  it('writes one line per request once answered: info, warn for a 4xx, error with an err for a 5xx; none for /health/', async () => {
    const { lines, responses } = await requests('info', [
      ['/api/v1/clients?q=Zhang', status(200)],
      ['/api/v1/clients/x', status(404)],
      ['/api/v1/boom', status(500)],
      ['/health/live', status(200)],
    ]);
    expect(responses.map((res) => res.headers.get('x-request-id'))).toEqual(['id-0', 'id-1', 'id-2', 'id-3']);
    expect(lines.map(({ level, msg, req, res, err }) => ({ level, msg, req, res, err: err?.message }))).toEqual([
      {
        level: 30,
        msg: 'request completed',
        req: { id: 'id-0', method: 'GET', url: '/api/v1/clients?q=%5BREDACTED%5D' },
        res: { statusCode: 200 },
      },
      { level: 40, msg: 'request completed', req: { id: 'id-1', method: 'GET', url: '/api/v1/clients/x' }, res: { statusCode: 404 } },
      {
        level: 50,
        msg: 'request errored',
        req: { id: 'id-2', method: 'GET', url: '/api/v1/boom' },
        res: { statusCode: 500 },
        err: 'failed with status code 500',
      },
    ]);
    expect(lines.every((line) => typeof line.responseTime === 'number')).toBe(true);
  });

  it('writes only the lines the level lets through', async () => {
    const { lines } = await requests('warn', [
      ['/api/v1/clients', status(200)],
      ['/api/v1/clients/x', status(403)],
    ]);
    expect(lines.map((line) => [line.level, line.res?.statusCode])).toEqual([[40, 403]]);
  });

  it('gives a request without a usable X-Request-Id one of its own', async () => {
    const sink = new PassThrough();
    const log = createHttpLogger(createLogger('silent', 'json', sink));
    const server = createServer((req, res) => log(req, res, () => res.end((req as { id?: string }).id)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/clients`, { headers: { 'x-request-id': 'not a sane id!' } });
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toBe(id);
  });
});
