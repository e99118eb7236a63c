import { createServer, Server } from 'node:http';
import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ConfigError, RedisConnection, sql } from '@tongban/platform';
import { DataSource } from 'typeorm';

/** `HEALTH_PORT` (optional): where the worker answers its health checks. Unset: no port is opened. */
export function healthPortFrom(env: Record<string, string | undefined>): number | undefined {
  const raw = env.HEALTH_PORT?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  if (!/^\d{1,5}$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError('Invalid configuration: HEALTH_PORT must be an integer between 1 and 65535');
  }
  return port;
}

async function databaseUp(dataSource: DataSource): Promise<boolean> {
  try {
    await Promise.race([
      sql`SELECT 1`.execute(dataSource),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The worker has no HTTP API; for orchestrators it answers `GET /health/live`
 * (200 while it runs) and `GET /health/ready` (as the API's:
 * `{ status, database, queue }`, 503 only when the database is down), nothing else.
 */
export async function serveWorkerHealth(app: INestApplicationContext, port: number): Promise<Server> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const redis = app.get(RedisConnection);
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return reply(405, { status: 'error' });
    if (req.url === '/health/live') return reply(200, { status: 'ok' });
    if (req.url !== '/health/ready') return reply(404, { status: 'error' });
    void Promise.all([databaseUp(dataSource), redis.state()]).then(([database, queue]) =>
      reply(database ? 200 : 503, { status: database ? 'ok' : 'error', database: database ? 'up' : 'down', queue }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}
