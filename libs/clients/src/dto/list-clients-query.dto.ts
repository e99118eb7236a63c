import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@tongban/platform';

export const STATUSES = ['active', 'dropped_out', 'discharged', 'transferred', 'deceased'] as const;

export class ListClientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Exact match on a code (or its number), a given name, a family name, a full name (family + given, with or without a space), a phone number or a national ID. Case and surrounding spaces do not matter.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: STATUSES,
    description: 'Only clients of this status. A peer leader may not filter by status (403 FORBIDDEN).',
  })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({
    enum: ['none'],
    description:
      'none: only clients with no counselor on their care team (the coordinator’s worklist). Only for those who manage care teams (403 FORBIDDEN).',
  })
  @IsOptional()
  @IsIn(['none'], { message: 'counselor must be none' })
  counselor?: 'none';
}
