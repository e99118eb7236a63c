import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorklistEntry, WorklistSource, WorklistSources } from '@tongban/clients';
import { Caller, Role, sql } from '@tongban/platform';
import { DataSource } from 'typeorm';

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

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: WorklistSources,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async itemsFor(caller: Caller, day: string): Promise<WorklistEntry[]> {
    if (caller.role !== Role.PeerLeader || !caller.clinicId) return [];
    const rows = await sql`SELECT mt.id, mt.group_id, g.name AS group_name, mt.starts_at, to_char(mt.date, 'YYYY-MM-DD') AS date
           FROM peer_meeting mt
           JOIN peer_group g ON g.id = mt.group_id
           JOIN peer_group_leader l ON l.group_id = mt.group_id AND l.staff_id = ${caller.staffId}::uuid
          WHERE mt.clinic_id = ${caller.clinicId}::uuid
            AND mt.date BETWEEN ${day}::date - ${UNRECORDED_MEETING_DAYS}::int AND ${day}::date
            AND NOT EXISTS (SELECT 1 FROM peer_attendance a WHERE a.meeting_id = mt.id)
          ORDER BY mt.date, mt.starts_at NULLS LAST, g.name, mt.id`.rows<{
      id: string;
      groupId: string;
      groupName: string;
      startsAt: string | null;
      date: string;
    }>(this.dataSource);
    return rows.map((row) => ({
      kind: 'peer_meeting',
      clientId: null,
      code: null,
      dueOn: row.date,
      detail: { groupId: row.groupId, meetingId: row.id, groupName: row.groupName, startsAt: row.startsAt },
    }));
  }
}
