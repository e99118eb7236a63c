import { MigrationInterface, QueryRunner } from 'typeorm';

export class SealIdempotentAnswers1795862108135 implements MigrationInterface {
  name = 'SealIdempotentAnswers1795862108135';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "idempotency_record" DROP COLUMN "response_body"
        `);
    await queryRunner.query(`
            ALTER TABLE "idempotency_record"
            ADD "response_body" text
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "idempotency_record" DROP COLUMN "response_body"
        `);
    await queryRunner.query(`
            ALTER TABLE "idempotency_record"
            ADD "response_body" jsonb
        `);
  }
}
