import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from '@tongban/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { ReminderKind } from './entities/reminder.entity';

export interface StoredSmsTemplate {
  kind: ReminderKind;
  templateCode: string;
  params: string[];
  previewText: string;
  updatedAt: Date;
}

@Injectable()
export class SmsTemplatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  ofClinic(clinicId: string): Promise<StoredSmsTemplate[]> {
    return sql`SELECT kind, template_code, params, preview_text, updated_at FROM sms_template WHERE clinic_id = ${clinicId} ORDER BY kind`.rows<StoredSmsTemplate>(
      this.dataSource,
    );
  }

  upsert(
    em: EntityManager,
    clinicId: string,
    kind: ReminderKind,
    template: Omit<StoredSmsTemplate, 'kind' | 'updatedAt'>,
    staffId: string,
  ) {
    return sql`INSERT INTO sms_template (clinic_id, kind, template_code, params, preview_text, updated_by)
               VALUES (${clinicId}, ${kind}, ${template.templateCode}, ${template.params}::text[], ${template.previewText}, ${staffId})
               ON CONFLICT (clinic_id, kind) DO UPDATE SET template_code = excluded.template_code, params = excluded.params,
                      preview_text = excluded.preview_text, updated_by = excluded.updated_by, updated_at = now()
               RETURNING kind, template_code, params, preview_text, updated_at`.one<StoredSmsTemplate>(em);
  }
}
