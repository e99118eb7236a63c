import { randomUUID } from 'node:crypto';
import { Role } from '@tongban/platform';
import {
  ClientRecord,
  clinicDay,
  ClinicTeam,
  grantEmergencyAccess,
  makeCareTeamClient,
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

const SCORE_KEYS = ['band', 'date', 'id', 'instrument', 'subscales', 'total'];
const FULL_KEYS = [...SCORE_KEYS, 'answers', 'counselorId', 'createdAt'].sort();

/**
 * Assessments (api.md "Drug tests, assessments, …"): the instruments as
 * published; only the client's counselor records one and reads its answers;
 * a coordinator or physician sees the scores; nurses and peer leaders nothing.
 * And the retention report's comparison by baseline social support.
 */
describe('assessments', () => {
  let t: TestApp;
  let team: ClinicTeam;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let offTeamCounselor: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let peerLeader: SignedIn;
  let otherCounselor: SignedIn;
  let otherCoordinator: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    team = await makeClinicTeam(t, admin);
    ({ coordinator, counselor, offTeamCounselor, physician, nurse, peerLeader } = team);
    const otherClinic = await makeClinic(t, admin);
    otherCounselor = await makeStaff(t, admin, Role.Counselor, otherClinic.id);
    otherCoordinator = await makeStaff(t, admin, Role.Coordinator, otherClinic.id);
  });
  afterAll(() => t.close());

  function newClient(fields: Record<string, unknown> = {}): Promise<ClientRecord> {
    return makeCareTeamClient(t, team, fields);
  }

  function post(who: SignedIn, clientId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/clients/${clientId}/assessments`).set(who.auth).send(body);
  }

  function list(who: SignedIn, clientId: string, query: Record<string, string | number> = {}) {
    return t.http.get(`/api/v1/clients/${clientId}/assessments`).query(query).set(who.auth);
  }

  async function auditCount(clientId: string): Promise<number> {
    const rows = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_event WHERE client_id = $1 AND action LIKE 'assessment.%'`,
      [clientId],
    );
    return rows[0].n;
  }

  function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
    return [...new Set((body.errors ?? []).map((error) => error.field))].sort();
  }

  describe('GET /assessment-instruments', () => {
    it('gives every clinical role the three instruments as published, and refuses a peer leader', async () => {
      for (const who of [counselor, coordinator, physician, nurse]) {
        const res = await t.http.get('/api/v1/assessment-instruments').set(who.auth).expect(200);
        expect(res.body.map((i: { key: string }) => i.key)).toEqual(['mspss', 'stigma', 'phq9']);
      }
      const res = await t.http.get('/api/v1/assessment-instruments').set(counselor.auth).expect(200);
      const [mspss, stigma, phq9] = res.body;
      expect(mspss.items).toHaveLength(12);
      expect(mspss.scale).toMatchObject({ min: 1, max: 7 });
      expect(mspss.items[0].text).toEqual({
        en: 'There is a special person who is around when I am in need.',
        'zh-CN': '在我遇到问题时有些人（领导、亲戚、同事）会出现在我的身旁',
      });
      expect(mspss.subscales.map((s: { key: string; items: number[] }) => [s.key, s.items])).toEqual([
        ['family', [3, 4, 8, 11]],
        ['friends', [6, 7, 9, 12]],
        ['significant_other', [1, 2, 5, 10]],
      ]);
      expect(stigma.items).toHaveLength(8);
      expect(stigma.scoring).toMatchObject({ method: 'sum', reversed: [1, 2, 3, 4, 6, 8] });
      expect(phq9.items).toHaveLength(9);
      expect(phq9.translation['zh-CN'].source).toBeNull();
      expect(phq9.items.every((i: { text: { 'zh-CN': string | null } }) => i.text['zh-CN'] === null)).toBe(true);
      expect(phq9.bands.map((b: { min: number; max: number }) => [b.min, b.max])).toEqual([
        [0, 4],
        [5, 9],
        [10, 14],
        [15, 19],
        [20, 27],
      ]);
      await t.http.get('/api/v1/assessment-instruments').set(peerLeader.auth).expect(403);
      await t.http.get('/api/v1/assessment-instruments').expect(401);
    });
  });

  describe('POST /clients/:id/assessments', () => {
    it('records an MSPSS for the care-team counselor and answers 201 with its published scores, the answers sealed', async () => {
      const client = await newClient();
      const answers = [7, 6, 5, 4, 7, 2, 3, 4, 1, 6, 5, 2];
      const res = await post(counselor, client.id, { instrument: 'mspss', date: clinicDay(t, -1), answers }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        instrument: 'mspss',
        date: clinicDay(t, -1),
        total: 4.33,
        subscales: { family: 4.5, friends: 2, significant_other: 6.5 },
        band: null,
        answers,
        counselorId: counselor.id,
        createdAt: expect.any(String),
      });
      const raw = await t.dataSource.query<Array<{ answers: string }>>('SELECT answers FROM assessment WHERE id = $1', [res.body.id]);
      expect(raw[0].answers).not.toContain('7,6,5');
      const phq = await post(counselor, client.id, { instrument: 'phq9', date: clinicDay(t), answers: [3, 3, 3, 3, 3, 0, 0, 0, 0] }).expect(
        201,
      );
      expect(phq.body).toMatchObject({ total: 15, band: 'moderately_severe', subscales: {} });
      const psas = await post(counselor, client.id, { instrument: 'stigma', date: clinicDay(t), answers: [1, 1, 1, 1, 4, 1, 4, 1] }).expect(
        201,
      );
      expect(psas.body).toMatchObject({ total: 32, band: null });
    });

    it('refuses wrong counts, answers out of range and malformed bodies with a 400 naming the field', async () => {
      const client = await newClient();
      const date = clinicDay(t);
      const cases: Array<[Record<string, unknown>, string[]]> = [
        [{ instrument: 'phq9', date, answers: [0, 0, 0, 0, 0, 0, 0, 0] }, ['answers']],
        [{ instrument: 'phq9', date, answers: [0, 0, 0, 4, 0, 0, 0, 0, 0] }, ['answers[3]']],
        [{ instrument: 'mspss', date, answers: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 8] }, ['answers[0]', 'answers[11]']],
        [{ instrument: 'stigma', date, answers: [1, 1, 1, 1.5, 1, 1, 1, 1] }, ['answers[3]']],
        [{ instrument: 'stigma', date, answers: [1, 1, '1', 1, 1, 1, 1, 1] }, ['answers[2]']],
        [{ instrument: 'stigma', date, answers: [1, 1, null, 1, 1, 1, 1, 1] }, ['answers[2]']],
        [{ instrument: 'beck', date, answers: [] }, ['instrument']],
        [{ instrument: 'phq9', date: clinicDay(t, 1), answers: Array(9).fill(0) }, ['date']],
        [{ instrument: 'phq9', date: '2026-02-30', answers: Array(9).fill(0) }, ['date']],
        [{ instrument: 'phq9', date, answers: 'none' }, ['answers']],
        [{ instrument: 'phq9', date, answers: Array(9).fill(0), score: 3 }, ['score']],
      ];
      for (const [body, fields] of cases) {
        const res = await post(counselor, client.id, body).expect(400);
        expect({ body, code: res.body.code, fields: fieldsOf(res.body) }).toEqual({ body, code: 'VALIDATION_FAILED', fields });
      }
      expect(await auditCount(client.id)).toBe(0);
    });

    it('lets only the care-team counselor record one: other roles 403, a counselor off the team or of another clinic 404 with no audit event', async () => {
      const client = await newClient();
      const body = { instrument: 'phq9', date: clinicDay(t), answers: Array(9).fill(1) };
      for (const who of [coordinator, physician, nurse, peerLeader]) await post(who, client.id, body).expect(403);
      expect((await post(offTeamCounselor, client.id, body).expect(404)).body.code).toBe('NOT_FOUND');
      await post(otherCounselor, client.id, body).expect(404);
      await post(counselor, randomUUID(), body).expect(404);
      await post(counselor, 'not-a-uuid', body).expect(400);
      expect(await auditCount(client.id)).toBe(0);
      const rows = await t.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM assessment WHERE client_id = $1', [
        client.id,
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('answers a retry with the same Idempotency-Key and body with the first answer and records one assessment', async () => {
      const client = await newClient();
      const body = { instrument: 'phq9', date: clinicDay(t), answers: Array(9).fill(2) };
      const first = await post(counselor, client.id, body).set('Idempotency-Key', 'assessment-1').expect(201);
      const retry = await post(counselor, client.id, body).set('Idempotency-Key', 'assessment-1').expect(201);
      expect(retry.body).toEqual(first.body);
      const rows = await t.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM assessment WHERE client_id = $1', [
        client.id,
      ]);
      expect(rows[0].n).toBe(1);
    });
  });

  describe('GET /clients/:id/assessments', () => {
    it('gives the counselor the answers, the coordinator and physician the scores only, nurses and peer leaders nothing', async () => {
      const client = await newClient();
      await post(counselor, client.id, { instrument: 'mspss', date: clinicDay(t, -2), answers: Array(12).fill(5) }).expect(201);
      await post(counselor, client.id, { instrument: 'phq9', date: clinicDay(t, -1), answers: Array(9).fill(1) }).expect(201);
      const mine = await list(counselor, client.id).expect(200);
      expect(mine.body.items.map((i: Record<string, unknown>) => Object.keys(i).sort())).toEqual([FULL_KEYS, FULL_KEYS]);
      expect(mine.body.items.map((i: { instrument: string }) => i.instrument)).toEqual(['phq9', 'mspss']);
      for (const who of [coordinator, physician]) {
        const res = await list(who, client.id).expect(200);
        expect(res.body.items.map((i: Record<string, unknown>) => Object.keys(i).sort())).toEqual([SCORE_KEYS, SCORE_KEYS]);
        expect(res.body.items[1]).toMatchObject({
          instrument: 'mspss',
          total: 5,
          subscales: { family: 5, friends: 5, significant_other: 5 },
        });
      }
      await list(nurse, client.id).expect(403);
      await list(peerLeader, client.id).expect(403);
      await list(offTeamCounselor, client.id).expect(404);
      await list(otherCoordinator, client.id).expect(404);
      await list(counselor, randomUUID()).expect(404);
      const phq = await list(coordinator, client.id, { instrument: 'phq9' }).expect(200);
      expect(phq.body.items).toEqual([expect.objectContaining({ instrument: 'phq9', total: 9, band: 'mild' })]);
      await list(coordinator, client.id, { instrument: 'beck' }).expect(400);
    });

    it('pages newest first and audits each read on its grounds, never with the answers', async () => {
      const client = await newClient();
      for (let day = 5; day >= 1; day--) {
        await post(counselor, client.id, { instrument: 'phq9', date: clinicDay(t, -day), answers: Array(9).fill(day % 4) }).expect(201);
      }
      const pages = await readPages<{ date: string }>(t, counselor, `/api/v1/clients/${client.id}/assessments`, 2);
      const items = pages.flatMap((page) => page.items);
      expect(items.map((i) => i.date)).toEqual([1, 2, 3, 4, 5].map((d) => clinicDay(t, -d)));
      await list(coordinator, client.id).expect(200);
      await grantEmergencyAccess(t, offTeamCounselor, client.id);
      const emergency = await list(offTeamCounselor, client.id).expect(200);
      expect(Object.keys(emergency.body.items[0]).sort()).toEqual(FULL_KEYS);
      const log = await t.http.get(`/api/v1/clients/${client.id}/access-log`).query({ limit: 200 }).set(coordinator.auth).expect(200);
      const events = (log.body.items as Array<{ actorId: string; action: string; grounds: string }>)
        .filter((item) => item.action.startsWith('assessment.'))
        .map(({ actorId, action, grounds }) => ({ actorId, action, grounds }));
      expect(events).toEqual(
        expect.arrayContaining([
          { actorId: counselor.id, action: 'assessment.create', grounds: 'care_team' },
          { actorId: counselor.id, action: 'assessment.list', grounds: 'care_team' },
          { actorId: coordinator.id, action: 'assessment.list', grounds: 'role' },
          { actorId: offTeamCounselor.id, action: 'assessment.list', grounds: 'emergency' },
        ]),
      );
      const raw = await t.dataSource.query<Array<{ details: unknown }>>(
        `SELECT details FROM audit_event WHERE client_id = $1 AND action LIKE 'assessment.%'`,
        [client.id],
      );
      expect(JSON.stringify(raw)).not.toContain('answers":[');
    });
  });

  describe('GET /reports/retention?compare=social_support', () => {
    it('splits episodes into tertiles of the baseline MSPSS total, unknown without one, with a log-rank test', async () => {
      // A clinic of its own, so the report holds exactly this fixture.
      const admin = await signInAdmin(t);
      const own = await makeClinic(t, admin);
      const ownCoordinator = await makeStaff(t, admin, Role.Coordinator, own.id);
      const ownCounselor = await makeStaff(t, admin, Role.Counselor, own.id);
      const start = clinicDay(t, -45);
      const at = (days: number) => clinicDay(t, -45 + days);
      // Baselines 1…6 (mean of 12 equal answers): cuts at the 1/3 and 2/3 quantiles 2.67 and 4.33 → low 1, 2; medium 3, 4; high 5, 6.
      for (const value of [1, 2, 3, 4, 5, 6]) {
        const client = await makeClient(t, ownCounselor, { intakeDate: start });
        await post(ownCounselor, client.id, { instrument: 'mspss', date: at(value * 4), answers: Array(12).fill(value) }).expect(201);
        // A later MSPSS is no baseline: the first in the window counts.
        await post(ownCounselor, client.id, { instrument: 'mspss', date: at(29), answers: Array(12).fill(7 - value + 1) }).expect(201);
      }
      const late = await makeClient(t, ownCounselor, { intakeDate: start });
      await post(ownCounselor, late.id, { instrument: 'mspss', date: at(31), answers: Array(12).fill(7) }).expect(201);
      const phqOnly = await makeClient(t, ownCounselor, { intakeDate: start });
      await post(ownCounselor, phqOnly.id, { instrument: 'phq9', date: at(1), answers: Array(9).fill(1) }).expect(201);
      await makeClient(t, ownCounselor, { intakeDate: start });

      const res = await t.http.get('/api/v1/reports/retention').query({ compare: 'social_support' }).set(ownCoordinator.auth).expect(200);
      expect(res.body.episodes).toBe(9);
      expect(res.body.groups.map((g: { key: string; episodes: number }) => [g.key, g.episodes])).toEqual([
        ['low', 2],
        ['medium', 2],
        ['high', 2],
        ['unknown', 3],
      ]);
      expect(res.body.logRank).toEqual({ chiSquare: expect.any(Number), pValue: expect.any(Number) });
      const csv = await t.http
        .get('/api/v1/reports/retention')
        .query({ compare: 'social_support', format: 'csv', lang: 'en' })
        .set(ownCoordinator.auth)
        .expect(200);
      expect(csv.text).toContain('social_support');
    });
  });
});
