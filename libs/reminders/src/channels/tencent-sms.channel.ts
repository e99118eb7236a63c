import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@tongban/platform';
import type * as TencentSms from 'tencentcloud-sdk-nodejs-sms';
import { DataSource } from 'typeorm';
import { ReminderSettings } from '../reminder-settings';
import { DeliveryError, DeliveryErrorCode, providerCode } from './delivery-error';
import { ApprovedTemplate, splitEndpoint, TemplateSmsChannel, transportFailure } from './template-sms.channel';

type SmsClientInstance = InstanceType<typeof TencentSms.sms.v20210111.Client>;

/** Answers worth another attempt later: frequency limits, throttling and the provider's own faults. Any other refusal is final. */
function retryable(code: string): boolean {
  return code.startsWith('LimitExceeded.') || code === 'RequestLimitExceeded' || code.startsWith('InternalError');
}

/**
 * SMS through Tencent Cloud SMS (腾讯云短信), `SendSms` of API 2021-01-11
 * through the official SDK (which signs with TC3-HMAC-SHA256). The clinic's
 * approved template (`TemplateId`) with `TemplateParamSet` filled in the
 * template's order, the `TENCENT_SMS_SIGN_NAME` signature and the
 * `TENCENT_SMS_SDK_APP_ID` application; `SessionContext` carries the
 * reminder id, which the provider echoes in its answer and its delivery
 * receipts (SendSms has no idempotency of its own: the reminder record is
 * what makes a reminder reach it once).
 *
 * An accepted request answers each number in `SendStatusSet` with `Code`
 * `Ok` or a refusal (`InvalidParameterValue.IncorrectPhoneNumber`,
 * `FailedOperation.TemplateIncorrectOrUnapproved`,
 * `FailedOperation.SignatureIncorrectOrUnapproved`,
 * `FailedOperation.InsufficientBalanceInSmsPackage`, …: final;
 * `LimitExceeded.PhoneNumberDailyLimit` and the other limits: retried); a
 * request refused as a whole answers `Response.Error.Code` (the same
 * rules; `InternalError.*` and `RequestLimitExceeded` retried). Each is
 * kept as `TENCENT:<code>`; an HTTP error as `TENCENT:HTTP_<status>`.
 */
@Injectable()
export class TencentSmsChannel extends TemplateSmsChannel {
  /** The SDK, loaded at the first message, not by every process. */
  private client: Promise<SmsClientInstance> | null = null;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly settings: ReminderSettings,
  ) {
    super(dataSource);
  }

  configured(): boolean {
    return this.config.tencentSms !== undefined;
  }

  protected async sendTemplate(to: string, template: ApprovedTemplate, dedupeId: string): Promise<void> {
    const config = this.config.tencentSms;
    if (!config) throw new Error('Tencent Cloud SMS not configured');
    let statuses: Array<{ Code?: string }> | undefined;
    try {
      const answer = await (
        await this.sdk()
      ).SendSms({
        PhoneNumberSet: [to],
        SmsSdkAppId: config.sdkAppId,
        SignName: config.signName,
        TemplateId: template.templateCode,
        TemplateParamSet: template.params.map(([, value]) => value),
        SessionContext: dedupeId,
      });
      statuses = answer.SendStatusSet;
    } catch (error) {
      throw classify(error);
    }
    const code = statuses?.[0]?.Code ?? '';
    if (code === 'Ok') return;
    throw new DeliveryError(providerCode('TENCENT', code || 'NO_STATUS'), retryable(code));
  }

  private sdk(): Promise<SmsClientInstance> {
    this.client ??= this.load();
    return this.client;
  }

  private async load(): Promise<SmsClientInstance> {
    const { sms } = await import('tencentcloud-sdk-nodejs-sms');
    const config = this.config.tencentSms!;
    const { host, protocol } = splitEndpoint(config.endpoint);
    return new sms.v20210111.Client({
      credential: { secretId: config.secretId, secretKey: config.secretKey },
      region: config.region,
      profile: {
        signMethod: 'TC3-HMAC-SHA256',
        httpProfile: { endpoint: host, protocol: `${protocol}://`, reqTimeout: this.settings.sendTimeoutMs / 1000 },
      },
    });
  }
}

function classify(error: unknown): DeliveryError {
  const { code, httpCode } = (error ?? {}) as { code?: string; httpCode?: number };
  if (code) return new DeliveryError(providerCode('TENCENT', code), retryable(code));
  if (typeof httpCode === 'number')
    return new DeliveryError(providerCode('TENCENT', `HTTP_${httpCode}`), httpCode >= 500 || httpCode === 429);
  return transportFailure(error) ?? new DeliveryError(DeliveryErrorCode.NETWORK_ERROR, true);
}
