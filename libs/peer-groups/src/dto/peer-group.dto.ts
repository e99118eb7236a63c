import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { MEETING_DAYS, type MeetingDay } from '../entities/peer-group.entity';

/** HH:MM from 00:00 to 23:59, in the clinic's time zone. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const NOT_BLANK = /\S/;

export class CreatePeerGroupDto {
  @ApiProperty({ minLength: 1, maxLength: 100, description: 'Names the group, never a client.' })
  @IsString()
  @MaxLength(100)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 10, description: 'Active peer leaders of the caller’s clinic.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique({ message: 'leaderIds must not name a leader twice' })
  @IsUUID('all', { each: true, message: 'each of leaderIds must be a UUID' })
  leaderIds!: string[];

  @ApiPropertyOptional({ enum: MEETING_DAYS })
  @IsOptional()
  @IsIn(MEETING_DAYS, { message: `meetingDay must be one of ${MEETING_DAYS.join(', ')}` })
  meetingDay?: MeetingDay;

  @ApiPropertyOptional({ example: '19:30', description: 'HH:MM (00:00–23:59) in the clinic’s time zone.' })
  @IsOptional()
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'meetingTime must be a time of day (HH:MM, 00:00–23:59)' })
  meetingTime?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string;
}

/** Every field optional; `leaderIds` replaces the leaders; `null` clears meetingDay, meetingTime or location. */
export class UpdatePeerGroupDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MaxLength(100)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 1, maxItems: 10, description: 'Replaces the group’s leaders.' })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique({ message: 'leaderIds must not name a leader twice' })
  @IsUUID('all', { each: true, message: 'each of leaderIds must be a UUID' })
  leaderIds?: string[];

  @ApiPropertyOptional({ enum: MEETING_DAYS, nullable: true, type: String })
  @IsOptional()
  @IsIn(MEETING_DAYS, { message: `meetingDay must be one of ${MEETING_DAYS.join(', ')}` })
  meetingDay?: MeetingDay | null;

  @ApiPropertyOptional({ example: '19:30', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'meetingTime must be a time of day (HH:MM, 00:00–23:59)' })
  meetingTime?: string | null;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string | null;
}

export class PeerGroupDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Sorted by id.' }) leaderIds!: string[];
  @ApiProperty({ enum: MEETING_DAYS, nullable: true, type: String }) meetingDay!: MeetingDay | null;
  @ApiProperty({ nullable: true, type: String, example: '19:30' }) meetingTime!: string | null;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PeerGroupPageDto {
  @ApiProperty({ type: [PeerGroupDto] }) items!: PeerGroupDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
