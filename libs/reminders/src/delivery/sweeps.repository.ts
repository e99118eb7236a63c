import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
// The SQL file, not the area's index: the index loads the dosing module, and with it the HTTP areas below it.
import { missedStreakStartSql } from '@tongban/dosing/coverage-sql';
import { sql, Sql } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { consentExpiringSql, hasConsentSql } from '@tongban/clients/access/consent-in-force-sql';
import { insertMeetingRemindersSql } from '../scheduling/meeting-reminders-sql';
import { clientChannelSql } from '../scheduling/reminder-sql';
import { dailySendInstantSql } from '../scheduling/timing';

/**
 * Each active client's current streak of missed days, as the dosing area
 * counts them ({@link missedStreakStartSql}): no streak when today is
 * covered, as of `now`. Yields `k` (clinic), `t.today`, `cl` (client) and
 * `s.streak_start`; the streak is `t.today - s.streak_start` days long.
 */
function streaks(now: Date): Sql {
  return sql`
      FROM clinic k
     CROSS JOIN LATERAL (SELECT ${clinicDaySql(sql`k`, sql`${now}`)} AS today) t
      JOIN client cl ON cl.clinic_id = k.id AND cl.status = 'active'
      JOIN treatment_episode e ON e.client_id = cl.id AND e.end_date IS NULL
     CROSS JOIN LATERAL (SELECT ${missedStreakStartSql(sql`cl.id`, sql`e.start_date`, sql`t.today`)} AS streak_start) s`;
}

/** The daily send time today (`t.today`, clinic `k`), or `now` once it has passed. */
function sendToday(now: Date): Sql {
  return sql`GREATEST(${now}::timestamptz, ${dailySendInstantSql(sql`t.today`, sql`k`)})`;
}

/**
 * The daily sweeps: each is one INSERT ... SELECT over the other areas'
 * tables, made idempotent by the reminder's dedupe key, so running one twice
 * (or on two workers at once) creates nothing twice. They run hourly; each
 * kind is made at most once per key.
 */
@Injectable()
export class SweepsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The day after a client first misses a dose: one follow-up per streak of missed days, to the client. */
  async missedDoses(now: Date): Promise<number> {
    return sql`INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, scheduled_for, due_at, dedupe_key)
       SELECT k.id, cl.id, 'missed_dose', ch.channel, 'client', ${sendToday(now)}, ${sendToday(now)},
              'missed_dose:' || cl.id || ':' || to_char(s.streak_start, 'YYYY-MM-DD')
       ${streaks(now)}
        CROSS JOIN LATERAL (SELECT ${clientChannelSql(sql`cl`, sql`t.today`)} AS channel) ch
        WHERE t.today - s.streak_start >= 1 AND t.today - s.streak_start < k.dropout_days
          AND ch.channel IS NOT NULL
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`.execute(this.dataSource);
  }

  /**
   * When a streak reaches the clinic's `assess` threshold: one message per
   * streak to the client's first-recorded contactable relative with a phone
   * number, only with a family_contact consent in force.
   */
  async familyOutreach(now: Date): Promise<number> {
    return sql`INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, family_contact_id, scheduled_for, due_at, dedupe_key)
       SELECT k.id, cl.id, 'family_outreach', 'sms', 'family', f.id, ${sendToday(now)}, ${sendToday(now)},
              'family_outreach:' || cl.id || ':' || to_char(s.streak_start, 'YYYY-MM-DD')
       ${streaks(now)}
        CROSS JOIN LATERAL (SELECT fc.id FROM family_contact fc
                             WHERE fc.client_id = cl.id AND fc.may_contact AND fc.phone IS NOT NULL
                             ORDER BY fc.created_at, fc.id LIMIT 1) f
        WHERE t.today - s.streak_start >= k.missed_doses_assess AND t.today - s.streak_start < k.dropout_days
          AND ${hasConsentSql(sql`cl.id`, 'family_contact', sql`t.today`)}
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`.execute(this.dataSource);
  }

  /**
   * When a consent's renewal falls due (`CONSENT_RENEWAL_DAYS` before it ends, or at once, when it ends sooner), an
   * in-app notice to each active counselor on the client's care team (to the
   * clinic's coordinators when there is none), unless a later consent of the
   * same scope takes over.
   */
  async consentExpiry(now: Date): Promise<number> {
    const counselors = sql`SELECT s.id FROM care_team_member m JOIN staff s ON s.id = m.staff_id AND s.active
                         WHERE m.client_id = c.client_id AND m.role = 'counselor'`;
    return sql`INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, staff_id, scheduled_for, due_at, source_id, dedupe_key)
       SELECT c.clinic_id, c.client_id, 'consent_expiry', 'in_app', 'staff', st.id, ${sendToday(now)}, ${sendToday(now)}, c.id,
              'consent_expiry:' || c.id || ':' || to_char(c.valid_until, 'YYYY-MM-DD') || ':' || st.id
         FROM consent c
         JOIN client cl ON cl.id = c.client_id AND cl.status = 'active'
         JOIN clinic k ON k.id = c.clinic_id
        CROSS JOIN LATERAL (SELECT ${clinicDaySql(sql`k`, sql`${now}`)} AS today) t
        CROSS JOIN LATERAL (
          ${counselors}
          UNION
          SELECT s.id FROM staff s
           WHERE s.clinic_id = c.clinic_id AND s.role = 'coordinator' AND s.active AND NOT EXISTS (${counselors})) st
        WHERE ${consentExpiringSql(sql`c`, sql`t.today`)}
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`.execute(this.dataSource);
  }

  /** Meetings today or tomorrow: reminders to members who joined (or consented) after the meeting was set. */
  async meetings(now: Date): Promise<number> {
    const today = clinicDaySql(sql`k`, sql`${now}`);
    return insertMeetingRemindersSql(sql`pm.date BETWEEN ${today} AND ${today} + 1`, now, null).execute(this.dataSource);
  }
}
