import type { Writable } from 'node:stream';
import pretty from 'pino-pretty';

/** `LOG_FORMAT`: JSON lines for machines, one readable colored line per event for a person, or chosen by the terminal. */
export type LogFormatSetting = 'json' | 'pretty' | 'auto';
export type LogFormat = 'json' | 'pretty';

export const LOG_FORMAT_SETTINGS: readonly LogFormatSetting[] = ['json', 'pretty', 'auto'];

/**
 * The format of the process' log: `auto` (the default) is readable when
 * standard output is a terminal (`npm start` on a laptop) and JSON otherwise
 * (a pipe, a file, a container's log collector).
 */
export function chooseLogFormat(setting: LogFormatSetting, stdoutIsTTY: boolean | undefined): LogFormat {
  if (setting !== 'auto') return setting;
  return stdoutIsTTY === true ? 'pretty' : 'json';
}

interface RequestLine {
  req?: { id?: string; method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

/** A request's line: `GET /api/v1/clients?q=%5BREDACTED%5D 200 12ms (request id)`, from what the request log wrote (already redacted). */
export function requestSummary(log: Record<string, unknown>, messageKey: string): string {
  const { req, res, responseTime } = log as RequestLine;
  const text = log[messageKey];
  const message = typeof text === 'string' ? text : '';
  if (!req?.method) return message;
  const status = res?.statusCode ?? '-';
  const time = typeof responseTime === 'number' ? ` ${responseTime}ms` : '';
  return `${req.method} ${req.url ?? ''} ${status}${time}${req.id ? ` (${req.id})` : ''}`;
}

/**
 * pino-pretty as a stream in this process (no worker thread): it formats the
 * lines pino has already serialized and redacted, so nothing redacted comes
 * back. Colors follow the terminal's support.
 */
export function prettyStream(destination?: Writable, colorize?: boolean): Writable {
  return pretty({
    destination: destination ?? 1,
    sync: destination === undefined,
    colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,req,res,responseTime',
    messageFormat: requestSummary,
  });
}
