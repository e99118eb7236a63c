/**
 * The baseline of the dosing benchmark: the least a server can do to record a
 * dose as Tongban records it. node:http and a plain `pg` pool, no framework,
 * no ORM. Per request: a constant-time check of one static bearer token (in
 * place of Tongban's signed token and session look-up); the client (clinic,
 * status), its order in force and whether it has an observed dose that day,
 * in one query; then, in one statement, the insert
 * into dosing_visit (the unique index refuses a second observed dose) and the
 * audit event appended to the clinic's hash chain, Tongban's own statement
 * (appendEventStatement of libs/platform/src/audit: the head moved and the
 * event linked in SQL, from a content digest made here), as Tongban records
 * a dose.
 *
 * Environment: PORT, DATABASE_URL, BASELINE_TOKEN, BASELINE_STAFF_ID,
 * BASELINE_CLINIC_ID, BASELINE_TIME_ZONE. Serves POST
 * /api/v1/clients/:id/doses and GET /health/ready on 127.0.0.1.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { appendEventStatement } from '@tongban/platform/audit/append-event-sql';
import { calendarDate } from '@tongban/platform/clock/clock';
import { sql } from '@tongban/platform/database/sql';
import { DatabaseError, Pool } from 'pg';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(1);
  }
  return value;
};

const port = Number(env('PORT'));
const caller = { staffId: env('BASELINE_STAFF_ID'), role: 'nurse', clinicId: env('BASELINE_CLINIC_ID') };
const timeZone = env('BASELINE_TIME_ZONE');
const tokenDigest = digest(env('BASELINE_TOKEN'));
// The same pool size as Tongban's (libs/platform/src/database/data-source-options.ts).
const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 20, application_name: 'tongban-baseline' });

const DOSES_PATH = /^\/api\/v1\/clients\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/doses$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_BODY = 16 * 1024;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function authorized(req: IncomingMessage): boolean {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') && timingSafeEqual(digest(header.slice(7)), tokenDigest);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Refusal(413, 'PAYLOAD_TOO_LARGE');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new Refusal(400, 'VALIDATION_FAILED');
  }
}

function doseOf(body: unknown): { doseMg: number; clinicDay: string } {
  if (typeof body !== 'object' || body === null) throw new Refusal(400, 'VALIDATION_FAILED');
  const { doseMg, kind, clinicDay } = body as Record<string, unknown>;
  if (typeof doseMg !== 'number' || !(doseMg >= 0.5 && doseMg <= 500) || kind !== 'observed') throw new Refusal(400, 'VALIDATION_FAILED');
  if (clinicDay !== undefined && (typeof clinicDay !== 'string' || !DATE.test(clinicDay))) throw new Refusal(400, 'VALIDATION_FAILED');
  return { doseMg, clinicDay: clinicDay ?? calendarDate(new Date(), timeZone) };
}

async function recordDose(clientId: string, dose: { doseMg: number; clinicDay: string }, requestId: string): Promise<object> {
  const found = await pool.query<{ clinic_id: string; status: string; order_id: string | null; order_mg: string | null; dosed: boolean }>(
    `SELECT c.clinic_id, c.status, o.id AS order_id, o.dose_mg AS order_mg,
            EXISTS (SELECT 1 FROM dosing_visit v WHERE v.client_id = c.id AND v.clinic_day = $2 AND v.kind = 'observed') AS dosed
     FROM client c
     LEFT JOIN LATERAL (
       SELECT id, dose_mg FROM dose_order WHERE client_id = c.id AND effective_date <= $2
       ORDER BY effective_date DESC, created_at DESC LIMIT 1
     ) o ON TRUE
     WHERE c.id = $1`,
    [clientId, dose.clinicDay],
  );
  const client = found.rows[0];
  if (!client || client.clinic_id !== caller.clinicId) throw new Refusal(404, 'NOT_FOUND');
  if (client.status !== 'active') throw new Refusal(422, 'CLIENT_NOT_ACTIVE');
  if (client.order_id === null || client.order_mg === null) throw new Refusal(422, 'NO_ACTIVE_ORDER');
  if (client.dosed) throw new Refusal(409, 'DOSE_ALREADY_GIVEN');
  if (dose.doseMg > Number(client.order_mg)) throw new Refusal(422, 'DOSE_EXCEEDS_ORDER');

  const id = randomUUID();
  const recordedAt = new Date();
  const visit = sql`INSERT INTO dosing_visit (id, client_id, clinic_id, dispensing_clinic_id, clinic_day, dose_mg, kind, part, covers_days, order_id, recorded_by, recorded_at)
                     VALUES (${id}, ${clientId}, ${client.clinic_id}, ${client.clinic_id}, ${dose.clinicDay}, ${dose.doseMg}, 'observed', 1, 0, ${client.order_id},
                             ${caller.staffId}, ${recordedAt}) RETURNING id`;
  const write = appendEventStatement(
    {
      id: randomUUID(),
      chain: client.clinic_id,
      occurredAt: new Date(),
      actorId: caller.staffId,
      actorRole: caller.role,
      clinicId: client.clinic_id,
      clientId,
      clientIds: null,
      action: 'dose.record',
      targetType: 'dosing_visit',
      targetId: id,
      grounds: 'role',
      details: { kind: 'observed', clinicDay: dose.clinicDay, doseMg: dose.doseMg, part: 1 },
      requestId,
    },
    { change: visit },
  );
  try {
    await pool.query(write.text, [...write.values]);
  } catch (error) {
    if (error instanceof DatabaseError && error.code === '23505') throw new Refusal(409, 'DOSE_ALREADY_GIVEN');
    throw error;
  }
  return {
    id,
    clinicDay: dose.clinicDay,
    doseMg: dose.doseMg,
    kind: 'observed',
    coversDays: 0,
    recordedBy: caller.staffId,
    recordedAt: recordedAt.toISOString(),
  };
}

function send(res: ServerResponse, status: number, body: object, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': status < 400 ? 'application/json; charset=utf-8' : 'application/problem+json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-request-id': requestId,
  });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  try {
    if (req.method === 'GET' && (req.url === '/health/ready' || req.url === '/health/live')) {
      await pool.query('SELECT 1');
      return send(res, 200, { status: 'ok' }, requestId);
    }
    const match = req.method === 'POST' ? DOSES_PATH.exec(req.url ?? '') : null;
    if (!match) throw new Refusal(404, 'NOT_FOUND');
    if (!authorized(req)) throw new Refusal(401, 'UNAUTHENTICATED');
    const dose = doseOf(await readJson(req));
    send(res, 201, await recordDose(match[1], dose, requestId), requestId);
  } catch (error) {
    if (error instanceof Refusal) return send(res, error.status, { status: error.status, code: error.code, requestId }, requestId);
    console.error(requestId, error);
    send(res, 500, { status: 500, code: 'INTERNAL', requestId }, requestId);
  }
}

const server = createServer((req, res) => void handle(req, res));
server.listen(port, '127.0.0.1');

function shutdown(): void {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
