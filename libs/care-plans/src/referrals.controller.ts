import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { CreateReferralDto } from './dto/create-referral.dto';
import { ReferralDto, ReferralPageDto } from './dto/referral.dto';
import { UpdateReferralDto } from './dto/update-referral.dto';
import { ReferralsService } from './referrals.service';

@ApiTags('referrals')
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post('clients/:id/referrals')
  @Idempotent()
  @Authenticated({ permission: Permission.ReferralWrite })
  @ApiCreatedResponse({
    type: ReferralDto,
    description:
      'The client’s care-team counselor or a physician. 422 CONSENT_REQUIRED when `sharesPersonalData` is true and the client has no ' +
      '`referral` consent in force today.',
  })
  create(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: CreateReferralDto): Promise<ReferralDto> {
    return this.referrals.create(caller, id, dto);
  }

  @Patch('clients/:id/referrals/:rid')
  @Authenticated({ permission: Permission.ReferralWrite })
  @ApiOkResponse({
    type: ReferralDto,
    description: '422 INVALID_TRANSITION for a move the status may not make (a closed referral is final).',
  })
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('rid', ParseId()) rid: string,
    @Body() dto: UpdateReferralDto,
  ): Promise<ReferralDto> {
    return this.referrals.update(caller, id, rid, dto);
  }

  @Get('clients/:id/referrals')
  @Authenticated({ permission: Permission.ReferralRead })
  @ApiOkResponse({ type: ReferralPageDto })
  list(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Query() query: PageQueryDto): Promise<ReferralPageDto> {
    return this.referrals.list(caller, id, query);
  }
}
