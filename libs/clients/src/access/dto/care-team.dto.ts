import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { CARE_TEAM_ROLES, type CareTeamRole } from '../entities/care-team-member.entity';

export class AddCareTeamMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  staffId!: string;

  @ApiProperty({ enum: CARE_TEAM_ROLES })
  @IsIn(CARE_TEAM_ROLES, { message: `role must be one of ${CARE_TEAM_ROLES.join(', ')}` })
  role!: CareTeamRole;
}

export class CareTeamMemberDto {
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty({ enum: CARE_TEAM_ROLES }) role!: CareTeamRole;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
}

/** A page of a client's care team, the longest on it first. */
export class CareTeamMemberPageDto {
  @ApiProperty({ type: [CareTeamMemberDto] }) items!: CareTeamMemberDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
