import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClinicsService } from '@tongban/clinics';
import { Authenticated, type Caller, CurrentCaller, Idempotent, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { CreateGuestDosingDto } from './dto/create-guest-dosing.dto';
import { GuestDosingDto, GuestDosingPageDto, ListGuestDosingQueryDto, OtherClinicPageDto } from './dto/guest-dosing.dto';
import { GuestDosingService } from './guest-dosing.service';

@ApiTags('guest dosing')
@Controller()
export class GuestDosingController {
  constructor(
    private readonly guestDosing: GuestDosingService,
    private readonly clinics: ClinicsService,
  ) {}

  @Get('guest-dosing/clinics')
  @Authenticated({ permission: Permission.GuestDosingArrange })
  @ApiOkResponse({
    type: OtherClinicPageDto,
    description: 'The other clinics of this Tongban (id, code, name), by code: where a client may be dosed as a guest or transferred to.',
  })
  otherClinics(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<OtherClinicPageDto> {
    return this.clinics.others(caller, query);
  }

  @Post('clients/:id/guest-dosing')
  @Idempotent()
  @Authenticated({ permission: Permission.GuestDosingArrange })
  @ApiCreatedResponse({
    type: GuestDosingDto,
    description:
      'The home clinic’s coordinator or physician arranges for the client to be dosed at another clinic for at most 30 days, from today ' +
      'on, with the client’s agreement. On those days the host’s nurses and physicians see the client at their window, and nothing else ' +
      'of them. 422 HOST_IS_HOME_CLINIC, UNKNOWN_CLINIC, GUEST_DOSING_IN_PAST, GUEST_DOSING_TOO_LONG, CLIENT_NOT_ACTIVE; ' +
      '409 GUEST_DOSING_OVERLAPS.',
  })
  create(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: CreateGuestDosingDto): Promise<GuestDosingDto> {
    return this.guestDosing.create(caller, id, dto);
  }

  @Get('guest-dosing')
  @Authenticated({ permission: Permission.GuestDosingRead })
  @ApiOkResponse({ type: GuestDosingPageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: ListGuestDosingQueryDto): Promise<GuestDosingPageDto> {
    return this.guestDosing.list(caller, query);
  }

  @Post('guest-dosing/:id/end')
  @HttpCode(200)
  @Authenticated({ permission: Permission.GuestDosingArrange })
  @ApiOkResponse({ type: GuestDosingDto, description: 'Ends the arrangement now (409 GUEST_DOSING_OVER when it is over already).' })
  end(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<GuestDosingDto> {
    return this.guestDosing.end(caller, id);
  }
}
