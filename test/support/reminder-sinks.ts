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

/**
 * What the gateway does with a request for a key it has not accepted yet: a
 * 2xx status accepts the message (it goes to the phone, whether or not the
 * answer then reaches the caller), anything else refuses it; the answer
 * comes after `delayMs` (a delay longer than the test stands for an answer
 * that never comes).
 */
export type SmsResponder = (request: SmsRequest, nth: number) => { status: number; delayMs?: number };

export interface SmsSink {
  url: string;
  /** Every POST, in arrival order (retries and duplicates included). */
  requests: SmsRequest[];
  /** What went to phones: one message per idempotency key, the accepted one, in the order accepted. */
  deliveries: SmsRequest[];
  /** The accepted message of each idempotency key (the same as `deliveries`, by key). */
  delivered: Map<string, SmsRequest>;
  /** How many POSTs for an already accepted key the gateway answered with the original 2xx without sending again. */
  duplicates: () => number;
  respondWith: (responder: SmsResponder) => void;
  requestsFor: (idempotencyKey: string) => SmsRequest[];
  close: () => Promise<void>;
}

/**
 * A local SMS gateway as api.md describes it: POST JSON { to, text,
 * idempotencyKey } with a bearer token. Like a real gateway it honours the
 * idempotency key: a message is accepted (sent to the phone) when the
 * gateway decides so, even if the caller is gone before the answer; a
 * later POST with a key it accepted is answered with the original 2xx and
 * sends nothing. Tests script the answers to new keys (500s, 400s, slow or
 * missing answers).
 */
export async function startSmsSink(): Promise<SmsSink> {
  const requests: SmsRequest[] = [];
  const deliveries: SmsRequest[] = [];
  const delivered = new Map<string, SmsRequest>();
  const answers = new Set<NodeJS.Timeout>();
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
      let status: number;
      let delayMs: number | undefined;
      if (delivered.has(request.idempotencyKey)) {
        duplicates += 1;
        status = 200;
      } else {
        ({ status, delayMs } = responder(request, nth));
        if (status >= 200 && status < 300) {
          delivered.set(request.idempotencyKey, request);
          deliveries.push(request);
        }
      }
      const answer = (): void => {
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }));
      };
      if (!delayMs) return answer();
      const timer = setTimeout(() => {
        answers.delete(timer);
        answer();
      }, delayMs);
      answers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    requests,
    deliveries,
    delivered,
    duplicates: () => duplicates,
    respondWith: (next) => (responder = next),
    requestsFor: (key) => requests.filter((request) => request.idempotencyKey === key),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of answers) clearTimeout(timer);
        answers.clear();
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
