import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each clinic's templates approved by its SMS provider (Aliyun, Tencent Cloud), one per reminder kind. */
export class SmsTemplates1796950000000 implements MigrationInterface {
  name = 'SmsTemplates1796950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "sms_template" (
                "clinic_id" uuid NOT NULL,
                "kind" character varying(20) NOT NULL,
                "template_code" character varying(64) NOT NULL,
                "params" text array NOT NULL,
                "preview_text" text NOT NULL,
                "updated_by" uuid NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_sms_template_kind" CHECK (
                    "kind" IN (
                        'appointment',
                        'meeting',
                        'missed_dose',
                        'family_outreach',
                        'consent_expiry'
                    )
                ),
                CONSTRAINT "PK_sms_template" PRIMARY KEY ("clinic_id", "kind")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "sms_template"
            ADD CONSTRAINT "FK_8e46a3885126227bb338a520aac" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sms_template" DROP CONSTRAINT "FK_8e46a3885126227bb338a520aac"
        `);
    await queryRunner.query(`
            DROP TABLE "sms_template"
        `);
  }
}
