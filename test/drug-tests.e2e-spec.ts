import { randomUUID } from 'node:crypto';
import { WorklistSources } from '@tongban/clients';
import { daysInMonth, dueOn, selectedTestDays } from '@tongban/drug-tests';
import { addDays, Caller, FieldCipher, Role } from '@tongban/platform';
import {
  addToCareTeam,
  ClientRecord,
  ClinicRecord,
  clinicDay,
  dischargeClient,
  localInstant,
  makeClient,
  makeClinic,
  makeClinicTeam,
  makeStaff,
  pinClock,
  readPages,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';

interface DueItem {
  clientId: string;
  code: string;
  reason: 'selected' | 'overdue';
  selectedOn: string;
}

/**
 * Drug tests (api.md "Drug tests, assessments, care plans, referrals,
 * worklist"; product.md "Clinical rules"): recorded by the nurse, physician or
 * the client's counselor; the monthly random choice of test days; the
 * counselor's follow-up of positive opiate tests; the monthly report.
 */
describe('drug tests', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let offTeamCounselor: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let peerLeader: SignedIn;
  let otherNurse: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    admin = await signInAdmin(t);
    ({ clinic, coordinator, counselor, offTeamCounselor, physician, nurse, peerLeader } = await makeClinicTeam(t, admin));
    const otherClinic = await makeClinic(t, admin);
    otherNurse = await makeStaff(t, admin, Role.Nurse, otherClinic.id);
    // Clients here take no doses: keep them in treatment while the clock moves on by months.
    await t.http.patch(`/api/v1/clinics/${clinic.id}/settings`).set(admin.auth).send({ dropoutDays: 365 }).expect(200);
  });
  afterAll(() => t.close());

  async function newClient(intakeDaysAgo = 60): Promise<ClientRecord> {
    const client = await makeClient(t, counselor, { intakeDate: clinicDay(t, -intakeDaysAgo) });
    await addToCareTeam(t, coordinator, client.id, peerLeader);
    return client;
  }

  function post(who: SignedIn, clientId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/clients/${clientId}/drug-tests`).set(who.auth).send(body);
  }

  function due(who: SignedIn, date?: string) {
    return t.http
      .get('/api/v1/drug-tests/due')
      .query(date ? { date } : {})
      .set(who.auth);
  }

  async function rowCount(clientId: string): Promise<number> {
    const rows = await t.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM drug_test WHERE client_id = $1', [
      clientId,
    ]);
    return rows[0].n;
  }

  async function eventsBy(actorId: string, clientId: string): Promise<string[]> {
    const rows = await t.dataSource.query<Array<{ action: string }>>(
      `SELECT action FROM audit_event WHERE actor_id = $1 AND (client_id = $2 OR $2 = ANY(client_ids)) ORDER BY seq`,
      [actorId, clientId],
    );
    return rows.map((row) => row.action);
  }

  function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
    return [...new Set((body.errors ?? []).map((error) => error.field))].sort();
  }

  async function secretOf(clinicId: string): Promise<Buffer> {
    const [row] = await t.dataSource.query<Array<{ secret: string }>>('SELECT secret FROM drug_test_key WHERE clinic_id = $1', [clinicId]);
    return Buffer.from(t.app.get(FieldCipher).open(row.secret), 'base64');
  }

  function callerOf(who: SignedIn): Caller {
    return {
      staffId: who.id,
      username: who.username,
      role: who.role,
      clinicId: who.clinicId,
      sessionId: randomUUID(),
      requestId: randomUUID(),
    };
  }

  describe('recording and listing', () => {
    it('records a test for the nurse, the physician and the care-team counselor, and lists them newest first, audited', async () => {
      const client = await newClient();
      const first = await post(nurse, client.id, {
        date: clinicDay(t, -2),
        observed: true,
        results: [
          { substance: 'methamphetamine', result: 'negative' },
          { substance: 'morphine', result: 'positive' },
        ],
      }).expect(201);
      expect(first.body).toEqual({
        id: expect.any(String),
        clientId: client.id,
        date: clinicDay(t, -2),
        observed: true,
        refused: false,
        results: [
          { substance: 'morphine', result: 'positive' },
          { substance: 'methamphetamine', result: 'negative' },
        ],
        positiveOpiate: true,
        recordedBy: nurse.id,
        recordedAt: expect.any(String),
      });
      const second = await post(physician, client.id, { date: clinicDay(t, -1), observed: false, refused: true }).expect(201);
      expect(second.body).toMatchObject({ refused: true, results: [], positiveOpiate: true, recordedBy: physician.id });
      const third = await post(counselor, client.id, {
        date: clinicDay(t),
        observed: true,
        results: [
          { substance: 'opiates', result: 'negative' },
          { substance: 'cannabis', result: 'positive' },
        ],
      }).expect(201);
      expect(third.body.positiveOpiate).toBe(false);

      for (const reader of [coordinator, nurse, physician, counselor]) {
        const items = (await readPages<{ id: string }>(t, reader, `/api/v1/clients/${client.id}/drug-tests`, 2)).flatMap(
          (page) => page.items,
        );
        expect(items.map((item) => item.id)).toEqual([third.body.id, second.body.id, first.body.id]);
      }
      expect(await eventsBy(nurse.id, client.id)).toEqual(expect.arrayContaining(['drug_test.create', 'drug_test.list']));
      const [created] = await t.dataSource.query<Array<{ details: Record<string, unknown>; target_id: string }>>(
        `SELECT details, target_id FROM audit_event WHERE action = 'drug_test.create' AND actor_id = $1 AND client_id = $2`,
        [nurse.id, client.id],
      );
      expect(created).toEqual({ details: { date: clinicDay(t, -2), observed: true, results: 2 }, target_id: first.body.id });
    });

    it('refuses the roles that may never record (403) and hides the client from those who may not see it (404), with no audit event', async () => {
      const client = await newClient();
      const body = { date: clinicDay(t), observed: true, refused: true };
      expect((await post(coordinator, client.id, body).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await post(peerLeader, client.id, body).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http.get(`/api/v1/clients/${client.id}/drug-tests`).set(peerLeader.auth).expect(403);
      await post(admin, client.id, body).expect(403);
      for (const hidden of [offTeamCounselor, otherNurse]) {
        expect((await post(hidden, client.id, body).expect(404)).body.code).toBe('NOT_FOUND');
        await t.http.get(`/api/v1/clients/${client.id}/drug-tests`).set(hidden.auth).expect(404);
        expect(await eventsBy(hidden.id, client.id)).toEqual([]);
      }
      await post(nurse, randomUUID(), body).expect(404);
      expect(await rowCount(client.id)).toBe(0);
    });

    it.each([
      ['no date', { date: undefined }, 'date'],
      ['a date that does not exist', { date: '2026-02-30' }, 'date'],
      ['no observed', { observed: undefined }, 'observed'],
      ['observed as a string', { observed: 'yes' }, 'observed'],
      ['refused as a number', { refused: 1, results: undefined }, 'refused'],
      ['neither refused nor a result', { results: [] }, 'results'],
      ['a refusal with results', { refused: true }, 'results'],
      [
        'a substance twice',
        {
          results: [
            { substance: 'heroin', result: 'negative' },
            { substance: 'heroin', result: 'positive' },
          ],
        },
        'results',
      ],
      ['an unknown substance', { results: [{ substance: 'caffeine', result: 'negative' }] }, 'results'],
      ['an unknown result', { results: [{ substance: 'heroin', result: 'maybe' }] }, 'results'],
      ['results that are not a list', { results: 'negative' }, 'results'],
      ['an unknown field', { clinicId: randomUUID() }, 'clinicId'],
    ])('refuses a test with %s with 400 naming the field and records nothing', async (_what, fields, field) => {
      const client = await newClient();
      const body = { date: clinicDay(t), observed: true, results: [{ substance: 'heroin', result: 'negative' }], ...fields };
      const res = await post(nurse, client.id, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body).map((name) => name.split('.')[0].replace(/\[\d+\]$/, ''))).toEqual([field]);
      expect(await rowCount(client.id)).toBe(0);
    });

    it('refuses a date after today or before the intake with 400 naming date', async () => {
      const client = await newClient(10);
      for (const date of [clinicDay(t, 1), clinicDay(t, -11)]) {
        const res = await post(nurse, client.id, { date, observed: true, refused: true }).expect(400);
        expect(fieldsOf(res.body)).toEqual(['date']);
      }
      await post(nurse, client.id, { date: clinicDay(t, -10), observed: true, refused: true }).expect(201);
    });

    it('answers a retry with the same Idempotency-Key with the first answer and records once', async () => {
      const client = await newClient();
      const body = { date: clinicDay(t), observed: true, results: [{ substance: 'heroin', result: 'negative' }] };
      const key = randomUUID();
      const first = await post(nurse, client.id, body).set('Idempotency-Key', key).expect(201);
      const again = await post(nurse, client.id, body).set('Idempotency-Key', key).expect(201);
      expect(again.body).toEqual(first.body);
      expect(await rowCount(client.id)).toBe(1);
    });
  });

  describe('the clinic setting drugTestsPerMonth', () => {
    it('defaults to 1, takes 0 to 8, and refuses anything else with 400 naming it', async () => {
      const own = await t.http.get(`/api/v1/clinics/${clinic.id}`).set(coordinator.auth).expect(200);
      expect(own.body.settings.drugTestsPerMonth).toBe(1);
      for (const value of [-1, 9, 1.5, '2']) {
        const res = await t.http
          .patch(`/api/v1/clinics/${clinic.id}/settings`)
          .set(coordinator.auth)
          .send({ drugTestsPerMonth: value })
          .expect(400);
        expect(fieldsOf(res.body)).toEqual(['drugTestsPerMonth']);
      }
      const set = await t.http
        .patch(`/api/v1/clinics/${clinic.id}/settings`)
        .set(coordinator.auth)
        .send({ drugTestsPerMonth: 0 })
        .expect(200);
      expect(set.body.drugTestsPerMonth).toBe(0);
      await newClient();
      expect((await due(nurse).expect(200)).body.items).toEqual([]);
      await t.http.patch(`/api/v1/clinics/${clinic.id}/settings`).set(coordinator.auth).send({ drugTestsPerMonth: 1 }).expect(200);
    });
  });

  describe('GET /drug-tests/due', () => {
    it('lists a client on the chosen day and as overdue after it until a test is recorded, the same on every read, audited', async () => {
      const client = await newClient();
      const gone = await newClient();
      await dischargeClient(t, coordinator, gone.id, clinicDay(t), 'completed');
      await due(nurse).expect(200); // the clinic's secret is made on the first read
      const secret = await secretOf(clinic.id);
      // The first month ahead whose chosen day is not its last: the day after it is still in the month.
      let month = clinicDay(t).slice(0, 7);
      let chosen = '';
      do {
        month = addDays(`${month}-28`, 7).slice(0, 7);
        [chosen] = selectedTestDays(secret, client.id, month, 1);
      } while (Number(chosen.slice(8)) === daysInMonth(month));
      t.clock.set(localInstant(`${addDays(chosen, 1)}T12:00`, 'Asia/Shanghai'));

      const onDay = (await due(nurse, chosen).expect(200)).body as { date: string; items: DueItem[] };
      expect(onDay.date).toBe(chosen);
      expect(onDay.items.find((item) => item.clientId === client.id)).toEqual({
        clientId: client.id,
        code: client.code,
        reason: 'selected',
        selectedOn: chosen,
      });
      expect((await due(coordinator, chosen).expect(200)).body).toEqual(onDay);
      expect((await due(nurse, chosen).expect(200)).body).toEqual(onDay);
      expect(onDay.items.some((item) => item.clientId === gone.id)).toBe(false);
      if (chosen.slice(8) !== '01') {
        const before = (await due(nurse, addDays(chosen, -1)).expect(200)).body as { items: DueItem[] };
        expect(before.items.some((item) => item.clientId === client.id)).toBe(false);
      }
      const today = (await due(nurse).expect(200)).body as { date: string; items: DueItem[] };
      expect(today.date).toBe(addDays(chosen, 1));
      expect(today.items.find((item) => item.clientId === client.id)).toEqual({
        clientId: client.id,
        code: client.code,
        reason: 'overdue',
        selectedOn: chosen,
      });
      expect(await eventsBy(nurse.id, client.id)).toContain('drug_test.due');
      // The dispensing window and the client's dosing status say the same (今日需尿检).
      const windowSays = async (): Promise<boolean[]> => {
        const window = await t.http.get('/api/v1/dosing/today').query({ q: client.code }).set(nurse.auth).expect(200);
        const status = await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurse.auth).expect(200);
        const row = (window.body.items as Array<{ clientId: string; drugTestDue: boolean }>).find((item) => item.clientId === client.id);
        return [row!.drugTestDue, status.body.drugTestDue as boolean];
      };
      expect(await windowSays()).toEqual([true, true]);

      await post(nurse, client.id, { date: addDays(chosen, 1), observed: true, refused: true }).expect(201);
      const after = (await due(nurse).expect(200)).body as { items: DueItem[] };
      expect(after.items.some((item) => item.clientId === client.id)).toBe(false);
      expect(await windowSays()).toEqual([false, false]);
      // Other clinics see none of it.
      expect(((await due(otherNurse, addDays(chosen, 1)).expect(200)).body as { items: DueItem[] }).items).toEqual([]);
    });

    it('is for nurses and coordinators only, and never for a day ahead', async () => {
      for (const who of [counselor, physician, peerLeader, admin]) await due(who).expect(403);
      const res = await due(nurse, clinicDay(t, 1)).expect(400);
      expect(fieldsOf(res.body)).toEqual(['date']);
      expect(fieldsOf((await due(nurse, '2026-13-01').expect(400)).body)).toEqual(['date']);
    });

    it('chooses each of 200 clients exactly drugTestsPerMonth days a month over 12 months, favouring no weekday, as the API lists them', async () => {
      const big = await makeClinic(t, admin);
      const bigCoordinator = await makeStaff(t, admin, Role.Coordinator, big.id);
      const bigNurse = await makeStaff(t, admin, Role.Nurse, big.id);
      const perMonth = 2;
      await t.http
        .patch(`/api/v1/clinics/${big.id}/settings`)
        .set(bigCoordinator.auth)
        .send({ drugTestsPerMonth: perMonth, dropoutDays: 365 })
        .expect(200);
      const clients: ClientRecord[] = [];
      for (let batch = 0; batch < 20; batch += 1) {
        clients.push(
          ...(await Promise.all(Array.from({ length: 10 }, () => makeClient(t, bigCoordinator, { intakeDate: clinicDay(t, -60) })))),
        );
      }
      const today = clinicDay(t);
      const first = (await due(bigNurse).expect(200)).body as { items: DueItem[] };
      const secret = await secretOf(big.id);

      // The API's list is the pure choice, today and on each earlier day of the month, and reads agree.
      expect((await due(bigNurse).expect(200)).body).toEqual({ date: today, items: first.items });
      for (const day of [today, `${today.slice(0, 7)}-01`]) {
        const listed = day === today ? first : ((await due(bigCoordinator, day).expect(200)).body as { items: DueItem[] });
        const expected = clients
          .flatMap((client) => {
            const answer = dueOn(day, selectedTestDays(secret, client.id, day.slice(0, 7), perMonth), [], clinicDay(t, -60));
            return answer ? [{ clientId: client.id, code: client.code, ...answer }] : [];
          })
          .sort((a, b) => a.code.localeCompare(b.code));
        expect(listed.items).toEqual(expected);
      }

      // Twelve months of choices: exactly perMonth distinct days each, and weekdays in proportion to the months' days.
      const observed = new Array<number>(7).fill(0);
      const available = new Array<number>(7).fill(0);
      let month = today.slice(0, 7);
      for (let m = 0; m < 12; m += 1) {
        for (let day = 1; day <= daysInMonth(month); day += 1)
          available[new Date(`${month}-${String(day).padStart(2, '0')}T00:00:00Z`).getUTCDay()] += 1;
        for (const client of clients) {
          const days = selectedTestDays(secret, client.id, month, perMonth);
          expect(new Set(days).size).toBe(perMonth);
          for (const day of days) {
            expect(day.slice(0, 7)).toBe(month);
            observed[new Date(`${day}T00:00:00Z`).getUTCDay()] += 1;
          }
        }
        month = addDays(`${month}-28`, 7).slice(0, 7);
      }
      const total = clients.length * perMonth * 12;
      const allDays = available.reduce((a, b) => a + b, 0);
      const chiSquare = observed.reduce((sum, count, weekday) => {
        const expected = (total * available[weekday]) / allDays;
        return sum + (count - expected) ** 2 / expected;
      }, 0);
      // 6 degrees of freedom: the 99.9th percentile is 22.46.
      expect(chiSquare).toBeLessThan(22.46);
    }, 120_000);
  });

  describe('the worklist items', () => {
    it('asks the care-team counselor to follow up a positive opiate test or a refusal of the last 14 days until a later negative test', async () => {
      const client = await newClient();
      const sources = t.app.get(WorklistSources);
      const today = clinicDay(t);
      const positives = async (who: SignedIn) =>
        (await sources.itemsFor(callerOf(who), today)).filter((item) => item.kind === 'positive_test' && item.clientId === client.id);
      await post(nurse, client.id, {
        date: clinicDay(t, -20),
        observed: true,
        results: [{ substance: 'heroin', result: 'positive' }],
      }).expect(201);
      expect(await positives(counselor)).toEqual([]);
      await post(nurse, client.id, {
        date: clinicDay(t, -5),
        observed: true,
        results: [{ substance: 'ketamine', result: 'positive' }],
      }).expect(201);
      expect(await positives(counselor)).toEqual([]);
      const refused = await post(nurse, client.id, { date: clinicDay(t, -3), observed: false, refused: true }).expect(201);
      expect(await positives(counselor)).toEqual([
        {
          kind: 'positive_test',
          clientId: client.id,
          code: client.code,
          dueOn: clinicDay(t, -3),
          detail: { testId: refused.body.id, refused: true },
        },
      ]);
      const positive = await post(physician, client.id, {
        date: clinicDay(t, -1),
        observed: true,
        results: [{ substance: 'morphine', result: 'positive' }],
      }).expect(201);
      expect(await positives(counselor)).toEqual([
        {
          kind: 'positive_test',
          clientId: client.id,
          code: client.code,
          dueOn: clinicDay(t, -1),
          detail: { testId: positive.body.id, refused: false },
        },
      ]);
      for (const other of [offTeamCounselor, nurse, physician, peerLeader]) expect(await positives(other)).toEqual([]);
      await post(nurse, client.id, { date: today, observed: true, results: [{ substance: 'opiates', result: 'negative' }] }).expect(201);
      expect(await positives(counselor)).toEqual([]);
    });

    it('gives nurses and coordinators the day’s due list as drug_test_due items', async () => {
      await newClient();
      const listed = ((await due(nurse).expect(200)).body as { items: DueItem[] }).items;
      for (const who of [nurse, coordinator]) {
        const items = (await t.app.get(WorklistSources).itemsFor(callerOf(who), clinicDay(t))).filter(
          (item) => item.kind === 'drug_test_due',
        );
        expect(items.map((item) => [item.clientId, item.dueOn, item.detail.reason]).sort()).toEqual(
          listed.map((item) => [item.clientId, item.selectedOn, item.reason]).sort(),
        );
      }
      expect(
        (await t.app.get(WorklistSources).itemsFor(callerOf(physician), clinicDay(t))).filter((i) => i.kind === 'drug_test_due'),
      ).toEqual([]);
    });
  });

  describe('GET /reports/drug-tests', () => {
    it('counts tests, refusals and positive opiate tests per month, refusals counted positive, for the coordinator’s own clinic', async () => {
      const own = await makeClinic(t, admin);
      const ownCoordinator = await makeStaff(t, admin, Role.Coordinator, own.id);
      const ownNurse = await makeStaff(t, admin, Role.Nurse, own.id);
      await t.http.patch(`/api/v1/clinics/${own.id}/settings`).set(ownCoordinator.auth).send({ dropoutDays: 365 }).expect(200);
      const a = await makeClient(t, ownCoordinator, { intakeDate: clinicDay(t, -200) });
      const b = await makeClient(t, ownCoordinator, { intakeDate: clinicDay(t, -200) });
      const thisMonth = clinicDay(t).slice(0, 7);
      const earlier = addDays(`${thisMonth}-01`, -40).slice(0, 7); // two months back
      const skipped = addDays(`${thisMonth}-01`, -1).slice(0, 7); // last month: no tests
      const record = (client: ClientRecord, date: string, body: Record<string, unknown>) =>
        post(ownNurse, client.id, { date, observed: true, ...body }).expect(201);
      await record(a, `${earlier}-03`, { results: [{ substance: 'heroin', result: 'negative' }] });
      await record(a, `${earlier}-10`, {
        results: [
          { substance: 'morphine', result: 'positive' },
          { substance: 'cannabis', result: 'positive' },
        ],
      });
      await record(b, `${earlier}-10`, { refused: true, observed: false });
      await record(b, `${earlier}-20`, { results: [{ substance: 'methamphetamine', result: 'positive' }] });
      await record(a, `${thisMonth}-01`, { results: [{ substance: 'opiates', result: 'positive' }] });
      await record(b, `${thisMonth}-01`, { results: [{ substance: 'opiates', result: 'invalid' }] });

      const res = await t.http
        .get('/api/v1/reports/drug-tests')
        .query({ from: `${earlier}-01`, to: clinicDay(t) })
        .set(ownCoordinator.auth)
        .expect(200);
      expect(res.body).toEqual({
        from: `${earlier}-01`,
        to: clinicDay(t),
        months: [
          { month: earlier, tests: 4, refused: 1, positiveOpiates: 2, rate: 0.5 },
          { month: skipped, tests: 0, refused: 0, positiveOpiates: 0, rate: null },
          { month: thisMonth, tests: 2, refused: 0, positiveOpiates: 1, rate: 0.5 },
        ],
      });
      // The window cuts months: from the 5th of the earlier month, its first test is left out.
      const cut = await t.http
        .get('/api/v1/reports/drug-tests')
        .query({ from: `${earlier}-05`, to: `${earlier}-28` })
        .set(ownCoordinator.auth)
        .expect(200);
      expect(cut.body.months).toEqual([{ month: earlier, tests: 3, refused: 1, positiveOpiates: 2, rate: 2 / 3 }]);
      const defaults = await t.http.get('/api/v1/reports/drug-tests').set(ownCoordinator.auth).expect(200);
      expect(defaults.body.months).toHaveLength(12);
      expect(defaults.body.months[11].month).toBe(thisMonth);

      const csv = await t.http
        .get('/api/v1/reports/drug-tests')
        .query({ from: `${earlier}-01`, to: clinicDay(t), format: 'csv', lang: 'en' })
        .set(ownCoordinator.auth)
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      expect(lines[0]).toBe('clinic,month,tests,refused,positive_opiates,rate');
      expect(lines).toHaveLength(4);
      expect(lines[1]).toContain(`,${earlier},4,1,2,0.5`);

      // Only the coordinator's own clinic counts: the suite's main clinic has its own tests, none of the fixture's.
      const elsewhere = await t.http
        .get('/api/v1/reports/drug-tests')
        .query({ from: `${earlier}-01`, to: `${earlier}-28` })
        .set(coordinator.auth)
        .expect(200);
      const [main] = await t.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM drug_test WHERE clinic_id = $1 AND date BETWEEN $2::date AND $3::date`,
        [clinic.id, `${earlier}-01`, `${earlier}-28`],
      );
      expect(elsewhere.body.months).toEqual([expect.objectContaining({ month: earlier, tests: main.n })]);
      for (const who of [ownNurse, physician, counselor, peerLeader])
        await t.http.get('/api/v1/reports/drug-tests').set(who.auth).expect(403);
      const bad = await t.http
        .get('/api/v1/reports/drug-tests')
        .query({ from: clinicDay(t), to: clinicDay(t, -1) })
        .set(ownCoordinator.auth)
        .expect(400);
      expect(fieldsOf(bad.body)).toEqual(['to']);
    });
  });
});
