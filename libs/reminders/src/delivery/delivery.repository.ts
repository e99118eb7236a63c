import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { hasConsentSql } from '@tongban/clients/access/consent-in-force-sql';
import { isCurrentMemberSql } from '@tongban/peer-groups/current-membership-sql';
import { PreparedStatements, sql, Sql } from '@tongban/platform';
import { DataSource } from 'typeorm';
import type { ReminderChannel, ReminderKind, ReminderRecipient, ReminderStatus } from '../entities/reminder.entity';
import { STAFF_LANGUAGE } from '../texts/templates';
import { StatementBatch } from './statement-batch';
import { laterConsentSql } from '@tongban/clients/access/consent-in-force-sql';

/** A due reminder with everything the send-time rules and the renderer need, read in one statement. */
export interface DeliveryRow {
  id: string;
  clinicId: string;
  clientId: string | null;
  kind: ReminderKind;
  channel: ReminderChannel;
  recipient: ReminderRecipient;
  staffId: string | null;
  status: ReminderStatus;
  attempts: number;
  /** When it was (last) due to go out: retries stop 24 hours after it. */
  scheduledFor: Date;
  /** Why the last attempt failed, if it did. */
  lastErrorCode: string | null;
  claimedUntil: Date | null;
  /**
   * Set when an earlier attempt began (its message recorded, the provider
   * about to be called) and no outcome was written after it: that delivery
   * was cut off, and the provider may have the message.
   */
  attemptStartedAt: Date | null;
  eventDate: string | null;
  eventTime: string | null;
  /** Sealed. */
  note: string | null;
  /** Sealed, once rendered. */
  address: string | null;
  text: string | null;
  timeZone: string;
  quietHoursStart: string;
  quietHoursEnd: string;
  clientStatus: string | null;
  clientCode: string | null;
  language: string | null;
  /** Sealed. */
  clientPhone: string | null;
  clientEmail: string | null;
  familyPhone: string | null;
  familyMayContact: boolean | null;
  staffActive: boolean | null;
  consentSms: boolean;
  consentEmail: boolean;
  consentFamily: boolean;
  consentPeer: boolean;
  stillMember: boolean | null;
  consentEnded: boolean;
  expiringScope: string | null;
  expiringValidUntil: string | null;
  /** The clinic's own text for this kind in the recipient's language, if it has one. */
  clinicTemplate: string | null;
}

/**
 * Still pending, said so that the planner cannot use the partial index of
 * pending reminders (IDX_reminder_due) for it: with statistics taken while
 * few reminders were pending, it would scan that whole index to find one row
 * by its id instead of using the primary key. The relay, which wants that
 * index, says `status IN ('scheduled', 'held')`.
 */
export const STILL_PENDING = sql`status NOT IN ('sent', 'failed', 'cancelled')`;
const PENDING = STILL_PENDING;

/**
 * On PostgreSQL, commits the statement's transaction without waiting for the
 * WAL flush (synchronous_commit off for that transaction only). The write is
 * visible to every other session when the statement returns, and a worker
 * that dies afterwards cannot take it back; only a crash of PostgreSQL itself
 * in the next moments can lose it. For writes whose loss in such a crash only
 * means doing again what the job id and the provider's idempotency key make
 * harmless: a claim, the relay's mark, the start of an attempt, a `sent` mark
 * (see {@link DeliveryRepository.markSent}).
 *
 * Not on the embedded database: PGlite runs PostgreSQL inside the API's own
 * process, with no WAL writer to flush an asynchronous commit later, so a
 * kill of the process would lose every mark written since the last ordinary
 * commit (and send every one of those reminders again). There each statement
 * commits synchronously: a `sent` mark is on disk before the lane that wrote
 * it takes the next reminder.
 */
const ASYNC_COMMIT = sql`async_commit AS (SELECT set_config('synchronous_commit', 'off', true) AS setting)`;
const SYNC_COMMIT = sql`async_commit AS (SELECT current_setting('synchronous_commit') AS setting)`;

/** Claims, attempt starts or `sent` marks written in one statement at most (see {@link StatementBatch}). */
const BATCH = 64;
/** How long a claim, an attempt start or a `sent` mark waits for others to be written with. */
const BATCH_WAIT_MS = 2;

/** The address and text of an attempt, sealed (kept from the first attempt on). */
export interface SealedMessage {
  address: string;
  text: string;
}

/**
 * The reminder rows as delivery moves them. Every change of status is a
 * conditional UPDATE (pending, and not claimed by another attempt in
 * flight), so several workers and relays can run at once.
 */
@Injectable()
export class DeliveryRepository {
  private readonly claims = new StatementBatch<{ id: string; now: Date; leaseUntil: Date }, DeliveryRow | null>(
    (requests) => this.writeClaims(requests),
    BATCH,
    BATCH_WAIT_MS,
  );
  private readonly attemptStarts = new StatementBatch<{ id: string; leaseUntil: Date; now: Date; message: SealedMessage }, boolean>(
    (requests) => this.writeAttemptStarts(requests),
    BATCH,
    BATCH_WAIT_MS,
  );
  private readonly sentMarks = new StatementBatch<{ id: string; now: Date; message: SealedMessage }, void>(
    (requests) => this.writeSentMarks(requests),
    BATCH,
    BATCH_WAIT_MS,
  );

  /** How the delivery's own statements commit (see {@link ASYNC_COMMIT}). */
  private readonly commit: Sql;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
  ) {
    this.commit = (dataSource.options as { url?: string }).url ? ASYNC_COMMIT : SYNC_COMMIT;
  }

  /**
   * Takes up to `limit` due reminders that no relay took (or took longer ago
   * than `requeueBefore` without an outcome): marks them taken at `now` and
   * returns their ids. Rows another relay is taking are skipped, not waited for.
   */
  async takeDue(now: Date, requeueBefore: Date, limit: number): Promise<string[]> {
    const rows = await sql`WITH due AS (
         SELECT id FROM reminder
          WHERE status IN ('scheduled', 'held') AND due_at <= ${now}::timestamptz
            AND (enqueued_at IS NULL OR enqueued_at <= ${requeueBefore}::timestamptz)
          ORDER BY due_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED),
       u AS (UPDATE reminder r SET enqueued_at = ${now}::timestamptz FROM due WHERE r.id = due.id RETURNING r.id, r.due_at),
       ${this.commit}
       SELECT id FROM u CROSS JOIN async_commit ORDER BY due_at`.rows<{ id: string }>(this.dataSource);
    return rows.map((row) => row.id);
  }

  /** Gives taken reminders back (the queue could not take them): the next round takes them again. */
  async giveBack(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await sql`UPDATE reminder SET enqueued_at = NULL WHERE id = ANY(${sql.uuids(ids)}) AND ${PENDING}`.execute(this.dataSource);
  }

  /**
   * Claims a due reminder for one delivery run (nobody else may touch it
   * until `leaseUntil`, which identifies this claim) and reads, in the same
   * statement, everything the send-time rules and the renderer need. Null
   * when it is not pending or another run has it (see {@link peek}). Claims
   * made at about the same moment are written together, committed
   * asynchronously: should PostgreSQL lose one in a crash, the reminder is
   * merely claimable again.
   */
  claimForDelivery(id: string, now: Date, leaseUntil: Date): Promise<DeliveryRow | null> {
    return this.claims.add({ id, now, leaseUntil });
  }

  private async writeClaims(claims: Array<{ id: string; now: Date; leaseUntil: Date }>): Promise<Array<DeliveryRow | null>> {
    const today = sql`t.today`;
    const rows =
      await sql`WITH req AS (SELECT * FROM unnest(${sql.uuids(claims.map((claim) => claim.id))}, ${claims.map((claim) => claim.now.toISOString())}::timestamptz[],
                                                    ${claims.map((claim) => claim.leaseUntil.toISOString())}::timestamptz[]) AS req(id, claim_now, lease)),
       r AS (
         UPDATE reminder SET claimed_until = req.lease
           FROM req
          WHERE reminder.id = req.id AND reminder.status NOT IN ('sent', 'failed', 'cancelled')
            AND (reminder.claimed_until IS NULL OR reminder.claimed_until <= req.claim_now)
          RETURNING reminder.*, req.claim_now),
       ${this.commit}
       SELECT r.id, r.clinic_id, r.client_id, r.kind, r.channel, r.recipient, r.staff_id,
              r.status, r.attempts, r.scheduled_for, r.last_error_code, r.claimed_until, r.attempt_started_at,
              to_char(r.event_date, 'YYYY-MM-DD') AS event_date, r.event_time, r.note, r.address, r.text,
              k.time_zone, k.quiet_hours_start, k.quiet_hours_end,
              cl.status AS client_status, cl.code AS client_code, cl.preferred_language AS language,
              cl.phone AS client_phone, cl.email AS client_email,
              f.phone AS family_phone, f.may_contact AS family_may_contact,
              s.active AS staff_active,
              ${hasConsentSql(sql`r.client_id`, 'sms_reminders', today, sql`c1`)} AS consent_sms,
              ${hasConsentSql(sql`r.client_id`, 'email_reminders', today, sql`c2`)} AS consent_email,
              ${hasConsentSql(sql`r.client_id`, 'family_contact', today, sql`c3`)} AS consent_family,
              ${hasConsentSql(sql`r.client_id`, 'peer_support', today, sql`c4`)} AS consent_peer,
              CASE WHEN r.kind = 'meeting' THEN EXISTS (
                SELECT 1 FROM peer_meeting pm
                 WHERE pm.id = r.source_id AND ${isCurrentMemberSql(sql`r.client_id`, sql`pm.group_id`)}) END AS still_member,
              (r.kind = 'consent_expiry' AND (cs.id IS NULL OR cs.revoked_at IS NOT NULL OR EXISTS (${laterConsentSql(sql`cs`)}))) AS consent_ended,
              cs.scope AS expiring_scope, to_char(cs.valid_until, 'YYYY-MM-DD') AS expiring_valid_until,
              rt.text AS clinic_template
         FROM r
        CROSS JOIN async_commit
         JOIN clinic k ON k.id = r.clinic_id
        CROSS JOIN LATERAL (SELECT ${clinicDaySql(sql`k`, sql`r.claim_now`)} AS today) t
         LEFT JOIN client cl ON cl.id = r.client_id
         LEFT JOIN family_contact f ON f.id = r.family_contact_id
         LEFT JOIN staff s ON s.id = r.staff_id
         LEFT JOIN consent cs ON r.kind = 'consent_expiry' AND cs.id = r.source_id
         LEFT JOIN reminder_template rt ON rt.clinic_id = r.clinic_id AND rt.kind = r.kind
               AND rt.language = CASE WHEN r.recipient = 'staff' THEN ${STAFF_LANGUAGE}::varchar
                                      WHEN cl.preferred_language IN ('zh-CN', 'en') THEN cl.preferred_language ELSE 'zh-CN' END`
        .named('reminders.claim_for_delivery')
        .rows<DeliveryRow>(this.prepared);
    const byId = new Map(rows.map((row) => [row.id, row]));
    // The same reminder claimed twice in one batch is updated once: only the claim whose lease it holds gets it.
    return claims.map((claim) => {
      const row = byId.get(claim.id);
      return row && sameInstant(row.claimedUntil, claim.leaseUntil) ? deliveryRowOf(row) : null;
    });
  }

  /** Why a reminder could not be claimed: its status and claim, or null when it does not exist. */
  async peek(id: string): Promise<{ status: ReminderStatus; claimedUntil: Date | null } | null> {
    return sql`SELECT status, claimed_until FROM reminder WHERE id = ${id}`.maybeOne<{ status: ReminderStatus; claimedUntil: Date | null }>(
      this.dataSource,
    );
  }

  /** Ends a claimed reminder without sending it (`cancelled` or `failed` by a rule of send time). */
  async close(id: string, status: 'cancelled' | 'failed', code: string): Promise<void> {
    await sql`UPDATE reminder SET status = ${status}, last_error_code = ${code}, enqueued_at = NULL, claimed_until = NULL, updated_at = now()
               WHERE id = ${id} AND ${PENDING}`.execute(this.dataSource);
  }

  /** Holds a claimed reminder until `until` (quiet hours): `held`, due again then. */
  async hold(id: string, until: Date): Promise<void> {
    await sql`UPDATE reminder SET status = 'held', due_at = ${until}, enqueued_at = NULL, claimed_until = NULL, updated_at = now()
               WHERE id = ${id} AND ${PENDING}`.execute(this.dataSource);
  }

  /**
   * An attempt begins: while this run's claim (`leaseUntil`) still holds, the
   * attempt is counted, the address and text are kept (from the first attempt
   * on: every later attempt sends the same message) and `attempt_started_at`
   * says that the provider is about to be called. False when the claim was
   * lost (its lease ran out and another run took the reminder, or it ended
   * meanwhile): then this run must not call the provider. Written in batches
   * like the claims and committed before the provider is called, so a worker
   * killed during the call leaves the attempt on record.
   */
  beginAttempt(id: string, leaseUntil: Date, now: Date, message: SealedMessage): Promise<boolean> {
    return this.attemptStarts.add({ id, leaseUntil, now, message });
  }

  private async writeAttemptStarts(starts: Array<{ id: string; leaseUntil: Date; now: Date; message: SealedMessage }>): Promise<boolean[]> {
    const rows =
      await sql`WITH a AS (SELECT * FROM unnest(${sql.uuids(starts.map((start) => start.id))}, ${starts.map((start) => start.leaseUntil.toISOString())}::timestamptz[],
                                                  ${starts.map((start) => start.now.toISOString())}::timestamptz[], ${starts.map((start) => start.message.address)}::text[],
                                                  ${starts.map((start) => start.message.text)}::text[]) AS a(id, lease, started_at, address, text)),
       u AS (
         UPDATE reminder r SET attempts = r.attempts + 1, attempt_started_at = a.started_at,
                address = coalesce(r.address, a.address), text = coalesce(r.text, a.text), updated_at = now()
           FROM a
          WHERE r.id = a.id AND r.claimed_until = a.lease AND r.status NOT IN ('sent', 'failed', 'cancelled')
          RETURNING r.id, r.claimed_until),
       ${this.commit}
       SELECT id, claimed_until FROM u CROSS JOIN async_commit`
        .named('reminders.begin_attempt')
        .rows<{ id: string; claimedUntil: Date }>(this.prepared);
    return starts.map((start) => rows.some((row) => row.id === start.id && sameInstant(row.claimedUntil, start.leaseUntil)));
  }

  /**
   * The provider accepted it: `sent` (the attempt was counted when it began).
   * The marks of deliveries finishing at about the same moment are written
   * together and committed asynchronously like the claim. A mark that is not
   * written (the worker killed between the provider's answer and this
   * statement, or the mark lost in a database crash) leaves the attempt on
   * record as begun without an outcome; the next run resumes it with the same
   * message and idempotency key, which a gateway that honours the key answers
   * without sending again. Resolves once the mark is written.
   */
  markSent(id: string, now: Date, message: SealedMessage): Promise<void> {
    return this.sentMarks.add({ id, now, message });
  }

  private async writeSentMarks(marks: Array<{ id: string; now: Date; message: SealedMessage }>): Promise<void[]> {
    await sql`WITH m AS (SELECT * FROM unnest(${sql.uuids(marks.map((mark) => mark.id))}, ${marks.map((mark) => mark.now.toISOString())}::timestamptz[],
                                     ${marks.map((mark) => mark.message.address)}::text[], ${marks.map((mark) => mark.message.text)}::text[]) AS m(id, sent_at, address, text)),
       u AS (
         UPDATE reminder r SET status = 'sent', sent_at = m.sent_at, last_error_code = NULL, attempt_started_at = NULL,
                claimed_until = NULL, enqueued_at = NULL, address = coalesce(r.address, m.address), text = coalesce(r.text, m.text),
                updated_at = now()
           FROM m
          WHERE r.id = m.id AND r.status NOT IN ('sent', 'failed', 'cancelled')
          RETURNING r.id),
       ${this.commit}
       SELECT count(*)::int AS n FROM u CROSS JOIN async_commit`
      .named('reminders.mark_sent')
      .rows(this.prepared);
    return marks.map(() => undefined);
  }

  /** The provider refused it for good, or its last attempt failed: `failed` with the code. */
  async markFailed(id: string, code: string, message: SealedMessage): Promise<void> {
    await sql`UPDATE reminder SET status = 'failed', last_error_code = ${code}, attempt_started_at = NULL, claimed_until = NULL, enqueued_at = NULL,
                      address = coalesce(address, ${message.address}), text = coalesce(text, ${message.text}), updated_at = now()
               WHERE id = ${id} AND ${PENDING}`.execute(this.dataSource);
  }

  /**
   * An attempt failed and another will follow: records why and frees the
   * record. With `dueAt` (in-process delivery) it is due again then;
   * without, the queue's back-off brings the job back.
   */
  async markRetry(id: string, code: string, dueAt: Date | null, message: SealedMessage): Promise<void> {
    await sql`UPDATE reminder SET last_error_code = ${code}, attempt_started_at = NULL, claimed_until = NULL,
                      due_at = coalesce(${dueAt}::timestamptz, due_at), enqueued_at = CASE WHEN ${dueAt}::timestamptz IS NULL THEN enqueued_at END,
                      address = coalesce(address, ${message.address}), text = coalesce(text, ${message.text}), updated_at = now()
               WHERE id = ${id} AND ${PENDING}`.execute(this.dataSource);
  }
}

/** A timestamp as the driver returns it (a Date, or its text) is the instant `expected`. */
function sameInstant(actual: Date | string | null, expected: Date): boolean {
  return actual !== null && new Date(actual).getTime() === expected.getTime();
}

/** The row as read, with its instants as dates (the drivers answer some as text). */
function deliveryRowOf(row: DeliveryRow): DeliveryRow {
  return {
    ...row,
    scheduledFor: new Date(row.scheduledFor),
    attemptStartedAt: row.attemptStartedAt === null ? null : new Date(row.attemptStartedAt),
  };
}
