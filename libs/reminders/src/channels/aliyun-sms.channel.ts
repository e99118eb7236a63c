import type * as Dysmsapi from '@alicloud/dysmsapi20170525';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { ReminderSettings } from '../reminder-settings';
import { DeliveryError, DeliveryErrorCode, providerCode } from './delivery-error';
import { ApprovedTemplate, splitEndpoint, TemplateSmsChannel, transportFailure } from './template-sms.channel';

type DysmsClient = Dysmsapi.default;
type DysmsConfig = ConstructorParameters<typeof Dysmsapi.default>[0];
interface Sdk {
  client: DysmsClient;
  SendSmsRequest: typeof Dysmsapi.SendSmsRequest;
}

/** Answers of SendSms worth another attempt later: throttling and the provider's own faults. Any other refusal is final. */
const RETRYABLE = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isp.SYSTEM_ERROR', 'isp.GATEWAY_ERROR', 'ServiceUnavailable', 'InternalError']);

/**
 * SMS through Alibaba Cloud SMS (阿里云短信服务), `SendSms` of API 2017-05-25
 * through the official SDK (which signs with ACS3-HMAC-SHA256). The
 * clinic's approved template with its parameters as JSON and the
 * `ALIYUN_SMS_SIGN_NAME` signature; `OutId` carries the reminder id, which
 * the provider echoes in its delivery receipts (Aliyun keeps no
 * idempotency of its own for SendSms: the reminder record is what makes a
 * reminder reach it once). The SDK's own retries are off: the reminder
 * rules decide.
 *
 * SendSms answers HTTP 200 with `Code` `OK` when accepted, and another
 * `Code` when refused (`isv.MOBILE_NUMBER_ILLEGAL`, `isv.SMS_TEMPLATE_ILLEGAL`,
 * `isv.SMS_SIGNATURE_ILLEGAL`, `isv.AMOUNT_NOT_ENOUGH`, …: final;
 * `isv.BUSINESS_LIMIT_CONTROL`, throttling, `isp.SYSTEM_ERROR`: retried);
 * HTTP errors carry a code too (`Throttling.User`, `ServiceUnavailable`).
 * Each is kept as `ALIYUN:<code>`.
 */
@Injectable()
export class AliyunSmsChannel extends TemplateSmsChannel {
  /** The SDK (about a megabyte of JavaScript with its dependencies), loaded at the first message, not by every process. */
  private loaded: Promise<Sdk> | null = null;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly settings: ReminderSettings,
  ) {
    super(dataSource);
  }

  configured(): boolean {
    return this.config.aliyunSms !== undefined;
  }

  protected async sendTemplate(to: string, template: ApprovedTemplate, dedupeId: string): Promise<void> {
    const config = this.config.aliyunSms;
    if (!config) throw new Error('Aliyun SMS not configured');
    const { client, SendSmsRequest } = await this.sdk();
    const request = new SendSmsRequest({
      phoneNumbers: to,
      signName: config.signName,
      templateCode: template.templateCode,
      templateParam: JSON.stringify(Object.fromEntries(template.params)),
      outId: dedupeId,
    });
    let body: { code?: string } | undefined;
    try {
      body = (await client.sendSms(request)).body;
    } catch (error) {
      throw classify(error);
    }
    const code = body?.code ?? '';
    if (code === 'OK') return;
    throw new DeliveryError(providerCode('ALIYUN', code || 'NO_CODE'), RETRYABLE.has(code) || code.startsWith('Throttling'));
  }

  private sdk(): Promise<Sdk> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  private async load(): Promise<Sdk> {
    const dysmsapi = await import('@alicloud/dysmsapi20170525');
    // CommonJS with `exports.default`: loaded as an ES module (Jest) its default is the whole `exports`.
    const DysmsClientClass = (dysmsapi.default as unknown as { default?: typeof dysmsapi.default }).default ?? dysmsapi.default;
    const config = this.config.aliyunSms!;
    const { host, protocol } = splitEndpoint(config.endpoint);
    const client = new DysmsClientClass({
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      endpoint: host,
      protocol,
      readTimeout: this.settings.sendTimeoutMs,
      connectTimeout: this.settings.sendTimeoutMs,
      retryOptions: { retryable: false },
    } as unknown as DysmsConfig);
    return { client, SendSmsRequest: dysmsapi.SendSmsRequest };
  }
}

function classify(error: unknown): DeliveryError {
  const { code, statusCode } = (error ?? {}) as { code?: string; statusCode?: number };
  if (typeof statusCode === 'number') {
    const kept = providerCode('ALIYUN', code && code !== 'undefined' ? code : `HTTP_${statusCode}`);
    const retryable = statusCode >= 500 || statusCode === 429 || (code ?? '').startsWith('Throttling') || RETRYABLE.has(code ?? '');
    return new DeliveryError(kept, retryable);
  }
  return transportFailure(error) ?? new DeliveryError(DeliveryErrorCode.NETWORK_ERROR, true);
}
