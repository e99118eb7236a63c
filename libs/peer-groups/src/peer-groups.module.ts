import { ClinicsModule } from '@tongban/clinics';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule, ConsentModule, LED_GROUP_RULE } from '@tongban/clients';
import { StaffModule } from '@tongban/staff';
import { inLedGroupSql } from './current-membership-sql';
import { PeerAttendance } from './entities/peer-attendance.entity';
import { PeerGroupLeader } from './entities/peer-group-leader.entity';
import { PeerGroupMember } from './entities/peer-group-member.entity';
import { PeerGroup } from './entities/peer-group.entity';
import { PeerMeeting } from './entities/peer-meeting.entity';
import { PeerGroupsController } from './peer-groups.controller';
import { PeerGroupsWorklist } from './peer-groups-worklist';
import { PeerGroupsRepository } from './peer-groups.repository';
import { PeerGroupsService } from './peer-groups.service';
import { RecordAttendanceUseCase } from './record-attendance/record-attendance.usecase';

/** A peer leader's relation to a client for the client record's access policy, which cannot import this area (it stands on it). */
@Global()
@Module({ providers: [{ provide: LED_GROUP_RULE, useValue: inLedGroupSql }], exports: [LED_GROUP_RULE] })
export class LedGroupRuleModule {}

/**
 * Peer groups, their leaders, members, meetings and attendance. Clients are
 * reached through ClientsService; lists of members use the access policy's
 * SQL condition (ConsentModule); leaders are checked with StaffService.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PeerGroup, PeerGroupLeader, PeerGroupMember, PeerMeeting, PeerAttendance]),
    LedGroupRuleModule,
    ClientsModule,
    ClinicsModule,
    ConsentModule,
    StaffModule,
  ],
  controllers: [PeerGroupsController],
  providers: [PeerGroupsRepository, PeerGroupsService, RecordAttendanceUseCase, PeerGroupsWorklist],
  exports: [PeerGroupsService],
})
export class PeerGroupsModule {}
