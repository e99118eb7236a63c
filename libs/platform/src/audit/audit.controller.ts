import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller } from '../access/access.decorators';
import { type Caller } from '../access/caller';
import { Permission } from '../access/permission';
import { AuditEventsReader } from './audit-events-reader';
import { AuditService } from './audit.service';
import { AuditEventPageDto } from './dto/audit-event.dto';
import { AuditVerificationDto } from './dto/audit-verification.dto';
import { ListAuditEventsQueryDto } from './dto/list-audit-events-query.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly events: AuditEventsReader,
  ) {}

  @Get()
  @Authenticated({ permission: Permission.AuditRead })
  @ApiOkResponse({ type: AuditEventPageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: ListAuditEventsQueryDto): Promise<AuditEventPageDto> {
    return this.events.list(caller, query);
  }

  @Get('verify')
  @Authenticated({ permission: Permission.AuditVerify })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(@CurrentCaller() caller: Caller): Promise<AuditVerificationDto> {
    return this.audit.verify(caller);
  }
}
