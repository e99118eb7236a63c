import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One POST the SMS gateway received. */
export interface SmsRequest {
  to: string;
  text: string;
  idempotencyKey: string;
  authorization: string | undefined;
}

/** What the gateway answers a request: a status, after an optional delay. */
export type SmsResponder = (request: SmsRequest, nth: number) => { status: number; delayMs?: number };

export interface SmsSink {
  url: string;
  /** Every POST, in arrival order (retries and duplicates included). */
  requests: SmsRequest[];
  /** What a real gateway would have sent to phones: one message per idempotency key, the first accepted one. */
  delivered: Map<string, SmsRequest>;
  /** How many POSTs for an already delivered key the gateway answered as duplicates (not sent again). */
  duplicates: () => number;
  respondWith: (responder: SmsResponder) => void;
  requestsFor: (idempotencyKey: string) => SmsRequest[];
  close: () => Promise<void>;
}

/**
 * A local SMS gateway as api.md describes it: POST JSON { to, text,
 * idempotencyKey } with a bearer token. Like a real gateway it honours the
 * idempotency key: a key it accepted once is answered 200 again without a
 * second message. Tests script the answers (500s, 400s, slow answers).
 */
export async function startSmsSink(): Promise<SmsSink> {
  const requests: SmsRequest[] = [];
  const delivered = new Map<string, SmsRequest>();
  let duplicates = 0;
  let responder: SmsResponder = () => ({ status: 200 });
  const countByKey = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<SmsRequest, 'authorization'>;
      const request: SmsRequest = { ...body, authorization: req.headers.authorization };
      requests.push(request);
      const nth = (countByKey.get(request.idempotencyKey) ?? 0) + 1;
      countByKey.set(request.idempotencyKey, nth);
      const { status, delayMs } = responder(request, nth);
      const answer = (): void => {
        if (res.destroyed) return;
        if (status >= 200 && status < 300) {
          if (delivered.has(request.idempotencyKey)) duplicates += 1;
          else delivered.set(request.idempotencyKey, request);
        }
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }));
      };
      if (delayMs) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    requests,
    delivered,
    duplicates: () => duplicates,
    respondWith: (next) => (responder = next),
    requestsFor: (key) => requests.filter((request) => request.idempotencyKey === key),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
  messageId: string;
  body: string;
}

/** What the SMTP server answers a message: accept, or an SMTP reply code (451 transient, 550 permanent). */
export type SmtpResponder = (mail: ReceivedMail, nth: number) => { code?: number };

export interface SmtpSink {
  url: string;
  mails: ReceivedMail[];
  /** Messages accepted (answered 250). */
  accepted: ReceivedMail[];
  respondWith: (responder: SmtpResponder) => void;
  close: () => Promise<void>;
}

function header(raw: string, name: string): string {
  const match = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  return match ? match[1].replace(/\r?\n[ \t]/g, ' ').trim() : '';
}

/** Decodes a quoted-printable or base64 text body, as nodemailer writes them. */
function bodyOf(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = header(head, 'Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_all, hex: string) => `%${hex}`);
    try {
      return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25')).trim();
    } catch {
      return bytes.trim();
    }
  }
  return body.trim();
}

/** A local SMTP server (no TLS, no auth) that keeps every message; tests script its answers. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const accepted: ReceivedMail[] = [];
  let responder: SmtpResponder = () => ({});
  const countById = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: ReceivedMail = {
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
          subject: header(raw, 'Subject'),
          messageId: header(raw, 'Message-ID'),
          body: bodyOf(raw),
        };
        mails.push(mail);
        const nth = (countById.get(mail.messageId) ?? 0) + 1;
        countById.set(mail.messageId, nth);
        const { code } = responder(mail, nth);
        if (code) {
          const error = Object.assign(new Error(`scripted reply ${code}`), { responseCode: code });
          callback(error);
          return;
        }
        accepted.push(mail);
        callback(null, 'queued');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}?from=reminders@clinic.test`,
    mails,
    accepted,
    respondWith: (next) => (responder = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
