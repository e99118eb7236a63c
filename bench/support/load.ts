import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

/** One request of a run: a dose for a client and day that has none yet. */
export interface DoseRequest {
  path: string;
  body: string;
}

/**
 * The requests a server may be sent, each once: a cursor over `size`
 * client days. Each run takes from where the last one stopped, so every
 * request is for a client day that has not been dosed.
 */
export class RequestPool {
  private next = 0;

  constructor(
    readonly size: number,
    private readonly at: (index: number) => DoseRequest,
  ) {}

  get remaining(): number {
    return this.size - this.next;
  }

  take(): DoseRequest | undefined {
    return this.next < this.size ? this.at(this.next++) : undefined;
  }
}

export interface RunResult {
  /** Answers 201 Created per second over the run. */
  rps: number;
  created: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers other than 201, by status; `error` for failed connections and timeouts. */
  others: Record<string, number>;
}

export interface Target {
  base: string;
  token: string;
}

const REQUEST_TIMEOUT_S = 10;
const DRAIN_MS = 60_000;
/** Room to spare, should autocannon build more requests than it sends. */
const SPARE_PER_CONNECTION = 2;

/**
 * As fast as the server answers: `connections` keep-alive connections, each
 * sending its next request when the answer to the last one is in (autocannon),
 * for `seconds` or until `maxRequests` (at most the pool) are sent.
 */
export async function saturate(
  target: Target,
  pool: RequestPool,
  run: { connections: number; seconds: number; maxRequests: number },
): Promise<RunResult> {
  const { connections, seconds } = run;
  const amount = Math.min(run.maxRequests, pool.remaining) - connections * SPARE_PER_CONNECTION;
  if (amount < connections * 4) throw new Error(`the request pool is spent (${pool.remaining} left)`);
  const latencies: number[] = [];
  const others: Record<string, number> = {};
  let timer: NodeJS.Timeout | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.base,
        connections,
        amount,
        timeout: REQUEST_TIMEOUT_S,
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              // `amount` is below the pool's size, so a request is always there.
              const next = pool.take() ?? { path: '/pool-spent', body: '{}' };
              return { ...req, path: next.path, body: next.body };
            },
          },
        ],
      },
      (error, done) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 201) latencies.push(responseTime);
      else others[statusCode] = (others[statusCode] ?? 0) + 1;
    });
    instance.on('reqError', () => {
      others.error = (others.error ?? 0) + 1;
    });
    timer = setTimeout(() => instance.stop(), seconds * 1000);
  }).finally(() => clearTimeout(timer));
  return summarize(latencies, others, result.duration);
}

/**
 * An open-loop run at a fixed rate: request k is due at start + k / rate
 * whether or not earlier answers are in, sent over at most `connections`
 * keep-alive connections; latency counts from when the request was due.
 *
 * Not autocannon's `overallRate`: it lets each connection send its share of
 * a second as soon as that second begins, so 100 req/s over 32 connections
 * arrives as a burst of 32 and then back-to-back requests, and its p99
 * measures the burst rather than a steady 100 requests a second.
 */
export async function paced(target: Target, pool: RequestPool, connections: number, rate: number, seconds: number): Promise<RunResult> {
  const count = Math.min(Math.round(rate * seconds), pool.remaining);
  if (count < rate) throw new Error(`the request pool is spent (${pool.remaining} left)`);
  const url = new URL(target.base);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const others: Record<string, number> = {};
  const sent: Array<Promise<void>> = [];
  const start = performance.now();
  try {
    for (let k = 0; k < count; k++) {
      const due = start + (k * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const next = pool.take();
      if (!next) break;
      sent.push(
        post(agent, url, target.token, next).then(
          (status) => {
            if (status === 201) latencies.push(performance.now() - due);
            else others[status] = (others[status] ?? 0) + 1;
          },
          () => {
            others.error = (others.error ?? 0) + 1;
          },
        ),
      );
    }
    // Answers still out a minute after the last request was due are given up (counted as errors).
    let drained: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(sent), new Promise((resolve) => (drained = setTimeout(resolve, DRAIN_MS)))]);
    clearTimeout(drained);
  } finally {
    agent.destroy();
  }
  return summarize(latencies, others, (performance.now() - start) / 1000);
}

function post(agent: Agent, url: URL, token: string, dose: DoseRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: dose.path,
        timeout: REQUEST_TIMEOUT_S * 1000,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(dose.body) },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.once('error', reject);
    req.end(dose.body);
  });
}

function summarize(latencies: number[], others: Record<string, number>, seconds: number): RunResult {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  return {
    rps: latencies.length / seconds,
    created: latencies.length,
    seconds,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    others,
  };
}
