/** Why an attempt failed, as `last_error_code` records it. */
export enum DeliveryErrorCode {
  /** The provider answered 5xx (HTTP) or a transient 4yz (SMTP). */
  PROVIDER_ERROR = 'PROVIDER_ERROR',
  /** The provider refused the message: 4xx (HTTP) or a permanent 5yz (SMTP). Not retried. */
  PROVIDER_REJECTED = 'PROVIDER_REJECTED',
  PROVIDER_TIMEOUT = 'PROVIDER_TIMEOUT',
  NETWORK_ERROR = 'NETWORK_ERROR',
}

/** A failed attempt; `retryable` says whether another attempt may succeed. */
export class DeliveryError extends Error {
  constructor(
    readonly code: DeliveryErrorCode,
    readonly retryable: boolean,
    detail?: string,
  ) {
    super(detail ?? code);
    this.name = 'DeliveryError';
  }
}
