import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import { ClientAccess, ClientAccessPolicy, ClientsService } from '@tongban/clients';
import {
  addDays,
  AccessGrounds,
  actorOf,
  AuditEntry,
  AuditService,
  Caller,
  Clock,
  decodeCursor,
  FieldCipher,
  FieldError,
  isUniqueViolation,
  KeyRotation,
  Page,
  PageQueryDto,
  PlatformException,
  Role,
  toPage,
  DomainEvents,
  clientAuditEntry,
} from '@tongban/platform';
import { StaffService } from '@tongban/staff';
import { DataSource, EntityManager } from 'typeorm';
import type { MeetingPlanned } from './peer-group-events';
import { AttendanceDto } from './dto/attendance.dto';
import { GroupMembershipDto } from './dto/group-history.dto';
import { CreateMeetingDto, CreateMeetingSeriesDto, MeetingDto, MeetingSeriesDto } from './dto/meeting.dto';
import { AddMemberDto, MemberDto } from './dto/member.dto';
import { CreatePeerGroupDto, PeerGroupDto, UpdatePeerGroupDto } from './dto/peer-group.dto';
import { PeerGroup } from './entities/peer-group.entity';
import { weekdaysBetween } from './meeting-days';
import { PeerMeeting } from './entities/peer-meeting.entity';
import { PeerGroupsErrorCode, PeerGroupsException } from './peer-groups.exception';
import { CURRENT_MEMBERSHIP, PeerGroupsRepository, VisibleMemberRow } from './peer-groups.repository';

/** How far ahead a meeting may be scheduled, in clinic days. */
export const MEETING_HORIZON_DAYS = 90;

/** How many meetings a group may have on one clinic day. */
export const MAX_MEETINGS_PER_DAY = 3;

function groupDto(group: PeerGroup, leaderIds: string[]): PeerGroupDto {
  return {
    id: group.id,
    name: group.name,
    leaderIds,
    meetingDay: group.meetingDay,
    meetingTime: group.meetingTime,
    location: group.location,
    createdAt: group.createdAt.toISOString(),
  };
}

function blankToNull(value: string | null | undefined): string | null {
  return value?.trim() || null;
}

/**
 * Peer groups, their leaders, members and meetings. A group is seen by the
 * coordinator and counselors of its clinic and by its own leaders (404 for
 * anyone else). Members are clients: they are reached through
 * ClientsService.requireAccess, and listed through the access policy's SQL
 * condition, only while their membership is current and their peer_support
 * consent is in force on the clinic day.
 */
@Injectable()
export class PeerGroupsService implements OnModuleInit {
  constructor(
    private readonly clinics: ClinicsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly groups: PeerGroupsRepository,
    private readonly clients: ClientsService,
    private readonly policy: ClientAccessPolicy,
    private readonly staff: StaffService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly keyRotation: KeyRotation,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'peer_meeting', columns: ['topic'] });
  }

  // Groups

  async create(caller: Caller, dto: CreatePeerGroupDto): Promise<PeerGroupDto> {
    const clinicId = this.clinicOf(caller);
    await this.checkLeaders(clinicId, dto.leaderIds);
    return this.dataSource.transaction(async (em) => {
      const group = await this.groups.insertGroup(em, {
        clinicId,
        name: dto.name.trim(),
        meetingDay: dto.meetingDay ?? null,
        meetingTime: dto.meetingTime ?? null,
        location: blankToNull(dto.location),
        createdBy: caller.staffId,
        createdAt: this.clock.now(),
      });
      await this.groups.replaceLeaders(em, group.id, dto.leaderIds);
      await this.audit.record(em, actorOf(caller), {
        action: 'peer_group.create',
        clinicId,
        targetType: 'peer_group',
        targetId: group.id,
        details: { leaders: dto.leaderIds.length },
      });
      return groupDto(group, (await this.groups.leadersOf([group.id], em)).get(group.id) ?? []);
    });
  }

  async update(caller: Caller, id: string, dto: UpdatePeerGroupDto): Promise<PeerGroupDto> {
    const group = await this.requireGroup(caller, id);
    if (dto.leaderIds) await this.checkLeaders(group.clinicId, dto.leaderIds);
    return this.dataSource.transaction(async (em) => {
      const locked = await this.groups.findGroupForUpdate(em, id);
      if (!locked) throw notFound();
      if (dto.name !== undefined) locked.name = dto.name.trim();
      if (dto.meetingDay !== undefined) locked.meetingDay = dto.meetingDay;
      if (dto.meetingTime !== undefined) locked.meetingTime = dto.meetingTime;
      if (dto.location !== undefined) locked.location = blankToNull(dto.location);
      const saved = await this.groups.saveGroup(em, locked);
      if (dto.leaderIds) await this.groups.replaceLeaders(em, id, dto.leaderIds);
      await this.audit.record(em, actorOf(caller), {
        action: 'peer_group.update',
        clinicId: group.clinicId,
        targetType: 'peer_group',
        targetId: id,
        details: { fields: Object.keys(dto) },
      });
      return groupDto(saved, (await this.groups.leadersOf([id], em)).get(id) ?? []);
    });
  }

  async get(caller: Caller, id: string): Promise<PeerGroupDto> {
    const group = await this.requireGroup(caller, id);
    return groupDto(group, (await this.groups.leadersOf([id])).get(id) ?? []);
  }

  /** The clinic's groups by name; a peer leader's own groups only. */
  async list(caller: Caller, query: PageQueryDto): Promise<Page<PeerGroupDto>> {
    const clinicId = this.clinicOf(caller);
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor);
    const rows = await this.groups.findGroupsPage(clinicId, caller.role === Role.PeerLeader ? caller.staffId : null, limit, after);
    const leaders = await this.groups.leadersOf(rows.slice(0, limit).map((group) => group.id));
    return toPage(
      rows,
      limit,
      (group) => ({ key: group.name, id: group.id }),
      (group) => groupDto(group, leaders.get(group.id) ?? []),
    );
  }

  /**
   * The group, when the caller may see it: same clinic, and for a peer
   * leader only a group they lead. Anything else is the 404 of a missing group.
   */
  async requireGroup(caller: Caller, id: string): Promise<PeerGroup> {
    const group = await this.groups.findGroup(id);
    if (!group || caller.clinicId === null || group.clinicId !== caller.clinicId) throw notFound();
    if (caller.role === Role.PeerLeader && !(await this.groups.isLeader(id, caller.staffId))) throw notFound();
    return group;
  }

  // Members

  async addMember(caller: Caller, groupId: string, dto: AddMemberDto): Promise<MemberDto> {
    const group = await this.requireGroup(caller, groupId);
    const access = await this.clients.requireAccess(caller, dto.clientId, 'attendance', 'manage');
    const clientId = access.client.id;
    const today = await this.clinics.today(group.clinicId, caller);
    try {
      return await this.dataSource.transaction(async (em) => {
        if (!(await this.groups.hasPeerSupportConsent(em, clientId, today))) {
          throw new PeerGroupsException(
            PeerGroupsErrorCode.CONSENT_REQUIRED,
            'The client has no peer_support consent in force, so they cannot join a peer group.',
          );
        }
        const member = await this.groups.insertMember(em, {
          groupId: group.id,
          clientId,
          joinedAt: this.clock.now(),
          addedBy: caller.staffId,
        });
        const pseudonym = await this.groups.pseudonymOf(em, clientId);
        await this.audit.record(em, actorOf(caller), {
          ...clientAuditEntry(access, 'peer_group_member.add', { groupId }),
          targetType: 'peer_group',
          targetId: groupId,
        });
        return {
          clientId: clientId,
          code: pseudonym.code,
          preferredName: this.cipher.openOptional(pseudonym.preferredName),
          joinedAt: member.joinedAt.toISOString(),
        };
      });
    } catch (error) {
      if (isUniqueViolation(error, CURRENT_MEMBERSHIP)) {
        throw new PeerGroupsException(PeerGroupsErrorCode.ALREADY_MEMBER, 'The client is a member of this group already.');
      }
      throw error;
    }
  }

  /** Ends the client's membership; the row stays as history. */
  async removeMember(caller: Caller, groupId: string, clientId: string): Promise<void> {
    await this.requireGroup(caller, groupId);
    const access = await this.clients.requireAccess(caller, clientId, 'attendance', 'manage');
    await this.dataSource.transaction(async (em) => {
      if (!(await this.groups.endMembership(em, groupId, clientId, this.clock.now(), caller.staffId))) {
        throw PlatformException.notFound('The client is not a member of this group.');
      }
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'peer_group_member.remove', { groupId }),
        targetType: 'peer_group',
        targetId: groupId,
      });
    });
  }

  /** The group's visible members whom the caller may see (a counselor: their own clients), by code; one audit event each. */
  async members(caller: Caller, groupId: string, query: PageQueryDto): Promise<Page<MemberDto>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor);
    const group = await this.requireGroup(caller, groupId);
    const [today, visibility] = await Promise.all([this.clinics.today(group.clinicId, caller), this.policy.visibility(caller, 'c')]);
    const rows = await this.groups.visibleMembersPage(groupId, today, visibility, limit, after);
    const page = toPage(
      rows,
      limit,
      (row) => ({ key: row.code, id: row.clientId }),
      (row) => this.memberDto(row),
    );
    await this.recordShown(caller, rows.slice(0, page.items.length), 'peer_group_member.list', { groupId });
    return page;
  }

  // Meetings

  /**
   * One meeting of the group. At most {@link MAX_MEETINGS_PER_DAY} a clinic
   * day (422 TOO_MANY_MEETINGS), counted under a lock on the group so that
   * two leaders planning at once cannot pass it.
   */
  async createMeeting(caller: Caller, groupId: string, dto: CreateMeetingDto): Promise<MeetingDto> {
    const group = await this.requireGroup(caller, groupId);
    const today = await this.clinics.today(group.clinicId, caller);
    if (dto.date > addDays(today, MEETING_HORIZON_DAYS)) {
      throw PlatformException.validation([
        { field: 'date', message: `date must be at most ${MEETING_HORIZON_DAYS} days after today (the clinic day)` },
      ]);
    }
    return this.dataSource.transaction(async (em) => {
      if (!(await this.groups.findGroupForUpdate(em, group.id))) throw notFound();
      const onThatDay = (await this.groups.meetingsPerDay(em, group.id, dto.date, dto.date)).get(dto.date) ?? 0;
      if (onThatDay >= MAX_MEETINGS_PER_DAY) {
        throw new PeerGroupsException(
          PeerGroupsErrorCode.TOO_MANY_MEETINGS,
          `A group has at most ${MAX_MEETINGS_PER_DAY} meetings a day; this day has ${onThatDay}.`,
        );
      }
      const [meeting] = await this.planMeetings(em, caller, group, [{ date: dto.date, startsAt: dto.startsAt ?? null, topic: dto.topic }]);
      return this.meetingDto(meeting);
    });
  }

  /**
   * The group's weekly meetings on its meeting day at its meeting time, from
   * `from` (today or later) to `until` (at most 90 days ahead); days that
   * already have a meeting are skipped. Each meeting is audited and plans its
   * reminders as a single one does, all in one transaction.
   */
  async createMeetingSeries(caller: Caller, groupId: string, dto: CreateMeetingSeriesDto): Promise<MeetingSeriesDto> {
    const group = await this.requireGroup(caller, groupId);
    const today = await this.clinics.today(group.clinicId, caller);
    const errors: FieldError[] = [];
    if (dto.from < today) errors.push({ field: 'from', message: 'from must not lie before today (the clinic day)' });
    if (dto.until < dto.from) errors.push({ field: 'until', message: 'until must not lie before from' });
    if (dto.until > addDays(today, MEETING_HORIZON_DAYS)) {
      errors.push({ field: 'until', message: `until must be at most ${MEETING_HORIZON_DAYS} days after today (the clinic day)` });
    }
    if (errors.length > 0) throw PlatformException.validation(errors);
    return this.dataSource.transaction(async (em) => {
      const locked = await this.groups.findGroupForUpdate(em, group.id);
      if (!locked) throw notFound();
      if (!locked.meetingDay || !locked.meetingTime) {
        throw new PeerGroupsException(
          PeerGroupsErrorCode.NO_MEETING_SCHEDULE,
          'The group has no meeting day and time: set them on the group before planning weekly meetings.',
        );
      }
      const days = weekdaysBetween(dto.from, dto.until, locked.meetingDay);
      const taken = await this.groups.meetingsPerDay(em, group.id, dto.from, dto.until);
      const skippedDates = days.filter((date) => taken.has(date));
      const startsAt = locked.meetingTime;
      const meetings = await this.planMeetings(
        em,
        caller,
        group,
        days.filter((date) => !taken.has(date)).map((date) => ({ date, startsAt, topic: undefined })),
        true,
      );
      return { created: meetings.length, meetings: meetings.map((meeting) => this.meetingDto(meeting)), skippedDates };
    });
  }

  /** Inserts the meetings, audits each and publishes each one's planning (its reminders), in the caller's transaction. */
  private async planMeetings(
    em: EntityManager,
    caller: Caller,
    group: PeerGroup,
    plans: Array<{ date: string; startsAt: string | null; topic: string | undefined }>,
    series = false,
  ): Promise<PeerMeeting[]> {
    const meetings: PeerMeeting[] = [];
    for (const plan of plans) {
      const meeting = await this.groups.insertMeeting(em, {
        groupId: group.id,
        clinicId: group.clinicId,
        date: plan.date,
        startsAt: plan.startsAt,
        topic: this.cipher.sealOptional(blankToNull(plan.topic)),
        createdBy: caller.staffId,
        createdAt: this.clock.now(),
      });
      await this.audit.record(em, actorOf(caller), {
        action: 'peer_meeting.create',
        clinicId: group.clinicId,
        targetType: 'peer_meeting',
        targetId: meeting.id,
        details: { groupId: group.id, date: plan.date, ...(series ? { series: true } : {}) },
      });
      const planned: MeetingPlanned = { type: 'peer_group.meeting_planned', meetingId: meeting.id, createdBy: caller.staffId };
      await this.events.publish(em, planned);
      meetings.push(meeting);
    }
    return meetings;
  }

  /** The group's meetings, newest first. */
  async meetings(caller: Caller, groupId: string, query: PageQueryDto): Promise<Page<MeetingDto>> {
    const limit = query.limit ?? 50;
    const before = decodeCursor(query.cursor, 'date');
    await this.requireGroup(caller, groupId);
    const rows = await this.groups.findMeetingsPage(groupId, limit, before);
    return toPage(
      rows,
      limit,
      (meeting) => ({ key: meeting.date, id: meeting.id }),
      (meeting) => this.meetingDto(meeting),
    );
  }

  /** A meeting of this group the caller may see, or 404 (also for a meeting of another group). */
  async requireMeeting(caller: Caller, groupId: string, meetingId: string): Promise<{ group: PeerGroup; meeting: PeerMeeting }> {
    const group = await this.requireGroup(caller, groupId);
    const meeting = await this.groups.findMeetingOfGroup(groupId, meetingId);
    if (!meeting) throw PlatformException.notFound('No such meeting in this group.');
    return { group, meeting };
  }

  /** The meeting's attendance of the group's visible members the caller may see; one audit event per client shown. */
  async attendance(caller: Caller, groupId: string, meetingId: string): Promise<AttendanceDto> {
    const { group } = await this.requireMeeting(caller, groupId, meetingId);
    const [today, visibility] = await Promise.all([this.clinics.today(group.clinicId, caller), this.policy.visibility(caller, 'c')]);
    const rows = await this.groups.visibleAttendance(groupId, meetingId, today, visibility);
    await this.recordShown(caller, rows, 'peer_attendance.read', { groupId, meetingId });
    return {
      meetingId,
      records: rows.map((row) => ({
        clientId: row.clientId,
        code: row.code,
        preferredName: this.cipher.openOptional(row.preferredName),
        status: row.attendance,
        reason: row.reason,
      })),
    };
  }

  // A client's history

  /**
   * Every membership of the client, with the attendance recorded during it,
   * whatever their consent says now: the care team keeps the history.
   * An attendance row belongs to the membership that was current when it was
   * last written (attendance is only written for current members).
   */
  async historyOf(caller: Caller, clientId: string): Promise<GroupMembershipDto[]> {
    const access = await this.clients.requireAccess(caller, clientId, 'attendance');
    const [memberships, attendance] = await Promise.all([this.groups.membershipsOf(clientId), this.groups.attendanceOfClient(clientId)]);
    const history = memberships.map((membership) => ({ ...membership, attendance: [] as GroupMembershipDto['attendance'] }));
    for (const row of attendance) {
      const ofGroup = history.filter((membership) => membership.groupId === row.groupId);
      const during = ofGroup.find(
        (membership) => membership.joinedAt <= row.recordedAt && (membership.leftAt === null || row.recordedAt < membership.leftAt),
      );
      const target = during ?? ofGroup.filter((membership) => membership.joinedAt <= row.recordedAt).pop() ?? ofGroup[0];
      target?.attendance.push({ meetingId: row.meetingId, date: row.date, status: row.status });
    }
    await this.clients.recordRead(caller, access, 'peer_group.history');
    return history.map((membership) => ({
      groupId: membership.groupId,
      groupName: membership.groupName,
      joinedAt: membership.joinedAt.toISOString(),
      leftAt: membership.leftAt?.toISOString() ?? null,
      attendance: membership.attendance,
    }));
  }

  /** The audit entry for a client the caller saw or changed as a visible member, on the grounds the policy gave. */
  entryFor(caller: Caller, row: VisibleMemberRow, action: string, details: Record<string, unknown>): AuditEntry {
    const grounds = row.grounds as AccessGrounds;
    const access: ClientAccess = {
      client: { id: row.clientId, clinicId: row.clinicId, status: row.status },
      decision: { grounds, view: this.policy.viewFor(caller, grounds) },
    };
    return clientAuditEntry(access, action, details);
  }

  /** One audit event for the list read, per grounds on which its clients were shown. */
  private async recordShown(caller: Caller, rows: VisibleMemberRow[], action: string, details: Record<string, unknown>): Promise<void> {
    if (rows.length === 0) return;
    const byGrounds = new Map<AccessGrounds, string[]>();
    for (const row of rows) {
      const grounds = row.grounds as AccessGrounds;
      byGrounds.set(grounds, [...(byGrounds.get(grounds) ?? []), row.clientId]);
    }
    await this.dataSource.transaction(async (em) => {
      for (const [grounds, clientIds] of byGrounds) {
        await this.audit.recordList(em, actorOf(caller), { action, clinicId: rows[0].clinicId, clientIds, grounds, details });
      }
    });
  }

  private memberDto(row: VisibleMemberRow): MemberDto {
    return {
      clientId: row.clientId,
      code: row.code,
      preferredName: this.cipher.openOptional(row.preferredName),
      joinedAt: row.joinedAt.toISOString(),
    };
  }

  private meetingDto(meeting: PeerMeeting): MeetingDto {
    return {
      id: meeting.id,
      groupId: meeting.groupId,
      date: meeting.date,
      startsAt: meeting.startsAt,
      topic: this.cipher.openOptional(meeting.topic),
      createdAt: meeting.createdAt.toISOString(),
    };
  }

  /** Every leader must be an active peer leader of the clinic; the answer names positions, never people. */
  private async checkLeaders(clinicId: string, leaderIds: string[]): Promise<void> {
    const principals = await Promise.all(leaderIds.map((id) => this.staff.principal(id)));
    const invalid = principals.flatMap((staff, index) =>
      staff && staff.active && staff.clinicId === clinicId && staff.role === Role.PeerLeader ? [] : [`leaderIds[${index}]`],
    );
    if (invalid.length > 0) {
      throw new PeerGroupsException(
        PeerGroupsErrorCode.INVALID_LEADER,
        `${invalid.join(', ')}: every leader must be an active peer leader of this clinic.`,
      );
    }
  }

  private clinicOf(caller: Caller): string {
    if (!caller.clinicId) throw PlatformException.forbidden();
    return caller.clinicId;
  }
}

function notFound(): PlatformException {
  return PlatformException.notFound('No such peer group.');
}
