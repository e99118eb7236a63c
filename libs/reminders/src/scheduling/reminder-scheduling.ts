import { Injectable, OnModuleInit } from '@nestjs/common';
import type { ClientLeftTreatment, ConsentRevoked, ConsentScope } from '@tongban/clients';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { hasConsentSql } from '@tongban/clients/access/consent-in-force-sql';
import type { AppointmentSet } from '@tongban/counseling';
import type { MeetingPlanned } from '@tongban/peer-groups';
import { Clock, DomainEvents, KeyRotation } from '@tongban/platform';
import { EntityManager } from 'typeorm';
import { insertMeetingRemindersSql } from './meeting-reminders-sql';
import { clientChannelSql } from './reminder-sql';
import type { ReminderStatus } from '../entities/reminder.entity';
import { quietHoursEnd } from '../rules/quiet-hours';
import { APPOINTMENT_LEAD_MS } from './timing';

/**
 * Which of a client's pending reminders rest on each scope (a condition on
 * `r`, a reminder row): the channel's consent for reminders to the client on
 * that channel, `family_contact` for everything to a relative, `peer_support`
 * for meeting reminders. The send-time rules (libs/reminders,
 * rules/send-rules.ts) ask the same of each reminder.
 */
const RESTS_ON: Readonly<Record<ConsentScope, string | null>> = {
  sms_reminders: `r.recipient = 'client' AND r.channel = 'sms'`,
  email_reminders: `r.recipient = 'client' AND r.channel = 'email'`,
  family_contact: `r.recipient = 'family'`,
  peer_support: `r.kind = 'meeting'`,
  research: null,
  referral: null,
};

/** Why the outbox cancelled a reminder (`last_error_code`), the same codes as the send-time rules'. */
type CancelCode = 'CONSENT_INACTIVE' | 'CONSENT_ENDED' | 'CLIENT_NOT_ACTIVE';

/**
 * Reminders made and cancelled by what happens in other areas: each handler
 * runs inside the publishing area's transaction (its `EntityManager`, see
 * {@link DomainEvents}), so a reminder exists exactly when what caused it does
 * (the `reminder` table is the outbox delivery reads), and pending reminders
 * end exactly when what they rested on does (a consent revoked, the client
 * out of treatment). Nothing here talks to Redis or a provider: delivery
 * picks the rows up. Every handler is idempotent. "Pending" is written
 * `status NOT IN (...)` so that the planner keeps to the client's or the
 * source's index (see STILL_PENDING in delivery/delivery.repository.ts).
 */
@Injectable()
export class ReminderScheduling implements OnModuleInit {
  constructor(
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<AppointmentSet>('counseling.appointment_set', async (em, event) => ({
      remindersScheduled: await this.scheduleAppointment(em, event),
    }));
    this.events.subscribe<MeetingPlanned>('peer_group.meeting_planned', async (em, event) => ({
      remindersScheduled: await this.scheduleMeeting(em, event.meetingId, event.createdBy),
    }));
    this.events.subscribe<ConsentRevoked>('consent.revoked', async (em, event) => ({
      remindersCancelled: await this.cancelForConsent(em, event),
    }));
    this.events.subscribe<ClientLeftTreatment>('client.left_treatment', async (em, event) => ({
      remindersCancelled: await this.cancelForClient(em, event.clientId),
    }));
    // The reminders area's sealed columns, for `npm run keys:rotate`.
    this.keyRotation.register({ table: 'reminder', columns: ['note', 'address', 'text'] });
    this.keyRotation.register({ table: 'notification', columns: ['text'] });
  }

  /**
   * An appointment reminder to the client, 24 hours before the appointment
   * (at once when less remains), on SMS or e-mail by the client's reminder
   * consents and contact details; nothing when the client has neither, is not
   * in treatment, or the appointment is not ahead. A send time inside the
   * clinic's quiet hours makes the reminder `held` until they end, as
   * delivery would. Writes the outcome on the event for the session's
   * answer; returns how many were made (0 or 1).
   */
  private async scheduleAppointment(em: EntityManager, request: AppointmentSet): Promise<number> {
    const now = this.clock.now();
    if (request.appointmentAt.getTime() <= now.getTime()) {
      request.reminder = { status: 'not_scheduled', reason: 'PAST' };
      return 0;
    }
    const today = clinicDaySql('k', '$2');
    const [client] = await em.query<
      Array<{
        clinicId: string;
        status: string;
        timeZone: string;
        quietStart: string;
        quietEnd: string;
        channel: string | null;
        consented: boolean;
      }>
    >(
      `SELECT cl.clinic_id AS "clinicId", cl.status, k.time_zone AS "timeZone",
              k.quiet_hours_start AS "quietStart", k.quiet_hours_end AS "quietEnd",
              ${clientChannelSql('cl', today)} AS channel,
              (${hasConsentSql('cl.id', 'sms_reminders', today, 'ac_sms')} OR ${hasConsentSql('cl.id', 'email_reminders', today, 'ac_email')}) AS consented
         FROM client cl JOIN clinic k ON k.id = cl.clinic_id
        WHERE cl.id = $1`,
      [request.clientId, now],
    );
    if (!client || client.status !== 'active') {
      request.reminder = { status: 'not_scheduled', reason: 'CLIENT_NOT_ACTIVE' };
      return 0;
    }
    if (!client.channel) {
      request.reminder = { status: 'not_scheduled', reason: client.consented ? 'NO_CONTACT' : 'NO_CONSENT' };
      return 0;
    }
    const sendAt = new Date(Math.max(now.getTime(), request.appointmentAt.getTime() - APPOINTMENT_LEAD_MS));
    const heldUntil = quietHoursEnd(sendAt, { timeZone: client.timeZone, start: client.quietStart, end: client.quietEnd });
    const local = `($3::timestamptz AT TIME ZONE k.time_zone)`;
    const rows = await em.query<Array<{ id: string }>>(
      `INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, status, scheduled_for, due_at, event_date, event_time,
                             source_id, dedupe_key, created_by)
       SELECT k.id, $1::uuid, 'appointment', $2, 'client', $7, $4::timestamptz, $8::timestamptz,
              ${local}::date, to_char(${local}, 'HH24:MI'), $5::uuid, 'appointment:' || $5, $6::uuid
         FROM clinic k WHERE k.id = $9::uuid
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [
        request.clientId,
        client.channel,
        request.appointmentAt,
        sendAt,
        request.sessionId,
        request.createdBy,
        heldUntil ? 'held' : 'scheduled',
        heldUntil ?? sendAt,
        client.clinicId,
      ],
    );
    if (rows.length > 0) {
      request.reminder = { status: heldUntil ? 'held' : 'scheduled', channel: client.channel, scheduledFor: sendAt, heldUntil };
      return 1;
    }
    // Set before (the same session's event again): say where that reminder stands.
    const [existing] = await em.query<Array<{ status: ReminderStatus; channel: string; scheduledFor: Date; dueAt: Date }>>(
      `SELECT status, channel, scheduled_for AS "scheduledFor", due_at AS "dueAt" FROM reminder WHERE dedupe_key = 'appointment:' || $1`,
      [request.sessionId],
    );
    request.reminder = existing
      ? {
          status: existing.status,
          channel: existing.channel,
          scheduledFor: new Date(existing.scheduledFor),
          heldUntil: existing.status === 'held' ? new Date(existing.dueAt) : null,
        }
      : { status: 'not_scheduled', reason: 'NO_CONSENT' };
    return 0;
  }

  /**
   * Meeting reminders to each current member of the meeting's group who has
   * a peer_support consent and a reminder consent (SMS, else e-mail): the
   * day before at 10:00 clinic time. Members who join later are picked up
   * by the daily sweep. Returns how many were made.
   */
  private async scheduleMeeting(em: EntityManager, meetingId: string, createdBy: string): Promise<number> {
    const rows = await em.query<Array<{ id: string }>>(insertMeetingRemindersSql('pm.id = $3'), [this.clock.now(), createdBy, meetingId]);
    return rows.length;
  }

  /**
   * After a consent was revoked (or otherwise ended): cancels the client's
   * pending reminders that rested on its scope, unless another consent of
   * that scope is still in force, and the expiry notice of that consent.
   * Returns how many were cancelled.
   */
  private async cancelForConsent(em: EntityManager, request: ConsentRevoked): Promise<number> {
    const restsOn = RESTS_ON[request.scope];
    let cancelled = 0;
    if (restsOn) {
      const today = `(SELECT ${clinicDaySql('k', '$2')} FROM clinic k WHERE k.id = r.clinic_id)`;
      cancelled += await this.cancelPending(
        em,
        'CONSENT_INACTIVE',
        `r.client_id = $3 AND ${restsOn} AND NOT ${hasConsentSql('r.client_id', request.scope, today)}`,
        [request.clientId],
      );
    }
    cancelled += await this.cancelPending(em, 'CONSENT_ENDED', `r.kind = 'consent_expiry' AND r.source_id = $3`, [request.consentId]);
    return cancelled;
  }

  /**
   * After a client left treatment (discharge, drop-out, transfer, death):
   * cancels every pending reminder about them (to them, to their relatives,
   * and notices to staff about their consents), as the send-time rules would.
   * Returns how many were cancelled.
   */
  private cancelForClient(em: EntityManager, clientId: string): Promise<number> {
    return this.cancelPending(em, 'CLIENT_NOT_ACTIVE', 'r.client_id = $3', [clientId]);
  }

  /**
   * The one statement that cancels pending reminders (`scheduled` or
   * `held`) matching `condition` (on `r`; `$1` is the code, `$2` now, `$3`...
   * the `values`). A reminder whose delivery is in flight (claimed, lease
   * not over) is left to that delivery: it checked the rules moments ago,
   * and the provider may have it already.
   */
  private async cancelPending(em: EntityManager, code: CancelCode, condition: string, values: unknown[]): Promise<number> {
    const rows = await em.query<Array<{ id: string }>>(
      `WITH u AS (
         UPDATE reminder r SET status = 'cancelled', last_error_code = $1, enqueued_at = NULL, updated_at = now()
          WHERE r.status NOT IN ('sent', 'failed', 'cancelled') AND (r.claimed_until IS NULL OR r.claimed_until <= $2::timestamptz)
            AND (${condition})
          RETURNING r.id)
       SELECT id FROM u`,
      [code, this.clock.now(), ...values],
    );
    return rows.length;
  }
}
