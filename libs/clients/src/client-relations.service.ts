import { Injectable } from '@nestjs/common';
import {
  AddCareTeamMemberDto,
  CareTeamMemberDto,
  CareTeamService,
  ConsentDto,
  ConsentService,
  EmergencyAccessByCodeGrantedDto,
  EmergencyAccessGrantedDto,
  EmergencyAccessService,
  RecordConsentDto,
  RevokeConsentDto,
} from './access';
import { AuditService, Caller, Page, PageQueryDto } from '@tongban/platform';
import { StaffService } from '@tongban/staff';
import { ClientsService } from './clients.service';
import { AccessLogEntryDto, EmergencyAccessReviewDto } from './dto/client.dto';

/**
 * The routes under /clients/:id that the consent area serves: each one
 * checks access through the registry's policy first, then delegates.
 */
@Injectable()
export class ClientRelationsService {
  constructor(
    private readonly clients: ClientsService,
    private readonly careTeam: CareTeamService,
    private readonly consents: ConsentService,
    private readonly emergency: EmergencyAccessService,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
  ) {}

  async careTeamOf(caller: Caller, clientId: string, query: PageQueryDto): Promise<Page<CareTeamMemberDto>> {
    const access = await this.clients.requireAccess(caller, clientId, 'care_team');
    const page = await this.careTeam.list(access.client, query);
    await this.clients.recordRead(caller, access, 'care_team.read');
    return page;
  }

  async addToCareTeam(caller: Caller, clientId: string, dto: AddCareTeamMemberDto): Promise<CareTeamMemberDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'care_team', 'manage');
    return this.careTeam.add(caller, access.client, access.decision.grounds, dto);
  }

  async removeFromCareTeam(caller: Caller, clientId: string, staffId: string): Promise<void> {
    const access = await this.clients.requireAccess(caller, clientId, 'care_team', 'manage');
    await this.careTeam.remove(caller, access.client, access.decision.grounds, staffId);
  }

  async consentsOf(caller: Caller, clientId: string, query: PageQueryDto): Promise<Page<ConsentDto>> {
    const access = await this.clients.requireAccess(caller, clientId, 'consents');
    const page = await this.consents.list(access.client, query);
    await this.clients.recordRead(caller, access, 'consent.read');
    return page;
  }

  async recordConsent(caller: Caller, clientId: string, dto: RecordConsentDto): Promise<{ consent: ConsentDto; renewed: boolean }> {
    const access = await this.clients.requireAccess(caller, clientId, 'consents', 'manage');
    return this.consents.record(caller, access.client, access.decision.grounds, dto);
  }

  async revokeConsent(caller: Caller, clientId: string, consentId: string, dto: RevokeConsentDto): Promise<ConsentDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'consents', 'manage');
    return this.consents.revoke(caller, access.client, access.decision.grounds, consentId, dto);
  }

  async breakTheGlass(caller: Caller, clientId: string, reason: string): Promise<EmergencyAccessGrantedDto> {
    return this.emergency.grant(caller, await this.clients.requireInClinic(caller, clientId), reason);
  }

  /** Emergency access to the client of the caller's clinic with this code; the answer names the client opened. */
  async breakTheGlassByCode(caller: Caller, clientCode: string, reason: string): Promise<EmergencyAccessByCodeGrantedDto> {
    const client = await this.clients.requireInClinicByCode(caller, clientCode);
    const granted = await this.emergency.grant(caller, client, reason);
    return { clientId: client.id, expiresAt: granted.expiresAt };
  }

  async emergencyAccessReview(caller: Caller, query: PageQueryDto): Promise<Page<EmergencyAccessReviewDto>> {
    const page = await this.emergency.list(caller, query);
    const [codes, names] = await Promise.all([
      this.clients.codesOf(page.items.map((grant) => grant.clientId)),
      this.staff.displayNames(page.items.map((grant) => grant.staffId)),
    ]);
    return {
      items: page.items.map((grant) => ({
        ...grant,
        clientCode: codes.get(grant.clientId) ?? '',
        staffName: names.get(grant.staffId) ?? '',
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Every audit event on the client: who, in what role, did what, when, on what grounds. */
  async accessLog(caller: Caller, clientId: string, query: PageQueryDto): Promise<Page<AccessLogEntryDto>> {
    const access = await this.clients.requireAccess(caller, clientId, 'access_log');
    const page = await this.audit.list(caller, { ...query, clientId });
    const names = await this.staff.displayNames(page.items.flatMap((event) => (event.actorId ? [event.actorId] : [])));
    await this.clients.recordRead(caller, access, 'access_log.read');
    return {
      items: page.items.map((event) => ({
        id: event.id,
        occurredAt: event.occurredAt,
        actorId: event.actorId,
        actorName: event.actorId ? (names.get(event.actorId) ?? null) : null,
        actorRole: event.actorRole,
        action: event.action,
        grounds: event.grounds,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
