import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { CounselingService } from './counseling.service';
import { CounselingSessionPageDto, CreatedCounselingSessionDto } from './dto/counseling-session.dto';
import { CreateCounselingSessionDto } from './dto/create-counseling-session.dto';

@ApiTags('counseling')
@Controller()
export class CounselingController {
  constructor(private readonly counseling: CounselingService) {}

  @Post('clients/:id/counseling-sessions')
  @Idempotent()
  @Authenticated({ permission: Permission.CounselingWrite })
  @ApiCreatedResponse({
    type: CreatedCounselingSessionDto,
    description:
      'Only the client’s care-team counselor (or emergency access) may log one. With a next appointment, the answer says where ' +
      'its reminder stands (`appointmentReminder`).',
  })
  create(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Body() dto: CreateCounselingSessionDto,
  ): Promise<CreatedCounselingSessionDto> {
    return this.counseling.create(caller, id, dto);
  }

  @Get('clients/:id/counseling-sessions')
  @Authenticated({ permission: Permission.CounselingRead })
  @ApiOkResponse({ type: CounselingSessionPageDto })
  list(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Query() query: PageQueryDto,
  ): Promise<CounselingSessionPageDto> {
    return this.counseling.list(caller, id, query);
  }
}
