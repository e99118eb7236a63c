import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from '@tongban/clinics';
import { Staff } from './entities/staff.entity';
import { PasswordHasher } from './password-hasher';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

@Module({
  imports: [TypeOrmModule.forFeature([Staff]), ClinicsModule],
  controllers: [StaffController],
  providers: [StaffRepository, StaffService, PasswordHasher],
  exports: [StaffService],
})
export class StaffModule {}
