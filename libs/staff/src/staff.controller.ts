import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, ParseId, Permission } from '@tongban/platform';
import { CreateStaffDto } from './dto/create-staff.dto';
import { ListStaffQueryDto } from './dto/list-staff-query.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { StaffDto, StaffPageDto } from './dto/staff.dto';
import { UpdateStaffDto } from './dto/update-staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Post()
  @Idempotent()
  @Authenticated({ permission: Permission.StaffCreate })
  @ApiCreatedResponse({ type: StaffDto })
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateStaffDto): Promise<StaffDto> {
    return this.staff.create(caller, dto);
  }

  @Get()
  @Authenticated({ permission: Permission.StaffRead })
  @ApiOkResponse({ type: StaffPageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: ListStaffQueryDto): Promise<StaffPageDto> {
    return this.staff.list(caller, query);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.StaffRead })
  @ApiOkResponse({ type: StaffDto })
  get(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<StaffDto> {
    return this.staff.get(caller, id);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.StaffUpdate })
  @ApiOkResponse({ type: StaffDto })
  update(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: UpdateStaffDto): Promise<StaffDto> {
    return this.staff.update(caller, id, dto);
  }

  @Post(':id/password')
  @HttpCode(204)
  @Authenticated({ permission: Permission.StaffPasswordReset })
  @ApiNoContentResponse({ description: 'Password set; every session of the account has ended.' })
  resetPassword(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: ResetPasswordDto): Promise<void> {
    return this.staff.resetPassword(caller, id, dto);
  }
}
