import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import { ClientAccessPolicy } from '@tongban/clients';
import { actorOf, AuditEntry, AuditService, Caller, Clock, FieldCipher, FieldError, PlatformException } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { AttendanceDto, RecordAttendanceDto } from '../dto/attendance.dto';
import { PeerAttendance } from '../entities/peer-attendance.entity';
import { PeerGroupsErrorCode, PeerGroupsException } from '../peer-groups.exception';
import { PeerGroupsRepository } from '../peer-groups.repository';
import { PeerGroupsService } from '../peer-groups.service';

/**
 * Replaces a held meeting's attendance of the group's visible members (current
 * membership, peer_support consent in force today) with the records sent:
 * visible members left out lose their record, new and changed records are
 * written, unchanged ones are not touched (their recordedAt stays, no audit
 * event), and records of clients who are no longer visible stay as history.
 * All or nothing, in one transaction under a lock on the meeting.
 */
@Injectable()
export class RecordAttendanceUseCase {
  constructor(
    private readonly clinics: ClinicsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly groups: PeerGroupsRepository,
    private readonly peerGroups: PeerGroupsService,
    private readonly policy: ClientAccessPolicy,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, groupId: string, meetingId: string, dto: RecordAttendanceDto): Promise<AttendanceDto> {
    const seen = new Set<string>();
    const invalid = dto.records.flatMap((record, index) => {
      const errors: FieldError[] = [];
      const id = record.clientId.toLowerCase();
      if (seen.has(id)) errors.push({ field: `records[${index}].clientId`, message: 'clientId must appear at most once' });
      seen.add(id);
      if (record.reason != null && record.status !== 'absent') {
        errors.push({ field: `records[${index}].reason`, message: 'reason is only given for an absence (status absent)' });
      }
      return errors;
    });
    if (invalid.length > 0) throw PlatformException.validation(invalid);

    const { group, meeting } = await this.peerGroups.requireMeeting(caller, groupId, meetingId);
    const today = await this.clinics.today(group.clinicId, caller);
    if (meeting.date > today) {
      throw new PeerGroupsException(PeerGroupsErrorCode.MEETING_NOT_HELD, 'Attendance is recorded once the meeting’s day has come.');
    }
    // Read before the transaction: the policy asks the database on its own connection.
    const visibility = await this.policy.visibility(caller, 'c');
    const now = this.clock.now();
    const wanted = dto.records.map((record) => ({
      clientId: record.clientId.toLowerCase(),
      status: record.status,
      reason: record.status === 'absent' ? (record.reason ?? null) : null,
    }));

    return this.dataSource.transaction(async (em) => {
      await this.groups.lockMeeting(em, meetingId);
      const members = new Map(
        (await this.groups.allVisibleMembers(em, groupId, today, visibility)).map((member) => [member.clientId, member]),
      );
      const strangers = wanted.flatMap((record, index) => (members.has(record.clientId) ? [] : [`records[${index}]`]));
      if (strangers.length > 0) {
        throw new PeerGroupsException(
          PeerGroupsErrorCode.NOT_A_MEMBER,
          `${strangers.join(', ')}: not a current member of this group with a peer_support consent in force.`,
        );
      }

      const recorded = await this.groups.attendanceOf(em, meetingId, [...members.keys()]);
      const sent = new Map(wanted.map((record) => [record.clientId, record]));
      const removed = [...recorded.keys()].filter((clientId) => !sent.has(clientId));
      const added = wanted.filter((record) => !recorded.has(record.clientId));
      const changed = wanted.filter((record) => {
        const before = recorded.get(record.clientId);
        return before !== undefined && (before.status !== record.status || before.reason !== record.reason);
      });

      await this.groups.deleteAttendance(em, meetingId, removed);
      await this.groups.insertAttendance(
        em,
        added.map((record): PeerAttendance => ({
          meetingId,
          clientId: record.clientId,
          clinicId: group.clinicId,
          meetingDate: meeting.date,
          status: record.status,
          reason: record.reason,
          recordedBy: caller.staffId,
          recordedAt: now,
        })),
      );
      for (const record of changed) {
        await this.groups.updateAttendance(em, meetingId, record.clientId, {
          status: record.status,
          reason: record.reason,
          recordedBy: caller.staffId,
          recordedAt: now,
        });
      }

      const entry = (clientId: string, change: string): AuditEntry => {
        const member = members.get(clientId);
        if (!member) throw new Error('attendance changed for a client who is not a visible member');
        return {
          ...this.peerGroups.entryFor(caller, member, 'peer_attendance.write', { groupId, meetingId, change }),
          targetType: 'peer_meeting',
          targetId: meetingId,
        };
      };
      const entries = [
        ...added.map((record) => entry(record.clientId, 'added')),
        ...changed.map((record) => entry(record.clientId, 'changed')),
        ...removed.map((clientId) => entry(clientId, 'removed')),
      ];
      if (entries.length > 0) await this.audit.recordMany(em, actorOf(caller), entries);

      return {
        meetingId,
        // Members come by code; the answer shows those sent, which are now the meeting's visible attendance.
        records: [...members.values()].flatMap((member) => {
          const record = sent.get(member.clientId);
          if (!record) return [];
          return [
            {
              clientId: member.clientId,
              code: member.code,
              preferredName: this.cipher.openOptional(member.preferredName),
              status: record.status,
              reason: record.reason,
            },
          ];
        }),
      };
    });
  }
}
