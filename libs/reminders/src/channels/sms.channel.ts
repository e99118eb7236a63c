import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongban/platform';
import { ReminderSettings } from '../reminder-settings';
import { DeliveryError, DeliveryErrorCode } from './delivery-error';
import { OutgoingMessage, ReminderChannel } from './reminder-channel';

/**
 * The SMS gateway of api.md: `POST SMS_GATEWAY_URL` with JSON
 * `{ to, text, idempotencyKey }` and `Authorization: Bearer SMS_GATEWAY_TOKEN`;
 * any 2xx is accepted. The idempotency key is the reminder id, so a retry
 * after a crash is recognised by the gateway. 5xx, network errors and
 * timeouts are retried; a 4xx is final.
 */
@Injectable()
export class SmsChannel implements ReminderChannel {
  readonly name = 'sms' as const;

  constructor(
    private readonly config: AppConfig,
    private readonly settings: ReminderSettings,
  ) {}

  configured(): boolean {
    return this.config.smsGatewayUrl !== undefined;
  }

  async send(message: OutgoingMessage): Promise<void> {
    const url = this.config.smsGatewayUrl;
    if (!url) throw new Error('SMS gateway not configured');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.config.smsGatewayToken) headers.authorization = `Bearer ${this.config.smsGatewayToken}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ to: message.to, text: message.text, idempotencyKey: message.reminderId }),
        signal: AbortSignal.timeout(this.settings.sendTimeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      // The abort of AbortSignal.timeout() is a DOMException, not always an `Error` of this realm: go by name.
      const { name, cause } = (error ?? {}) as { name?: string; cause?: { name?: string } };
      if ([name, cause?.name].some((n) => n === 'TimeoutError' || n === 'AbortError')) {
        throw new DeliveryError(DeliveryErrorCode.PROVIDER_TIMEOUT, true);
      }
      throw new DeliveryError(DeliveryErrorCode.NETWORK_ERROR, true);
    }
    // The body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return;
    if (response.status >= 400 && response.status < 500) {
      throw new DeliveryError(DeliveryErrorCode.PROVIDER_REJECTED, false, `gateway answered ${response.status}`);
    }
    throw new DeliveryError(DeliveryErrorCode.PROVIDER_ERROR, true, `gateway answered ${response.status}`);
  }
}
