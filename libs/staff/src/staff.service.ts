import { randomBytes } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  actorOf,
  AppConfig,
  type AppLogger,
  AppLoggerToken,
  AuditService,
  Caller,
  decodeCursor,
  isUniqueViolation,
  Page,
  PlatformException,
  Role,
  toPage,
} from '@tongban/platform';
import { ClinicsService } from '@tongban/clinics';
import { DataSource, EntityManager } from 'typeorm';
import { CreateStaffDto } from './dto/create-staff.dto';
import { ListStaffQueryDto } from './dto/list-staff-query.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { StaffDto } from './dto/staff.dto';
import { UpdateStaffDto } from './dto/update-staff.dto';
import { Staff } from './entities/staff.entity';
import { PasswordHasher } from './password-hasher';
import { StaffErrorCode, StaffException } from './staff.exception';
import { StaffRepository } from './staff.repository';

/** What the auth area needs to know of an account. */
export interface StaffPrincipal {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  clinicId: string | null;
  active: boolean;
  sessionsValidAfter: Date;
  /** The password was set by someone else and must be changed before anything but the own account's routes. */
  mustChangePassword: boolean;
}

function principalOf(staff: Staff): StaffPrincipal {
  const { id, username, displayName, role, clinicId, active, sessionsValidAfter, mustChangePassword } = staff;
  return { id, username, displayName, role, clinicId, active, sessionsValidAfter, mustChangePassword };
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Staff accounts: admins manage them; coordinators read their clinic's. */
@Injectable()
export class StaffService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly clinics: ClinicsService,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @Inject(AppLoggerToken) private readonly logger: AppLogger,
  ) {}

  /** Creates the first admin when there is none (api.md, BOOTSTRAP_ADMIN_*). */
  async onApplicationBootstrap(): Promise<void> {
    if (await this.staff.adminExists()) return;
    const generated = this.config.bootstrapAdminPassword === undefined;
    const password = this.config.bootstrapAdminPassword ?? randomBytes(15).toString('base64url');
    const username = this.config.bootstrapAdminUsername;
    try {
      await this.dataSource.transaction(async (em) => {
        const admin = await this.staff.insert(em, {
          username,
          passwordHash: await this.passwords.hash(password),
          displayName: 'Administrator',
          role: Role.Admin,
          clinicId: null,
          // Printed in the log or written in the deployment's configuration: its owner chooses their own at first sign-in.
          mustChangePassword: true,
        });
        await this.audit.record(
          em,
          { staffId: null, role: null, requestId: null },
          {
            action: 'staff.bootstrap_admin',
            clinicId: null,
            targetType: 'staff',
            targetId: admin.id,
          },
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) return; // another replica created it first
      throw error;
    }
    if (generated) {
      // Printed once, on purpose, outside the structured log: the only copy of this password.
      process.stdout.write(
        `\nTongban: created the first admin account.\n  username: ${username}\n  password: ${password}\nSign in and change this password (POST /api/v1/auth/password).\n\n`,
      );
    } else {
      this.logger.info('created the first admin account from BOOTSTRAP_ADMIN_USERNAME/PASSWORD');
    }
  }

  async create(caller: Caller, dto: CreateStaffDto): Promise<StaffDto> {
    const clinicId = dto.clinicId ?? null;
    if (dto.role === Role.Admin && clinicId !== null) {
      throw PlatformException.validation([{ field: 'clinicId', message: 'an admin belongs to no clinic' }]);
    }
    if (dto.role !== Role.Admin && clinicId === null) {
      throw PlatformException.validation([{ field: 'clinicId', message: `clinicId is required for role ${dto.role}` }]);
    }
    if (clinicId !== null) {
      await this.clinics.requireClinic(clinicId).catch(() => {
        throw new StaffException(StaffErrorCode.UNKNOWN_CLINIC, 'There is no clinic with this clinicId.');
      });
    }
    const username = normalizeUsername(dto.username);
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      return await this.dataSource.transaction(async (em) => {
        const staff = await this.staff.insert(em, {
          username,
          passwordHash,
          displayName: dto.displayName.trim(),
          role: dto.role,
          clinicId,
          mustChangePassword: true,
        });
        await this.audit.record(em, actorOf(caller), {
          action: 'staff.create',
          clinicId,
          targetType: 'staff',
          targetId: staff.id,
          grounds: 'role',
          details: { role: dto.role },
        });
        return StaffDto.from(staff);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new StaffException(StaffErrorCode.USERNAME_TAKEN, 'This username is taken.');
      }
      throw error;
    }
  }

  async list(caller: Caller, query: ListStaffQueryDto): Promise<Page<StaffDto>> {
    const limit = query.limit ?? 50;
    let clinicId = query.clinicId;
    if (caller.role !== Role.Admin) {
      if (clinicId !== undefined && clinicId !== caller.clinicId) throw PlatformException.notFound('No such clinic.');
      clinicId = caller.clinicId ?? undefined;
    }
    const rows = await this.staff.findPage({ clinicId, role: query.role }, limit, decodeCursor(query.cursor));
    return toPage(
      rows,
      limit,
      (staff) => ({ key: staff.username, id: staff.id }),
      (staff) => StaffDto.from(staff),
    );
  }

  async get(caller: Caller, id: string): Promise<StaffDto> {
    return StaffDto.from(await this.visible(caller, id));
  }

  async update(caller: Caller, id: string, dto: UpdateStaffDto): Promise<StaffDto> {
    await this.visible(caller, id);
    if (dto.active === false && id === caller.staffId) {
      throw new StaffException(StaffErrorCode.CANNOT_DEACTIVATE_SELF, 'You cannot deactivate your own account.');
    }
    return this.dataSource.transaction(async (em) => {
      const staff = await this.staff.findByIdForUpdate(em, id);
      if (!staff) throw PlatformException.notFound('No such staff member.');
      if (dto.displayName !== undefined) staff.displayName = dto.displayName.trim();
      if (dto.active !== undefined) staff.active = dto.active;
      const saved = await this.staff.save(em, staff);
      // Deactivation ends every session: tokens issued before it stay dead when the account is reactivated.
      if (dto.active === false) await this.staff.endSessions(em, staff.id);
      await this.audit.record(em, actorOf(caller), {
        action: dto.active === false ? 'staff.deactivate' : dto.active === true ? 'staff.activate' : 'staff.update',
        clinicId: staff.clinicId,
        targetType: 'staff',
        targetId: staff.id,
        grounds: 'role',
        details: { fields: Object.keys(dto) },
      });
      return StaffDto.from(saved);
    });
  }

  /** An admin sets a new password; every session of that account ends, and its owner must change it at the next sign-in. */
  async resetPassword(caller: Caller, id: string, dto: ResetPasswordDto): Promise<void> {
    const staff = await this.visible(caller, id);
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.dataSource.transaction(async (em) => {
      if (!(await this.staff.setPassword(em, id, passwordHash, 'other'))) throw PlatformException.notFound('No such staff member.');
      await this.audit.record(em, actorOf(caller), {
        action: 'staff.password_reset',
        clinicId: staff.clinicId,
        targetType: 'staff',
        targetId: id,
        grounds: 'role',
      });
    });
  }

  async me(caller: Caller): Promise<StaffDto> {
    const staff = await this.staff.findById(caller.staffId);
    if (!staff) throw PlatformException.unauthenticated();
    return StaffDto.from(staff);
  }

  /**
   * First half of a password change: checks the current password and hashes
   * the new one (slow work, done before any transaction opens).
   */
  async preparePasswordChange(caller: Caller, currentPassword: string, newPassword: string): Promise<string> {
    const staff = await this.staff.findById(caller.staffId);
    if (!staff) throw PlatformException.unauthenticated();
    if (!(await this.passwords.verify(staff.passwordHash, currentPassword))) {
      throw new StaffException(StaffErrorCode.CURRENT_PASSWORD_WRONG, 'The current password is not right.');
    }
    if (newPassword === currentPassword) {
      throw PlatformException.validation([{ field: 'newPassword', message: 'newPassword must differ from the current password' }]);
    }
    return this.passwords.hash(newPassword);
  }

  /** Second half: stores the prepared hash inside the caller's transaction. */
  async applyPasswordChange(em: EntityManager, caller: Caller, passwordHash: string): Promise<void> {
    if (!(await this.staff.setPassword(em, caller.staffId, passwordHash, 'owner'))) throw PlatformException.unauthenticated();
    await this.audit.record(em, actorOf(caller), {
      action: 'auth.password_change',
      clinicId: caller.clinicId,
      targetType: 'staff',
      targetId: caller.staffId,
      grounds: 'role',
    });
  }

  /**
   * The account a login names, when the password is right. Unknown accounts
   * cost the same time as known ones, so timing does not tell them apart.
   */
  async verifyCredentials(username: string, password: string): Promise<{ principal: StaffPrincipal | null; known: StaffPrincipal | null }> {
    const staff = await this.staff.findByUsername(normalizeUsername(username));
    const ok = await this.passwords.verify(staff?.passwordHash, password);
    const known = staff ? principalOf(staff) : null;
    return { principal: ok && staff?.active ? known : null, known };
  }

  /** Display names by staff id, for lists that show who did something. */
  async displayNames(ids: string[]): Promise<Map<string, string>> {
    const staff = ids.length > 0 ? await this.staff.findByIds([...new Set(ids)]) : [];
    return new Map(staff.map((member) => [member.id, member.displayName]));
  }

  async principal(staffId: string): Promise<StaffPrincipal | null> {
    const staff = await this.staff.findById(staffId);
    return staff ? principalOf(staff) : null;
  }

  /** Admins see every account; coordinators their clinic's; the rest answer 404. */
  private async visible(caller: Caller, id: string): Promise<Staff> {
    const staff = await this.staff.findById(id);
    if (!staff || (caller.role !== Role.Admin && staff.clinicId !== caller.clinicId)) {
      throw PlatformException.notFound('No such staff member.');
    }
    return staff;
  }
}
