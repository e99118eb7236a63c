import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientsService } from '@tongban/clients';
import { ClinicsService } from '@tongban/clinics';
import {
  actorOf,
  AuditService,
  Caller,
  Clock,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  FieldCipher,
  FieldError,
  PlatformException,
  Role,
  toPage,
  clientAuditEntry,
} from '@tongban/platform';
import { DataSource } from 'typeorm';
import { CreateReminderDto } from './dto/create-reminder.dto';
import { ListRemindersQueryDto, ReminderDto, ReminderPageDto } from './dto/reminder.dto';
import { RemindersErrorCode, RemindersException } from './reminders.exception';
import { RemindersRepository, ReminderSummary } from './reminders.repository';
import { eventStart } from './rules/send-rules';
import { localParts } from './rules/zoned-time';
import { indiscreetWords } from './texts/discretion';

/** A sendAt this far in the past still means "now" (clocks and networks are not exact). */
const PAST_TOLERANCE_MS = 5 * 60_000;
const HORIZON_MS = 366 * 24 * 60 * 60_000;

export function reminderDto(reminder: ReminderSummary): ReminderDto {
  return {
    id: reminder.id,
    kind: reminder.kind,
    channel: reminder.channel,
    recipient: reminder.recipient,
    clientId: reminder.clientId,
    scheduledFor: reminder.scheduledFor.toISOString(),
    status: reminder.status,
    attempts: reminder.attempts,
    lastErrorCode: reminder.lastErrorCode,
    sentAt: reminder.sentAt?.toISOString() ?? null,
  };
}

/**
 * Reminders as staff see them: a coordinator reviews and cancels their
 * clinic's; a coordinator or the client's care-team counselor schedules an
 * appointment reminder by hand. Delivery is elsewhere (ReminderDeliveryModule).
 */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reminders: RemindersRepository,
    private readonly clients: ClientsService,
    private readonly clinics: ClinicsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, dto: CreateReminderDto): Promise<ReminderDto> {
    const access = await this.clients.requireAccess(caller, dto.clientId, 'profile');
    // A counselor only for clients of their care team (emergency access is for care, not for messages).
    if (caller.role === Role.Counselor && access.decision.grounds !== 'care_team') throw PlatformException.notFound('No such client.');
    const now = this.clock.now();
    const sendAt = new Date(dto.sendAt);
    const appointmentAt = dto.appointmentAt ? new Date(dto.appointmentAt) : null;
    const errors: FieldError[] = [];
    if (sendAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) errors.push({ field: 'sendAt', message: 'sendAt must not lie in the past' });
    if (sendAt.getTime() > now.getTime() + HORIZON_MS) errors.push({ field: 'sendAt', message: 'sendAt must be within 366 days' });
    if (appointmentAt && appointmentAt.getTime() <= Math.max(now.getTime(), sendAt.getTime())) {
      errors.push({ field: 'appointmentAt', message: 'appointmentAt must lie after sendAt and in the future' });
    }
    if (errors.length > 0) throw PlatformException.validation(errors);
    const note = dto.note?.trim() || null;
    if (note && indiscreetWords(note).length > 0) {
      throw new RemindersException(
        RemindersErrorCode.NOTE_NOT_DISCREET,
        'A message to a client may not name drugs, methadone, addiction, treatment or what the clinic is for: phones are shared.',
        [{ field: 'note', message: `note names ${indiscreetWords(note).join(', ')}` }],
      );
    }
    if (access.client.status !== 'active') {
      throw new RemindersException(RemindersErrorCode.CLIENT_NOT_ACTIVE, 'The client is not in treatment.');
    }
    const reach = await this.reminders.reachability(dto.clientId, now);
    if (!reach) throw PlatformException.notFound('No such client.');
    if (dto.channel === 'sms' ? !reach.consentSms : !reach.consentEmail) {
      throw new RemindersException(
        RemindersErrorCode.CONSENT_REQUIRED,
        `The client has no ${dto.channel === 'sms' ? 'sms_reminders' : 'email_reminders'} consent in force.`,
      );
    }
    if (dto.channel === 'sms' ? !reach.hasPhone : !reach.hasEmail) {
      throw new RemindersException(
        RemindersErrorCode.CONTACT_MISSING,
        `The client has no ${dto.channel === 'sms' ? 'phone number' : 'e-mail address'} on file.`,
      );
    }
    const { timeZone } = await this.clinics.requireClinic(access.client.clinicId);
    const local = appointmentAt ? localParts(appointmentAt, timeZone) : null;
    const reminder = await this.dataSource.transaction(async (em) => {
      const saved = await this.reminders.insertManual(em, {
        clinicId: access.client.clinicId,
        clientId: dto.clientId,
        channel: dto.channel,
        sendAt: sendAt.getTime() < now.getTime() ? now : sendAt,
        eventDate: local?.date ?? null,
        eventTime: local?.time ?? null,
        note: this.cipher.sealOptional(note),
        dedupeKey: `manual:${randomUUID()}`,
        createdBy: caller.staffId,
      });
      await this.audit.record(em, actorOf(caller), {
        ...clientAuditEntry(access, 'reminder.create', { kind: 'appointment', channel: dto.channel, note: note !== null }),
        targetType: 'reminder',
        targetId: saved.id,
      });
      return saved;
    });
    return reminderDto(reminder);
  }

  /** The caller's clinic's reminders (optionally of one status or client), newest first; one audit event per client shown. */
  async list(caller: Caller, query: ListRemindersQueryDto): Promise<ReminderPageDto> {
    if (!caller.clinicId) throw PlatformException.forbidden();
    if (query.clientId) await this.clients.requireAccess(caller, query.clientId, 'profile');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.reminders.pageOfClinic(
      caller.clinicId,
      { status: query.status, clientId: query.clientId },
      limit,
      positionOf(query.cursor),
    );
    const page = toPage(rows, limit, (row) => ({ key: row.scheduledFor.toISOString(), id: row.id }), reminderDto);
    const clientIds = [...new Set(rows.slice(0, page.items.length).flatMap((row) => (row.clientId ? [row.clientId] : [])))];
    if (clientIds.length > 0) {
      const clinicId = caller.clinicId;
      await this.dataSource.transaction((em) =>
        this.audit.recordList(em, actorOf(caller), { action: 'reminder.list', clinicId, clientIds, grounds: 'role' }),
      );
    }
    return page;
  }

  /** Cancels a pending reminder of the caller's clinic; cancelling a cancelled one again answers it as it is. */
  async cancel(caller: Caller, id: string): Promise<ReminderDto> {
    if (!caller.clinicId) throw PlatformException.notFound('No such reminder.');
    const clinicId = caller.clinicId;
    const result = await this.dataSource.transaction(async (em) => {
      const existing = await this.reminders.findInClinic(em, id, clinicId);
      if (!existing) throw PlatformException.notFound('No such reminder.');
      if (existing.status === 'cancelled') return existing;
      const cancelled = await this.reminders.cancelPending(em, id, caller.staffId, this.clock.now());
      if (!cancelled) {
        throw new RemindersException(
          RemindersErrorCode.REMINDER_NOT_PENDING,
          existing.status === 'sent' || existing.status === 'failed'
            ? `The reminder is ${existing.status} already.`
            : 'The reminder is being sent right now.',
        );
      }
      await this.audit.record(em, actorOf(caller), {
        action: 'reminder.cancel',
        clinicId,
        clientId: cancelled.clientId,
        targetType: 'reminder',
        targetId: id,
        grounds: 'role',
        details: { kind: cancelled.kind },
      });
      return cancelled;
    });
    return reminderDto(result);
  }

  /**
   * Schedules a failed reminder again (a fresh round of attempts, due now).
   * 409 REMINDER_NOT_FAILED for any other status, 422 EVENT_PASSED when the
   * appointment or meeting it announces has begun.
   */
  async retry(caller: Caller, id: string): Promise<ReminderDto> {
    if (!caller.clinicId) throw PlatformException.notFound('No such reminder.');
    const clinicId = caller.clinicId;
    const now = this.clock.now();
    const result = await this.dataSource.transaction(async (em) => {
      const existing = await this.reminders.findInClinic(em, id, clinicId);
      if (!existing) throw PlatformException.notFound('No such reminder.');
      if (existing.status !== 'failed') {
        throw new RemindersException(
          RemindersErrorCode.REMINDER_NOT_FAILED,
          `Only a failed reminder can be retried; this one is ${existing.status}.`,
        );
      }
      const event = await this.reminders.eventOf(em, id);
      if (event.eventDate && eventStart(event) <= now) {
        throw new RemindersException(RemindersErrorCode.EVENT_PASSED, 'The appointment or meeting this reminder announces has begun.');
      }
      const scheduled = await this.reminders.scheduleAgain(em, id, now);
      if (!scheduled) throw new RemindersException(RemindersErrorCode.REMINDER_NOT_FAILED, 'Only a failed reminder can be retried.');
      await this.audit.record(em, actorOf(caller), {
        action: 'reminder.retry',
        clinicId,
        clientId: scheduled.clientId,
        targetType: 'reminder',
        targetId: id,
        grounds: 'role',
        details: { kind: scheduled.kind, previousAttempts: existing.attempts, lastErrorCode: existing.lastErrorCode },
      });
      return scheduled;
    });
    return reminderDto(result);
  }
}

function positionOf(cursor: string | undefined): { scheduledFor: Date; id: string } | undefined {
  const position = decodeCursor(cursor);
  if (!position) return undefined;
  const scheduledFor = new Date(position.key);
  if (Number.isNaN(scheduledFor.getTime())) {
    throw PlatformException.validation([{ field: 'cursor', message: 'cursor is not one this API gave out' }]);
  }
  return { scheduledFor, id: position.id };
}
