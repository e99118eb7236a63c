import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientStatus, hasConsentSql, VisibilityFilter } from '@tongban/clients';
import { KeysetPosition, sql } from '@tongban/platform';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { AbsenceReason, AttendanceStatus, PeerAttendance } from './entities/peer-attendance.entity';
import { PeerGroupLeader } from './entities/peer-group-leader.entity';
import { PeerGroupMember } from './entities/peer-group-member.entity';
import { PeerGroup } from './entities/peer-group.entity';
import { PeerMeeting } from './entities/peer-meeting.entity';
import { currentMembershipSql } from './current-membership-sql';

export const CURRENT_MEMBERSHIP = 'UQ_peer_group_member_current';

/**
 * A current member of a group whom the caller may see, as the access policy
 * lets them through. `preferredName` is still sealed; `grounds` is what the
 * policy's visibility condition says the caller's sight rests on.
 */
export interface VisibleMemberRow {
  clientId: string;
  clinicId: string;
  status: ClientStatus;
  code: string;
  preferredName: string | null;
  joinedAt: Date;
  grounds: string;
}

export interface VisibleAttendanceRow extends VisibleMemberRow {
  attendance: AttendanceStatus;
  reason: AbsenceReason | null;
}

/** A member's recorded attendance at one meeting. */
export interface RecordedAttendance {
  status: AttendanceStatus;
  reason: AbsenceReason | null;
}

interface RawMemberRow {
  client_id: string;
  clinic_id: string;
  status: ClientStatus;
  code: string;
  preferred_name: string | null;
  joined_at: Date | string;
  grounds: string;
}

function memberRow(raw: RawMemberRow): VisibleMemberRow {
  return {
    clientId: raw.client_id,
    clinicId: raw.clinic_id,
    status: raw.status,
    code: raw.code,
    preferredName: raw.preferred_name,
    joinedAt: new Date(raw.joined_at),
    grounds: raw.grounds,
  };
}

export interface MembershipRow {
  groupId: string;
  groupName: string;
  joinedAt: Date;
  leftAt: Date | null;
}

export interface ClientAttendanceRow {
  meetingId: string;
  groupId: string;
  date: string;
  status: AttendanceStatus;
  recordedAt: Date;
}

@Injectable()
export class PeerGroupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // Groups and leaders

  insertGroup(em: EntityManager, group: Omit<PeerGroup, 'id' | 'updatedAt'>): Promise<PeerGroup> {
    return em.getRepository(PeerGroup).save(em.getRepository(PeerGroup).create(group));
  }

  saveGroup(em: EntityManager, group: PeerGroup): Promise<PeerGroup> {
    return em.getRepository(PeerGroup).save(group);
  }

  findGroup(id: string): Promise<PeerGroup | null> {
    return this.dataSource.getRepository(PeerGroup).findOneBy({ id });
  }

  findGroupForUpdate(em: EntityManager, id: string): Promise<PeerGroup | null> {
    return em.getRepository(PeerGroup).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async isLeader(groupId: string, staffId: string): Promise<boolean> {
    return this.dataSource.getRepository(PeerGroupLeader).existsBy({ groupId, staffId });
  }

  /** Makes `staffIds` the group's leaders: others are removed, missing ones added. */
  async replaceLeaders(em: EntityManager, groupId: string, staffIds: string[]): Promise<void> {
    await em
      .createQueryBuilder()
      .delete()
      .from(PeerGroupLeader)
      .where('group_id = :groupId AND NOT (staff_id = ANY(:staffIds))', { groupId, staffIds })
      .execute();
    await em
      .createQueryBuilder()
      .insert()
      .into(PeerGroupLeader)
      .values(staffIds.map((staffId) => ({ groupId, staffId })))
      .orIgnore()
      .execute();
  }

  /** Leader ids of each group, sorted. */
  async leadersOf(groupIds: string[], em?: EntityManager): Promise<Map<string, string[]>> {
    const leaders = new Map<string, string[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return leaders;
    const rows = await (em ?? this.dataSource.manager)
      .getRepository(PeerGroupLeader)
      .find({ where: { groupId: In(groupIds) }, order: { groupId: 'ASC', staffId: 'ASC' } });
    for (const row of rows) leaders.get(row.groupId)?.push(row.staffId);
    return leaders;
  }

  /** A page (`limit + 1` rows) of a clinic's groups by name; only those `leaderId` leads, when given. */
  findGroupsPage(clinicId: string, leaderId: string | null, limit: number, after?: KeysetPosition): Promise<PeerGroup[]> {
    const query = this.dataSource.getRepository(PeerGroup).createQueryBuilder('g').where('g.clinic_id = :clinicId', { clinicId });
    if (leaderId) {
      query.andWhere('EXISTS (SELECT 1 FROM peer_group_leader l WHERE l.group_id = g.id AND l.staff_id = :leaderId)', { leaderId });
    }
    if (after) query.andWhere('(g.name, g.id) > (:afterKey, :afterId)', { afterKey: after.key, afterId: after.id });
    return query
      .orderBy('g.name', 'ASC')
      .addOrderBy('g.id', 'ASC')
      .take(limit + 1)
      .getMany();
  }

  // Members

  /** Inserts a membership; a second current membership of the same client is a unique violation ({@link CURRENT_MEMBERSHIP}). */
  async insertMember(em: EntityManager, member: Omit<PeerGroupMember, 'id' | 'leftAt' | 'removedBy'>): Promise<PeerGroupMember> {
    const created = em.getRepository(PeerGroupMember).create({ ...member, leftAt: null, removedBy: null });
    await em.getRepository(PeerGroupMember).insert(created);
    return created;
  }

  /** Ends the client's current membership of the group; false when there is none. */
  async endMembership(em: EntityManager, groupId: string, clientId: string, leftAt: Date, removedBy: string): Promise<boolean> {
    const current = currentMembershipSql(sql`m`);
    const ended = await sql`UPDATE peer_group_member m SET left_at = ${leftAt}::timestamptz, removed_by = ${removedBy}::uuid
                             WHERE m.group_id = ${groupId}::uuid AND m.client_id = ${clientId}::uuid AND ${current}`.execute(em);
    return ended > 0;
  }

  /** Whether the client's peer_support consent is in force on the clinic day `today`. */
  async hasPeerSupportConsent(em: EntityManager, clientId: string, today: string): Promise<boolean> {
    const row = await sql`SELECT ${hasConsentSql(sql`${clientId}::uuid`, 'peer_support', sql`${today}::date`)} AS ok`.one<{ ok: boolean }>(
      em,
    );
    return row.ok;
  }

  /** A page (`limit + 1` rows) of the group's visible members the caller may see, by code. */
  async visibleMembersPage(
    groupId: string,
    today: string,
    visibility: VisibilityFilter,
    limit: number,
    after?: KeysetPosition,
  ): Promise<VisibleMemberRow[]> {
    const query = this.visibleMembers(this.dataSource.manager, groupId, today, visibility);
    if (after) query.andWhere('(c.code, c.id) > (:afterKey, :afterId)', { afterKey: after.key, afterId: after.id });
    const rows = await query
      .orderBy('c.code', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1)
      .getRawMany<RawMemberRow>();
    return rows.map(memberRow);
  }

  /** Every visible member of the group the caller may see, inside a transaction. */
  async allVisibleMembers(em: EntityManager, groupId: string, today: string, visibility: VisibilityFilter): Promise<VisibleMemberRow[]> {
    const rows = await this.visibleMembers(em, groupId, today, visibility).orderBy('c.code', 'ASC').getRawMany<RawMemberRow>();
    return rows.map(memberRow);
  }

  /** The pseudonym of one client (code and the still sealed preferred name). */
  async pseudonymOf(em: EntityManager, clientId: string): Promise<{ code: string; preferredName: string | null }> {
    return sql`SELECT code, preferred_name FROM client WHERE id = ${clientId}`.one<{ code: string; preferredName: string | null }>(em);
  }

  // Meetings

  insertMeeting(em: EntityManager, meeting: Omit<PeerMeeting, 'id'>): Promise<PeerMeeting> {
    return em.getRepository(PeerMeeting).save(em.getRepository(PeerMeeting).create(meeting));
  }

  /** How many meetings the group has on each day from `from` to `until` (days without one left out). */
  async meetingsPerDay(em: EntityManager, groupId: string, from: string, until: string): Promise<Map<string, number>> {
    const rows = await sql`SELECT to_char(date, 'YYYY-MM-DD') AS date, count(*)::int AS meetings
                             FROM peer_meeting WHERE group_id = ${groupId}::uuid AND date BETWEEN ${from}::date AND ${until}::date
                            GROUP BY date`.rows<{ date: string; meetings: number }>(em);
    return new Map(rows.map((row) => [row.date, Number(row.meetings)]));
  }

  findMeetingOfGroup(groupId: string, meetingId: string): Promise<PeerMeeting | null> {
    return this.dataSource.getRepository(PeerMeeting).findOneBy({ id: meetingId, groupId });
  }

  /** Holds the meeting's attendance for the rest of the transaction, so two recorders cannot interleave. */
  async lockMeeting(em: EntityManager, meetingId: string): Promise<void> {
    await em.getRepository(PeerMeeting).findOne({ where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
  }

  /** A page (`limit + 1` rows) of the group's meetings, newest first. */
  findMeetingsPage(groupId: string, limit: number, before?: KeysetPosition): Promise<PeerMeeting[]> {
    const query = this.dataSource.getRepository(PeerMeeting).createQueryBuilder('m').where('m.group_id = :groupId', { groupId });
    if (before) query.andWhere('(m.date, m.id) < (:beforeKey, :beforeId)', { beforeKey: before.key, beforeId: before.id });
    return query
      .orderBy('m.date', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .take(limit + 1)
      .getMany();
  }

  // Attendance

  /** The recorded status (and absence reason) of these clients at the meeting. */
  async attendanceOf(em: EntityManager, meetingId: string, clientIds: string[]): Promise<Map<string, RecordedAttendance>> {
    if (clientIds.length === 0) return new Map();
    const rows = await em.getRepository(PeerAttendance).find({
      where: { meetingId, clientId: In(clientIds) },
      select: { clientId: true, status: true, reason: true },
    });
    return new Map(rows.map((row) => [row.clientId, { status: row.status, reason: row.reason }]));
  }

  async insertAttendance(em: EntityManager, rows: PeerAttendance[]): Promise<void> {
    if (rows.length > 0) await em.getRepository(PeerAttendance).insert(rows);
  }

  async updateAttendance(
    em: EntityManager,
    meetingId: string,
    clientId: string,
    change: { status: AttendanceStatus; reason: AbsenceReason | null; recordedBy: string; recordedAt: Date },
  ): Promise<void> {
    await em.getRepository(PeerAttendance).update({ meetingId, clientId }, change);
  }

  async deleteAttendance(em: EntityManager, meetingId: string, clientIds: string[]): Promise<void> {
    if (clientIds.length > 0) await em.getRepository(PeerAttendance).delete({ meetingId, clientId: In(clientIds) });
  }

  /** The meeting's attendance of the group's visible members the caller may see, by code. */
  async visibleAttendance(
    groupId: string,
    meetingId: string,
    today: string,
    visibility: VisibilityFilter,
  ): Promise<VisibleAttendanceRow[]> {
    const rows = await this.visibleMembers(this.dataSource.manager, groupId, today, visibility)
      .innerJoin(PeerAttendance, 'a', 'a.client_id = m.client_id AND a.meeting_id = :meetingId', { meetingId })
      .addSelect('a.status', 'attendance')
      .addSelect('a.reason', 'reason')
      .orderBy('c.code', 'ASC')
      .getRawMany<RawMemberRow & { attendance: AttendanceStatus; reason: AbsenceReason | null }>();
    return rows.map((raw) => ({ ...memberRow(raw), attendance: raw.attendance, reason: raw.reason }));
  }

  // A client's history, regardless of consent (for the care team)

  async membershipsOf(clientId: string): Promise<MembershipRow[]> {
    const rows = await sql`SELECT m.group_id, g.name AS group_name, m.joined_at, m.left_at
                             FROM peer_group_member m JOIN peer_group g ON g.id = m.group_id
                            WHERE m.client_id = ${clientId}
                            ORDER BY m.joined_at ASC, m.id ASC`.rows<{
      groupId: string;
      groupName: string;
      joinedAt: Date | string;
      leftAt: Date | string | null;
    }>(this.dataSource);
    return rows.map((row) => ({
      groupId: row.groupId,
      groupName: row.groupName,
      joinedAt: new Date(row.joinedAt),
      leftAt: row.leftAt === null ? null : new Date(row.leftAt),
    }));
  }

  async attendanceOfClient(clientId: string): Promise<ClientAttendanceRow[]> {
    const rows = await sql`SELECT a.meeting_id, mt.group_id, to_char(a.meeting_date, 'YYYY-MM-DD') AS date, a.status, a.recorded_at
                             FROM peer_attendance a JOIN peer_meeting mt ON mt.id = a.meeting_id
                            WHERE a.client_id = ${clientId}
                            ORDER BY a.meeting_date ASC, a.meeting_id ASC`.rows<{
      meetingId: string;
      groupId: string;
      date: string;
      status: AttendanceStatus;
      recordedAt: Date | string;
    }>(this.dataSource);
    return rows.map((row) => ({ ...row, recordedAt: new Date(row.recordedAt) }));
  }

  /**
   * The group's visible members (current membership, peer_support consent in
   * force on `today`) whom the policy's visibility condition lets the caller
   * see, filtered in SQL. The policy's condition reads the alias `c` (client).
   */
  private visibleMembers(
    em: EntityManager,
    groupId: string,
    today: string,
    visibility: VisibilityFilter,
  ): SelectQueryBuilder<PeerGroupMember> {
    const consent = hasConsentSql(sql`m.client_id`, 'peer_support', sql`${today}::date`, sql`pg_c`).forQueryBuilder('pgc');
    const current = currentMembershipSql(sql`m`).forQueryBuilder('pgm');
    return em
      .createQueryBuilder(PeerGroupMember, 'm')
      .innerJoin('client', 'c', 'c.id = m.client_id')
      .select('m.client_id', 'client_id')
      .addSelect('c.clinic_id', 'clinic_id')
      .addSelect('c.status', 'status')
      .addSelect('c.code', 'code')
      .addSelect('c.preferred_name', 'preferred_name')
      .addSelect('m.joined_at', 'joined_at')
      .addSelect(visibility.grounds, 'grounds')
      .where('m.group_id = :groupId', { groupId })
      .andWhere(current.text, current.params)
      .andWhere(consent.text, consent.params)
      .andWhere(visibility.where, visibility.params);
  }
}
