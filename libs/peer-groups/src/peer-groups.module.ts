import { ClinicsModule } from '@tongban/clinics';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule, ConsentModule } from '@tongban/clients';
import { StaffModule } from '@tongban/staff';
import { PeerAttendance } from './entities/peer-attendance.entity';
import { PeerGroupLeader } from './entities/peer-group-leader.entity';
import { PeerGroupMember } from './entities/peer-group-member.entity';
import { PeerGroup } from './entities/peer-group.entity';
import { PeerMeeting } from './entities/peer-meeting.entity';
import { PeerGroupsController } from './peer-groups.controller';
import { PeerGroupsRepository } from './peer-groups.repository';
import { PeerGroupsService } from './peer-groups.service';
import { RecordAttendanceUseCase } from './record-attendance/record-attendance.usecase';

/**
 * Peer groups, their leaders, members, meetings and attendance. Clients are
 * reached through ClientsService; lists of members use the access policy's
 * SQL condition (ConsentModule); leaders are checked with StaffService.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PeerGroup, PeerGroupLeader, PeerGroupMember, PeerMeeting, PeerAttendance]),
    ClientsModule,
    ClinicsModule,
    ConsentModule,
    StaffModule,
  ],
  controllers: [PeerGroupsController],
  providers: [PeerGroupsRepository, PeerGroupsService, RecordAttendanceUseCase],
  exports: [PeerGroupsService],
})
export class PeerGroupsModule {}
