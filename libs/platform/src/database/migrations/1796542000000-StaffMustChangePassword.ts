import { MigrationInterface, QueryRunner } from 'typeorm';

/** A password someone else set must be changed at the first sign-in; existing accounts keep theirs. */
export class StaffMustChangePassword1796542000000 implements MigrationInterface {
  name = 'StaffMustChangePassword1796542000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "staff"
            ADD "must_change_password" boolean NOT NULL DEFAULT false
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "staff" DROP COLUMN "must_change_password"
        `);
  }
}
