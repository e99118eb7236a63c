import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  AddCareTeamMemberDto,
  CareTeamMemberDto,
  CareTeamMemberPageDto,
  ConsentDto,
  ConsentPageDto,
  EmergencyAccessByCodeGrantedDto,
  EmergencyAccessGrantedDto,
  RecordConsentDto,
  RequestEmergencyAccessByCodeDto,
  RequestEmergencyAccessDto,
  RevokeConsentDto,
} from './access';
import { Authenticated, type Caller, CurrentCaller, Idempotent, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import type { Response } from 'express';
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
  @ApiCreatedResponse({ type: ConsentDto, description: 'A new consent of this scope.' })
  @ApiOkResponse({
    type: ConsentDto,
    description: 'The consent of this scope already in force (or still to begin), renewed to the new validUntil: never a second copy.',
  })
  async recordConsent(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Body() dto: RecordConsentDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConsentDto> {
    const { consent, renewed } = await this.relations.recordConsent(caller, id, dto);
    if (renewed) res.status(200);
    return consent;
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
    description:
      'Read access to this client for 60 minutes, plus the clinical acts of the caller’s role (dose, order, counseling session); ' +
      'consents, identity, photo, family contacts and group membership stay closed (404). Audited and shown to the coordinator; ' +
      'a grant within 24 hours of an earlier one by the same staff member for the same client is listed as a renewal.',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'EMERGENCY_ACCESS_LIMIT_REACHED: this staff member opened this client 3 times in the last 24 hours already (the first grant and two renewals). ' +
      'EMERGENCY_ACCESS_NOT_ALLOWED: the caller’s role may not break the glass.',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: `reason` has fewer than 10 characters other than spaces.' })
  breakTheGlass(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Body() dto: RequestEmergencyAccessDto,
  ): Promise<EmergencyAccessGrantedDto> {
    return this.relations.breakTheGlass(caller, id, dto.reason);
  }

  @Post('emergency-access')
  @Authenticated({ permission: Permission.EmergencyAccessRequest })
  @ApiCreatedResponse({
    type: EmergencyAccessByCodeGrantedDto,
    description:
      'Emergency access, as `POST /clients/:id/emergency-access`, to the client of the caller’s clinic with this code: for a client ' +
      'the caller’s search does not show. The answer names the client opened.',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: the caller’s clinic has no client with this code.' })
  @ApiUnprocessableEntityResponse({
    description: 'EMERGENCY_ACCESS_LIMIT_REACHED, EMERGENCY_ACCESS_NOT_ALLOWED: as for `POST /clients/:id/emergency-access`.',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: `clientCode` is not a whole code, or `reason` is too short.' })
  breakTheGlassByCode(
    @CurrentCaller() caller: Caller,
    @Body() dto: RequestEmergencyAccessByCodeDto,
  ): Promise<EmergencyAccessByCodeGrantedDto> {
    return this.relations.breakTheGlassByCode(caller, dto.clientCode, dto.reason);
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
