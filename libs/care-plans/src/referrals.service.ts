import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import { ClientAccessPolicy, ClientsService } from '@tongban/clients';
import {
  actorOf,
  AuditService,
  Caller,
  clientAuditEntry,
  Clock,
  decodePairCursor,
  DEFAULT_PAGE_SIZE,
  FieldCipher,
  FieldError,
  KeyRotation,
  PageQueryDto,
  pairKey,
  PlatformException,
  toPage,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { mayMoveReferral, referralFollowUpDue } from './care-plan-rules';
import { CarePlansErrorCode, CarePlansException } from './care-plans.exception';
import { CarePlansRepository } from './care-plans.repository';
import { CreateReferralDto } from './dto/create-referral.dto';
import { ReferralDto, ReferralPageDto } from './dto/referral.dto';
import { UpdateReferralDto } from './dto/update-referral.dto';
import { Referral } from './entities/referral.entity';

/**
 * Referrals to outside services. The client's counselor and the clinic's
 * physicians make and update them (the kind `referral_notes`); the
 * coordinator reads them without their notes. Sharing the client's personal
 * data with the organisation needs the `referral` consent in force that day.
 */
@Injectable()
export class ReferralsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CarePlansRepository,
    private readonly clinics: ClinicsService,
    private readonly clients: ClientsService,
    private readonly policy: ClientAccessPolicy,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'referral', columns: ['organisation', 'note', 'outcome'] });
  }

  async create(caller: Caller, clientId: string, dto: CreateReferralDto): Promise<ReferralDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'referral_notes', 'clinical_act');
    const today = await this.clinics.today(access.client.clinicId, caller);
    if (dto.date > today)
      throw PlatformException.validation([{ field: 'date', message: 'date must not lie in the future', key: 'future' }]);
    const note = dto.note?.trim() || null;
    const now = this.clock.now();
    return this.dataSource.transaction(async (em) => {
      // Read in the transaction of the insert, so a revocation cannot slip between the check and the record.
      if (dto.sharesPersonalData && !(await this.repository.referralConsentOn(clientId, today, em))) {
        throw new CarePlansException(
          CarePlansErrorCode.CONSENT_REQUIRED,
          'Sharing the client’s personal data with the organisation needs the client’s referral consent.',
        );
      }
      const saved = await this.repository.insertReferral(em, {
        clientId,
        clinicId: access.client.clinicId,
        service: dto.service,
        organisation: this.cipher.seal(dto.organisation.trim()),
        date: dto.date,
        sharesPersonalData: dto.sharesPersonalData,
        note: this.cipher.sealOptional(note),
        status: 'made',
        outcome: null,
        attendedOn: null,
        referredBy: caller.staffId,
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'referral.create', {
          service: dto.service,
          date: dto.date,
          sharesPersonalData: dto.sharesPersonalData,
          note: note !== null,
        }),
        targetType: 'referral',
        targetId: saved.id,
      });
      return this.referralDto(saved, true);
    });
  }

  async update(caller: Caller, clientId: string, referralId: string, dto: UpdateReferralDto): Promise<ReferralDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'referral_notes', 'clinical_act');
    const today = await this.clinics.today(access.client.clinicId, caller);
    return this.dataSource.transaction(async (em) => {
      const referral = await this.repository.findReferralOfClientForUpdate(em, clientId, referralId);
      if (!referral) throw PlatformException.notFound('No such referral.');
      const errors: FieldError[] = [];
      const attendedOn = dto.attendedOn === undefined ? (dto.status === 'attended' ? referral.attendedOn : null) : dto.attendedOn;
      if (attendedOn !== null && dto.status !== 'attended') {
        errors.push({ field: 'attendedOn', message: 'attendedOn goes only with status attended' });
      } else if (attendedOn !== null && (attendedOn < referral.date || attendedOn > today)) {
        errors.push({ field: 'attendedOn', message: 'attendedOn must lie between the referral’s date and today' });
      }
      if (errors.length > 0) throw PlatformException.validation(errors);
      if (!mayMoveReferral(referral.status, dto.status)) {
        throw new CarePlansException(CarePlansErrorCode.INVALID_TRANSITION, `A ${referral.status} referral cannot become ${dto.status}.`);
      }
      const from = referral.status;
      referral.status = dto.status;
      referral.attendedOn = attendedOn;
      if (dto.outcome !== undefined) referral.outcome = this.cipher.sealOptional(dto.outcome?.trim() || null);
      referral.updatedAt = this.clock.now();
      const saved = await this.repository.saveReferral(em, referral);
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'referral.update', { from, to: saved.status, outcome: saved.outcome !== null }),
        targetType: 'referral',
        targetId: saved.id,
      });
      return this.referralDto(saved, true);
    });
  }

  async list(caller: Caller, clientId: string, query: PageQueryDto): Promise<ReferralPageDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'referrals');
    const mayReadNotes = (await this.policy.decide(caller, access.client, 'referral_notes')) !== null;
    const today = await this.clinics.today(access.client.clinicId, caller);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.referralsOfClientPage(clientId, limit, decodePairCursor(query.cursor, 'date', 'exactInstant'));
    const page = toPage(
      rows,
      limit,
      (referral) => ({ key: pairKey(referral.date, referral.instantKey), id: referral.id }),
      (referral) => this.referralDto(referral, mayReadNotes),
    );
    const referralConsentInForce = await this.repository.referralConsentOn(clientId, today);
    await this.clients.recordRead(caller, access, 'referral.list', { count: page.items.length, notes: mayReadNotes });
    return { ...page, referralConsentInForce };
  }

  /** A referral; its note and outcome only for a caller who may read referral notes (no `note` key at all for the others). */
  private referralDto(referral: Referral, notes: boolean): ReferralDto {
    return {
      id: referral.id,
      clientId: referral.clientId,
      service: referral.service,
      organisation: this.cipher.open(referral.organisation),
      date: referral.date,
      sharesPersonalData: referral.sharesPersonalData,
      ...(notes ? { note: this.cipher.openOptional(referral.note) } : {}),
      status: referral.status,
      ...(notes ? { outcome: this.cipher.openOptional(referral.outcome) } : {}),
      attendedOn: referral.attendedOn,
      followUpDue: referralFollowUpDue({ date: referral.date, status: referral.status, hasOutcome: referral.outcome !== null }),
      referredBy: referral.referredBy,
      createdAt: referral.createdAt.toISOString(),
      updatedAt: referral.updatedAt.toISOString(),
    };
  }
}
