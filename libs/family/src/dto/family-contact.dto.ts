import { ApiProperty } from '@nestjs/swagger';

export class FamilyContactDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() relationship!: string;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty() mayContact!: boolean;
  @ApiProperty({ nullable: true, type: Boolean }) livesWithClient!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({
    description: 'Whether the clinic may contact this person today: mayContact and an active family_contact consent of the client.',
  })
  contactable!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class FamilyContactPageDto {
  @ApiProperty({ type: [FamilyContactDto], description: 'In the order they were recorded.' }) items!: FamilyContactDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
