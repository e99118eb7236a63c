import { Injectable, OnModuleInit } from '@nestjs/common';
import type { ClientLeftTreatment, ConsentRevoked, ConsentScope } from '@tongban/clients';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { hasConsentSql } from '@tongban/clients/access/consent-in-force-sql';
import type { AppointmentSet } from '@tongban/counseling';
import type { MeetingPlanned } from '@tongban/peer-groups';
import { Clock, DomainEvents, KeyRotation, sql, Sql } from '@tongban/platform';
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
const RESTS_ON: Readonly<Record<ConsentScope, Sql | null>> = {
  sms_reminders: sql`r.recipient = 'client' AND r.channel = 'sms'`,
  email_reminders: sql`r.recipient = 'client' AND r.channel = 'email'`,
  family_contact: sql`r.recipient = 'family'`,
  peer_support: sql`r.kind = 'meeting'`,
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
    const today = clinicDaySql(sql`k`, sql`${now}`);
    const client =
      await sql`SELECT cl.clinic_id, cl.status, k.time_zone, k.quiet_hours_start AS quiet_start, k.quiet_hours_end AS quiet_end,
                                    ${clientChannelSql(sql`cl`, today)} AS channel,
                                    (${hasConsentSql(sql`cl.id`, 'sms_reminders', today, sql`ac_sms`)}
                                     OR ${hasConsentSql(sql`cl.id`, 'email_reminders', today, sql`ac_email`)}) AS consented
                               FROM client cl JOIN clinic k ON k.id = cl.clinic_id
                              WHERE cl.id = ${request.clientId}`.maybeOne<{
        clinicId: string;
        status: string;
        timeZone: string;
        quietStart: string;
        quietEnd: string;
        channel: string | null;
        consented: boolean;
      }>(em);
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
    const status = heldUntil ? 'held' : 'scheduled';
    const local = sql`(${request.appointmentAt}::timestamptz AT TIME ZONE k.time_zone)`;
    const inserted =
      await sql`INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, status, scheduled_for, due_at, event_date,
                                                   event_time, source_id, dedupe_key, created_by)
                               SELECT k.id, ${request.clientId}::uuid, 'appointment', ${client.channel}, 'client', ${status},
                                      ${sendAt}::timestamptz, ${heldUntil ?? sendAt}::timestamptz, ${local}::date, to_char(${local}, 'HH24:MI'),
                                      ${request.sessionId}::uuid, 'appointment:' || ${request.sessionId}::text, ${request.createdBy}::uuid
                                 FROM clinic k WHERE k.id = ${client.clinicId}::uuid
                               ON CONFLICT (dedupe_key) DO NOTHING
                               RETURNING id`.rows<{ id: string }>(em);
    if (inserted.length > 0) {
      request.reminder = { status, channel: client.channel, scheduledFor: sendAt, heldUntil };
      return 1;
    }
    // Set before (the same session's event again): say where that reminder stands.
    const existing = await sql`SELECT status, channel, scheduled_for, due_at FROM reminder
                                WHERE dedupe_key = 'appointment:' || ${request.sessionId}::text`.maybeOne<{
      status: ReminderStatus;
      channel: string;
      scheduledFor: Date;
      dueAt: Date;
    }>(em);
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
    return insertMeetingRemindersSql(sql`pm.id = ${meetingId}::uuid`, this.clock.now(), createdBy).execute(em);
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
      const today = sql`(SELECT ${clinicDaySql(sql`k`, sql`${this.clock.now()}`)} FROM clinic k WHERE k.id = r.clinic_id)`;
      cancelled += await this.cancelPending(
        em,
        'CONSENT_INACTIVE',
        sql`r.client_id = ${request.clientId}::uuid AND ${restsOn} AND NOT ${hasConsentSql(sql`r.client_id`, request.scope, today)}`,
      );
    }
    cancelled += await this.cancelPending(em, 'CONSENT_ENDED', sql`r.kind = 'consent_expiry' AND r.source_id = ${request.consentId}::uuid`);
    return cancelled;
  }

  /**
   * After a client left treatment (discharge, drop-out, transfer, death):
   * cancels every pending reminder about them (to them, to their relatives,
   * and notices to staff about their consents), as the send-time rules would.
   * Returns how many were cancelled.
   */
  private cancelForClient(em: EntityManager, clientId: string): Promise<number> {
    return this.cancelPending(em, 'CLIENT_NOT_ACTIVE', sql`r.client_id = ${clientId}::uuid`);
  }

  /**
   * The one statement that cancels pending reminders (`scheduled` or
   * `held`) matching `condition` (on `r`). A reminder whose delivery is in flight (claimed, lease
   * not over) is left to that delivery: it checked the rules moments ago,
   * and the provider may have it already.
   */
  private cancelPending(em: EntityManager, code: CancelCode, condition: Sql): Promise<number> {
    return sql`UPDATE reminder r SET status = 'cancelled', last_error_code = ${code}, enqueued_at = NULL, updated_at = now()
                WHERE r.status NOT IN ('sent', 'failed', 'cancelled') AND (r.claimed_until IS NULL OR r.claimed_until <= ${this.clock.now()}::timestamptz)
                  AND (${condition})`.execute(em);
  }
}
