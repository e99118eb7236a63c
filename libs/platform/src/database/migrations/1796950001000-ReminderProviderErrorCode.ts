import { MigrationInterface, QueryRunner } from 'typeorm';

/** Room for an SMS provider's own code in `last_error_code` (`TENCENT:LimitExceeded.PhoneNumberDailyLimit`). */
export class ReminderProviderErrorCode1796950001000 implements MigrationInterface {
  name = 'ReminderProviderErrorCode1796950001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ALTER COLUMN "last_error_code" TYPE character varying(100)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ALTER COLUMN "last_error_code" TYPE character varying(40)
        `);
  }
}
