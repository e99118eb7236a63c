import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccessGrounds,
  actorOf,
  AuditService,
  Caller,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  isUniqueViolation,
  Page,
  PageQueryDto,
  PlatformException,
  toPage,
} from '@tongban/platform';
import { StaffService } from '@tongban/staff';
import { DataSource, EntityManager } from 'typeorm';
import { ClientRef } from './client-access.policy';
import { ConsentErrorCode, ConsentException } from './consent.exception';
import { ConsentRepository } from './consent.repository';
import { AddCareTeamMemberDto, CareTeamMemberDto } from './dto/care-team.dto';
import { CareTeamRole } from './entities/care-team-member.entity';

/** Who cares for a client. Callers pass a client whose access was checked already. */
@Injectable()
export class CareTeamService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ConsentRepository,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
  ) {}

  /** A page of the client's care team, the longest on it first. */
  async list(client: ClientRef, query: PageQueryDto): Promise<Page<CareTeamMemberDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.careTeamOfClientPage(client.id, limit, decodeCursor(query.cursor, 'exactInstant'));
    const names = await this.staff.displayNames(rows.map((member) => member.staffId));
    return toPage(
      rows,
      limit,
      (member) => ({ key: member.addedAtKey, id: member.staffId }),
      (member) => ({
        staffId: member.staffId,
        role: member.role,
        displayName: names.get(member.staffId) ?? '',
        addedAt: member.addedAt.toISOString(),
      }),
    );
  }

  async add(caller: Caller, client: ClientRef, grounds: AccessGrounds, dto: AddCareTeamMemberDto): Promise<CareTeamMemberDto> {
    const staff = await this.staff.principal(dto.staffId);
    if (!staff || !staff.active || staff.clinicId !== client.clinicId || (staff.role as string) !== dto.role) {
      throw new ConsentException(
        ConsentErrorCode.STAFF_NOT_ELIGIBLE,
        `The care team's ${dto.role} must be an active ${dto.role} of the client's clinic.`,
      );
    }
    try {
      const member = await this.dataSource.transaction(async (em) => {
        const added = await this.addWithin(em, caller, client, dto.staffId, dto.role);
        await this.audit.record(em, actorOf(caller), {
          action: 'care_team.add',
          clinicId: client.clinicId,
          clientId: client.id,
          targetType: 'staff',
          targetId: dto.staffId,
          grounds,
          details: { role: dto.role },
        });
        return added;
      });
      return { staffId: member.staffId, role: member.role, displayName: staff.displayName, addedAt: member.addedAt.toISOString() };
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConsentException(ConsentErrorCode.ALREADY_ON_CARE_TEAM, 'This staff member is on the care team already.');
      throw error;
    }
  }

  /** Adds a member inside a transaction the caller runs (a counselor registering a client joins its team). */
  addWithin(em: EntityManager, caller: Caller, client: ClientRef, staffId: string, role: CareTeamRole) {
    return this.repository.addCareTeamMember(em, {
      clientId: client.id,
      staffId,
      role,
      clinicId: client.clinicId,
      addedBy: caller.staffId,
    });
  }

  async remove(caller: Caller, client: ClientRef, grounds: AccessGrounds, staffId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      if (!(await this.repository.removeCareTeamMember(em, client.id, staffId))) {
        throw PlatformException.notFound('This staff member is not on the care team.');
      }
      await this.audit.record(em, actorOf(caller), {
        action: 'care_team.remove',
        clinicId: client.clinicId,
        clientId: client.id,
        targetType: 'staff',
        targetId: staffId,
        grounds,
      });
    });
  }
}
