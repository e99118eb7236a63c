import { MigrationInterface, QueryRunner } from 'typeorm';

/** Why a member was absent from a peer meeting, and who started a family interaction (staff, family or client). */
export class AbsenceReasonsAndInteractionInitiator1796543000000 implements MigrationInterface {
  name = 'AbsenceReasonsAndInteractionInitiator1796543000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "peer_attendance" ADD "reason" character varying(16)`);
    await queryRunner.query(
      `ALTER TABLE "peer_attendance" ADD CONSTRAINT "CHK_peer_attendance_reason" CHECK ("reason" IS NULL OR ("status" = 'absent' AND "reason" IN ('work', 'transport', 'health', 'privacy', 'not_interested', 'other')))`,
    );
    await queryRunner.query(`ALTER TABLE "family_interaction" ADD "initiated_by" character varying(8) NOT NULL DEFAULT 'staff'`);
    await queryRunner.query(
      `ALTER TABLE "family_interaction" ADD CONSTRAINT "CHK_family_interaction_initiated_by" CHECK ("initiated_by" IN ('staff', 'family', 'client'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "family_interaction" DROP CONSTRAINT "CHK_family_interaction_initiated_by"`);
    await queryRunner.query(`ALTER TABLE "family_interaction" DROP COLUMN "initiated_by"`);
    await queryRunner.query(`ALTER TABLE "peer_attendance" DROP CONSTRAINT "CHK_peer_attendance_reason"`);
    await queryRunner.query(`ALTER TABLE "peer_attendance" DROP COLUMN "reason"`);
  }
}
