import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { chooseLogFormat, requestSummary } from './log-format';
import { createHttpLogger, createLogger } from './logger';

describe('chooseLogFormat', () => {
  it.each([
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['auto', undefined, 'json'],
    ['json', true, 'json'],
    ['json', false, 'json'],
    ['pretty', false, 'pretty'],
    ['pretty', true, 'pretty'],
  ] as const)('LOG_FORMAT=%s with a terminal %s writes %s', (setting, tty, expected) => {
    expect(chooseLogFormat(setting, tty)).toBe(expected);
  });
});

describe('requestSummary', () => {
  it('puts a request on one line: method, URL, status, time and request id', () => {
    const line = requestSummary(
      { msg: 'request completed', req: { id: 'r-1', method: 'GET', url: '/api/v1/clients' }, res: { statusCode: 200 }, responseTime: 12 },
      'msg',
    );
    expect(line).toBe('GET /api/v1/clients 200 12ms (r-1)');
  });

  it('keeps the message of other events', () => {
    expect(requestSummary({ msg: 'created the first admin account' }, 'msg')).toBe('created the first admin account');
  });
});

/** What a logger in `format` wrote, once its stream has flushed. */
async function written(format: 'json' | 'pretty', log: (logger: ReturnType<typeof createLogger>) => void): Promise<string> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const logger = createLogger('info', format, sink);
  log(logger);
  logger.flush();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return Buffer.concat(chunks).toString('utf8');
}

describe('createLogger', () => {
  const personal = { phone: '13800138000', nationalId: '530102199001011234', note: 'private words' };

  it('writes JSON lines and redacts personal data', async () => {
    const out = await written('json', (logger) => logger.info({ client: personal }, 'client updated'));
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'client updated', service: 'tongban', client: { phone: '[REDACTED]' } });
    expect(out).not.toMatch(/13800138000|530102199001011234|private words/);
  });

  it('writes one readable line per event in pretty format, redacted as JSON is', async () => {
    const out = await written('pretty', (logger) => logger.info({ client: personal }, 'client updated'));
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toContain('client updated');
    expect(out).toContain('[REDACTED]');
    expect(out).not.toMatch(/13800138000|530102199001011234|private words/);
    expect(() => JSON.parse(out)).toThrow();
  });

  it('writes a request as one pretty line with the search query redacted', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const http = createHttpLogger(createLogger('info', 'pretty', sink));
    const server = createServer((req, res) => {
      http(req, res);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/api/v1/clients?q=%E5%BC%A0%E4%BC%9F`, { headers: { authorization: 'Bearer secret-token' } });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const out = Buffer.concat(chunks).toString('utf8');
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/GET \/api\/v1\/clients\?q=%5BREDACTED%5D 200 \d+ms \(/);
    expect(out).not.toMatch(/secret-token|%E5%BC%A0/);
  });
});
