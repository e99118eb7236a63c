import { MigrationInterface, QueryRunner } from 'typeorm';

/** The research export's projects, each with its sealed secret for the research IDs (issue #21). */
export class ResearchProjects1797000000000 implements MigrationInterface {
  name = 'ResearchProjects1797000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "research_project" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(64) NOT NULL,
                "secret" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_5962aa7071e70f080d47f01b66f" UNIQUE ("name"),
                CONSTRAINT "PK_d89976c5965af53fb5375851c81" PRIMARY KEY ("id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "research_project"`);
  }
}
