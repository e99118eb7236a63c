import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  actorOf,
  AuditService,
  Caller,
  Clock,
  decodeCursor,
  isUniqueViolation,
  Page,
  PageQueryDto,
  PlatformException,
  Role,
  toPage,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { CallersClinic } from './clinic-row-sql';
import { ClinicsErrorCode, ClinicsException } from './clinics.exception';
import { ClinicsRepository } from './clinics.repository';
import { ClinicDto, ClinicSettingsDto } from './dto/clinic.dto';
import { CreateClinicDto } from './dto/create-clinic.dto';
import { UpdateClinicDto } from './dto/update-clinic.dto';
import { UpdateClinicSettingsDto } from './dto/update-clinic-settings.dto';
import { Clinic } from './entities/clinic.entity';
import { canonicalTimeZone } from './time-zone';

/** Clinics: created by admins; each coordinator reads and tunes their own. */
@Injectable()
export class ClinicsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, dto: CreateClinicDto): Promise<ClinicDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const clinic = await this.clinics.insert(em, {
          code: dto.code,
          name: dto.name.trim(),
          timeZone: canonicalTimeZone(dto.timeZone ?? 'Asia/Shanghai') ?? 'Asia/Shanghai',
        });
        await this.audit.record(em, actorOf(caller), {
          action: 'clinic.create',
          clinicId: clinic.id,
          targetType: 'clinic',
          targetId: clinic.id,
          grounds: 'role',
          details: { code: clinic.code, timeZone: clinic.timeZone },
        });
        return ClinicDto.from(clinic);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ClinicsException(ClinicsErrorCode.CLINIC_CODE_TAKEN, `A clinic with code ${dto.code} exists already.`);
      }
      throw error;
    }
  }

  async list(caller: Caller, query: PageQueryDto): Promise<Page<ClinicDto>> {
    const limit = query.limit ?? 50;
    const onlyId = caller.role === Role.Admin ? undefined : (caller.clinicId ?? '');
    const rows = await this.clinics.findPage(limit, decodeCursor(query.cursor), onlyId);
    return toPage(
      rows,
      limit,
      (clinic) => ({ key: clinic.code, id: clinic.id }),
      (clinic) => ClinicDto.from(clinic),
    );
  }

  /**
   * The other clinics of this Tongban, by code, for choosing where a client
   * goes (guest dosing, transfers): no settings, only who they are.
   */
  async others(caller: Caller, query: PageQueryDto): Promise<Page<{ id: string; code: string; name: string }>> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const limit = query.limit ?? 50;
    // One row more than a page, so leaving out the caller's own clinic still tells whether another page follows.
    const rows = (await this.clinics.findPage(limit + 1, decodeCursor(query.cursor))).filter((clinic) => clinic.id !== caller.clinicId);
    return toPage(
      rows,
      limit,
      (clinic) => ({ key: clinic.code, id: clinic.id }),
      (clinic) => ({ id: clinic.id, code: clinic.code, name: clinic.name }),
    );
  }

  async get(caller: Caller, id: string): Promise<ClinicDto> {
    return ClinicDto.from(await this.visible(caller, id));
  }

  /** Renames a clinic (admin); the old and new names go into the audit event. */
  async update(caller: Caller, id: string, dto: UpdateClinicDto): Promise<ClinicDto> {
    await this.visible(caller, id);
    return this.dataSource.transaction(async (em) => {
      const clinic = await this.clinics.findByIdForUpdate(em, id);
      if (!clinic) throw PlatformException.notFound('No such clinic.');
      const previousName = clinic.name;
      clinic.name = dto.name.trim();
      const saved = await this.clinics.save(em, clinic);
      await this.audit.record(em, actorOf(caller), {
        action: 'clinic.update',
        clinicId: clinic.id,
        targetType: 'clinic',
        targetId: clinic.id,
        grounds: 'role',
        details: { name: saved.name, previousName },
      });
      return ClinicDto.from(saved);
    });
  }

  async updateSettings(caller: Caller, id: string, dto: UpdateClinicSettingsDto): Promise<ClinicSettingsDto> {
    await this.visible(caller, id);
    return this.dataSource.transaction(async (em) => {
      const clinic = await this.clinics.findByIdForUpdate(em, id);
      if (!clinic) throw PlatformException.notFound();
      const changes: Record<string, unknown> = { ...dto };
      if (dto.timeZone !== undefined) changes.timeZone = canonicalTimeZone(dto.timeZone);
      Object.assign(clinic, changes);
      assertThresholdsOrdered(clinic);
      const saved = await this.clinics.save(em, clinic);
      await this.audit.record(em, actorOf(caller), {
        action: 'clinic.settings.update',
        clinicId: clinic.id,
        targetType: 'clinic',
        targetId: clinic.id,
        grounds: 'role',
        details: changes,
      });
      return ClinicSettingsDto.from(saved);
    });
  }

  /** For other areas: the clinic, or 404 (`undefined` never leaks whether it exists). */
  async requireClinic(id: string): Promise<ClinicDto> {
    const clinic = await this.clinics.findById(id);
    if (!clinic) throw PlatformException.notFound('No such clinic.');
    return ClinicDto.from(clinic);
  }

  /**
   * For other areas: the caller's own clinic, as their session check read it (`Caller.clinic`) or, where it did not,
   * read now; 403 for a caller of no clinic (an admin).
   */
  async callersClinic(caller: Caller): Promise<ClinicDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    if (caller.clinic instanceof CallersClinic && caller.clinic.clinic.id === caller.clinicId) return caller.clinic.clinic;
    return this.requireClinic(caller.clinicId);
  }

  /** For other areas: the clinic, or null when there is none (a clinic someone named, to be refused with their own code). */
  async findClinic(id: string): Promise<ClinicDto | null> {
    const clinic = await this.clinics.findById(id);
    return clinic ? ClinicDto.from(clinic) : null;
  }

  /** For other areas: these clinics (nulls and repeats passed over), by id; 404 when one does not exist. */
  async requireClinics(ids: ReadonlyArray<string | null>): Promise<Map<string, ClinicDto>> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    const clinics = await Promise.all(unique.map((id) => this.requireClinic(id)));
    return new Map(clinics.map((clinic) => [clinic.id, clinic]));
  }

  /**
   * The clinic's calendar: today's date in its time zone (consents, doses and sessions are kept by clinic days). For a
   * clinic that is `caller`'s own, the clinic their session check read (no statement of its own).
   */
  async today(clinicId: string, caller?: Caller): Promise<string> {
    const clinic = caller?.clinicId === clinicId ? await this.callersClinic(caller) : await this.requireClinic(clinicId);
    return this.clock.today(clinic.timeZone);
  }

  /** The clinic if the caller may see it: admins all, staff their own; others answer 404. */
  private async visible(caller: Caller, id: string): Promise<Clinic> {
    const clinic = caller.role === Role.Admin || caller.clinicId === id ? await this.clinics.findById(id) : null;
    if (!clinic) throw PlatformException.notFound('No such clinic.');
    return clinic;
  }
}

function assertThresholdsOrdered(clinic: Clinic): void {
  if (!(clinic.missedDosesAssess < clinic.missedDosesRetitrate && clinic.missedDosesRetitrate < clinic.dropoutDays)) {
    throw PlatformException.validation(
      [
        {
          field: 'missedDosesAssess',
          message: 'thresholds must grow: missedDosesAssess < missedDosesRetitrate < dropoutDays',
        },
      ],
      `Thresholds would be ${clinic.missedDosesAssess} < ${clinic.missedDosesRetitrate} < ${clinic.dropoutDays}, which does not hold.`,
    );
  }
}
