import { MigrationInterface, QueryRunner } from 'typeorm';

export class SupportAroundTheClient1795867907201 implements MigrationInterface {
  name = 'SupportAroundTheClient1795867907201';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "counseling_session" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "counselor_id" uuid NOT NULL,
                "date" date NOT NULL,
                "type" character varying(16) NOT NULL,
                "minutes" smallint NOT NULL,
                "topics" text,
                "notes" text,
                "next_appointment_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_counseling_session_minutes" CHECK (
                    "minutes" BETWEEN 1 AND 600
                ),
                CONSTRAINT "CHK_counseling_session_type" CHECK ("type" IN ('individual', 'family', 'group')),
                CONSTRAINT "PK_d98512a43a793eb61d22aa242dd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_counseling_session_next_appointment" ON "counseling_session" ("next_appointment_at")
            WHERE "next_appointment_at" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_counseling_session_client_date" ON "counseling_session" ("client_id", "date")
        `);
    await queryRunner.query(`
            CREATE TABLE "family_contact" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "name" text NOT NULL,
                "relationship" text NOT NULL,
                "phone" text,
                "may_contact" boolean NOT NULL,
                "lives_with_client" boolean,
                "notes" text,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_eb72ef2c8b245e1dd39210caffc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_family_contact_client" ON "family_contact" ("client_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "family_interaction" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "family_contact_id" uuid NOT NULL,
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "date" date NOT NULL,
                "channel" character varying(16) NOT NULL,
                "summary" text,
                "recorded_by" uuid NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_family_interaction_channel" CHECK (
                    "channel" IN ('phone', 'visit', 'family_session', 'message')
                ),
                CONSTRAINT "PK_79d7ebb8c4d37ea8d14fcdf32ac" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_family_interaction_client_date" ON "family_interaction" ("client_id", "date")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_family_interaction_contact_date" ON "family_interaction" ("family_contact_id", "date")
        `);
    await queryRunner.query(`
            CREATE TABLE "peer_attendance" (
                "meeting_id" uuid NOT NULL,
                "client_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "meeting_date" date NOT NULL,
                "status" character varying(10) NOT NULL,
                "recorded_by" uuid NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_peer_attendance_status" CHECK ("status" IN ('present', 'absent', 'excused')),
                CONSTRAINT "PK_86eebcdcad3f077de4de2ce9d28" PRIMARY KEY ("meeting_id", "client_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_peer_attendance_clinic_date" ON "peer_attendance" ("clinic_id", "meeting_date")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_peer_attendance_client_date" ON "peer_attendance" ("client_id", "meeting_date")
        `);
    await queryRunner.query(`
            CREATE TABLE "peer_group_leader" (
                "group_id" uuid NOT NULL,
                "staff_id" uuid NOT NULL,
                CONSTRAINT "PK_3fc6650d1f6e6f302211333c4f5" PRIMARY KEY ("group_id", "staff_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_peer_group_leader_staff" ON "peer_group_leader" ("staff_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "peer_group_member" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "group_id" uuid NOT NULL,
                "client_id" uuid NOT NULL,
                "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "added_by" uuid NOT NULL,
                "left_at" TIMESTAMP WITH TIME ZONE,
                "removed_by" uuid,
                CONSTRAINT "PK_fdf6d67e4d24d9a9b16b205356d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_peer_group_member_client" ON "peer_group_member" ("client_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_peer_group_member_current" ON "peer_group_member" ("group_id", "client_id")
            WHERE "left_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "peer_group" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "clinic_id" uuid NOT NULL,
                "name" character varying(100) NOT NULL,
                "meeting_day" character varying(10),
                "meeting_time" character varying(5),
                "location" character varying(200),
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_peer_group_meeting_day" CHECK (
                    "meeting_day" IS NULL
                    OR "meeting_day" IN (
                        'monday',
                        'tuesday',
                        'wednesday',
                        'thursday',
                        'friday',
                        'saturday',
                        'sunday'
                    )
                ),
                CONSTRAINT "PK_e351b1c386fb75193da6eed58df" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_peer_group_clinic" ON "peer_group" ("clinic_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "peer_meeting" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "group_id" uuid NOT NULL,
                "clinic_id" uuid NOT NULL,
                "date" date NOT NULL,
                "starts_at" character varying(5),
                "topic" text,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e4db322046744a1cf61a6bd07c6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_peer_meeting_group_date" ON "peer_meeting" ("group_id", "date")
        `);
    await queryRunner.query(`
            ALTER TABLE "counseling_session"
            ADD CONSTRAINT "FK_e72dc43c62435d7cc0cf014f492" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "counseling_session"
            ADD CONSTRAINT "FK_380c8b2167903d30ec1b869df6d" FOREIGN KEY ("counselor_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "family_contact"
            ADD CONSTRAINT "FK_bf508f3a1379bdfc4256ebfcbba" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "family_interaction"
            ADD CONSTRAINT "FK_c5f242ddd976b6e4d32a870936c" FOREIGN KEY ("family_contact_id") REFERENCES "family_contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "family_interaction"
            ADD CONSTRAINT "FK_40f0969e52f769f4a73a12b59ba" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_attendance"
            ADD CONSTRAINT "FK_e54a83325949fd1eba3db6446b7" FOREIGN KEY ("meeting_id") REFERENCES "peer_meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_attendance"
            ADD CONSTRAINT "FK_a5f513a9cbfcffe44400aa73edc" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_group_leader"
            ADD CONSTRAINT "FK_7ebff47fe5283df909092e43831" FOREIGN KEY ("group_id") REFERENCES "peer_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_group_leader"
            ADD CONSTRAINT "FK_0a03b02c4477e678ec4c2ab44bd" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_group_member"
            ADD CONSTRAINT "FK_801c6b91ce56961b10933874f7c" FOREIGN KEY ("group_id") REFERENCES "peer_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_group_member"
            ADD CONSTRAINT "FK_0a98853bb796502554618360b7d" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_group"
            ADD CONSTRAINT "FK_80a49210566b165d1cb700ba5c9" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_meeting"
            ADD CONSTRAINT "FK_79f3cd80882a969c9dc6b01f7b3" FOREIGN KEY ("group_id") REFERENCES "peer_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "peer_meeting" DROP CONSTRAINT "FK_79f3cd80882a969c9dc6b01f7b3"
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_group" DROP CONSTRAINT "FK_80a49210566b165d1cb700ba5c9"
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_group_member" DROP CONSTRAINT "FK_0a98853bb796502554618360b7d"
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_group_member" DROP CONSTRAINT "FK_801c6b91ce56961b10933874f7c"
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_group_leader" DROP CONSTRAINT "FK_0a03b02c4477e678ec4c2ab44bd"
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_group_leader" DROP CONSTRAINT "FK_7ebff47fe5283df909092e43831"
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_attendance" DROP CONSTRAINT "FK_a5f513a9cbfcffe44400aa73edc"
        `);
    await queryRunner.query(`
            ALTER TABLE "peer_attendance" DROP CONSTRAINT "FK_e54a83325949fd1eba3db6446b7"
        `);
    await queryRunner.query(`
            ALTER TABLE "family_interaction" DROP CONSTRAINT "FK_40f0969e52f769f4a73a12b59ba"
        `);
    await queryRunner.query(`
            ALTER TABLE "family_interaction" DROP CONSTRAINT "FK_c5f242ddd976b6e4d32a870936c"
        `);
    await queryRunner.query(`
            ALTER TABLE "family_contact" DROP CONSTRAINT "FK_bf508f3a1379bdfc4256ebfcbba"
        `);
    await queryRunner.query(`
            ALTER TABLE "counseling_session" DROP CONSTRAINT "FK_380c8b2167903d30ec1b869df6d"
        `);
    await queryRunner.query(`
            ALTER TABLE "counseling_session" DROP CONSTRAINT "FK_e72dc43c62435d7cc0cf014f492"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_peer_meeting_group_date"
        `);
    await queryRunner.query(`
            DROP TABLE "peer_meeting"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_peer_group_clinic"
        `);
    await queryRunner.query(`
            DROP TABLE "peer_group"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_peer_group_member_current"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_peer_group_member_client"
        `);
    await queryRunner.query(`
            DROP TABLE "peer_group_member"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_peer_group_leader_staff"
        `);
    await queryRunner.query(`
            DROP TABLE "peer_group_leader"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_peer_attendance_client_date"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_peer_attendance_clinic_date"
        `);
    await queryRunner.query(`
            DROP TABLE "peer_attendance"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_family_interaction_contact_date"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_family_interaction_client_date"
        `);
    await queryRunner.query(`
            DROP TABLE "family_interaction"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_family_contact_client"
        `);
    await queryRunner.query(`
            DROP TABLE "family_contact"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_counseling_session_client_date"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_counseling_session_next_appointment"
        `);
    await queryRunner.query(`
            DROP TABLE "counseling_session"
        `);
  }
}
