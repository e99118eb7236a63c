import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReminderAttemptInFlight1795879206052 implements MigrationInterface {
  name = 'ReminderAttemptInFlight1795879206052';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ADD "attempt_started_at" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "reminder" DROP COLUMN "attempt_started_at"
        `);
  }
}
