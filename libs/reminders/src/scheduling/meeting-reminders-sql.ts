import { clinicDaySql } from '@tongban/clinics/clinic-day-sql';
import { hasConsentSql } from '@tongban/clients/access/consent-in-force-sql';
import { currentMembershipsSql } from '@tongban/peer-groups/current-membership-sql';
import { sql, Sql } from '@tongban/platform';
import { clientChannelSql } from './reminder-sql';
import { dailySendInstantSql } from './timing';

/**
 * Inserts a `meeting` reminder for every current member of the meetings
 * that `meetingFilter` selects (a condition on `pm`, a `peer_meeting` row)
 * who is in treatment, has a `peer_support` consent and a reminder consent
 * with an address on file: at 10:00 clinic time the day before the meeting,
 * or at once when that has passed and the meeting has not begun.
 * Idempotent through the dedupe key `meeting:<meetingId>:<clientId>`.
 * `author` is who set the meeting (null for the sweep).
 */
export function insertMeetingRemindersSql(meetingFilter: Sql, now: Date, author: string | null): Sql {
  const today = clinicDaySql(sql`k`, sql`${now}`);
  const sendAt = sql`GREATEST(${now}::timestamptz, ${dailySendInstantSql(sql`(pm.date - 1)`, sql`k`)})`;
  const startsAt = sql`CASE WHEN pm.starts_at IS NOT NULL THEN ((pm.date + pm.starts_at::time) AT TIME ZONE k.time_zone)
                         ELSE ((pm.date + 1)::timestamp AT TIME ZONE k.time_zone) END`;
  return sql`
    INSERT INTO reminder (clinic_id, client_id, kind, channel, recipient, scheduled_for, due_at, event_date, event_time,
                          source_id, dedupe_key, created_by)
    SELECT pm.clinic_id, cl.id, 'meeting', ch.channel, 'client', ${sendAt}, ${sendAt}, pm.date, pm.starts_at,
           pm.id, 'meeting:' || pm.id || ':' || cl.id, ${author}::uuid
      FROM peer_meeting pm
      JOIN clinic k ON k.id = pm.clinic_id
      JOIN ${currentMembershipsSql} m ON m.group_id = pm.group_id
      JOIN client cl ON cl.id = m.client_id AND cl.status = 'active'
     CROSS JOIN LATERAL (SELECT ${clientChannelSql(sql`cl`, today)} AS channel) ch
     WHERE (${meetingFilter})
       AND ch.channel IS NOT NULL
       AND ${hasConsentSql(sql`cl.id`, 'peer_support', today)}
       AND ${startsAt} > ${now}::timestamptz
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
}
