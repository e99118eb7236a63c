import { Inject, Injectable } from '@nestjs/common';
import { type AppLogger, AppLoggerToken, Clock, FieldCipher } from '@tongban/platform';
import { Channels } from '../channels/channels';
import { DeliveryError, DeliveryErrorCode } from '../channels/delivery-error';
import { PENDING_STATUSES } from '../entities/reminder.entity';
import { REMINDER_LANGUAGES, ReminderLanguage } from '../entities/reminder-template.entity';
import { ReminderSettings } from '../reminder-settings';
import { decideRetry, usefulUntil } from '../rules/retry-policy';
import { decideSend, eventStart, ReminderErrorCode } from '../rules/send-rules';
import { isDiscreet } from '../texts/discretion';
import { smsTemplateValues } from '../texts/sms-templates';
import { formatDate, formatScope, formatWhen } from '../texts/formats';
import { BUILT_IN_TEMPLATES, EMAIL_SUBJECT, reachesClientOrFamily, renderTemplate, STAFF_LANGUAGE } from '../texts/templates';
import { DeliveryRepository, DeliveryRow } from './delivery.repository';

/** What one delivery run did with a reminder. */
export type DeliveryOutcome =
  | { result: 'sent' | 'failed' | 'cancelled' | 'held' | 'skipped' }
  | { result: 'retry'; code: string; attempt: number }
  | { result: 'busy'; until: Date };

/**
 * Delivers one reminder, idempotently: the record is read first (a job run
 * again after a crash or a duplicate finds it sent, and stops), the rules of
 * send time decide, and the reminder is claimed in PostgreSQL, so two
 * workers never send it at once. Before the provider is called the attempt
 * is written down (counted, its message kept, `attempt_started_at`), so a
 * provider call is never made that the record does not know of: a run that
 * finds an attempt begun without an outcome (its worker died during the
 * call or before writing the answer) resumes it with the same message and
 * idempotency key instead of composing a new one.
 */
@Injectable()
export class ReminderDelivery {
  constructor(
    private readonly repository: DeliveryRepository,
    private readonly channels: Channels,
    private readonly cipher: FieldCipher,
    private readonly settings: ReminderSettings,
    private readonly clock: Clock,
    @Inject(AppLoggerToken) private readonly logger: AppLogger,
  ) {}

  async deliver(reminderId: string): Promise<DeliveryOutcome> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.settings.leaseMs);
    const row = await this.repository.claimForDelivery(reminderId, now, leaseUntil);
    if (!row) {
      const current = await this.repository.peek(reminderId);
      if (current && PENDING_STATUSES.includes(current.status) && current.claimedUntil && current.claimedUntil > now) {
        return { result: 'busy', until: current.claimedUntil };
      }
      return { result: 'skipped' };
    }
    const channel = this.channels.get(row.channel);
    const address = row.address ? this.cipher.open(row.address) : this.addressOf(row);
    const decision = decideSend({ ...row, hasAddress: address !== null }, now, channel.configured());
    if (decision.action === 'cancel' && decision.code === ReminderErrorCode.EVENT_PASSED && row.attempts > 0) {
      // Retried until its event began without reaching the provider: that is a failure, with the last attempt's reason.
      const code = row.lastErrorCode ?? ReminderErrorCode.EVENT_PASSED;
      await this.repository.close(row.id, 'failed', code);
      this.log(row, 'failed', code);
      return { result: 'failed' };
    }
    switch (decision.action) {
      case 'cancel':
      case 'fail': {
        const status = decision.action === 'cancel' ? 'cancelled' : 'failed';
        await this.repository.close(row.id, status, decision.code);
        this.log(row, status, decision.code);
        return { result: status };
      }
      case 'hold':
        await this.repository.hold(row.id, decision.until);
        this.log(row, 'held');
        return { result: 'held' };
      case 'send':
        return this.send(row, address!, leaseUntil);
    }
  }

  private async send(row: DeliveryRow, address: string, leaseUntil: Date): Promise<DeliveryOutcome> {
    const language = this.languageOf(row);
    const text = row.text ? this.cipher.open(row.text) : this.render(row, language);
    if (reachesClientOrFamily(row.kind) && !isDiscreet(text)) {
      await this.repository.close(row.id, 'failed', ReminderErrorCode.TEXT_NOT_DISCREET);
      this.log(row, 'failed', ReminderErrorCode.TEXT_NOT_DISCREET);
      return { result: 'failed' };
    }
    const sealed = { address: row.address ?? this.cipher.seal(address), text: row.text ?? this.cipher.seal(text) };
    const attempt = row.attempts + 1;
    if (!(await this.repository.beginAttempt(row.id, leaseUntil, this.clock.now(), sealed))) {
      // The lease ran out before the attempt could begin and another run has the reminder (or it ended): leave it to that run.
      return { result: 'skipped' };
    }
    if (row.attemptStartedAt) {
      this.logger.warn(
        { reminderId: row.id, kind: row.kind, channel: row.channel, attempt, interruptedAt: row.attemptStartedAt.toISOString() },
        'reminder delivery resumes an attempt whose outcome was not recorded',
      );
    }
    try {
      await this.channels.get(row.channel).send({
        reminderId: row.id,
        kind: row.kind,
        clinicId: row.clinicId,
        clientId: row.clientId,
        to: address,
        text,
        subject: EMAIL_SUBJECT[language],
        values: smsTemplateValues(this.values(row, language)),
      });
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError(DeliveryErrorCode.NETWORK_ERROR, true);
      if (!(error instanceof DeliveryError)) {
        this.logger.warn(
          { reminderId: row.id, err: { message: error instanceof Error ? error.message : String(error) } },
          'reminder channel error',
        );
      }
      const now = this.clock.now();
      const retry = failure.retryable
        ? decideRetry(attempt, now, usefulUntil(row.scheduledFor, row.eventDate ? eventStart(row) : null), this.settings.retryDelayMs)
        : ({ action: 'fail' } as const);
      if (retry.action === 'fail') {
        await this.repository.markFailed(row.id, failure.code, sealed);
        this.log(row, 'failed', failure.code, attempt);
        return { result: 'failed' };
      }
      // The record keeps the schedule (whatever carries the work, Redis included, may lose it): due again after the back-off.
      await this.repository.markRetry(row.id, failure.code, retry.at, sealed);
      this.log(row, 'retry', failure.code, attempt);
      return { result: 'retry', code: failure.code, attempt };
    }
    await this.repository.markSent(row.id, this.clock.now(), sealed);
    this.log(row, 'sent', undefined, attempt);
    return { result: 'sent' };
  }

  /** Where it goes: the client's phone or e-mail, the relative's phone, the staff member's inbox. Null when none is on file. */
  private addressOf(row: DeliveryRow): string | null {
    switch (row.recipient) {
      case 'client':
        return this.cipher.openOptional(row.channel === 'email' ? row.clientEmail : row.clientPhone);
      case 'family':
        return this.cipher.openOptional(row.familyPhone);
      case 'staff':
        return row.staffId;
    }
  }

  private languageOf(row: DeliveryRow): ReminderLanguage {
    if (row.recipient === 'staff') return STAFF_LANGUAGE;
    return REMINDER_LANGUAGES.includes(row.language as ReminderLanguage) ? (row.language as ReminderLanguage) : 'zh-CN';
  }

  private render(row: DeliveryRow, language: ReminderLanguage): string {
    const template = row.clinicTemplate ?? BUILT_IN_TEMPLATES[row.kind][language];
    return renderTemplate(template, { ...this.values(row, language), note: this.cipher.openOptional(row.note) ?? '' });
  }

  /** What a reminder fills its placeholders with, its free-text note aside. */
  private values(row: DeliveryRow, language: ReminderLanguage): Record<string, string> {
    return {
      when: formatWhen(language, row.eventDate, row.eventTime),
      date: row.eventDate ? formatDate(language, row.eventDate) : '',
      time: row.eventTime ?? '',
      code: row.clientCode ?? '',
      scope: row.expiringScope ? formatScope(language, row.expiringScope) : '',
      validUntil: row.expiringValidUntil ?? '',
    };
  }

  private log(row: DeliveryRow, outcome: string, code?: string, attempt?: number): void {
    this.logger.info({ reminderId: row.id, kind: row.kind, channel: row.channel, outcome, code, attempt }, 'reminder delivery');
  }
}
