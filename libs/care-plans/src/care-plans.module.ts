import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule, ConsentModule } from '@tongban/clients';
import { ClinicsModule } from '@tongban/clinics';
import { CarePlansController } from './care-plans.controller';
import { CarePlansRepository } from './care-plans.repository';
import { CarePlansService } from './care-plans.service';
import { CarePlansWorklist } from './care-plans-worklist';
import { CarePlan } from './entities/care-plan.entity';
import { CarePlanGoal } from './entities/care-plan-goal.entity';
import { CarePlanReview } from './entities/care-plan-review.entity';
import { Referral } from './entities/referral.entity';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';

/**
 * Care plans (one per episode: goals, reviews) and referrals to outside
 * services, both the counselor's plan of care around the client; clients are
 * reached through ClientsService, and what each role reads is the access
 * policy's answer.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CarePlan, CarePlanGoal, CarePlanReview, Referral]), ClientsModule, ClinicsModule, ConsentModule],
  controllers: [CarePlansController, ReferralsController],
  providers: [CarePlansRepository, CarePlansService, ReferralsService, CarePlansWorklist],
  exports: [CarePlansService, ReferralsService],
})
export class CarePlansModule {}
