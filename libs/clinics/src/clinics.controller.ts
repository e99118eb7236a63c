import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { ClinicsService } from './clinics.service';
import { ClinicDto, ClinicPageDto, ClinicSettingsDto } from './dto/clinic.dto';
import { CreateClinicDto } from './dto/create-clinic.dto';
import { UpdateClinicDto } from './dto/update-clinic.dto';
import { UpdateClinicSettingsDto } from './dto/update-clinic-settings.dto';

@ApiTags('clinics')
@Controller('clinics')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Post()
  @Idempotent()
  @Authenticated({ permission: Permission.ClinicCreate })
  @ApiCreatedResponse({ type: ClinicDto })
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateClinicDto): Promise<ClinicDto> {
    return this.clinics.create(caller, dto);
  }

  @Get()
  @Authenticated({ permission: Permission.ClinicRead })
  @ApiOkResponse({ type: ClinicPageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<ClinicPageDto> {
    return this.clinics.list(caller, query);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.ClinicRead })
  @ApiOkResponse({ type: ClinicDto })
  get(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<ClinicDto> {
    return this.clinics.get(caller, id);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.ClinicUpdate })
  @ApiOkResponse({ type: ClinicDto })
  update(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: UpdateClinicDto): Promise<ClinicDto> {
    return this.clinics.update(caller, id, dto);
  }

  @Patch(':id/settings')
  @Authenticated({ permission: Permission.ClinicSettingsUpdate })
  @ApiOkResponse({ type: ClinicSettingsDto })
  updateSettings(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Body() dto: UpdateClinicSettingsDto,
  ): Promise<ClinicSettingsDto> {
    return this.clinics.updateSettings(caller, id, dto);
  }
}
