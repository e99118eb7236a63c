import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from '@tongban/platform';
import { DataSource } from 'typeorm';
import type { ReminderKind } from '../entities/reminder.entity';
import { isDiscreet } from '../texts/discretion';
import { fillSmsTemplate } from '../texts/sms-templates';
import { reachesClientOrFamily } from '../texts/templates';
import { DeliveryError, DeliveryErrorCode } from './delivery-error';
import { OutgoingMessage, ReminderChannel } from './reminder-channel';

/** A clinic's approved template for one kind, as a provider needs it. */
export interface ApprovedTemplate {
  templateCode: string;
  /** Parameter names in the template's order, each with the reminder's value. */
  params: Array<[name: string, value: string]>;
}

/**
 * SMS through a provider that sends approved templates only (Aliyun, Tencent
 * Cloud): the clinic's template for the reminder's kind, its parameters
 * filled from the message's values; the message's free text is never sent.
 * No template: `TEMPLATE_MISSING`, final. The filled text is checked for
 * discretion again (the template was when it was saved; the values are
 * checked here with it), so no value can make it indiscreet.
 */
export abstract class TemplateSmsChannel implements ReminderChannel {
  readonly name = 'sms' as const;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  abstract configured(): boolean;

  /** Sends `template` to `to`; `dedupeId` is the provider's own correlation id (the reminder id). */
  protected abstract sendTemplate(to: string, template: ApprovedTemplate, dedupeId: string): Promise<void>;

  async send(message: OutgoingMessage): Promise<void> {
    const stored = await this.templateOf(message.clinicId, message.kind);
    if (!stored) throw new DeliveryError(DeliveryErrorCode.TEMPLATE_MISSING, false);
    if (reachesClientOrFamily(message.kind) && !isDiscreet(fillSmsTemplate(stored.previewText, message.values))) {
      throw new DeliveryError(DeliveryErrorCode.TEXT_NOT_DISCREET, false);
    }
    await this.sendTemplate(
      message.to,
      { templateCode: stored.templateCode, params: stored.params.map((name) => [name, message.values[name] ?? '']) },
      message.reminderId,
    );
  }

  private templateOf(clinicId: string, kind: ReminderKind) {
    return sql`SELECT template_code, params, preview_text FROM sms_template WHERE clinic_id = ${clinicId} AND kind = ${kind}`.maybeOne<{
      templateCode: string;
      params: string[];
      previewText: string;
    }>(this.dataSource);
  }
}

/** `host` or `scheme://host[:port]` as the SDKs want it: host with port, and the scheme apart. */
export function splitEndpoint(endpoint: string): { host: string; protocol: 'http' | 'https' } {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) return { host: endpoint, protocol: 'https' };
  const url = new URL(endpoint);
  return { host: url.host, protocol: url.protocol === 'http:' ? 'http' : 'https' };
}

/** The abort, timeout and connection errors of the SDKs' HTTP clients. */
export function transportFailure(error: unknown): DeliveryError | null {
  const { name, code, message } = (error ?? {}) as { name?: string; code?: string; message?: string };
  const text = `${name ?? ''} ${code ?? ''} ${message ?? ''}`;
  if (/timeout|timed out|ETIMEDOUT|ESOCKETTIMEDOUT|AbortError/i.test(text))
    return new DeliveryError(DeliveryErrorCode.PROVIDER_TIMEOUT, true);
  if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|fetch failed|network/i.test(text)) {
    return new DeliveryError(DeliveryErrorCode.NETWORK_ERROR, true);
  }
  return null;
}
