import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, ParseId, Permission } from '@tongban/platform';
import { PutSmsTemplateDto, SendSmsTestDto, SmsTemplateDto, SmsTemplatesDto, SmsTestResultDto } from './dto/sms-template.dto';
import { REMINDER_KINDS } from './entities/reminder.entity';
import { SmsTemplatesService } from './sms-templates.service';

@ApiTags('clinics')
@Controller('clinics/:id/sms-templates')
export class SmsTemplatesController {
  constructor(private readonly templates: SmsTemplatesService) {}

  @Get()
  @Authenticated({ permission: Permission.ClinicRead })
  @ApiOkResponse({
    type: SmsTemplatesDto,
    description: 'The SMS provider in use and the clinic’s approved templates, one per kind at most.',
  })
  list(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<SmsTemplatesDto> {
    return this.templates.list(caller, id);
  }

  @Put(':kind')
  @Authenticated({ permission: Permission.ClinicSettingsUpdate })
  @ApiParam({ name: 'kind', enum: REMINDER_KINDS })
  @ApiOkResponse({
    type: SmsTemplateDto,
    description: 'Admin or the clinic’s coordinator. 400 naming a parameter the kind cannot fill; 422 TEMPLATE_NOT_DISCREET.',
  })
  put(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('kind') kind: string,
    @Body() dto: PutSmsTemplateDto,
  ): Promise<SmsTemplateDto> {
    return this.templates.put(caller, id, kind, dto);
  }

  @Post(':kind/test')
  @HttpCode(200)
  @Authenticated({ permission: Permission.ClinicSettingsUpdate })
  @ApiParam({ name: 'kind', enum: REMINDER_KINDS })
  @ApiOkResponse({
    type: SmsTestResultDto,
    description:
      'Sends the kind’s template with sample values to the caller’s own phone through the provider in use, now. ' +
      'Audited; a few per staff member in ten minutes, then 429 RATE_LIMITED.',
  })
  test(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('kind') kind: string,
    @Body() dto: SendSmsTestDto,
  ): Promise<SmsTestResultDto> {
    return this.templates.sendTest(caller, id, kind, dto.phone);
  }
}
