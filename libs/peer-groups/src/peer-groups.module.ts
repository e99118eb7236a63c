import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '@tongban/clients';
import { PeerAttendance } from './entities/peer-attendance.entity';
import { PeerGroupLeader } from './entities/peer-group-leader.entity';
import { PeerGroupMember } from './entities/peer-group-member.entity';
import { PeerGroup } from './entities/peer-group.entity';
import { PeerMeeting } from './entities/peer-meeting.entity';

/** Peer groups, their leaders, members, meetings and attendance. */
@Module({
  imports: [TypeOrmModule.forFeature([PeerGroup, PeerGroupLeader, PeerGroupMember, PeerMeeting, PeerAttendance]), ClientsModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class PeerGroupsModule {}
