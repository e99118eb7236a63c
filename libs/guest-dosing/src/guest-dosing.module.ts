import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule, HOSTED_GUEST_RULE, HostedGuestRule } from '@tongban/clients';
import { ClinicsModule } from '@tongban/clinics';
import { BetweenClinicsWorklist } from './between-clinics-worklist';
import { ClientTransfer } from './entities/client-transfer.entity';
import { GuestDosing } from './entities/guest-dosing.entity';
import { GuestDosingController } from './guest-dosing.controller';
import { GuestDosingRepository } from './guest-dosing.repository';
import { GuestDosingService } from './guest-dosing.service';
import { guestsAwaySql, hostedGuestSql } from './hosted-guest-sql';
import { TransfersController } from './transfers/transfers.controller';
import { TransfersRepository } from './transfers/transfers.repository';
import { TransfersService } from './transfers/transfers.service';

const RULE: HostedGuestRule = { hosted: hostedGuestSql, awayOn: guestsAwaySql };

/** Guest dosing as SQL for the client record's access policy, which cannot import this area (it stands on it). */
@Global()
@Module({ providers: [{ provide: HOSTED_GUEST_RULE, useValue: RULE }], exports: [HOSTED_GUEST_RULE] })
export class HostedGuestRuleModule {}

/**
 * Between clinics: guest dosing arrangements and transfers. Clients are
 * reached through ClientsService; what an arrangement opens is the access
 * policy's guest rule; an accepted transfer moves the record through
 * ClientTransfers.
 */
@Module({
  imports: [TypeOrmModule.forFeature([GuestDosing, ClientTransfer]), HostedGuestRuleModule, ClientsModule, ClinicsModule],
  controllers: [GuestDosingController, TransfersController],
  providers: [GuestDosingRepository, GuestDosingService, TransfersRepository, TransfersService, BetweenClinicsWorklist],
  exports: [GuestDosingService, TransfersService],
})
export class GuestDosingModule {}
