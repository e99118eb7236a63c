import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An idempotency claim carries a token (fencing the work's commit), the time
 * it was claimed (a lease, after which a claim whose work never committed is
 * taken over) and the moment its work committed.
 */
export class IdempotencyClaimLease1795900000000 implements MigrationInterface {
  name = 'IdempotencyClaimLease1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "idempotency_record"
            ADD "claim_token" uuid NOT NULL DEFAULT gen_random_uuid()
        `);
    await queryRunner.query(`
            ALTER TABLE "idempotency_record"
            ALTER COLUMN "claim_token" DROP DEFAULT
        `);
    await queryRunner.query(`
            ALTER TABLE "idempotency_record"
            ADD "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
        `);
    await queryRunner.query(`
            ALTER TABLE "idempotency_record"
            ADD "committed_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            UPDATE "idempotency_record" SET "committed_at" = "created_at" WHERE "status_code" IS NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "idempotency_record" DROP COLUMN "committed_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "idempotency_record" DROP COLUMN "claimed_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "idempotency_record" DROP COLUMN "claim_token"
        `);
  }
}
