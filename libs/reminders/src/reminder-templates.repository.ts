import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
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
    return this.dataSource.query<StoredTemplate[]>(
      `SELECT kind, language, text, updated_at AS "updatedAt" FROM reminder_template WHERE clinic_id = $1`,
      [clinicId],
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
    const rows = await em.query<StoredTemplate[]>(
      `INSERT INTO reminder_template (clinic_id, kind, language, text, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (clinic_id, kind, language) DO UPDATE SET text = excluded.text, updated_by = excluded.updated_by, updated_at = now()
       RETURNING kind, language, text, updated_at AS "updatedAt"`,
      [clinicId, kind, language, text, staffId],
    );
    return rows[0];
  }

  async remove(em: EntityManager, clinicId: string, kind: ReminderKind, language: ReminderLanguage): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `WITH d AS (DELETE FROM reminder_template WHERE clinic_id = $1 AND kind = $2 AND language = $3 RETURNING 1) SELECT * FROM d`,
      [clinicId, kind, language],
    );
    return rows.length > 0;
  }
}
