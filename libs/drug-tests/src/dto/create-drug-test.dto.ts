import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, Matches, ValidateNested } from 'class-validator';
import { type Substance, SUBSTANCES, TEST_RESULTS, type TestResult } from '../entities/drug-test.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DrugTestResultInputDto {
  @ApiProperty({ enum: SUBSTANCES })
  @IsIn(SUBSTANCES, { message: `substance must be one of ${SUBSTANCES.join(', ')}` })
  substance!: Substance;

  @ApiProperty({ enum: TEST_RESULTS })
  @IsIn(TEST_RESULTS, { message: `result must be one of ${TEST_RESULTS.join(', ')}` })
  result!: TestResult;
}

export class CreateDrugTestDto {
  @ApiProperty({ format: 'date', description: 'The clinic day of the test: not after today, not before the client’s intake.' })
  @Matches(DATE, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date!: string;

  @ApiProperty({ description: 'The collection was observed.' })
  @IsBoolean({ message: 'observed must be true or false' })
  observed!: boolean;

  @ApiPropertyOptional({ default: false, description: 'The client refused the test (counted positive in reports); then no results.' })
  @IsOptional()
  @IsBoolean({ message: 'refused must be true or false' })
  refused?: boolean;

  @ApiPropertyOptional({
    type: [DrugTestResultInputDto],
    maxItems: SUBSTANCES.length,
    description: 'One result per substance (no substance twice); at least one unless `refused`, none with `refused: true`.',
  })
  @IsOptional()
  @IsArray({ message: 'results must be a list' })
  @ArrayMaxSize(SUBSTANCES.length, { message: `results may hold at most ${SUBSTANCES.length} items` })
  @ValidateNested({ each: true })
  @Type(() => DrugTestResultInputDto)
  results?: DrugTestResultInputDto[];
}
