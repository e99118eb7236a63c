import { ApiProperty } from '@nestjs/swagger';

/** A staff member as a record names them. */
export class StaffRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null for an account that no longer exists.' }) displayName!: string | null;
}
