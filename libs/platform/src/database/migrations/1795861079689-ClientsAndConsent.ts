import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClientsAndConsent1795861079689 implements MigrationInterface {
  name = 'ClientsAndConsent1795861079689';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "client_code_counter" (
                "clinic_id" uuid NOT NULL,
                "last" integer NOT NULL,
                CONSTRAINT "PK_43ad8ad939104a9ca392ceffe0a" PRIMARY KEY ("clinic_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "client_search_term" (
                "client_id" uuid NOT NULL,
                "hash" character(64) NOT NULL,
                "clinic_id" uuid NOT NULL,
                CONSTRAINT "PK_6eac618f284b96c92fcbbd55120" PRIMARY KEY ("client_id", "hash")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_client_search_term_clinic_hash" ON "client_search_term" ("clinic_id", "hash")
        `);
    await queryRunner.query(`
            CREATE TABLE "treatment_episode" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "start_date" date NOT NULL,
                "end_date" date,
                "end_reason" character varying(16),
                CONSTRAINT "CHK_treatment_episode_dates" CHECK (
                    "end_date" IS NULL
                    OR "end_date" >= "start_date"
                ),
                CONSTRAINT "CHK_treatment_episode_end_reason" CHECK (
                    "end_reason" IS NULL
                    OR "end_reason" IN (
                        'completed',
                        'transferred',
                        'deceased',
                        'other',
                        'dropout'
                    )
                ),
                CONSTRAINT "PK_85030d2bed4541fe510c00a7863" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_treatment_episode_clinic_start" ON "treatment_episode" ("clinic_id", "start_date")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_treatment_episode_open" ON "treatment_episode" ("client_id")
            WHERE "end_date" IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "client" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "clinic_id" uuid NOT NULL,
                "code" character varying(20) NOT NULL,
                "given_name" text NOT NULL,
                "family_name" text NOT NULL,
                "preferred_name" text,
                "date_of_birth" text NOT NULL,
                "sex" character varying(8) NOT NULL,
                "phone" text,
                "email" text,
                "national_id" text,
                "national_id_hash" character(64),
                "preferred_language" character varying(8) NOT NULL DEFAULT 'zh-CN',
                "status" character varying(16) NOT NULL DEFAULT 'active',
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_3331ba630bece961ed0e0ab1dc2" UNIQUE ("code"),
                CONSTRAINT "CHK_client_language" CHECK ("preferred_language" IN ('zh-CN', 'en')),
                CONSTRAINT "CHK_client_sex" CHECK ("sex" IN ('female', 'male', 'other', 'unknown')),
                CONSTRAINT "CHK_client_status" CHECK (
                    "status" IN (
                        'active',
                        'dropped_out',
                        'discharged',
                        'transferred',
                        'deceased'
                    )
                ),
                CONSTRAINT "PK_96da49381769303a6515a8785c7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_client_clinic_code" ON "client" ("clinic_id", "code")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_client_clinic_national_id" ON "client" ("clinic_id", "national_id_hash")
            WHERE "national_id_hash" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "care_team_member" (
                "client_id" uuid NOT NULL,
                "staff_id" uuid NOT NULL,
                "role" character varying(16) NOT NULL,
                "clinic_id" uuid NOT NULL,
                "added_by" uuid NOT NULL,
                "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_care_team_member_role" CHECK (
                    "role" IN ('counselor', 'physician', 'peer_leader')
                ),
                CONSTRAINT "PK_106a61828d277a80f845f970106" PRIMARY KEY ("client_id", "staff_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_care_team_member_staff" ON "care_team_member" ("staff_id", "role")
        `);
    await queryRunner.query(`
            CREATE TABLE "consent" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "scope" character varying(32) NOT NULL,
                "valid_from" date NOT NULL,
                "valid_until" date,
                "note" text,
                "recorded_by" uuid NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_by" uuid,
                "revoke_reason" text,
                CONSTRAINT "CHK_consent_period" CHECK (
                    "valid_until" IS NULL
                    OR "valid_until" >= "valid_from"
                ),
                CONSTRAINT "CHK_consent_scope" CHECK (
                    "scope" IN (
                        'peer_support',
                        'family_contact',
                        'sms_reminders',
                        'email_reminders',
                        'research'
                    )
                ),
                CONSTRAINT "PK_9115e8d6b082d4fc46d56134d29" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_consent_client_scope" ON "consent" ("client_id", "scope")
        `);
    await queryRunner.query(`
            CREATE TABLE "emergency_access" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "staff_id" uuid NOT NULL,
                "staff_role" character varying(32) NOT NULL,
                "reason" text NOT NULL,
                "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_df6a3cc6b2bd3f218edb410a3f3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_emergency_access_clinic_granted" ON "emergency_access" ("clinic_id", "granted_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_emergency_access_staff_client" ON "emergency_access" ("staff_id", "client_id", "expires_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "client_code_counter"
            ADD CONSTRAINT "FK_43ad8ad939104a9ca392ceffe0a" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "client_search_term"
            ADD CONSTRAINT "FK_409d679f368a3420c657207f58d" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "treatment_episode"
            ADD CONSTRAINT "FK_85531f1daa89247acff8a44e683" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "client"
            ADD CONSTRAINT "FK_abdc393f77aec461466d487b0e7" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "care_team_member"
            ADD CONSTRAINT "FK_566cf8d506cdb3fd3537fa5439d" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "care_team_member"
            ADD CONSTRAINT "FK_60c7fd844922f0d115159925ebb" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "consent"
            ADD CONSTRAINT "FK_0e984f4e2e451260a3ec425aab6" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_access"
            ADD CONSTRAINT "FK_532d635fe2f56000f902762b5ea" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_access"
            ADD CONSTRAINT "FK_9fd74613964395c5d24f32af00b" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "emergency_access" DROP CONSTRAINT "FK_9fd74613964395c5d24f32af00b"
        `);
    await queryRunner.query(`
            ALTER TABLE "emergency_access" DROP CONSTRAINT "FK_532d635fe2f56000f902762b5ea"
        `);
    await queryRunner.query(`
            ALTER TABLE "consent" DROP CONSTRAINT "FK_0e984f4e2e451260a3ec425aab6"
        `);
    await queryRunner.query(`
            ALTER TABLE "care_team_member" DROP CONSTRAINT "FK_60c7fd844922f0d115159925ebb"
        `);
    await queryRunner.query(`
            ALTER TABLE "care_team_member" DROP CONSTRAINT "FK_566cf8d506cdb3fd3537fa5439d"
        `);
    await queryRunner.query(`
            ALTER TABLE "client" DROP CONSTRAINT "FK_abdc393f77aec461466d487b0e7"
        `);
    await queryRunner.query(`
            ALTER TABLE "treatment_episode" DROP CONSTRAINT "FK_85531f1daa89247acff8a44e683"
        `);
    await queryRunner.query(`
            ALTER TABLE "client_search_term" DROP CONSTRAINT "FK_409d679f368a3420c657207f58d"
        `);
    await queryRunner.query(`
            ALTER TABLE "client_code_counter" DROP CONSTRAINT "FK_43ad8ad939104a9ca392ceffe0a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_emergency_access_staff_client"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_emergency_access_clinic_granted"
        `);
    await queryRunner.query(`
            DROP TABLE "emergency_access"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_consent_client_scope"
        `);
    await queryRunner.query(`
            DROP TABLE "consent"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_care_team_member_staff"
        `);
    await queryRunner.query(`
            DROP TABLE "care_team_member"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_client_clinic_national_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_client_clinic_code"
        `);
    await queryRunner.query(`
            DROP TABLE "client"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_treatment_episode_open"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_treatment_episode_clinic_start"
        `);
    await queryRunner.query(`
            DROP TABLE "treatment_episode"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_client_search_term_clinic_hash"
        `);
    await queryRunner.query(`
            DROP TABLE "client_search_term"
        `);
    await queryRunner.query(`
            DROP TABLE "client_code_counter"
        `);
  }
}
