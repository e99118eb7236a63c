import { ApiProperty } from '@nestjs/swagger';
import { SUBSTANCES, type Substance, TEST_RESULTS, type TestResult } from '../entities/drug-test.entity';

export class DrugTestResultDto {
  @ApiProperty({ enum: SUBSTANCES }) substance!: Substance;
  @ApiProperty({ enum: TEST_RESULTS }) result!: TestResult;
}

export class DrugTestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty() observed!: boolean;
  @ApiProperty() refused!: boolean;
  @ApiProperty({ type: [DrugTestResultDto], description: 'In the order of the substance list; empty when refused.' })
  results!: DrugTestResultDto[];
  @ApiProperty({ description: 'A positive opiate result (opiates, morphine, heroin) or a refusal: the counselor follows it up.' })
  positiveOpiate!: boolean;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class DrugTestPageDto {
  @ApiProperty({ type: [DrugTestDto], description: 'Newest first (by date, then by when recorded).' }) items!: DrugTestDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export const DUE_REASONS = ['selected', 'overdue'] as const;

export class DrugTestDueItemDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ example: 'KM01-000123' }) code!: string;
  @ApiProperty({
    enum: DUE_REASONS,
    description:
      '`selected`: chosen for this day, no test recorded on it; `overdue`: chosen for an earlier day of the month, no test since.',
  })
  reason!: (typeof DUE_REASONS)[number];
  @ApiProperty({ format: 'date', description: 'The day the client was chosen for.' }) selectedOn!: string;
}

export class DrugTestDueDto {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ type: [DrugTestDueItemDto], description: 'By code.' }) items!: DrugTestDueItemDto[];
}
