/**
 * The baseline of `npm run bench -- reminders`: a bare BullMQ worker that
 * posts each job's payload to the SMS gateway, as a separate process like
 * Tongban's worker. No database, no rules, no records: what delivering
 * through BullMQ costs by itself. Env: REDIS_URL, SMS_GATEWAY_URL,
 * SMS_GATEWAY_TOKEN, CONCURRENCY. Prints "ready" once it listens.
 */
import { Job, Worker } from 'bullmq';
import IORedis from 'ioredis';

export const BASELINE_QUEUE = 'baseline-reminders';

export interface BaselinePayload {
  to: string;
  text: string;
  idempotencyKey: string;
}

function main(): void {
  const redisUrl = process.env.REDIS_URL ?? '';
  const gateway = process.env.SMS_GATEWAY_URL ?? '';
  const token = process.env.SMS_GATEWAY_TOKEN ?? '';
  const worker = new Worker(
    BASELINE_QUEUE,
    async (job: Job<BaselinePayload>) => {
      const res = await fetch(gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(job.data),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`gateway answered ${res.status}`);
    },
    { connection: new IORedis(redisUrl, { maxRetriesPerRequest: null }), concurrency: Number(process.env.CONCURRENCY ?? '16') },
  );
  worker.on('error', () => undefined);
  void worker.waitUntilReady().then(() => process.stdout.write('ready\n'));
  process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
}

if (require.main === module) main();
