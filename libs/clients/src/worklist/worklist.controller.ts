import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Permission } from '@tongban/platform';
import { WorklistDto, WorklistQueryDto } from './worklist.dto';
import { WorklistService } from './worklist.service';

@ApiTags('worklist')
@Controller('worklist')
export class WorklistController {
  constructor(private readonly worklist: WorklistService) {}

  @Get()
  @Authenticated({ permission: Permission.WorklistRead })
  @ApiOkResponse({
    type: WorklistDto,
    description:
      'What is due for the caller’s role on the clinic day (product.md, "Daily work"), only for clients the caller sees in everyday work. Audited as a list read of the clients shown.',
  })
  list(@CurrentCaller() caller: Caller, @Query() query: WorklistQueryDto): Promise<WorklistDto> {
    return this.worklist.list(caller, query);
  }
}
