import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { CreateFamilyContactDto } from './dto/create-family-contact.dto';
import { FamilyContactDto, FamilyContactPageDto } from './dto/family-contact.dto';
import { FamilyInteractionDto, FamilyInteractionPageDto } from './dto/family-interaction.dto';
import { RecordFamilyInteractionDto } from './dto/record-family-interaction.dto';
import { UpdateFamilyContactDto } from './dto/update-family-contact.dto';
import { FamilyService } from './family.service';

@ApiTags('family')
@Controller()
export class FamilyController {
  constructor(private readonly family: FamilyService) {}

  @Post('clients/:id/family-contacts')
  @Idempotent()
  @Authenticated({ permission: Permission.FamilyWrite })
  @ApiCreatedResponse({ type: FamilyContactDto })
  create(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Body() dto: CreateFamilyContactDto,
  ): Promise<FamilyContactDto> {
    return this.family.create(caller, id, dto);
  }

  @Get('clients/:id/family-contacts')
  @Authenticated({ permission: Permission.FamilyRead })
  @ApiOkResponse({ type: FamilyContactPageDto })
  list(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Query() query: PageQueryDto): Promise<FamilyContactPageDto> {
    return this.family.list(caller, id, query);
  }

  @Get('clients/:id/family-contacts/:fid')
  @Authenticated({ permission: Permission.FamilyRead })
  @ApiOkResponse({ type: FamilyContactDto })
  get(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('fid', ParseId('fid')) fid: string,
  ): Promise<FamilyContactDto> {
    return this.family.get(caller, id, fid);
  }

  @Patch('clients/:id/family-contacts/:fid')
  @Authenticated({ permission: Permission.FamilyWrite })
  @ApiOkResponse({ type: FamilyContactDto })
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('fid', ParseId('fid')) fid: string,
    @Body() dto: UpdateFamilyContactDto,
  ): Promise<FamilyContactDto> {
    return this.family.update(caller, id, fid, dto);
  }

  @Post('clients/:id/family-contacts/:fid/interactions')
  @Idempotent()
  @Authenticated({ permission: Permission.FamilyWrite })
  @ApiCreatedResponse({ type: FamilyInteractionDto })
  @ApiUnprocessableEntityResponse({
    description: 'CONTACT_NOT_PERMITTED: mayContact is false, or the client has no active family_contact consent today.',
  })
  recordInteraction(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('fid', ParseId('fid')) fid: string,
    @Body() dto: RecordFamilyInteractionDto,
  ): Promise<FamilyInteractionDto> {
    return this.family.recordInteraction(caller, id, fid, dto);
  }

  @Get('clients/:id/family-contacts/:fid/interactions')
  @Authenticated({ permission: Permission.FamilyRead })
  @ApiOkResponse({ type: FamilyInteractionPageDto })
  interactions(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('fid', ParseId('fid')) fid: string,
    @Query() query: PageQueryDto,
  ): Promise<FamilyInteractionPageDto> {
    return this.family.listInteractions(caller, id, fid, query);
  }
}
