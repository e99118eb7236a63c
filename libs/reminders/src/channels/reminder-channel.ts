import type { ReminderChannel as ChannelName, ReminderKind } from '../entities/reminder.entity';

/** One message, as every channel takes it. */
export interface OutgoingMessage {
  reminderId: string;
  kind: ReminderKind;
  clinicId: string;
  clientId: string | null;
  /** Phone number, e-mail address or staff id. */
  to: string;
  text: string;
  subject: string;
  /**
   * The values an approved SMS template may take (`SMS_TEMPLATE_PARAMS`:
   * `when`, `date`, `time`, …), for providers that send templates only
   * (Aliyun, Tencent Cloud); they never receive {@link text}.
   */
  values: Readonly<Record<string, string>>;
}

/**
 * A way to reach someone. `send` resolves when the provider accepted the
 * message and throws a {@link DeliveryError} when it did not; it must be
 * safe to call again for the same `reminderId` (the provider's idempotency
 * key, a stable Message-ID, a unique notification per reminder).
 */
export interface ReminderChannel {
  readonly name: ChannelName;
  configured(): boolean;
  send(message: OutgoingMessage): Promise<void>;
}
