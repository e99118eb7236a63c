import { MigrationInterface, QueryRunner } from 'typeorm';

/** Referrals to outside services; organisation, note and outcome sealed. */
export class Referrals1796800200000 implements MigrationInterface {
  name = 'Referrals1796800200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "referral" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "clinic_id" uuid NOT NULL, "service" character varying(24) NOT NULL, "organisation" text NOT NULL, "date" date NOT NULL, "shares_personal_data" boolean NOT NULL, "note" text, "status" character varying(16) NOT NULL DEFAULT 'made', "outcome" text, "attended_on" date, "referred_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_referral_status" CHECK ("status" IN ('made', 'attended', 'not_attended', 'closed')), CONSTRAINT "CHK_referral_service" CHECK ("service" IN ('hiv', 'hepatitis_c', 'tuberculosis', 'mental_health', 'employment', 'social_assistance', 'housing', 'legal_aid', 'other')), CONSTRAINT "PK_a2d3e935a6591168066defec5ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_referral_follow_up" ON "referral"  ("referred_by", "date") WHERE "status" = 'made'`);
    await queryRunner.query(`CREATE INDEX "IDX_referral_client_date" ON "referral"  ("client_id", "date") `);
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "FK_c20dd5762db0c18efa87e591747" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "FK_3d110bae30b3abe9b3d0b43a0c5" FOREIGN KEY ("referred_by") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "FK_c20dd5762db0c18efa87e591747"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "FK_3d110bae30b3abe9b3d0b43a0c5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_referral_client_date"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_referral_follow_up"`);
    await queryRunner.query(`DROP TABLE "referral"`);
  }
}
