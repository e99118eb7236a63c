import { sql, Sql } from '@tongban/platform';

/** A month of the drug-test report as the statement reads it. */
export interface DrugTestMonthRow {
  month: string;
  tests: number;
  refused: number;
  positiveOpiates: number;
}

/**
 * The clinic's drug tests per calendar month from `from` to `to` (clinic
 * days, both included): every month of the window, with its tests, refusals
 * and positive opiate tests (a refusal counts as positive). The drug tests'
 * definition for the reports, which read no drug-test table themselves.
 */
export function drugTestMonthsSql(clinicId: string, from: string, to: string): Sql {
  return sql`SELECT to_char(m.month, 'YYYY-MM') AS month,
                    count(t.id)::int AS tests,
                    count(t.id) FILTER (WHERE t.refused)::int AS refused,
                    count(t.id) FILTER (WHERE t.positive_opiate)::int AS positive_opiates
               FROM generate_series(date_trunc('month', ${from}::date::timestamp), date_trunc('month', ${to}::date::timestamp),
                                    interval '1 month') AS m(month)
               LEFT JOIN drug_test t ON t.clinic_id = ${clinicId}::uuid AND t.date BETWEEN ${from}::date AND ${to}::date
                                    AND to_char(t.date, 'YYYY-MM') = to_char(m.month, 'YYYY-MM')
              GROUP BY m.month
              ORDER BY m.month`;
}
