import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { hasConsentSql } from '@tongban/clients/access/consent-in-force-sql';
import { sql } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { ReminderChannel, ReminderKind, ReminderRecipient, ReminderStatus } from './entities/reminder.entity';

/** A reminder as listed: the fields of its answer, no sealed ones. */
export interface ReminderSummary {
  id: string;
  clinicId: string;
  clientId: string | null;
  kind: ReminderKind;
  channel: ReminderChannel;
  recipient: ReminderRecipient;
  scheduledFor: Date;
  status: ReminderStatus;
  attempts: number;
  lastErrorCode: string | null;
  sentAt: Date | null;
  claimedUntil: Date | null;
}

const SUMMARY = sql`id, clinic_id, client_id, kind, channel, recipient, scheduled_for, status, attempts, last_error_code, sent_at, claimed_until`;

export interface NewManualReminder {
  clinicId: string;
  clientId: string;
  channel: 'sms' | 'email';
  sendAt: Date;
  eventDate: string | null;
  eventTime: string | null;
  /** Sealed. */
  note: string | null;
  dedupeKey: string;
  createdBy: string;
}

/** What a manual reminder needs to know of the client: reminder consents in force today and contact details on file. */
export interface ClientReachability {
  consentSms: boolean;
  consentEmail: boolean;
  hasPhone: boolean;
  hasEmail: boolean;
}

@Injectable()
export class RemindersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async reachability(clientId: string, now: Date): Promise<ClientReachability | null> {
    const today = clinicDaySql(sql`k`, sql`${now}`);
    return sql`SELECT ${hasConsentSql(sql`cl.id`, 'sms_reminders', today, sql`c1`)} AS consent_sms,
                      ${hasConsentSql(sql`cl.id`, 'email_reminders', today, sql`c2`)} AS consent_email,
                      cl.phone IS NOT NULL AS has_phone, cl.email IS NOT NULL AS has_email
                 FROM client cl JOIN clinic k ON k.id = cl.clinic_id
                WHERE cl.id = ${clientId}`.maybeOne<ClientReachability>(this.dataSource);
  }

  async insertManual(em: EntityManager, reminder: NewManualReminder): Promise<ReminderSummary> {
    return sql`INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, scheduled_for, due_at, event_date, event_time, note,
                                     dedupe_key, created_by)
               VALUES (${reminder.clinicId}, ${reminder.clientId}, 'appointment', ${reminder.channel}, 'client', ${reminder.sendAt}, ${reminder.sendAt},
                       ${reminder.eventDate}, ${reminder.eventTime}, ${reminder.note}, ${reminder.dedupeKey}, ${reminder.createdBy})
               RETURNING ${SUMMARY}`.one<ReminderSummary>(em);
  }

  /** A page of a clinic's reminders, newest `scheduled_for` first, after the keyset position. */
  async pageOfClinic(
    clinicId: string,
    filter: { status?: ReminderStatus; clientId?: string },
    limit: number,
    before?: { scheduledFor: Date; id: string },
  ): Promise<ReminderSummary[]> {
    const where = [sql`clinic_id = ${clinicId}`];
    if (filter.status) where.push(sql`status = ${filter.status}`);
    if (filter.clientId) where.push(sql`client_id = ${filter.clientId}`);
    if (before) where.push(sql`(scheduled_for, id) < (${before.scheduledFor}::timestamptz, ${before.id}::uuid)`);
    return sql`SELECT ${SUMMARY} FROM reminder WHERE ${sql.join(where, sql` AND `)}
                ORDER BY scheduled_for DESC, id DESC LIMIT ${limit + 1}`.rows<ReminderSummary>(this.dataSource);
  }

  async findInClinic(em: EntityManager, id: string, clinicId: string): Promise<ReminderSummary | null> {
    return sql`SELECT ${SUMMARY} FROM reminder WHERE id = ${id} AND clinic_id = ${clinicId} FOR UPDATE`.maybeOne<ReminderSummary>(em);
  }

  /** Cancels a pending reminder no attempt is in flight for; null when it is not (any more) so. */
  async cancelPending(em: EntityManager, id: string, staffId: string, now: Date): Promise<ReminderSummary | null> {
    return sql`WITH u AS (
                 UPDATE reminder SET status = 'cancelled', last_error_code = 'CANCELLED_BY_STAFF', cancelled_by = ${staffId}, enqueued_at = NULL,
                        updated_at = now()
                  WHERE id = ${id} AND status NOT IN ('sent', 'failed', 'cancelled') AND (claimed_until IS NULL OR claimed_until <= ${now}::timestamptz)
                  RETURNING *)
               SELECT ${SUMMARY} FROM u`.maybeOne<ReminderSummary>(em);
  }

  /** The appointment or meeting a reminder is for (its day and time in the clinic's zone), if any. */
  async eventOf(em: EntityManager, id: string): Promise<{ eventDate: string | null; eventTime: string | null; timeZone: string }> {
    return sql`SELECT to_char(r.event_date, 'YYYY-MM-DD') AS event_date, r.event_time, k.time_zone
                 FROM reminder r JOIN clinic k ON k.id = r.clinic_id WHERE r.id = ${id}`.one<{
      eventDate: string | null;
      eventTime: string | null;
      timeZone: string;
    }>(em);
  }

  /**
   * A failed reminder scheduled again, due now: a fresh round of attempts
   * (the same message: address and text stay as first sent). Null when it is
   * not failed.
   */
  async scheduleAgain(em: EntityManager, id: string, now: Date): Promise<ReminderSummary | null> {
    return sql`WITH u AS (
                 UPDATE reminder SET status = 'scheduled', attempts = 0, last_error_code = NULL, scheduled_for = ${now}, due_at = ${now},
                        enqueued_at = NULL, claimed_until = NULL, attempt_started_at = NULL, updated_at = now()
                  WHERE id = ${id} AND status = 'failed'
                  RETURNING *)
               SELECT ${SUMMARY} FROM u`.maybeOne<ReminderSummary>(em);
  }
}
