import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule, HOSTED_GUEST_RULE, HostedGuestRule } from '@tongban/clients';
import { ClinicsModule } from '@tongban/clinics';
import { GuestDosing } from './entities/guest-dosing.entity';
import { GuestDosingController } from './guest-dosing.controller';
import { GuestDosingRepository } from './guest-dosing.repository';
import { GuestDosingService } from './guest-dosing.service';
import { guestAwaySql, hostedGuestSql } from './hosted-guest-sql';

const RULE: HostedGuestRule = { hosted: hostedGuestSql, awayOn: guestAwaySql };

/** Guest dosing as SQL for the client record's access policy, which cannot import this area (it stands on it). */
@Global()
@Module({ providers: [{ provide: HOSTED_GUEST_RULE, useValue: RULE }], exports: [HOSTED_GUEST_RULE] })
export class HostedGuestRuleModule {}

/**
 * Guest dosing arrangements between clinics. Clients are reached through
 * ClientsService; what an arrangement opens is the access policy's guest rule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([GuestDosing]), HostedGuestRuleModule, ClientsModule, ClinicsModule],
  controllers: [GuestDosingController],
  providers: [GuestDosingRepository, GuestDosingService],
  exports: [GuestDosingService],
})
export class GuestDosingModule {}
