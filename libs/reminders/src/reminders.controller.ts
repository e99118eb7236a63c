import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, ParseId, Permission } from '@tongban/platform';
import { CreateReminderDto } from './dto/create-reminder.dto';
import { ListRemindersQueryDto, ReminderDto, ReminderPageDto } from './dto/reminder.dto';
import { RemindersService } from './reminders.service';

@ApiTags('reminders')
@Controller('reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  @Authenticated({ permission: Permission.ReminderRead })
  @ApiOkResponse({ type: ReminderPageDto, description: 'The reminders of the caller’s clinic, newest scheduledFor first.' })
  list(@CurrentCaller() caller: Caller, @Query() query: ListRemindersQueryDto): Promise<ReminderPageDto> {
    return this.reminders.list(caller, query);
  }

  @Post()
  @Idempotent()
  @Authenticated({ permission: Permission.ReminderCreate })
  @ApiCreatedResponse({
    type: ReminderDto,
    description:
      'An appointment reminder, by the coordinator or the client’s care-team counselor. 422 CONSENT_REQUIRED without the ' +
      'channel’s reminder consent, CONTACT_MISSING without a phone number or e-mail address, CLIENT_NOT_ACTIVE, NOTE_NOT_DISCREET.',
  })
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateReminderDto): Promise<ReminderDto> {
    return this.reminders.create(caller, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated({ permission: Permission.ReminderCancel })
  @ApiOkResponse({
    type: ReminderDto,
    description: 'Cancelled (again: answered as it is). 409 REMINDER_NOT_PENDING when sent, failed or being sent.',
  })
  cancel(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<ReminderDto> {
    return this.reminders.cancel(caller, id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Authenticated({ permission: Permission.ReminderRetry })
  @ApiOkResponse({
    type: ReminderDto,
    description:
      'A failed reminder scheduled again, due now, with a fresh round of attempts (the same message). 409 REMINDER_NOT_FAILED ' +
      'for any other status; 422 EVENT_PASSED when its appointment or meeting has begun.',
  })
  retry(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<ReminderDto> {
    return this.reminders.retry(caller, id);
  }
}
