import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, Idempotent, PageQueryDto, ParseId, Permission } from '@tongban/platform';
import { AttendanceDto, RecordAttendanceDto } from './dto/attendance.dto';
import { GroupMembershipDto } from './dto/group-history.dto';
import { CreateMeetingDto, CreateMeetingSeriesDto, MeetingDto, MeetingPageDto, MeetingSeriesDto } from './dto/meeting.dto';
import { AddMemberDto, MemberDto, MemberPageDto } from './dto/member.dto';
import { CreatePeerGroupDto, PeerGroupDto, PeerGroupPageDto, UpdatePeerGroupDto } from './dto/peer-group.dto';
import { PeerGroupsService } from './peer-groups.service';
import { RecordAttendanceUseCase } from './record-attendance/record-attendance.usecase';

@ApiTags('peer groups')
@Controller()
export class PeerGroupsController {
  constructor(
    private readonly groups: PeerGroupsService,
    private readonly recordAttendance: RecordAttendanceUseCase,
  ) {}

  @Post('peer-groups')
  @Idempotent()
  @Authenticated({ permission: Permission.PeerGroupManage })
  @ApiCreatedResponse({ type: PeerGroupDto })
  create(@CurrentCaller() caller: Caller, @Body() dto: CreatePeerGroupDto): Promise<PeerGroupDto> {
    return this.groups.create(caller, dto);
  }

  @Get('peer-groups')
  @Authenticated({ permission: Permission.PeerGroupRead })
  @ApiOkResponse({ type: PeerGroupPageDto, description: 'The clinic’s groups by name; a peer leader’s own groups only.' })
  list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<PeerGroupPageDto> {
    return this.groups.list(caller, query);
  }

  @Get('peer-groups/:id')
  @Authenticated({ permission: Permission.PeerGroupRead })
  @ApiOkResponse({ type: PeerGroupDto })
  get(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<PeerGroupDto> {
    return this.groups.get(caller, id);
  }

  @Patch('peer-groups/:id')
  @Authenticated({ permission: Permission.PeerGroupManage })
  @ApiOkResponse({ type: PeerGroupDto })
  update(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: UpdatePeerGroupDto): Promise<PeerGroupDto> {
    return this.groups.update(caller, id, dto);
  }

  @Post('peer-groups/:id/members')
  @Idempotent()
  @Authenticated({ permission: Permission.PeerGroupMembersManage })
  @ApiCreatedResponse({ type: MemberDto })
  addMember(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: AddMemberDto): Promise<MemberDto> {
    return this.groups.addMember(caller, id, dto);
  }

  @Delete('peer-groups/:id/members/:clientId')
  @HttpCode(204)
  @Authenticated({ permission: Permission.PeerGroupMembersManage })
  @ApiNoContentResponse({ description: 'The membership ends; it stays in the client’s history.' })
  removeMember(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('clientId', ParseId('clientId')) clientId: string,
  ): Promise<void> {
    return this.groups.removeMember(caller, id, clientId);
  }

  @Get('peer-groups/:id/members')
  @Authenticated({ permission: Permission.PeerGroupRead })
  @ApiOkResponse({ type: MemberPageDto })
  members(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Query() query: PageQueryDto): Promise<MemberPageDto> {
    return this.groups.members(caller, id, query);
  }

  @Post('peer-groups/:id/meetings')
  @Idempotent()
  @Authenticated({ permission: Permission.PeerMeetingWrite })
  @ApiCreatedResponse({ type: MeetingDto })
  createMeeting(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Body() dto: CreateMeetingDto): Promise<MeetingDto> {
    return this.groups.createMeeting(caller, id, dto);
  }

  @Post('peer-groups/:id/meetings/series')
  @Idempotent()
  @Authenticated({ permission: Permission.PeerMeetingWrite })
  @ApiCreatedResponse({
    type: MeetingSeriesDto,
    description:
      'The group’s weekly meetings on its meetingDay at its meetingTime from `from` to `until` (at most 90 days ahead, else 400); ' +
      'days that already have a meeting are skipped; each meeting schedules its reminders. 422 NO_MEETING_SCHEDULE when the ' +
      'group has no meeting day or time.',
  })
  createMeetingSeries(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Body() dto: CreateMeetingSeriesDto,
  ): Promise<MeetingSeriesDto> {
    return this.groups.createMeetingSeries(caller, id, dto);
  }

  @Get('peer-groups/:id/meetings')
  @Authenticated({ permission: Permission.AttendanceRead })
  @ApiOkResponse({ type: MeetingPageDto })
  meetings(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string, @Query() query: PageQueryDto): Promise<MeetingPageDto> {
    return this.groups.meetings(caller, id, query);
  }

  @Put('peer-groups/:id/meetings/:meetingId/attendance')
  @Authenticated({ permission: Permission.AttendanceRecord })
  @ApiOkResponse({ type: AttendanceDto })
  record(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('meetingId', ParseId('meetingId')) meetingId: string,
    @Body() dto: RecordAttendanceDto,
  ): Promise<AttendanceDto> {
    return this.recordAttendance.execute(caller, id, meetingId, dto);
  }

  @Get('peer-groups/:id/meetings/:meetingId/attendance')
  @Authenticated({ permission: Permission.AttendanceRead })
  @ApiOkResponse({ type: AttendanceDto })
  attendance(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseId()) id: string,
    @Param('meetingId', ParseId('meetingId')) meetingId: string,
  ): Promise<AttendanceDto> {
    return this.groups.attendance(caller, id, meetingId);
  }

  @Get('clients/:id/peer-groups')
  @Authenticated({ permission: Permission.ClientGroupsRead })
  @ApiOkResponse({ type: [GroupMembershipDto] })
  history(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<GroupMembershipDto[]> {
    return this.groups.historyOf(caller, id);
  }
}
