import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@tongban/platform';
import { createTransport } from 'nodemailer';
import { ReminderSettings } from '../reminder-settings';
import { DeliveryError, DeliveryErrorCode } from './delivery-error';
import { OutgoingMessage, ReminderChannel } from './reminder-channel';

type Transporter = ReturnType<typeof createTransport>;

const NETWORK_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET', 'EDNS', 'ETLS', 'EPIPE']);

/**
 * E-mail through the SMTP server of `SMTP_URL` (`smtp://` or `smtps://`,
 * credentials in the URL; an optional `?from=` gives the sender, else
 * `no-reply@<host>`), pooled. SMTP's own reply classes decide retries
 * (RFC 5321): a 4yz reply is transient and retried, a 5yz reply is
 * permanent and fails at once; network errors and timeouts are retried.
 * The Message-ID is derived from the reminder id, so a retry after a crash
 * carries the same one (SMTP has no stronger idempotency than that).
 */
@Injectable()
export class EmailChannel implements ReminderChannel, OnApplicationShutdown {
  readonly name = 'email' as const;
  private transporter: Transporter | null = null;
  private from = '';

  constructor(
    private readonly config: AppConfig,
    private readonly settings: ReminderSettings,
  ) {}

  configured(): boolean {
    return this.config.smtpUrl !== undefined;
  }

  async send(message: OutgoingMessage): Promise<void> {
    const transporter = this.transport();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeliveryError(DeliveryErrorCode.PROVIDER_TIMEOUT, true)), this.settings.sendTimeoutMs);
    });
    try {
      await Promise.race([
        transporter.sendMail({
          from: this.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: `<${message.reminderId}@reminders.tongban>`,
        }),
        timeout,
      ]);
    } catch (error) {
      throw classify(error);
    } finally {
      clearTimeout(timer);
    }
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }

  private transport(): Transporter {
    if (this.transporter) return this.transporter;
    if (!this.config.smtpUrl) throw new Error('SMTP not configured');
    const url = new URL(this.config.smtpUrl);
    this.from = url.searchParams.get('from') ?? `no-reply@${url.hostname}`;
    url.searchParams.delete('from');
    const timeout = this.settings.sendTimeoutMs;
    this.transporter = createTransport({
      url: url.toString(),
      pool: true,
      maxConnections: 5,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    return this.transporter;
  }
}

function classify(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const { code, responseCode } = (error ?? {}) as { code?: string; responseCode?: number };
  if (typeof responseCode === 'number' && responseCode >= 500) {
    return new DeliveryError(DeliveryErrorCode.PROVIDER_REJECTED, false, `SMTP reply ${responseCode}`);
  }
  if (typeof responseCode === 'number' && responseCode >= 400) {
    return new DeliveryError(DeliveryErrorCode.PROVIDER_ERROR, true, `SMTP reply ${responseCode}`);
  }
  if (code === 'ETIMEDOUT') return new DeliveryError(DeliveryErrorCode.PROVIDER_TIMEOUT, true);
  if (code && NETWORK_CODES.has(code)) return new DeliveryError(DeliveryErrorCode.NETWORK_ERROR, true);
  return new DeliveryError(DeliveryErrorCode.NETWORK_ERROR, true, code);
}
