import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { addDays, sql } from '@tongban/platform';
import { coverageAsOfSql, dropoutEndSql } from './coverage-sql';
import { consecutiveMissedDays, coveredUntil, flagFor } from './dosing-rules';

interface Visit {
  /** Days after the episode's start. */
  day: number;
  kind: 'observed' | 'take_home';
  coversDays: number;
  /** A voided dose covers no day. */
  voided: boolean;
}

const START = '2026-01-05';

/** Coverage as api.md "Dosing" says it, day by day: what the SQL must agree with. */
function lastCoveredAndToday(visits: Visit[], today: string): { lastCovered: string | null; covered: boolean } {
  const covered = new Set<string>();
  for (const visit of visits.filter((v) => !v.voided)) {
    const day = addDays(START, visit.day);
    if (visit.kind === 'observed') covered.add(day);
    for (let i = 1; i <= visit.coversDays; i++) covered.add(addDays(day, i));
  }
  const before = [...covered].filter((day) => day < today).sort();
  return { lastCovered: before.at(-1) ?? null, covered: covered.has(today) };
}

/**
 * The drop-out rule in SQL (what every read of a client settles with, and
 * what reports read) against the rule in TypeScript (what the dosing routes
 * flag with), on random dosing histories: the SQL reads only the last rows
 * of a history, so histories here have gaps, take-homes of every length
 * and days on both sides of the window.
 */
describe('dropoutEndSql', () => {
  let db: PGlite;

  beforeAll(async () => {
    db = new PGlite();
    await db.exec(`CREATE TABLE dosing_visit (client_id uuid NOT NULL, clinic_day date NOT NULL, kind varchar(16) NOT NULL,
                                              covers_days smallint NOT NULL, voided_at timestamptz)`);
  });
  afterAll(() => db.close());

  /** Each history is a client of its own. */
  async function insertClient(visits: Visit[]): Promise<string> {
    const client = randomUUID();
    await db.query(
      `INSERT INTO dosing_visit SELECT $1::uuid, d, k, c, CASE WHEN x THEN now() END
         FROM unnest($2::date[], $3::varchar[], $4::smallint[], $5::boolean[]) AS v(d, k, c, x)`,
      [
        client,
        visits.map((visit) => addDays(START, visit.day)),
        visits.map((visit) => visit.kind),
        visits.map((visit) => visit.coversDays),
        visits.map((visit) => visit.voided),
      ],
    );
    return client;
  }

  /** One insert, one query. */
  async function endBySql(visits: Visit[], today: string, dropoutDays: number, registeredOn = START): Promise<string | null> {
    const client = await insertClient(visits);
    const end = dropoutEndSql({
      clientId: sql`${client}::uuid`,
      episodeStart: sql`${START}::date`,
      today: sql`${today}::date`,
      dropoutDays: sql`${dropoutDays}::int`,
      registeredOn: sql`${registeredOn}::date`,
    });
    const statement = sql`SELECT to_char(${end}, 'YYYY-MM-DD') AS end_date`;
    const result = await db.query<{ end_date: string | null }>(statement.text, [...statement.values]);
    return result.rows[0].end_date;
  }

  function endByRules(visits: Visit[], today: string, dropoutDays: number, registeredOn = START): string | null {
    const { lastCovered, covered } = lastCoveredAndToday(visits, today);
    const last = covered ? today : lastCovered;
    const missed = consecutiveMissedDays(last, START, today, registeredOn);
    if (flagFor(missed, { missedDosesAssess: 1, missedDosesRetitrate: 2, dropoutDays }) !== 'dropped_out') return null;
    return last && last >= START ? last : START;
  }

  const visitArb = fc.oneof(
    fc.record({
      day: fc.integer({ min: 0, max: 80 }),
      kind: fc.constant('observed' as const),
      coversDays: fc.constant(0),
      voided: fc.boolean(),
    }),
    fc.record({
      day: fc.integer({ min: 0, max: 80 }),
      kind: fc.constant('take_home' as const),
      coversDays: fc.integer({ min: 1, max: 6 }),
      voided: fc.boolean(),
    }),
  );

  it('ends the episode when the TypeScript rule says dropped_out, on the last covered day or the start, and never before', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(visitArb, { maxLength: 12 }),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 3, max: 40 }),
        fc.integer({ min: 0, max: 90 }),
        async (visits, todayOffset, dropoutDays, registeredOffset) => {
          const today = addDays(START, todayOffset);
          // Registered on or before today (an intake in the past: registered on a later day); the records never hold a dose after today.
          const registeredOn = addDays(START, Math.min(registeredOffset, todayOffset));
          const recorded = visits.filter((visit) => visit.day <= todayOffset);
          expect(await endBySql(recorded, today, dropoutDays, registeredOn)).toBe(endByRules(recorded, today, dropoutDays, registeredOn));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('covers the days after a take-home dispense, not its own day', async () => {
    const takeHomeToday: Visit[] = [
      { day: 0, kind: 'observed', coversDays: 0, voided: false },
      { day: 10, kind: 'take_home', coversDays: 3, voided: false },
    ];
    expect(await endBySql(takeHomeToday, addDays(START, 10), 9)).toBe(START);
    const coveringToday: Visit[] = [{ day: 5, kind: 'take_home', coversDays: 5, voided: false }];
    expect(await endBySql(coveringToday, addDays(START, 10), 3)).toBeNull();
    expect(await endBySql(coveringToday, addDays(START, 14), 3)).toBe(addDays(START, 10));
  });

  it('counts no missed day before the registration day while nothing is covered, but counts from the last dose before it', async () => {
    // Intake 200 days before today, registered today, no history: not a drop-out.
    const today = addDays(START, 200);
    expect(await endBySql([], today, 30, today)).toBeNull();
    // History imported up to 40 days back: the missed days count from its last dose.
    const history: Visit[] = [{ day: 160, kind: 'observed', coversDays: 0, voided: false }];
    expect(await endBySql(history, today, 30, today)).toBe(addDays(START, 160));
  });

  it('ends on the last live dose when the later one was voided', async () => {
    const visits: Visit[] = [
      { day: 0, kind: 'observed', coversDays: 0, voided: false },
      { day: 20, kind: 'observed', coversDays: 0, voided: true },
    ];
    expect(await endBySql(visits, addDays(START, 31), 30)).toBe(START);
  });

  it('reads how far the covered run that includes today reaches (covered_until) as coveredUntil does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(visitArb, { maxLength: 12 }), fc.integer({ min: 0, max: 90 }), async (visits, todayOffset) => {
        const today = addDays(START, todayOffset);
        const recorded = visits.filter((visit) => visit.day <= todayOffset);
        const client = await insertClient(recorded);
        const statement = sql`SELECT to_char(cov.covered_until, 'YYYY-MM-DD') AS until
                                FROM ${coverageAsOfSql(sql`${client}::uuid`, sql`${today}::date`)} cov`;
        const bySql = (await db.query<{ until: string | null }>(statement.text, [...statement.values])).rows[0].until;
        const live = recorded
          .filter((visit) => !visit.voided)
          .map((visit) => ({ clinicDay: addDays(START, visit.day), kind: visit.kind, coversDays: visit.coversDays }));
        expect(bySql).toBe(coveredUntil(live, today));
      }),
      { numRuns: 100 },
    );
  });
});
