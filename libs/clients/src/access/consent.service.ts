import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import {
  AccessGrounds,
  actorOf,
  AuditService,
  Caller,
  Clock,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  FieldCipher,
  KeyRotation,
  Page,
  PageQueryDto,
  PlatformException,
  toPage,
  DomainEvents,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { ClientRef } from './client-access.policy';
import { ConsentErrorCode, ConsentException } from './consent.exception';
import type { ConsentRevoked } from './consent-events';
import { ConsentRepository } from './consent.repository';
import { ConsentDto, ConsentStatus, RecordConsentDto, RevokeConsentDto } from './dto/consent.dto';
import { Consent } from './entities/consent.entity';

/** The status of a consent on a clinic day. Revocation and expiry count from the very next request. */
export function consentStatus(consent: Pick<Consent, 'revokedAt' | 'validFrom' | 'validUntil'>, today: string): ConsentStatus {
  if (consent.revokedAt) return 'revoked';
  if (consent.validFrom > today) return 'pending';
  if (consent.validUntil !== null && consent.validUntil < today) return 'expired';
  return 'active';
}

/** Consents, scope by scope. Callers pass a client whose access was checked already. */
@Injectable()
export class ConsentService implements OnModuleInit {
  constructor(
    private readonly clinics: ClinicsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ConsentRepository,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'consent', columns: ['note', 'revoke_reason'] });
  }

  /** A page of the client's consents, the latest recorded first. */
  async list(client: ClientRef, query: PageQueryDto): Promise<Page<ConsentDto>> {
    const today = await this.clinics.today(client.clinicId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.consentsOfClientPage(client.id, limit, decodeCursor(query.cursor, 'exactInstant'));
    return toPage(
      rows,
      limit,
      (consent) => ({ key: consent.recordedAtKey, id: consent.id }),
      (consent) => this.toDto(consent, today),
    );
  }

  /**
   * Records a consent. One consent per client and scope is in force at a
   * time: when one is (or is still to begin), it is renewed to the new
   * `validUntil` (and note, when one is given) instead of copied, and
   * `renewed` says so. Records of one client's scope take a lock, so
   * concurrent ones cannot make two.
   */
  async record(
    caller: Caller,
    client: ClientRef,
    grounds: AccessGrounds,
    dto: RecordConsentDto,
  ): Promise<{ consent: ConsentDto; renewed: boolean }> {
    const today = await this.clinics.today(client.clinicId, caller);
    const validFrom = dto.validFrom ?? today;
    const validUntil = dto.validUntil ?? null;
    if (validUntil !== null && validUntil < validFrom) {
      throw PlatformException.validation([{ field: 'validUntil', message: 'validUntil must not be before validFrom' }]);
    }
    const note = dto.note === undefined ? undefined : this.cipher.sealOptional(dto.note);
    const result = await this.dataSource.transaction(async (em) => {
      await this.repository.lockScope(em, client.id, dto.scope);
      const current = await this.repository.consentInForce(em, client.id, dto.scope, today);
      if (current) {
        if (validUntil !== null && validUntil < current.validFrom) {
          throw PlatformException.validation([
            { field: 'validUntil', message: 'validUntil must not be before the validFrom of the consent in force' },
          ]);
        }
        const renewed = await this.repository.renewConsent(em, current.id, validUntil, note);
        await this.audit.record(em, actorOf(caller), {
          action: 'consent.renew',
          clinicId: client.clinicId,
          clientId: client.id,
          targetType: 'consent',
          targetId: current.id,
          grounds,
          details: { scope: dto.scope, validFrom: current.validFrom, validUntil, previousValidUntil: current.validUntil },
        });
        return { consent: renewed, renewed: true };
      }
      const saved = await this.repository.insertConsent(em, {
        clientId: client.id,
        clinicId: client.clinicId,
        scope: dto.scope,
        validFrom,
        validUntil,
        note: note ?? null,
        recordedBy: caller.staffId,
      });
      await this.audit.record(em, actorOf(caller), {
        action: 'consent.record',
        clinicId: client.clinicId,
        clientId: client.id,
        targetType: 'consent',
        targetId: saved.id,
        grounds,
        details: { scope: dto.scope, validFrom, validUntil },
      });
      return { consent: saved, renewed: false };
    });
    return { consent: this.toDto(result.consent, today), renewed: result.renewed };
  }

  async revoke(caller: Caller, client: ClientRef, grounds: AccessGrounds, consentId: string, dto: RevokeConsentDto): Promise<ConsentDto> {
    const existing = await this.repository.findConsent(client.id, consentId);
    if (!existing) throw PlatformException.notFound('No such consent for this client.');
    const today = await this.clinics.today(client.clinicId, caller);
    const revoked = await this.dataSource.transaction(async (em) => {
      const row = await this.repository.revokeConsent(
        em,
        consentId,
        caller.staffId,
        this.clock.now(),
        this.cipher.sealOptional(dto.reason),
      );
      if (!row) throw new ConsentException(ConsentErrorCode.CONSENT_ALREADY_REVOKED, 'This consent is revoked already.');
      // Takes effect at once (product.md): what rested on this consent (pending reminders) ends with it, in this transaction.
      const revokedEvent: ConsentRevoked = { type: 'consent.revoked', clientId: client.id, scope: row.scope, consentId };
      const consequences = await this.events.publish(em, revokedEvent);
      await this.audit.record(em, actorOf(caller), {
        action: 'consent.revoke',
        clinicId: client.clinicId,
        clientId: client.id,
        targetType: 'consent',
        targetId: consentId,
        grounds,
        details: { scope: row.scope, ...consequences },
      });
      return row;
    });
    return this.toDto(revoked, today);
  }

  private toDto(consent: Omit<Consent, 'clientId' | 'clinicId'>, today: string): ConsentDto {
    return {
      id: consent.id,
      scope: consent.scope,
      status: consentStatus(consent, today),
      validFrom: consent.validFrom,
      validUntil: consent.validUntil,
      recordedBy: consent.recordedBy,
      recordedAt: consent.recordedAt.toISOString(),
      note: this.cipher.openOptional(consent.note),
      revokedAt: consent.revokedAt?.toISOString() ?? null,
      revokedBy: consent.revokedBy,
      revokeReason: this.cipher.openOptional(consent.revokeReason),
    };
  }
}
