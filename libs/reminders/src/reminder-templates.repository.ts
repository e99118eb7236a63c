import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { ReminderKind } from './entities/reminder.entity';
import type { ReminderLanguage } from './entities/reminder-template.entity';

export interface StoredTemplate {
  kind: ReminderKind;
  language: ReminderLanguage;
  text: string;
  updatedAt: Date;
}

@Injectable()
export class ReminderTemplatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  ofClinic(clinicId: string): Promise<StoredTemplate[]> {
    return sql`SELECT kind, language, text, updated_at FROM reminder_template WHERE clinic_id = ${clinicId}`.rows<StoredTemplate>(
      this.dataSource,
    );
  }

  async upsert(
    em: EntityManager,
    clinicId: string,
    kind: ReminderKind,
    language: ReminderLanguage,
    text: string,
    staffId: string,
  ): Promise<StoredTemplate> {
    return sql`INSERT INTO reminder_template (clinic_id, kind, language, text, updated_by) VALUES (${clinicId}, ${kind}, ${language}, ${text}, ${staffId})
               ON CONFLICT (clinic_id, kind, language) DO UPDATE SET text = excluded.text, updated_by = excluded.updated_by, updated_at = now()
               RETURNING kind, language, text, updated_at`.one<StoredTemplate>(em);
  }

  async remove(em: EntityManager, clinicId: string, kind: ReminderKind, language: ReminderLanguage): Promise<boolean> {
    const deleted =
      await sql`DELETE FROM reminder_template WHERE clinic_id = ${clinicId} AND kind = ${kind} AND language = ${language}`.execute(em);
    return deleted > 0;
  }
}
