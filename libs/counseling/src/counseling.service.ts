import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import { ClientAccessPolicy, ClientsService } from '@tongban/clients';
import {
  actorOf,
  AuditService,
  Caller,
  Clock,
  decodePairCursor,
  DEFAULT_PAGE_SIZE,
  FieldCipher,
  FieldError,
  KeyRotation,
  PageQueryDto,
  pairKey,
  PlatformException,
  toPage,
  DomainEvents,
  clientAuditEntry,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import type { AppointmentReminderOutcome, AppointmentSet } from './counseling-events';
import { CounselingRepository } from './counseling.repository';
import {
  AppointmentReminderDto,
  CounselingSessionDto,
  CounselingSessionPageDto,
  CounselingSessionSummaryDto,
  CreatedCounselingSessionDto,
} from './dto/counseling-session.dto';
import { CreateCounselingSessionDto } from './dto/create-counseling-session.dto';
import { CounselingSession } from './entities/counseling-session.entity';

/**
 * Counseling sessions. Logging one needs the client's counseling notes
 * (the care-team counselor, or emergency access); listing needs counseling
 * metadata, and the notes and topics are shown only to callers the access
 * policy also allows the notes.
 */
@Injectable()
export class CounselingService implements OnModuleInit {
  constructor(
    private readonly clinics: ClinicsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: CounselingRepository,
    private readonly clients: ClientsService,
    private readonly policy: ClientAccessPolicy,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keyRotation: KeyRotation,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.keyRotation.register({ table: 'counseling_session', columns: ['topics', 'notes'] });
  }

  async create(caller: Caller, clientId: string, dto: CreateCounselingSessionDto): Promise<CreatedCounselingSessionDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'counseling_notes');
    const today = await this.clinics.today(access.client.clinicId, caller);
    const now = this.clock.now();
    // Stored with the session; its appointment reminder is written in the same transaction (the outbox, below).
    const nextAppointmentAt = dto.nextAppointmentAt ? new Date(dto.nextAppointmentAt) : null;
    const errors: FieldError[] = [];
    if (dto.date > today) errors.push({ field: 'date', message: 'date must not lie in the future', key: 'future' });
    if (nextAppointmentAt && nextAppointmentAt.getTime() <= now.getTime()) {
      errors.push({ field: 'nextAppointmentAt', message: 'nextAppointmentAt must lie in the future' });
    }
    if (errors.length > 0) throw PlatformException.validation(errors);
    const topics = (dto.topics ?? []).map((topic) => topic.trim());
    const notes = dto.notes ?? null;
    const { session, reminder } = await this.dataSource.transaction(async (em) => {
      const saved = await this.sessions.insertSession(em, {
        clientId,
        clinicId: access.client.clinicId,
        counselorId: caller.staffId,
        date: dto.date,
        type: dto.type,
        minutes: dto.minutes,
        topics: topics.length > 0 ? this.cipher.seal(JSON.stringify(topics)) : null,
        notes: this.cipher.sealOptional(notes),
        nextAppointmentAt,
        createdAt: now,
      });
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'counseling_session.create', {
          date: dto.date,
          type: dto.type,
          minutes: dto.minutes,
          topics: topics.length,
          notes: notes !== null,
          nextAppointment: nextAppointmentAt !== null,
        }),
        targetType: 'counseling_session',
        targetId: saved.id,
      });
      if (nextAppointmentAt) {
        const appointment: AppointmentSet = {
          type: 'counseling.appointment_set',
          clientId,
          sessionId: saved.id,
          appointmentAt: nextAppointmentAt,
          createdBy: caller.staffId,
        };
        await this.events.publish(em, appointment);
        if (!appointment.reminder) throw new Error('No subscriber said where the appointment reminder stands.');
        return { session: saved, reminder: appointment.reminder };
      }
      return { session: saved, reminder: null };
    });
    return { ...this.withNotes(session), appointmentReminder: reminder && reminderDto(reminder) };
  }

  async list(caller: Caller, clientId: string, query: PageQueryDto): Promise<CounselingSessionPageDto> {
    const access = await this.clients.requireAccess(caller, clientId, 'counseling');
    // The policy alone says who reads the notes: a second decision, for that kind of data.
    const mayReadNotes = (await this.policy.decide(caller, access.client, 'counseling_notes')) !== null;
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.sessions.sessionsOfClientPage(clientId, limit, decodePairCursor(query.cursor, 'date', 'exactInstant'));
    const page = toPage(
      rows,
      limit,
      (session) => ({ key: pairKey(session.date, session.instantKey), id: session.id }),
      (session): CounselingSessionDto | CounselingSessionSummaryDto => (mayReadNotes ? this.withNotes(session) : summaryOf(session)),
    );
    await this.clients.recordRead(caller, access, 'counseling_session.list', { count: page.items.length, notes: mayReadNotes });
    return page;
  }

  private withNotes(session: CounselingSession): CounselingSessionDto {
    const topics = this.cipher.openOptional(session.topics);
    return {
      ...summaryOf(session),
      topics: topics === null ? [] : (JSON.parse(topics) as string[]),
      notes: this.cipher.openOptional(session.notes),
    };
  }
}

function reminderDto(outcome: AppointmentReminderOutcome): AppointmentReminderDto {
  if (outcome.status === 'not_scheduled') return { status: outcome.status, reason: outcome.reason };
  return {
    status: outcome.status,
    channel: outcome.channel,
    scheduledFor: outcome.scheduledFor.toISOString(),
    heldUntil: outcome.heldUntil?.toISOString() ?? null,
  };
}

/** The metadata of a session: lists its fields, so topics and notes cannot slip in. */
function summaryOf(session: CounselingSession): CounselingSessionSummaryDto {
  return {
    id: session.id,
    clientId: session.clientId,
    date: session.date,
    type: session.type,
    minutes: session.minutes,
    nextAppointmentAt: session.nextAppointmentAt?.toISOString() ?? null,
    counselorId: session.counselorId,
    createdAt: session.createdAt.toISOString(),
  };
}
