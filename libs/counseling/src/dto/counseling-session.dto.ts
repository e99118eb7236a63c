import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { COUNSELING_TYPES, CounselingType } from '../entities/counseling-session.entity';

/** A session as metadata only: what a caller without access to counseling notes (a coordinator) sees. */
export class CounselingSessionSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: COUNSELING_TYPES }) type!: CounselingType;
  @ApiProperty({ minimum: 1, maximum: 600 }) minutes!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextAppointmentAt!: string | null;
  @ApiProperty({ format: 'uuid' }) counselorId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A session with its topics and notes: the client's counselor's view (and emergency access). */
export class CounselingSessionDto extends CounselingSessionSummaryDto {
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

@ApiExtraModels(CounselingSessionDto, CounselingSessionSummaryDto)
export class CounselingSessionPageDto {
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(CounselingSessionDto) }, { $ref: getSchemaPath(CounselingSessionSummaryDto) }] },
    description:
      'Newest first (by date, then by when recorded). Callers who may read counseling notes get CounselingSessionDto; ' +
      'others (a coordinator) get CounselingSessionSummaryDto, without the `topics` and `notes` keys.',
  })
  items!: Array<CounselingSessionDto | CounselingSessionSummaryDto>;
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
