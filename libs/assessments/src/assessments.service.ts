import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import { ClientAccessPolicy, ClientsService } from '@tongban/clients';
import {
  actorOf,
  AuditService,
  Caller,
  clientAuditEntry,
  Clock,
  decodePairCursor,
  DEFAULT_PAGE_SIZE,
  FieldCipher,
  FieldError,
  KeyRotation,
  pairKey,
  PlatformException,
  toPage,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentDto, AssessmentPageDto, AssessmentScoresDto, InstrumentDto, ListAssessmentsQueryDto } from './dto/assessment.dto';
import { CreateAssessmentDto } from './dto/create-assessment.dto';
import { Assessment } from './entities/assessment.entity';
import { INSTRUMENTS } from './instruments';
import { answerErrors, score } from './scoring';

/**
 * Standard assessments (MSPSS, PSAS, PHQ-9). Recording one needs the client's
 * assessment answers (the care-team counselor, or emergency access); listing
 * needs the scores, and the answers are shown only to callers the access
 * policy also allows them.
 */
@Injectable()
export class AssessmentsService implements OnModuleInit {
  constructor(
    private readonly clinics: ClinicsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsRepository,
    private readonly clients: ClientsService,
    private readonly policy: ClientAccessPolicy,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'assessment', columns: ['answers'] });
  }

  /** The instruments as data: items, scale, subscales, bands, scoring and where each language's text comes from. */
  instruments(): InstrumentDto[] {
    return Object.values(INSTRUMENTS).map((instrument) => structuredClone(instrument) as unknown as InstrumentDto);
  }

  async create(caller: Caller, clientId: string, dto: CreateAssessmentDto): Promise<AssessmentDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'assessment_answers', 'clinical_act');
    const instrument = INSTRUMENTS[dto.instrument];
    const errors: FieldError[] = answerErrors(instrument, dto.answers);
    const today = await this.clinics.today(access.client.clinicId, caller);
    if (dto.date > today) errors.push({ field: 'date', message: 'date must not lie in the future', key: 'future' });
    if (errors.length > 0) throw PlatformException.validation(errors);
    const scores = score(instrument, dto.answers);
    const saved = await this.dataSource.transaction(async (em) => {
      const row = await this.assessments.insertAssessment(em, {
        clientId,
        clinicId: access.client.clinicId,
        counselorId: caller.staffId,
        instrument: dto.instrument,
        date: dto.date,
        total: scores.total,
        subscales: scores.subscales,
        band: scores.band,
        answers: this.cipher.seal(JSON.stringify(dto.answers)),
        createdAt: this.clock.now(),
      });
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'assessment.create', { instrument: dto.instrument, date: dto.date }),
        targetType: 'assessment',
        targetId: row.id,
      });
      return row;
    });
    return this.withAnswers(saved);
  }

  async list(caller: Caller, clientId: string, query: ListAssessmentsQueryDto): Promise<AssessmentPageDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'assessments');
    // The policy alone says who reads the answers: a second decision, for that kind of data.
    const mayReadAnswers = (await this.policy.decide(caller, access.client, 'assessment_answers')) !== null;
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.assessments.assessmentsOfClientPage(
      clientId,
      query.instrument,
      limit,
      decodePairCursor(query.cursor, 'date', 'exactInstant'),
    );
    const page = toPage(
      rows,
      limit,
      (row) => ({ key: pairKey(row.date, row.instantKey), id: row.id }),
      (row): AssessmentDto | AssessmentScoresDto => (mayReadAnswers ? this.withAnswers(row) : scoresOf(row)),
    );
    await this.clients.recordRead(caller, access, 'assessment.list', {
      count: page.items.length,
      instrument: query.instrument ?? null,
      answers: mayReadAnswers,
    });
    return page;
  }

  private withAnswers(row: Assessment): AssessmentDto {
    return {
      ...scoresOf(row),
      answers: JSON.parse(this.cipher.open(row.answers)) as number[],
      counselorId: row.counselorId,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

/** The scores of an assessment: lists its fields, so the answers cannot slip in. */
function scoresOf(row: Assessment): AssessmentScoresDto {
  return { id: row.id, instrument: row.instrument, date: row.date, total: Number(row.total), subscales: row.subscales, band: row.band };
}
