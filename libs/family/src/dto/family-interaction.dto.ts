import { ApiProperty } from '@nestjs/swagger';
import {
  INTERACTION_CHANNELS,
  INTERACTION_INITIATORS,
  type InteractionChannel,
  type InteractionInitiator,
} from '../entities/family-interaction.entity';

export class FamilyInteractionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) familyContactId!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: INTERACTION_CHANNELS }) channel!: InteractionChannel;
  @ApiProperty({ enum: INTERACTION_INITIATORS }) initiatedBy!: InteractionInitiator;
  @ApiProperty({ nullable: true, type: String }) summary!: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class FamilyInteractionPageDto {
  @ApiProperty({ type: [FamilyInteractionDto], description: 'Newest first (by date, then by when recorded).' })
  items!: FamilyInteractionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
