import type { DomainEvent } from '@tongban/platform';

/** Why a session's appointment got no reminder. */
export type AppointmentReminderNotScheduledReason = 'NO_CONSENT' | 'NO_CONTACT' | 'PAST' | 'CLIENT_NOT_ACTIVE';
export const APPOINTMENT_REMINDER_REASONS: readonly AppointmentReminderNotScheduledReason[] = [
  'NO_CONSENT',
  'NO_CONTACT',
  'PAST',
  'CLIENT_NOT_ACTIVE',
];

/**
 * Where the appointment's reminder stands once the session is saved:
 * `scheduled` (goes out at `scheduledFor`), `held` (its time falls in the
 * clinic's quiet hours: goes out at `heldUntil`), another status of the
 * reminder when the appointment was set before, or not made at all.
 */
export type AppointmentReminderOutcome =
  | { status: 'scheduled' | 'held' | 'sent' | 'failed' | 'cancelled'; channel: string; scheduledFor: Date; heldUntil: Date | null }
  | { status: 'not_scheduled'; reason: AppointmentReminderNotScheduledReason };

/** A counseling session set the client's next appointment. */
export interface AppointmentSet extends DomainEvent {
  readonly type: 'counseling.appointment_set';
  readonly clientId: string;
  /** The session that set it (one reminder per session). */
  readonly sessionId: string;
  readonly appointmentAt: Date;
  /** The staff member who set it. */
  readonly createdBy: string;
  /**
   * Written by the subscriber that schedules the appointment's reminder, in
   * the publisher's transaction, so the session's answer can say where the
   * reminder stands without the counseling area reading reminders.
   */
  reminder?: AppointmentReminderOutcome;
}
