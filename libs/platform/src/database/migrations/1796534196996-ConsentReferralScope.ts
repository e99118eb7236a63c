import { MigrationInterface, QueryRunner } from 'typeorm';

/** The referral consent scope of api.md: the clinic may share what a referral needs with the organisation. */
export class ConsentReferralScope1796534196996 implements MigrationInterface {
  name = 'ConsentReferralScope1796534196996';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consent" DROP CONSTRAINT "CHK_consent_scope"`);
    await queryRunner.query(
      `ALTER TABLE "consent" ADD CONSTRAINT "CHK_consent_scope" CHECK ("scope" IN ('peer_support', 'family_contact', 'sms_reminders', 'email_reminders', 'research', 'referral'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "consent" WHERE "scope" = 'referral'`);
    await queryRunner.query(`ALTER TABLE "consent" DROP CONSTRAINT "CHK_consent_scope"`);
    await queryRunner.query(
      `ALTER TABLE "consent" ADD CONSTRAINT "CHK_consent_scope" CHECK ("scope" IN ('peer_support', 'family_contact', 'sms_reminders', 'email_reminders', 'research'))`,
    );
  }
}
