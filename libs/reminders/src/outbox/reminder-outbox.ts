import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, KeyRotation } from '@tongban/platform';
import { EntityManager } from 'typeorm';
import { clientChannelSql, clinicTodaySql, hasConsentSql } from './consent-sql';
import { insertMeetingRemindersSql } from './meeting-reminders-sql';
import { APPOINTMENT_LEAD_MS } from './timing';

/** The consent scopes whose end cancels pending reminders. */
export type ReminderConsentScope = 'peer_support' | 'family_contact' | 'sms_reminders' | 'email_reminders' | 'research';

export interface AppointmentReminderRequest {
  clientId: string;
  /** The counseling session that set the appointment (one reminder per session). */
  sessionId: string;
  appointmentAt: Date;
  /** The staff member who set it. */
  createdBy: string;
}

export interface ConsentEndedRequest {
  clientId: string;
  scope: ReminderConsentScope;
  /** The consent that ended: its own expiry notice to staff is cancelled too. */
  consentId?: string;
}

/** Which pending reminders rest on each scope. */
const RESTS_ON: Readonly<Record<ReminderConsentScope, string | null>> = {
  sms_reminders: `r.recipient = 'client' AND r.channel = 'sms'`,
  email_reminders: `r.recipient = 'client' AND r.channel = 'email'`,
  family_contact: `r.recipient = 'family'`,
  peer_support: `r.kind = 'meeting'`,
  research: null,
};

/**
 * What other areas call inside THEIR write transaction (pass its manager), so
 * a reminder exists exactly when what caused it does (transactional outbox),
 * and pending reminders end exactly when the consent they rested on does.
 * Nothing here talks to Redis or a provider: delivery picks the rows up.
 * Every method is idempotent. "Pending" is written `status NOT IN (...)` so
 * that the planner keeps to the client's or the source's index (see
 * STILL_PENDING in delivery/delivery.repository.ts).
 */
@Injectable()
export class ReminderOutbox implements OnModuleInit {
  constructor(
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
  ) {}

  /** The reminders area's sealed columns, for `npm run keys:rotate` (every process that writes reminders loads this module). */
  onModuleInit(): void {
    this.keyRotation.register({ table: 'reminder', columns: ['note', 'address', 'text'] });
    this.keyRotation.register({ table: 'notification', columns: ['text'] });
  }

  /**
   * An appointment reminder to the client, 24 hours before the appointment
   * (at once when less remains), on SMS or e-mail by the client's reminder
   * consents and contact details; nothing when the client has neither, is not
   * in treatment, or the appointment is not ahead. Returns how many were made (0 or 1).
   */
  async scheduleAppointment(em: EntityManager, request: AppointmentReminderRequest): Promise<number> {
    const now = this.clock.now();
    if (request.appointmentAt.getTime() <= now.getTime()) return 0;
    const sendAt = new Date(Math.max(now.getTime(), request.appointmentAt.getTime() - APPOINTMENT_LEAD_MS));
    const local = `($3::timestamptz AT TIME ZONE k.time_zone)`;
    const rows = await em.query<Array<{ id: string }>>(
      `INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, scheduled_for, due_at, event_date, event_time,
                             source_id, dedupe_key, created_by)
       SELECT cl.clinic_id, cl.id, 'appointment', ch.channel, 'client', $4::timestamptz, $4::timestamptz,
              ${local}::date, to_char(${local}, 'HH24:MI'), $5::uuid, 'appointment:' || $5, $6::uuid
         FROM client cl
         JOIN clinic k ON k.id = cl.clinic_id
        CROSS JOIN LATERAL (SELECT ${clientChannelSql('cl', clinicTodaySql('k', '$2'))} AS channel) ch
        WHERE cl.id = $1 AND cl.status = 'active' AND ch.channel IS NOT NULL
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [request.clientId, now, request.appointmentAt, sendAt, request.sessionId, request.createdBy],
    );
    return rows.length;
  }

  /**
   * Meeting reminders to each current member of the meeting's group who has
   * a peer_support consent and a reminder consent (SMS, else e-mail): the
   * day before at 10:00 clinic time. Call it after inserting the meeting,
   * in the same transaction. Members who join later are picked up by the
   * daily sweep. Returns how many were made.
   */
  async scheduleMeeting(em: EntityManager, meetingId: string, createdBy: string): Promise<number> {
    const rows = await em.query<Array<{ id: string }>>(insertMeetingRemindersSql('pm.id = $3'), [this.clock.now(), createdBy, meetingId]);
    return rows.length;
  }

  /**
   * After a consent was revoked (or otherwise ended): cancels the client's
   * pending reminders that rested on its scope, unless another consent of
   * that scope is still in force, and the expiry notice of that consent.
   * Call it in the revoking transaction, after the revocation is written.
   */
  async cancelForConsent(em: EntityManager, request: ConsentEndedRequest): Promise<number> {
    const restsOn = RESTS_ON[request.scope];
    let cancelled = 0;
    if (restsOn) {
      const rows = await em.query<Array<{ id: string }>>(
        `WITH u AS (
           UPDATE reminder r SET status = 'cancelled', last_error_code = 'CONSENT_INACTIVE', enqueued_at = NULL, updated_at = now()
             FROM client cl JOIN clinic k ON k.id = cl.clinic_id
            WHERE cl.id = $1 AND r.client_id = cl.id AND r.status NOT IN ('sent', 'failed', 'cancelled')
              AND (r.claimed_until IS NULL OR r.claimed_until <= $2::timestamptz)
              AND ${restsOn}
              AND NOT ${hasConsentSql('cl.id', request.scope, clinicTodaySql('k', '$2'))}
            RETURNING r.id)
         SELECT id FROM u`,
        [request.clientId, this.clock.now()],
      );
      cancelled += rows.length;
    }
    if (request.consentId) {
      const rows = await em.query<Array<{ id: string }>>(
        `WITH u AS (
           UPDATE reminder SET status = 'cancelled', last_error_code = 'CONSENT_ENDED', enqueued_at = NULL, updated_at = now()
            WHERE kind = 'consent_expiry' AND source_id = $1 AND status NOT IN ('sent', 'failed', 'cancelled')
            RETURNING id)
         SELECT id FROM u`,
        [request.consentId],
      );
      cancelled += rows.length;
    }
    return cancelled;
  }

  /** After a client left treatment (discharge, drop-out, transfer, death): cancels every pending reminder about them. */
  async cancelForClient(em: EntityManager, clientId: string): Promise<number> {
    const rows = await em.query<Array<{ id: string }>>(
      `WITH u AS (
         UPDATE reminder SET status = 'cancelled', last_error_code = 'CLIENT_NOT_ACTIVE', enqueued_at = NULL, updated_at = now()
          WHERE client_id = $1 AND status NOT IN ('sent', 'failed', 'cancelled') AND (claimed_until IS NULL OR claimed_until <= $2::timestamptz)
          RETURNING id)
       SELECT id FROM u`,
      [clientId, this.clock.now()],
    );
    return rows.length;
  }
}
