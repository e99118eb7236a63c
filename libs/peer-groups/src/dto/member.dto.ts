import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class AddMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId!: string;
}

/** A member as everyone who may see them in a group sees them: the pseudonym only. */
export class MemberDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ example: 'KM01-000123' }) code!: string;
  @ApiProperty({ nullable: true, type: String }) preferredName!: string | null;
  @ApiProperty({ format: 'date-time' }) joinedAt!: string;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto], description: 'Current members with an active peer_support consent whom the caller may see, by code.' })
  items!: MemberDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
