import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PageQueryDto } from '@tongban/platform';

export const GUEST_DOSING_STATUSES = ['upcoming', 'in_force', 'over', 'ended'] as const;
export type GuestDosingStatus = (typeof GUEST_DOSING_STATUSES)[number];

export const GUEST_DOSING_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type GuestDosingDirection = (typeof GUEST_DOSING_DIRECTIONS)[number];

/** An arrangement as both clinics see it: who (the client's code only), where, which days. */
export class GuestDosingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ description: 'The client’s code at the home clinic (pseudonymous).' }) clientCode!: string;
  @ApiProperty({ format: 'uuid' }) homeClinicId!: string;
  @ApiProperty() homeClinicCode!: string;
  @ApiProperty({ format: 'uuid' }) hostClinicId!: string;
  @ApiProperty() hostClinicCode!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) until!: string;
  @ApiProperty({
    enum: GUEST_DOSING_STATUSES,
    description: 'As of today in the home clinic: `upcoming`, `in_force`, `over` (its days passed) or `ended` (early).',
  })
  status!: GuestDosingStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt!: string | null;
}

export class GuestDosingPageDto {
  @ApiProperty({ type: [GuestDosingDto] }) items!: GuestDosingDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ListGuestDosingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: GUEST_DOSING_DIRECTIONS,
    default: 'incoming',
    description:
      '`incoming`: the caller’s clinic hosts the client; `outgoing`: the caller’s clinic’s clients dosing elsewhere (coordinator, physician).',
  })
  @IsIn(GUEST_DOSING_DIRECTIONS, { message: 'direction must be incoming or outgoing' })
  direction: GuestDosingDirection = 'incoming';
}

/** Another clinic of this Tongban, where a client may be dosed as a guest or transferred to. */
export class OtherClinicDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class OtherClinicPageDto {
  @ApiProperty({ type: [OtherClinicDto] }) items!: OtherClinicDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
