import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { hasConsentSql } from '@tongban/clients/access/consent-in-force-sql';
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

const SUMMARY = `id, clinic_id AS "clinicId", client_id AS "clientId", kind, channel, recipient, scheduled_for AS "scheduledFor", status,
                 attempts, last_error_code AS "lastErrorCode", sent_at AS "sentAt", claimed_until AS "claimedUntil"`;

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
    const today = clinicDaySql('k', '$2');
    const rows = await this.dataSource.query<ClientReachability[]>(
      `SELECT ${hasConsentSql('cl.id', 'sms_reminders', today, 'c1')} AS "consentSms",
              ${hasConsentSql('cl.id', 'email_reminders', today, 'c2')} AS "consentEmail",
              cl.phone IS NOT NULL AS "hasPhone", cl.email IS NOT NULL AS "hasEmail"
         FROM client cl JOIN clinic k ON k.id = cl.clinic_id
        WHERE cl.id = $1`,
      [clientId, now],
    );
    return rows[0] ?? null;
  }

  async insertManual(em: EntityManager, reminder: NewManualReminder): Promise<ReminderSummary> {
    const rows = await em.query<ReminderSummary[]>(
      `INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, scheduled_for, due_at, event_date, event_time, note,
                             dedupe_key, created_by)
       VALUES ($1, $2, 'appointment', $3, 'client', $4, $4, $5, $6, $7, $8, $9)
       RETURNING ${SUMMARY}`,
      [
        reminder.clinicId,
        reminder.clientId,
        reminder.channel,
        reminder.sendAt,
        reminder.eventDate,
        reminder.eventTime,
        reminder.note,
        reminder.dedupeKey,
        reminder.createdBy,
      ],
    );
    return rows[0];
  }

  /** A page of a clinic's reminders, newest `scheduled_for` first, after the keyset position. */
  async pageOfClinic(
    clinicId: string,
    filter: { status?: ReminderStatus; clientId?: string },
    limit: number,
    before?: { scheduledFor: Date; id: string },
  ): Promise<ReminderSummary[]> {
    const params: unknown[] = [clinicId];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const where = ['clinic_id = $1'];
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    if (filter.clientId) where.push(`client_id = ${param(filter.clientId)}`);
    if (before) where.push(`(scheduled_for, id) < (${param(before.scheduledFor)}::timestamptz, ${param(before.id)}::uuid)`);
    return this.dataSource.query<ReminderSummary[]>(
      `SELECT ${SUMMARY} FROM reminder WHERE ${where.join(' AND ')} ORDER BY scheduled_for DESC, id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
  }

  async findInClinic(em: EntityManager, id: string, clinicId: string): Promise<ReminderSummary | null> {
    const rows = await em.query<ReminderSummary[]>(`SELECT ${SUMMARY} FROM reminder WHERE id = $1 AND clinic_id = $2 FOR UPDATE`, [
      id,
      clinicId,
    ]);
    return rows[0] ?? null;
  }

  /** Cancels a pending reminder no attempt is in flight for; null when it is not (any more) so. */
  async cancelPending(em: EntityManager, id: string, staffId: string, now: Date): Promise<ReminderSummary | null> {
    const rows = await em.query<ReminderSummary[]>(
      `WITH u AS (
         UPDATE reminder SET status = 'cancelled', last_error_code = 'CANCELLED_BY_STAFF', cancelled_by = $2, enqueued_at = NULL,
                updated_at = now()
          WHERE id = $1 AND status NOT IN ('sent', 'failed', 'cancelled') AND (claimed_until IS NULL OR claimed_until <= $3::timestamptz)
          RETURNING *)
       SELECT ${SUMMARY} FROM u`,
      [id, staffId, now],
    );
    return rows[0] ?? null;
  }

  /** The appointment or meeting a reminder is for (its day and time in the clinic's zone), if any. */
  async eventOf(em: EntityManager, id: string): Promise<{ eventDate: string | null; eventTime: string | null; timeZone: string }> {
    const rows = await em.query<Array<{ eventDate: string | null; eventTime: string | null; timeZone: string }>>(
      `SELECT to_char(r.event_date, 'YYYY-MM-DD') AS "eventDate", r.event_time AS "eventTime", k.time_zone AS "timeZone"
         FROM reminder r JOIN clinic k ON k.id = r.clinic_id WHERE r.id = $1`,
      [id],
    );
    return rows[0];
  }

  /**
   * A failed reminder scheduled again, due now: a fresh round of attempts
   * (the same message: address and text stay as first sent). Null when it is
   * not failed.
   */
  async scheduleAgain(em: EntityManager, id: string, now: Date): Promise<ReminderSummary | null> {
    const rows = await em.query<ReminderSummary[]>(
      `WITH u AS (
         UPDATE reminder SET status = 'scheduled', attempts = 0, last_error_code = NULL, scheduled_for = $2, due_at = $2,
                enqueued_at = NULL, claimed_until = NULL, attempt_started_at = NULL, updated_at = now()
          WHERE id = $1 AND status = 'failed'
          RETURNING *)
       SELECT ${SUMMARY} FROM u`,
      [id, now],
    );
    return rows[0] ?? null;
  }
}
