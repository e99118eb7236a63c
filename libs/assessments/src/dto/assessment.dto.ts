import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@tongban/platform';
import { INSTRUMENT_KEYS, type InstrumentKey } from '../instruments/instrument';

/** An assessment's scores: what a coordinator or physician sees. */
export class AssessmentScoresDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: INSTRUMENT_KEYS }) instrument!: InstrumentKey;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ description: 'As the source scores it: MSPSS the mean of the items (1–7), PSAS and PHQ-9 the sum.' }) total!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Subscale key → score (MSPSS: `family`, `friends`, `significant_other`, each a mean); `{}` otherwise.',
  })
  subscales!: Record<string, number>;
  @ApiProperty({ nullable: true, type: String, description: 'PHQ-9: `minimal|mild|moderate|moderately_severe|severe`; null otherwise.' })
  band!: string | null;
}

/** With the answers item by item: the client's counselor's view (and emergency access). */
export class AssessmentDto extends AssessmentScoresDto {
  @ApiProperty({ type: [Number] }) answers!: number[];
  @ApiProperty({ format: 'uuid' }) counselorId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

@ApiExtraModels(AssessmentDto, AssessmentScoresDto)
export class AssessmentPageDto {
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(AssessmentDto) }, { $ref: getSchemaPath(AssessmentScoresDto) }] },
    description: 'Newest first (by date, then by when recorded). The client’s counselor gets the answers; others the scores only.',
  })
  items!: Array<AssessmentDto | AssessmentScoresDto>;
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ListAssessmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INSTRUMENT_KEYS })
  @IsOptional()
  @IsIn(INSTRUMENT_KEYS, { message: `instrument must be one of ${INSTRUMENT_KEYS.join(', ')}` })
  instrument?: InstrumentKey;
}

class LocalizedDto {
  @ApiProperty({ nullable: true, type: String, description: 'null: no verified wording in this language (show `en`).' })
  'zh-CN'!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null: no verified wording (read it from the published form).' })
  en!: string | null;
}

class InstrumentItemDto {
  @ApiProperty() number!: number;
  @ApiProperty({ type: LocalizedDto }) text!: LocalizedDto;
}

class InstrumentScaleDto {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty({ type: [LocalizedDto], description: 'One label per point, from min to max.' }) labels!: LocalizedDto[];
}

class InstrumentSubscaleDto {
  @ApiProperty() key!: string;
  @ApiProperty({ type: LocalizedDto }) title!: LocalizedDto;
  @ApiProperty({ type: [Number] }) items!: number[];
}

class SeverityBandDto {
  @ApiProperty() key!: string;
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty({ type: LocalizedDto }) title!: LocalizedDto;
}

class ScoringDto {
  @ApiProperty({ enum: ['sum', 'mean'] }) method!: 'sum' | 'mean';
  @ApiProperty({ type: [Number] }) reversed!: number[];
  @ApiProperty({ type: Object, example: { min: 1, max: 7 } }) totalRange!: { min: number; max: number };
  @ApiProperty() note!: string;
}

class TranslationNoteDto {
  @ApiProperty({ nullable: true, type: String, description: 'The published version used; null when none (English shown).' })
  source!: string | null;
  @ApiProperty() note!: string;
}

class TranslationsDto {
  @ApiProperty({ type: TranslationNoteDto }) 'zh-CN'!: TranslationNoteDto;
  @ApiProperty({ type: TranslationNoteDto }) en!: TranslationNoteDto;
}

export class InstrumentDto {
  @ApiProperty({ enum: INSTRUMENT_KEYS }) key!: InstrumentKey;
  @ApiProperty({ type: LocalizedDto }) title!: LocalizedDto;
  @ApiProperty({ description: 'The published source of the items and the scoring.' }) source!: string;
  @ApiProperty({ type: LocalizedDto }) instructions!: LocalizedDto;
  @ApiProperty({ type: [InstrumentItemDto] }) items!: InstrumentItemDto[];
  @ApiProperty({ type: InstrumentScaleDto }) scale!: InstrumentScaleDto;
  @ApiProperty({ type: [InstrumentSubscaleDto] }) subscales!: InstrumentSubscaleDto[];
  @ApiProperty({ type: [SeverityBandDto] }) bands!: SeverityBandDto[];
  @ApiProperty({ type: ScoringDto }) scoring!: ScoringDto;
  @ApiProperty({ type: TranslationsDto }) translation!: TranslationsDto;
}
