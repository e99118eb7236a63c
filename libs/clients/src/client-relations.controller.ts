import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AddCareTeamMemberDto,
  CareTeamMemberDto,
  CareTeamMemberPageDto,
  ConsentDto,
  ConsentPageDto,
  EmergencyAccessGrantedDto,
  RecordConsentDto,
  RequestEmergencyAccessDto,
  RevokeConsentDto,
} from '@tongban/consent';
import { Authenticated, Caller, CurrentCaller, Idempotent, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { ClientRelationsService } from './client-relations.service';
import { AccessLogPageDto, EmergencyAccessReviewPageDto } from './dto/client.dto';

@ApiTags('care team, consent and access')
@Controller()
export class ClientRelationsController {
  constructor(private readonly relations: ClientRelationsService) {}

  @Post('clients/:id/care-team')
  @Authenticated({ permission: Permission.CareTeamManage })
  @ApiCreatedResponse({ type: CareTeamMemberDto })
  addToCareTeam(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Body() dto: AddCareTeamMemberDto,
  ): Promise<CareTeamMemberDto> {
    return this.relations.addToCareTeam(caller, id, dto);
  }

  @Delete('clients/:id/care-team/:staffId')
  @HttpCode(204)
  @Authenticated({ permission: Permission.CareTeamManage })
  @ApiNoContentResponse()
  removeFromCareTeam(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('staffId', ParseId('staffId')) staffId: string,
  ): Promise<void> {
    return this.relations.removeFromCareTeam(caller, id, staffId);
  }

  @Get('clients/:id/care-team')
  @Authenticated({ permission: Permission.CareTeamRead })
  @ApiOkResponse({ type: CareTeamMemberPageDto, description: 'The longest on the team first.' })
  careTeam(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Query() query: PageQueryDto,
  ): Promise<CareTeamMemberPageDto> {
    return this.relations.careTeamOf(caller, id, query);
  }

  @Post('clients/:id/consents')
  @Idempotent()
  @Authenticated({ permission: Permission.ConsentRecord })
  @ApiCreatedResponse({ type: ConsentDto })
  recordConsent(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: RecordConsentDto): Promise<ConsentDto> {
    return this.relations.recordConsent(caller, id, dto);
  }

  @Post('clients/:id/consents/:consentId/revoke')
  @HttpCode(200)
  @Authenticated({ permission: Permission.ConsentRecord })
  @ApiOkResponse({ type: ConsentDto })
  revokeConsent(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('consentId', ParseId('consentId')) consentId: string,
    @Body() dto: RevokeConsentDto,
  ): Promise<ConsentDto> {
    return this.relations.revokeConsent(caller, id, consentId, dto);
  }

  @Get('clients/:id/consents')
  @Authenticated({ permission: Permission.ConsentRead })
  @ApiOkResponse({ type: ConsentPageDto, description: 'The latest recorded first.' })
  consents(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Query() query: PageQueryDto): Promise<ConsentPageDto> {
    return this.relations.consentsOf(caller, id, query);
  }

  @Post('clients/:id/emergency-access')
  @Authenticated({ permission: Permission.EmergencyAccessRequest })
  @ApiCreatedResponse({
    type: EmergencyAccessGrantedDto,
    description: 'Full access to this client for 60 minutes; audited and shown to the coordinator.',
  })
  breakTheGlass(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Body() dto: RequestEmergencyAccessDto,
  ): Promise<EmergencyAccessGrantedDto> {
    return this.relations.breakTheGlass(caller, id, dto.reason);
  }

  @Get('emergency-access')
  @Authenticated({ permission: Permission.EmergencyAccessReview })
  @ApiOkResponse({ type: EmergencyAccessReviewPageDto, description: 'Every emergency access in the clinic, newest first.' })
  emergencyAccessReview(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<EmergencyAccessReviewPageDto> {
    return this.relations.emergencyAccessReview(caller, query);
  }

  @Get('clients/:id/access-log')
  @Authenticated({ permission: Permission.AccessLogRead })
  @ApiOkResponse({ type: AccessLogPageDto })
  accessLog(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Query() query: PageQueryDto): Promise<AccessLogPageDto> {
    return this.relations.accessLog(caller, id, query);
  }
}
