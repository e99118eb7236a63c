import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  actorOf,
  AuditService,
  Caller,
  Clock,
  decodeCursor,
  FieldCipher,
  KeyRotation,
  Page,
  PageQueryDto,
  PlatformException,
  toPage,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { ClientAccessPolicy, ClientRef, EMERGENCY_ACCESS_MINUTES } from './client-access.policy';
import { ConsentErrorCode, ConsentException } from './consent.exception';
import { ConsentRepository } from './consent.repository';
import { EmergencyAccessDto, EmergencyAccessGrantedDto } from './dto/emergency-access.dto';

/** At most this many grants per staff member and client in 24 hours (the first and two renewals). */
export const EMERGENCY_GRANTS_PER_DAY = 3;

/** Break the glass: 60 minutes of full access to one client, with a reason, audited and shown to the coordinator. */
@Injectable()
export class EmergencyAccessService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ConsentRepository,
    private readonly policy: ClientAccessPolicy,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'emergency_access', columns: ['reason'] });
  }

  /** `client` must be a client of the caller's clinic (checked by the caller, who may not otherwise see it). */
  async grant(caller: Caller, client: ClientRef, reason: string): Promise<EmergencyAccessGrantedDto> {
    if (!this.policy.mayUseEmergencyAccess(caller)) {
      throw new ConsentException(ConsentErrorCode.EMERGENCY_ACCESS_NOT_ALLOWED, 'Only clinical staff may use emergency access.');
    }
    if (caller.clinicId !== client.clinicId) throw PlatformException.notFound('No such client.');
    const grantedAt = this.clock.now();
    const expiresAt = new Date(grantedAt.getTime() + EMERGENCY_ACCESS_MINUTES * 60_000);
    await this.dataSource.transaction(async (em) => {
      const since = new Date(grantedAt.getTime() - 24 * 60 * 60_000);
      if ((await this.repository.lockAndCountRecentGrants(em, caller.staffId, client.id, since)) >= EMERGENCY_GRANTS_PER_DAY) {
        throw new ConsentException(
          ConsentErrorCode.EMERGENCY_ACCESS_LIMIT_REACHED,
          `Emergency access to one client may be opened at most ${EMERGENCY_GRANTS_PER_DAY} times in 24 hours; ask the client's care team or the coordinator.`,
        );
      }
      const grant = await this.repository.insertEmergencyAccess(em, {
        clientId: client.id,
        clinicId: client.clinicId,
        staffId: caller.staffId,
        staffRole: caller.role,
        reason: this.cipher.seal(reason),
        grantedAt,
        expiresAt,
      });
      await this.audit.record(em, actorOf(caller), {
        action: 'emergency_access.grant',
        clinicId: client.clinicId,
        clientId: client.id,
        targetType: 'emergency_access',
        targetId: grant.id,
        grounds: 'emergency',
        details: { expiresAt: expiresAt.toISOString() },
      });
    });
    return { expiresAt: expiresAt.toISOString() };
  }

  /** Every grant in the caller's clinic, newest first, with its reason. */
  async list(caller: Caller, query: PageQueryDto): Promise<Page<EmergencyAccessDto>> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    const limit = query.limit ?? 50;
    const now = this.clock.now().getTime();
    const rows = await this.repository.emergencyAccessPage(caller.clinicId, limit, decodeCursor(query.cursor, 'instant'));
    return toPage(
      rows,
      limit,
      (grant) => ({ key: grant.grantedAt.toISOString(), id: grant.id }),
      (grant) => ({
        id: grant.id,
        clientId: grant.clientId,
        staffId: grant.staffId,
        staffRole: grant.staffRole,
        reason: this.cipher.open(grant.reason),
        grantedAt: grant.grantedAt.toISOString(),
        expiresAt: grant.expiresAt.toISOString(),
        active: grant.expiresAt.getTime() > now,
        renewal: grant.renewal,
      }),
    );
  }
}
