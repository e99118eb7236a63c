import { ApiProperty } from '@nestjs/swagger';
import { Role } from '@tongban/platform';
import { Staff } from '../entities/staff.entity';

/** A staff account as shown: never its password. */
export class StaffDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Role }) role!: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clinicId!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(staff: Staff): StaffDto {
    return {
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      role: staff.role,
      clinicId: staff.clinicId,
      active: staff.active,
      createdAt: staff.createdAt.toISOString(),
    };
  }
}

export class StaffPageDto {
  @ApiProperty({ type: [StaffDto] }) items!: StaffDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
