import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795859533831 implements MigrationInterface {
  name = 'Foundation1795859533831';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_chain_head" (
                "chain" character varying(64) NOT NULL,
                "seq" bigint NOT NULL,
                "hash" character(64) NOT NULL,
                CONSTRAINT "PK_3122ef4d6f080d71bb90742acc5" PRIMARY KEY ("chain")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_event" (
                "id" uuid NOT NULL,
                "chain" character varying(64) NOT NULL,
                "seq" bigint NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "actor_id" uuid,
                "actor_role" character varying(32),
                "clinic_id" uuid,
                "client_id" uuid,
                "action" character varying(64) NOT NULL,
                "target_type" character varying(32),
                "target_id" character varying(64),
                "grounds" character varying(16),
                "details" jsonb NOT NULL DEFAULT '{}',
                "request_id" character varying(100),
                "prev_hash" character(64) NOT NULL,
                "hash" character(64) NOT NULL,
                CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_audit_event_actor_time" ON "audit_event" ("actor_id", "occurred_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_audit_event_client_time" ON "audit_event" ("client_id", "occurred_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_audit_event_clinic_time" ON "audit_event" ("clinic_id", "occurred_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_audit_event_chain_seq" ON "audit_event" ("chain", "seq")
        `);
    await queryRunner.query(`
            CREATE TABLE "idempotency_record" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "staff_id" uuid NOT NULL,
                "key" character varying(100) NOT NULL,
                "request_hash" character(64) NOT NULL,
                "status_code" integer,
                "response_body" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_0dc165e218120167e4a55dcc8d4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_idempotency_record_staff_key" ON "idempotency_record" ("staff_id", "key")
        `);
    await queryRunner.query(`
            CREATE TABLE "auth_session" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "staff_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_reason" character varying(32),
                CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_auth_session_staff" ON "auth_session" ("staff_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "refresh_token" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "session_id" uuid NOT NULL,
                "token_hash" character(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "UQ_f0812282fad2e352cdaf83ef0a9" UNIQUE ("token_hash"),
                CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_refresh_token_session" ON "refresh_token" ("session_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "login_throttle" (
                "key" character(64) NOT NULL,
                "failures" integer NOT NULL,
                "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "locked_until" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "clinic" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(8) NOT NULL,
                "name" character varying(200) NOT NULL,
                "time_zone" character varying(64) NOT NULL DEFAULT 'Asia/Shanghai',
                "missed_doses_assess" integer NOT NULL DEFAULT '3',
                "missed_doses_retitrate" integer NOT NULL DEFAULT '5',
                "dropout_days" integer NOT NULL DEFAULT '30',
                "quiet_hours_start" character(5) NOT NULL DEFAULT '21:00',
                "quiet_hours_end" character(5) NOT NULL DEFAULT '08:00',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_2892724f9d4fee3345c17ef2eb4" UNIQUE ("code"),
                CONSTRAINT "CHK_clinic_thresholds" CHECK (
                    "missed_doses_assess" >= 1
                    AND "missed_doses_retitrate" > "missed_doses_assess"
                    AND "dropout_days" > "missed_doses_retitrate"
                ),
                CONSTRAINT "PK_8e97c18debc9c7f7606e311d763" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "staff" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "username" character varying(64) NOT NULL,
                "password_hash" text NOT NULL,
                "display_name" character varying(200) NOT NULL,
                "role" character varying(32) NOT NULL,
                "clinic_id" uuid,
                "active" boolean NOT NULL DEFAULT true,
                "sessions_valid_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_35aafb5ad218f3ff1ff70e281eb" UNIQUE ("username"),
                CONSTRAINT "CHK_staff_admin_has_no_clinic" CHECK (("role" = 'admin') = ("clinic_id" IS NULL)),
                CONSTRAINT "CHK_staff_role" CHECK (
                    "role" IN (
                        'admin',
                        'coordinator',
                        'physician',
                        'nurse',
                        'counselor',
                        'peer_leader'
                    )
                ),
                CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_staff_clinic_role" ON "staff" ("clinic_id", "role")
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_session"
            ADD CONSTRAINT "FK_e143b481362721569aee1167a22" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "refresh_token"
            ADD CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c" FOREIGN KEY ("session_id") REFERENCES "auth_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "staff"
            ADD CONSTRAINT "FK_414c233b6992cca033f0511c9e5" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    // Not generated: the database itself keeps the audit trail append-only.
    await queryRunner.query(`
            CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
            END;
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "audit_event"
            FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event"
            FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_event_no_truncate" ON "audit_event"`);
    await queryRunner.query(`DROP TRIGGER "audit_event_append_only" ON "audit_event"`);
    await queryRunner.query(`DROP FUNCTION audit_event_refuse_change()`);
    await queryRunner.query(`
            ALTER TABLE "staff" DROP CONSTRAINT "FK_414c233b6992cca033f0511c9e5"
        `);
    await queryRunner.query(`
            ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c"
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_session" DROP CONSTRAINT "FK_e143b481362721569aee1167a22"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_staff_clinic_role"
        `);
    await queryRunner.query(`
            DROP TABLE "staff"
        `);
    await queryRunner.query(`
            DROP TABLE "clinic"
        `);
    await queryRunner.query(`
            DROP TABLE "login_throttle"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_refresh_token_session"
        `);
    await queryRunner.query(`
            DROP TABLE "refresh_token"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_auth_session_staff"
        `);
    await queryRunner.query(`
            DROP TABLE "auth_session"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_idempotency_record_staff_key"
        `);
    await queryRunner.query(`
            DROP TABLE "idempotency_record"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_audit_event_chain_seq"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_audit_event_clinic_time"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_audit_event_client_time"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_audit_event_actor_time"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_event"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_chain_head"
        `);
  }
}
