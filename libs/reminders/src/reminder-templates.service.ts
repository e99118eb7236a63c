import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClinicsService } from '@tongban/clinics';
import { actorOf, AuditService, Caller, PlatformException } from '@tongban/platform';
import { DataSource } from 'typeorm';
import { PutReminderTemplateDto, ReminderTemplateDto } from './dto/reminder-template.dto';
import { REMINDER_KINDS, ReminderKind } from './entities/reminder.entity';
import { REMINDER_LANGUAGES, ReminderLanguage } from './entities/reminder-template.entity';
import { RemindersErrorCode, RemindersException } from './reminders.exception';
import { ReminderTemplatesRepository } from './reminder-templates.repository';
import { indiscreetWords } from './texts/discretion';
import { BUILT_IN_TEMPLATES, reachesClientOrFamily, unknownPlaceholders } from './texts/templates';

/**
 * A clinic's reminder texts: the built-in ones, or its own in their place
 * (admin, or the clinic's coordinator). A text that reaches clients or
 * relatives is checked for discretion when it is saved.
 */
@Injectable()
export class ReminderTemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: ReminderTemplatesRepository,
    private readonly clinics: ClinicsService,
    private readonly audit: AuditService,
  ) {}

  /** Every kind in both languages, as the clinic's messages read now. */
  async list(caller: Caller, clinicId: string): Promise<ReminderTemplateDto[]> {
    await this.clinics.get(caller, clinicId);
    const own = new Map((await this.templates.ofClinic(clinicId)).map((template) => [`${template.kind}|${template.language}`, template]));
    return REMINDER_KINDS.flatMap((kind) =>
      REMINDER_LANGUAGES.map((language) => {
        const custom = own.get(`${kind}|${language}`);
        return {
          kind,
          language,
          text: custom?.text ?? BUILT_IN_TEMPLATES[kind][language],
          custom: custom !== undefined,
          updatedAt: custom?.updatedAt.toISOString() ?? null,
        };
      }),
    );
  }

  async put(
    caller: Caller,
    clinicId: string,
    kindParam: string,
    languageParam: string,
    dto: PutReminderTemplateDto,
  ): Promise<ReminderTemplateDto> {
    const { kind, language } = parseKey(kindParam, languageParam);
    await this.clinics.get(caller, clinicId);
    const text = dto.text.trim();
    const unknown = unknownPlaceholders(kind, text);
    if (unknown.length > 0) {
      throw PlatformException.validation([
        { field: 'text', message: `text uses placeholders that ${kind} does not know: ${unknown.map((name) => `{${name}}`).join(', ')}` },
      ]);
    }
    const words = reachesClientOrFamily(kind) ? indiscreetWords(text) : [];
    if (words.length > 0) {
      throw new RemindersException(
        RemindersErrorCode.TEMPLATE_NOT_DISCREET,
        'A text to clients or relatives may not name drugs, methadone, addiction, treatment or what the clinic is for: phones are shared.',
        [{ field: 'text', message: `text names ${words.join(', ')}` }],
      );
    }
    const saved = await this.dataSource.transaction(async (em) => {
      const stored = await this.templates.upsert(em, clinicId, kind, language, text, caller.staffId);
      await this.audit.record(em, actorOf(caller), {
        action: 'reminder_template.update',
        clinicId,
        targetType: 'clinic',
        targetId: clinicId,
        grounds: 'role',
        details: { kind, language },
      });
      return stored;
    });
    return { kind, language, text: saved.text, custom: true, updatedAt: saved.updatedAt.toISOString() };
  }

  /** Back to the built-in text. */
  async remove(caller: Caller, clinicId: string, kindParam: string, languageParam: string): Promise<void> {
    const { kind, language } = parseKey(kindParam, languageParam);
    await this.clinics.get(caller, clinicId);
    await this.dataSource.transaction(async (em) => {
      if (!(await this.templates.remove(em, clinicId, kind, language))) return;
      await this.audit.record(em, actorOf(caller), {
        action: 'reminder_template.reset',
        clinicId,
        targetType: 'clinic',
        targetId: clinicId,
        grounds: 'role',
        details: { kind, language },
      });
    });
  }
}

function parseKey(kind: string, language: string): { kind: ReminderKind; language: ReminderLanguage } {
  const errors = [];
  if (!REMINDER_KINDS.includes(kind as ReminderKind))
    errors.push({ field: 'kind', message: `kind must be one of ${REMINDER_KINDS.join(', ')}` });
  if (!REMINDER_LANGUAGES.includes(language as ReminderLanguage)) {
    errors.push({ field: 'language', message: `language must be one of ${REMINDER_LANGUAGES.join(', ')}` });
  }
  if (errors.length > 0) throw PlatformException.validation(errors);
  return { kind: kind as ReminderKind, language: language as ReminderLanguage };
}
