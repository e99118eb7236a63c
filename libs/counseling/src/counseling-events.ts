import type { DomainEvent } from '@tongban/platform';

/** A counseling session set the client's next appointment. */
export interface AppointmentSet extends DomainEvent {
  readonly type: 'counseling.appointment_set';
  readonly clientId: string;
  /** The session that set it (one reminder per session). */
  readonly sessionId: string;
  readonly appointmentAt: Date;
  /** The staff member who set it. */
  readonly createdBy: string;
}
