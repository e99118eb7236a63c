import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDays, newestByDayPage, PairPosition, PreparedStatements, sql, Sql } from '@tongban/platform';
import { DataSource, EntityManager, In } from 'typeorm';
import { DrugTestKey } from './entities/drug-test-key.entity';
import { DrugTestResult } from './entities/drug-test-result.entity';
import { DrugTest } from './entities/drug-test.entity';

/** A test of a page of the list, with the time recorded exactly as stored (`instantKey`, for the cursor). */
export type ListedDrugTest = DrugTest & { instantKey: string };

/** How many days back a positive test asks the counselor to follow up. */
export const FOLLOW_UP_DAYS = 14;

@Injectable()
export class DrugTestsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
  ) {}

  async insertTest(em: EntityManager, test: Omit<DrugTest, 'id'>, results: Array<Omit<DrugTestResult, 'testId'>>): Promise<DrugTest> {
    const saved = await em.getRepository(DrugTest).save(em.getRepository(DrugTest).create(test));
    if (results.length > 0) {
      await em.getRepository(DrugTestResult).insert(results.map((result) => ({ ...result, testId: saved.id })));
    }
    return saved;
  }

  /** A client's tests newest first (date, then when recorded, then id), `limit + 1` of them after `after`. */
  testsOfClientPage(clientId: string, limit: number, after?: PairPosition): Promise<ListedDrugTest[]> {
    const query = this.dataSource.getRepository(DrugTest).createQueryBuilder('t').where('t.client_id = :clientId', { clientId });
    return newestByDayPage(query, { day: 'date', instant: 'recorded_at' }, limit, after);
  }

  async resultsOf(testIds: string[]): Promise<DrugTestResult[]> {
    if (testIds.length === 0) return [];
    return this.dataSource.getRepository(DrugTestResult).find({ where: { testId: In(testIds) } });
  }

  /** The days tests were recorded on for these clients of the clinic, from `from` to `to` ({@link testDaysSql}, per client). */
  async testDaysOf(clinicId: string, clientIds: string[], from: string, to: string): Promise<Map<string, string[]>> {
    if (clientIds.length === 0) return new Map();
    const rows =
      await sql`SELECT client_id, days FROM ${this.testDaysSql(clinicId, sql`SELECT unnest(${sql.uuids(clientIds)})`, from, to)} d`
        // Read with every dosing status, due list and worklist that draws tests: prepared once per connection.
        .named('drug_tests.test_days')
        .rows<{ clientId: string; days: string[] }>(this.prepared);
    return new Map(rows.map((row) => [row.clientId, row.days]));
  }

  /**
   * The days from `from` to `to` a test of the clinic was recorded on for each client among `clientIds` (a
   * statement selecting ids) that has one, as a relation `(client_id, days)`: `YYYY-MM-DD`, in order, without
   * repeats. The one definition of a client's test days ({@link testDaysOf} reads it for a list of ids; the
   * dispensing window's page statement joins it to its page, the month's tests of the clinic read in one pass).
   */
  testDaysSql(clinicId: string, clientIds: Sql, from: string, to: string): Sql {
    return sql`(SELECT t.client_id, array_agg(DISTINCT to_char(t.date, 'YYYY-MM-DD') ORDER BY to_char(t.date, 'YYYY-MM-DD')) AS days
                  FROM drug_test t
                 WHERE t.clinic_id = ${clinicId}::uuid AND t.date BETWEEN ${from}::date AND ${to}::date AND t.client_id IN (${clientIds})
                 GROUP BY t.client_id)`;
  }

  /**
   * For each client in treatment of `seen` (the worklist's relation of
   * visible clients), their latest positive opiate test at the clinic (or
   * refusal) of the {@link FOLLOW_UP_DAYS} days up to `day` that no later test
   * without a positive opiate result has followed (up to `day`), as a worklist
   * fragment (`positive_test`, due on the test's date).
   */
  positiveFollowUpsSql(clinicId: string, day: string): Sql {
    return sql`SELECT 'positive_test' AS kind, f.client_id, f.code, to_char(f.date, 'YYYY-MM-DD') AS due_on,
                      json_build_object('testId', f.test_id, 'refused', f.refused) AS detail
                 FROM (SELECT DISTINCT ON (t.client_id) t.client_id, seen.code, t.id AS test_id, t.date, t.refused
                         FROM drug_test t
                         JOIN seen ON seen.id = t.client_id AND seen.in_treatment
                        WHERE t.clinic_id = ${clinicId}::uuid AND t.positive_opiate
                          AND t.date > ${addDays(day, -FOLLOW_UP_DAYS)}::date AND t.date <= ${day}::date
                          AND NOT EXISTS (SELECT 1 FROM drug_test n
                                           WHERE n.client_id = t.client_id AND NOT n.positive_opiate AND n.date <= ${day}::date
                                             AND (n.date, n.recorded_at) > (t.date, t.recorded_at))
                        ORDER BY t.client_id, t.date DESC, t.recorded_at DESC) f`;
  }

  findKey(clinicId: string): Promise<DrugTestKey | null> {
    return this.dataSource.getRepository(DrugTestKey).findOneBy({ clinicId });
  }

  /** Stores the clinic's sealed secret unless one exists already (two first reads at once keep the first). */
  async insertKeyIfAbsent(clinicId: string, sealedSecret: string): Promise<void> {
    await sql`INSERT INTO drug_test_key (clinic_id, secret) VALUES (${clinicId}::uuid, ${sealedSecret})
              ON CONFLICT (clinic_id) DO NOTHING`.execute(this.dataSource);
  }
}
