import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '@tongban/clients';
import { CounselingSession } from './entities/counseling-session.entity';

/** Counseling sessions of a client's counselor; clients are reached through ClientsService. */
@Module({
  imports: [TypeOrmModule.forFeature([CounselingSession]), ClientsModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class CounselingModule {}
