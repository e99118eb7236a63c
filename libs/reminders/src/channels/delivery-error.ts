/** Why an attempt failed, as `last_error_code` records it. */
export enum DeliveryErrorCode {
  /** The provider answered 5xx (HTTP) or a transient 4yz (SMTP). */
  PROVIDER_ERROR = 'PROVIDER_ERROR',
  /** The provider refused the message: 4xx (HTTP) or a permanent 5yz (SMTP). Not retried. */
  PROVIDER_REJECTED = 'PROVIDER_REJECTED',
  PROVIDER_TIMEOUT = 'PROVIDER_TIMEOUT',
  NETWORK_ERROR = 'NETWORK_ERROR',
  /** SMS through Aliyun or Tencent Cloud, and the clinic has no approved template for the reminder's kind. Not retried. */
  TEMPLATE_MISSING = 'TEMPLATE_MISSING',
  /** The approved template filled with the reminder's values names something it must not (a value made it so). Not retried. */
  TEXT_NOT_DISCREET = 'TEXT_NOT_DISCREET',
}

/**
 * An SMS provider's own answer, kept as it said it: `ALIYUN:isv.BUSINESS_LIMIT_CONTROL`,
 * `TENCENT:LimitExceeded.PhoneNumberDailyLimit`, or `ALIYUN:HTTP_503` when it gave no code.
 */
export function providerCode(provider: 'ALIYUN' | 'TENCENT', code: string): string {
  return `${provider}:${code}`.slice(0, 100);
}

/** A failed attempt; `retryable` says whether another attempt may succeed. */
export class DeliveryError extends Error {
  constructor(
    /** One of {@link DeliveryErrorCode}, or a provider's own code ({@link providerCode}). */
    readonly code: DeliveryErrorCode | string,
    readonly retryable: boolean,
    detail?: string,
  ) {
    super(detail ?? code);
    this.name = 'DeliveryError';
  }
}
