import { Injectable, OnModuleInit } from '@nestjs/common';
import { WorklistSource, WorklistSources } from '@tongban/clients';
import { Caller, Role, sql, Sql } from '@tongban/platform';

/** How far back a meeting without attendance stays on its leader's worklist (days before the day asked about). */
export const UNRECORDED_MEETING_DAYS = 7;

/**
 * `peer_meeting` on the worklist: for the peer leader, the meetings of the
 * groups they lead on the day, and those of the last
 * {@link UNRECORDED_MEETING_DAYS} days, whose attendance nobody has recorded
 * yet; each due on its date. An item names the group and the meeting, never
 * a client (no client is read, so none is audited).
 */
@Injectable()
export class PeerGroupsWorklist implements WorklistSource, OnModuleInit {
  readonly kinds = ['peer_meeting'] as const;

  constructor(private readonly sources: WorklistSources) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  fragmentFor(caller: Caller, day: string): Promise<Sql | null> {
    if (caller.role !== Role.PeerLeader || !caller.clinicId) return Promise.resolve(null);
    return Promise.resolve(sql`SELECT 'peer_meeting' AS kind, NULL AS client_id, NULL AS code, to_char(mt.date, 'YYYY-MM-DD') AS due_on,
                                      json_build_object('groupId', mt.group_id, 'meetingId', mt.id, 'groupName', g.name, 'startsAt', mt.starts_at) AS detail
                                 FROM peer_meeting mt
                                 JOIN peer_group g ON g.id = mt.group_id
                                 JOIN peer_group_leader l ON l.group_id = mt.group_id AND l.staff_id = ${caller.staffId}::uuid
                                WHERE mt.clinic_id = ${caller.clinicId}::uuid
                                  AND mt.date BETWEEN ${day}::date - ${UNRECORDED_MEETING_DAYS}::int AND ${day}::date
                                  AND NOT EXISTS (SELECT 1 FROM peer_attendance a WHERE a.meeting_id = mt.id)
                                ORDER BY mt.date, mt.starts_at NULLS LAST, g.name, mt.id`);
  }
}
