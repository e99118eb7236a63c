import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, ParseId, Permission } from '@tongban/platform';
import { PutReminderTemplateDto, ReminderTemplateDto } from './dto/reminder-template.dto';
import { REMINDER_KINDS } from './entities/reminder.entity';
import { REMINDER_LANGUAGES } from './entities/reminder-template.entity';
import { ReminderTemplatesService } from './reminder-templates.service';

@ApiTags('clinics')
@Controller('clinics/:id/reminder-templates')
export class ReminderTemplatesController {
  constructor(private readonly templates: ReminderTemplatesService) {}

  @Get()
  @Authenticated({ permission: Permission.ClinicRead })
  @ApiOkResponse({ type: [ReminderTemplateDto], description: 'Every kind in zh-CN and en: the clinic’s own text or the built-in one.' })
  list(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<ReminderTemplateDto[]> {
    return this.templates.list(caller, id);
  }

  @Put(':kind/:language')
  @Authenticated({ permission: Permission.ClinicSettingsUpdate })
  @ApiParam({ name: 'kind', enum: REMINDER_KINDS })
  @ApiParam({ name: 'language', enum: REMINDER_LANGUAGES })
  @ApiOkResponse({ type: ReminderTemplateDto, description: 'Admin or the clinic’s coordinator. 422 TEMPLATE_NOT_DISCREET.' })
  put(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('kind') kind: string,
    @Param('language') language: string,
    @Body() dto: PutReminderTemplateDto,
  ): Promise<ReminderTemplateDto> {
    return this.templates.put(caller, id, kind, language, dto);
  }

  @Delete(':kind/:language')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ClinicSettingsUpdate })
  @ApiParam({ name: 'kind', enum: REMINDER_KINDS })
  @ApiParam({ name: 'language', enum: REMINDER_LANGUAGES })
  @ApiNoContentResponse({ description: 'The built-in text applies again.' })
  remove(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('kind') kind: string,
    @Param('language') language: string,
  ): Promise<void> {
    return this.templates.remove(caller, id, kind, language);
  }
}
