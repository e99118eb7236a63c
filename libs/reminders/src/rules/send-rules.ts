import type { ReminderChannel, ReminderKind, ReminderRecipient } from '../entities/reminder.entity';
import { quietHoursEnd } from './quiet-hours';
import { zonedInstant } from './zoned-time';

/** Why a reminder was cancelled or failed without reaching a provider (`last_error_code`). */
export enum ReminderErrorCode {
  CHANNEL_NOT_CONFIGURED = 'CHANNEL_NOT_CONFIGURED',
  NO_ADDRESS = 'NO_ADDRESS',
  CLIENT_NOT_ACTIVE = 'CLIENT_NOT_ACTIVE',
  CONSENT_INACTIVE = 'CONSENT_INACTIVE',
  CONTACT_NOT_ALLOWED = 'CONTACT_NOT_ALLOWED',
  NOT_A_MEMBER = 'NOT_A_MEMBER',
  EVENT_PASSED = 'EVENT_PASSED',
  STAFF_INACTIVE = 'STAFF_INACTIVE',
  CONSENT_ENDED = 'CONSENT_ENDED',
  TEXT_NOT_DISCREET = 'TEXT_NOT_DISCREET',
  CANCELLED_BY_STAFF = 'CANCELLED_BY_STAFF',
}

/** What the rules need to know about a due reminder, read in one statement at send time. */
export interface SendContext {
  kind: ReminderKind;
  channel: ReminderChannel;
  recipient: ReminderRecipient;
  timeZone: string;
  quietHoursStart: string;
  quietHoursEnd: string;
  eventDate: string | null;
  eventTime: string | null;
  /** null when the reminder names no client (or the client is gone). */
  clientStatus: string | null;
  consentSms: boolean;
  consentEmail: boolean;
  consentFamily: boolean;
  consentPeer: boolean;
  /** Meeting reminders: the client is still a member of the meeting's group (null: the meeting is gone). */
  stillMember: boolean | null;
  /** Family reminders: the relative may be contacted (null: the contact is gone). */
  familyMayContact: boolean | null;
  /** Staff reminders: the account is active (null: gone). */
  staffActive: boolean | null;
  /** consent_expiry: the consent it announces was revoked, or a later one continues it. */
  consentEnded: boolean;
  /** The sealed or plain address for the channel, if there is one. */
  hasAddress: boolean;
}

export type SendDecision =
  | { action: 'cancel'; code: ReminderErrorCode }
  | { action: 'fail'; code: ReminderErrorCode }
  | { action: 'hold'; until: Date }
  | { action: 'send' };

/**
 * The rules at send time (product.md, "Reminders"): the client still in
 * treatment, the consent still in force, the relative still contactable,
 * the event still ahead; the channel configured and an address on file;
 * outside the clinic's quiet hours for messages to phones and mailboxes.
 */
export function decideSend(context: SendContext, now: Date, channelConfigured: boolean): SendDecision {
  const cancel = (code: ReminderErrorCode): SendDecision => ({ action: 'cancel', code });
  if (context.recipient !== 'staff' || context.kind === 'consent_expiry') {
    if (context.clientStatus !== 'active') return cancel(ReminderErrorCode.CLIENT_NOT_ACTIVE);
  }
  switch (context.recipient) {
    case 'client':
      if (context.channel === 'sms' && !context.consentSms) return cancel(ReminderErrorCode.CONSENT_INACTIVE);
      if (context.channel === 'email' && !context.consentEmail) return cancel(ReminderErrorCode.CONSENT_INACTIVE);
      if (context.kind === 'meeting') {
        if (!context.consentPeer) return cancel(ReminderErrorCode.CONSENT_INACTIVE);
        if (context.stillMember !== true) return cancel(ReminderErrorCode.NOT_A_MEMBER);
      }
      break;
    case 'family':
      if (!context.consentFamily) return cancel(ReminderErrorCode.CONSENT_INACTIVE);
      if (context.familyMayContact !== true) return cancel(ReminderErrorCode.CONTACT_NOT_ALLOWED);
      break;
    case 'staff':
      if (context.staffActive !== true) return cancel(ReminderErrorCode.STAFF_INACTIVE);
      if (context.consentEnded) return cancel(ReminderErrorCode.CONSENT_ENDED);
      break;
  }
  if (context.eventDate && eventStart(context) <= now) return cancel(ReminderErrorCode.EVENT_PASSED);
  if (!channelConfigured) return { action: 'fail', code: ReminderErrorCode.CHANNEL_NOT_CONFIGURED };
  if (!context.hasAddress) return { action: 'fail', code: ReminderErrorCode.NO_ADDRESS };
  if (context.channel !== 'in_app') {
    const until = quietHoursEnd(now, { timeZone: context.timeZone, start: context.quietHoursStart, end: context.quietHoursEnd });
    if (until) return { action: 'hold', until };
  }
  return { action: 'send' };
}

/** When the appointment or meeting begins (the end of its day when no time is known). */
export function eventStart(context: Pick<SendContext, 'eventDate' | 'eventTime' | 'timeZone'>): Date {
  if (!context.eventDate) return new Date(8.64e15);
  return context.eventTime
    ? zonedInstant(context.eventDate, context.eventTime, context.timeZone)
    : new Date(zonedInstant(context.eventDate, '23:59', context.timeZone).getTime() + 60_000);
}
