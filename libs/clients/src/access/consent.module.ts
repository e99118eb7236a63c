import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from '@tongban/clinics';
import { StaffModule } from '@tongban/staff';
import { CareTeamService } from './care-team.service';
import { ClientAccessPolicy } from './client-access.policy';
import { ConsentRepository } from './consent.repository';
import { ConsentService } from './consent.service';
import { EmergencyAccessService } from './emergency-access.service';
import { CareTeamMember } from './entities/care-team-member.entity';
import { Consent } from './entities/consent.entity';
import { EmergencyAccess } from './entities/emergency-access.entity';

/**
 * Consent-scoped access: care teams, consents, emergency access and the one
 * policy built on them. Its routes live with the clients area (/clients/:id/...).
 * A revocation publishes `consent.revoked`: the reminders area cancels what
 * rested on the consent, in the revoking transaction.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CareTeamMember, Consent, EmergencyAccess]), ClinicsModule, StaffModule],
  providers: [ConsentRepository, ClientAccessPolicy, CareTeamService, ConsentService, EmergencyAccessService],
  exports: [ClientAccessPolicy, CareTeamService, ConsentService, EmergencyAccessService],
})
export class ConsentModule {}
