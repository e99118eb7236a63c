import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reminders1795870007624 implements MigrationInterface {
  name = 'Reminders1795870007624';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notification" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "staff_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "reminder_id" uuid NOT NULL,
                "client_id" uuid,
                "kind" character varying(20) NOT NULL,
                "text" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "read_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_notification_staff_created" ON "notification" ("staff_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_notification_reminder" ON "notification" ("reminder_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "reminder_template" (
                "clinic_id" uuid NOT NULL,
                "kind" character varying(20) NOT NULL,
                "language" character varying(8) NOT NULL,
                "text" text NOT NULL,
                "updated_by" uuid NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_reminder_template_language" CHECK ("language" IN ('zh-CN', 'en')),
                CONSTRAINT "CHK_reminder_template_kind" CHECK (
                    "kind" IN (
                        'appointment',
                        'meeting',
                        'missed_dose',
                        'family_outreach',
                        'consent_expiry'
                    )
                ),
                CONSTRAINT "PK_6df6c59ecb29b4a239d4dd3b0a0" PRIMARY KEY ("clinic_id", "kind", "language")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "reminder" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "clinic_id" uuid NOT NULL,
                "client_id" uuid,
                "kind" character varying(20) NOT NULL,
                "channel" character varying(8) NOT NULL,
                "recipient" character varying(8) NOT NULL,
                "family_contact_id" uuid,
                "staff_id" uuid,
                "scheduled_for" TIMESTAMP WITH TIME ZONE NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'scheduled',
                "attempts" smallint NOT NULL DEFAULT '0',
                "last_error_code" character varying(40),
                "source_id" uuid,
                "event_date" date,
                "event_time" character varying(5),
                "note" text,
                "address" text,
                "text" text,
                "dedupe_key" character varying(200) NOT NULL,
                "enqueued_at" TIMESTAMP WITH TIME ZONE,
                "claimed_until" TIMESTAMP WITH TIME ZONE,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "created_by" uuid,
                "cancelled_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_reminder_attempts" CHECK ("attempts" >= 0),
                CONSTRAINT "CHK_reminder_addressee" CHECK (
                    (
                        "recipient" = 'client'
                        AND "client_id" IS NOT NULL
                    )
                    OR (
                        "recipient" = 'family'
                        AND "family_contact_id" IS NOT NULL
                    )
                    OR (
                        "recipient" = 'staff'
                        AND "staff_id" IS NOT NULL
                    )
                ),
                CONSTRAINT "CHK_reminder_status" CHECK (
                    "status" IN (
                        'scheduled',
                        'held',
                        'sent',
                        'failed',
                        'cancelled'
                    )
                ),
                CONSTRAINT "CHK_reminder_recipient" CHECK ("recipient" IN ('client', 'family', 'staff')),
                CONSTRAINT "CHK_reminder_channel" CHECK ("channel" IN ('sms', 'email', 'in_app')),
                CONSTRAINT "CHK_reminder_kind" CHECK (
                    "kind" IN (
                        'appointment',
                        'meeting',
                        'missed_dose',
                        'family_outreach',
                        'consent_expiry'
                    )
                ),
                CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id")
            )
        `);
    // Added by hand (TypeORM does not model storage parameters): room in each page for the new
    // version of a row, so that the claim and the relay's mark (which change no indexed column)
    // are HOT updates and leave the indexes alone.
    await queryRunner.query(`ALTER TABLE "reminder" SET (fillfactor = 70)`);
    await queryRunner.query(`
            CREATE INDEX "IDX_reminder_source" ON "reminder" ("source_id")
            WHERE "source_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_reminder_client" ON "reminder" ("client_id", "status")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_reminder_clinic_scheduled" ON "reminder" ("clinic_id", "scheduled_for", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_reminder_due" ON "reminder" ("due_at")
            WHERE "status" IN ('scheduled', 'held')
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_reminder_dedupe_key" ON "reminder" ("dedupe_key")
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_bca28cbe8cc5f48daeb3a6e79c6" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_6a6c55ab808a55b434c8b0ce6e3" FOREIGN KEY ("reminder_id") REFERENCES "reminder"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_ba99104b2d760362b8f2ca0ac05" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_template"
            ADD CONSTRAINT "FK_88514386af651b34a351b78a820" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ADD CONSTRAINT "FK_109d98e4c676fb757874528f699" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ADD CONSTRAINT "FK_fdae639a6cd02eb4c54df16be0a" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ADD CONSTRAINT "FK_41ea2d68bcdae562cab1454488b" FOREIGN KEY ("family_contact_id") REFERENCES "family_contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ADD CONSTRAINT "FK_70b68170f3f7017fd96545504d0" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "reminder" DROP CONSTRAINT "FK_70b68170f3f7017fd96545504d0"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder" DROP CONSTRAINT "FK_41ea2d68bcdae562cab1454488b"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder" DROP CONSTRAINT "FK_fdae639a6cd02eb4c54df16be0a"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder" DROP CONSTRAINT "FK_109d98e4c676fb757874528f699"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_template" DROP CONSTRAINT "FK_88514386af651b34a351b78a820"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_ba99104b2d760362b8f2ca0ac05"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_6a6c55ab808a55b434c8b0ce6e3"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_bca28cbe8cc5f48daeb3a6e79c6"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_reminder_dedupe_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_reminder_due"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_reminder_clinic_scheduled"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_reminder_client"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_reminder_source"
        `);
    await queryRunner.query(`
            DROP TABLE "reminder"
        `);
    await queryRunner.query(`
            DROP TABLE "reminder_template"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_notification_reminder"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_notification_staff_created"
        `);
    await queryRunner.query(`
            DROP TABLE "notification"
        `);
  }
}
