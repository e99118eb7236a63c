import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import { actorOf, AppConfig, AuditService, Caller, Clock, PlatformException } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { Channels } from './channels/channels';
import { DeliveryError, DeliveryErrorCode } from './channels/delivery-error';
import { PutSmsTemplateDto, SmsTemplateDto, SmsTemplatesDto, SmsTestResultDto } from './dto/sms-template.dto';
import { REMINDER_KINDS, ReminderKind } from './entities/reminder.entity';
import { RemindersErrorCode, RemindersException } from './reminders.exception';
import { ReminderErrorCode } from './rules/send-rules';
import { SmsTemplatesRepository, StoredSmsTemplate } from './sms-templates.repository';
import { fillSmsTemplate, SMS_SAMPLE_VALUES, SMS_TEMPLATE_PARAMS, smsTemplateProblems } from './texts/sms-templates';

/** Test messages one staff member may send in {@link TEST_WINDOW_MS}. */
const TEST_LIMIT = 3;
const TEST_WINDOW_MS = 10 * 60_000;

/**
 * A clinic's SMS templates as its provider approved them (Aliyun, Tencent
 * Cloud: free text is refused there), one per reminder kind, set by admin or
 * the clinic's coordinator; and a test message of one of them to the
 * caller's own phone, with sample values.
 */
@Injectable()
export class SmsTemplatesService {
  /** Test messages sent by staff id (this process; enough to keep a button from being a message cannon). */
  private readonly tests = new Map<string, number[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: SmsTemplatesRepository,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly channels: Channels,
    private readonly clock: Clock,
  ) {}

  async list(caller: Caller, clinicId: string): Promise<SmsTemplatesDto> {
    await this.clinics.get(caller, clinicId);
    return {
      provider: this.config.smsProvider ?? 'gateway',
      items: (await this.templates.ofClinic(clinicId)).map(dtoOf),
      params: REMINDER_KINDS.map((kind) => ({ kind, allowed: [...SMS_TEMPLATE_PARAMS[kind]] })),
      sampleValues: { ...SMS_SAMPLE_VALUES },
    };
  }

  async put(caller: Caller, clinicId: string, kindParam: string, dto: PutSmsTemplateDto): Promise<SmsTemplateDto> {
    const kind = parseKind(kindParam);
    await this.clinics.get(caller, clinicId);
    const previewText = dto.previewText.trim();
    const problems = smsTemplateProblems(kind, dto.params, previewText);
    const invalid = problems.flatMap((problem) => {
      switch (problem.kind) {
        case 'unknown':
          return [
            {
              field: 'params',
              message: `params names ${problem.name}, which ${kind} cannot fill; it may use ${SMS_TEMPLATE_PARAMS[kind].join(', ') || 'none'}`,
            },
          ];
        case 'repeated':
          return [{ field: 'params', message: `params names ${problem.name} twice` }];
        case 'undeclared':
          return [{ field: 'previewText', message: `previewText uses \${${problem.name}}, which is not in params` }];
        default:
          return [];
      }
    });
    if (invalid.length > 0) throw PlatformException.validation(invalid);
    const indiscreet = problems.find((problem) => problem.kind === 'indiscreet');
    if (indiscreet) {
      throw new RemindersException(
        RemindersErrorCode.TEMPLATE_NOT_DISCREET,
        'A text to clients or relatives may not name drugs, methadone, addiction, treatment or what the clinic is for: phones are shared.',
        [{ field: 'previewText', message: `previewText names ${indiscreet.words.join(', ')}` }],
      );
    }
    const saved = await this.dataSource.transaction(async (em) => {
      const stored = await this.templates.upsert(
        em,
        clinicId,
        kind,
        { templateCode: dto.templateCode, params: dto.params, previewText },
        caller.staffId,
      );
      await this.audit.record(em, actorOf(caller), {
        action: 'sms_template.update',
        clinicId,
        targetType: 'clinic',
        targetId: clinicId,
        grounds: 'role',
        details: { kind, templateCode: dto.templateCode },
      });
      return stored;
    });
    return dtoOf(saved);
  }

  /**
   * Sends the kind's template, with the sample values, to `phone` (the
   * caller's own; not stored, not audited) through the provider in use, now,
   * and says how it went. Audited; a few per staff member in ten minutes.
   */
  async sendTest(caller: Caller, clinicId: string, kindParam: string, phone: string): Promise<SmsTestResultDto> {
    const kind = parseKind(kindParam);
    await this.clinics.get(caller, clinicId);
    this.admitTest(caller.staffId);
    const template = (await this.templates.ofClinic(clinicId)).find((stored) => stored.kind === kind);
    const channel = this.channels.get('sms');
    let errorCode: string | null = null;
    if (!template) errorCode = DeliveryErrorCode.TEMPLATE_MISSING;
    else if (!channel.configured()) errorCode = ReminderErrorCode.CHANNEL_NOT_CONFIGURED;
    else {
      try {
        await channel.send({
          reminderId: randomUUID(),
          kind,
          clinicId,
          clientId: null,
          to: phone,
          // The gateway sends text: the approved text with the sample values.
          text: fillSmsTemplate(template.previewText, SMS_SAMPLE_VALUES),
          subject: '',
          values: SMS_SAMPLE_VALUES,
        });
      } catch (error) {
        errorCode = error instanceof DeliveryError ? error.code : 'NETWORK_ERROR';
      }
    }
    const status = errorCode === null ? 'sent' : 'failed';
    await this.dataSource.transaction((em) =>
      this.audit.record(em, actorOf(caller), {
        action: 'sms_template.test',
        clinicId,
        targetType: 'clinic',
        targetId: clinicId,
        grounds: 'role',
        details: { kind, status, errorCode },
      }),
    );
    return { status, errorCode };
  }

  private admitTest(staffId: string): void {
    const now = this.clock.now().getTime();
    const recent = (this.tests.get(staffId) ?? []).filter((at) => at > now - TEST_WINDOW_MS);
    if (recent.length >= TEST_LIMIT) {
      this.tests.set(staffId, recent);
      throw PlatformException.busy(
        'Too many test messages: try again in a few minutes.',
        Math.ceil((recent[0] + TEST_WINDOW_MS - now) / 1000),
      );
    }
    this.tests.set(staffId, [...recent, now]);
  }
}

function dtoOf(stored: StoredSmsTemplate): SmsTemplateDto {
  return {
    kind: stored.kind,
    templateCode: stored.templateCode,
    params: stored.params,
    previewText: stored.previewText,
    updatedAt: stored.updatedAt.toISOString(),
  };
}

function parseKind(kind: string): ReminderKind {
  if (!REMINDER_KINDS.includes(kind as ReminderKind)) {
    throw PlatformException.validation([{ field: 'kind', message: `kind must be one of ${REMINDER_KINDS.join(', ')}` }]);
  }
  return kind as ReminderKind;
}
