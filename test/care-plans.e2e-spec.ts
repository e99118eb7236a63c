import { randomUUID } from 'node:crypto';
import { WorklistSources } from '@tongban/clients';
import { addDays, Caller, Role } from '@tongban/platform';
import {
  ClinicRecord,
  clinicDay,
  ClinicTeam,
  dischargeClient,
  grantEmergencyAccess,
  makeCareTeamClient,
  makeClient,
  makeClinic,
  makeClinicTeam,
  makeStaff,
  pinClock,
  readPages,
  recordConsent,
  revokeConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY } from './support/test-clock';

const API = '/api/v1';

/**
 * Care plans and referrals (api.md "Drug tests, assessments, care plans,
 * referrals, worklist"; product.md "Care plan", "Referral", "Daily work"):
 * the care-team counselor writes the plan, coordinators and physicians read
 * it without review notes, nurses and peer leaders see nothing of it;
 * referrals by the counselor or a physician, gated by the referral consent.
 */
describe('care plans and referrals', () => {
  let t: TestApp;
  let admin: SignedIn;
  let team: ClinicTeam;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let offTeamCounselor: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let peerLeader: SignedIn;
  let otherCoordinator: SignedIn;
  let otherCounselor: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    admin = await signInAdmin(t);
    const otherClinic = await makeClinic(t, admin);
    [team, otherCoordinator, otherCounselor] = await Promise.all([
      makeClinicTeam(t, admin),
      makeStaff(t, admin, Role.Coordinator, otherClinic.id),
      makeStaff(t, admin, Role.Counselor, otherClinic.id),
    ]);
    ({ clinic, coordinator, counselor, offTeamCounselor, physician, nurse, peerLeader } = team);
  });
  afterAll(() => t.close());

  /** A client registered by the counselor (who joins its care team), with the physician and the peer leader on the team too. */
  async function newClient(): Promise<string> {
    const client = await makeCareTeamClient(t, team, { intakeDate: clinicDay(t, -10) });
    return client.id;
  }

  const get = (who: SignedIn, path: string) => t.http.get(`${API}${path}`).set(who.auth);
  const post = (who: SignedIn, path: string, body: object) => t.http.post(`${API}${path}`).set(who.auth).send(body);
  const patch = (who: SignedIn, path: string, body: object) => t.http.patch(`${API}${path}`).set(who.auth).send(body);

  async function auditCount(clientId: string, actorId: string): Promise<number> {
    const rows = await t.dataSource.query<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM audit_event WHERE client_id = $1 AND actor_id = $2',
      [clientId, actorId],
    );
    return rows[0].n;
  }

  async function actions(clientId: string): Promise<string[]> {
    const rows = await t.dataSource.query<Array<{ action: string }>>(
      `SELECT action FROM audit_event WHERE client_id = $1 AND (action LIKE 'care_plan%' OR action LIKE 'referral.%') ORDER BY action`,
      [clientId],
    );
    return rows.map((row) => row.action);
  }

  function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
    return [...new Set((body.errors ?? []).map((error) => error.field))].sort();
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

  describe('the care plan', () => {
    it('is started by the counselor’s first goal, gathers goals and reviews, and is due for review 90 days after the latest review', async () => {
      const clientId = await newClient();
      const empty = await get(counselor, `/clients/${clientId}/care-plan`).expect(200);
      expect(empty.body).toEqual({ episodeId: expect.any(String), startedOn: null, goals: [], nextReviewDue: null });

      const today = clinicDay(t);
      const goal = await post(counselor, `/clients/${clientId}/care-plan/goals`, {
        domain: 'work_income',
        description: 'Find a day job that leaves the mornings free',
        targetDate: addDays(today, 60),
      }).expect(201);
      expect(goal.body).toEqual({
        id: expect.any(String),
        domain: 'work_income',
        description: 'Find a day job that leaves the mornings free',
        targetDate: addDays(today, 60),
        status: 'open',
        reviews: [],
        createdBy: counselor.id,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      await post(counselor, `/clients/${clientId}/care-plan/goals`, { domain: 'family', description: 'Visit his mother each week' }).expect(
        201,
      );

      const started = await get(counselor, `/clients/${clientId}/care-plan`).expect(200);
      expect(started.body.startedOn).toBe(today);
      expect(started.body.nextReviewDue).toBe(addDays(today, 90));
      expect(started.body.goals.map((g: { domain: string }) => g.domain)).toEqual(['work_income', 'family']);

      expect(
        fieldsOf(
          (
            await post(counselor, `/clients/${clientId}/care-plan/goals/${goal.body.id}/reviews`, {
              date: addDays(today, -1),
              progress: 'same',
            }).expect(400)
          ).body,
        ),
      ).toEqual(['date']);
      const reviewDate = today;
      const review = await post(counselor, `/clients/${clientId}/care-plan/goals/${goal.body.id}/reviews`, {
        date: reviewDate,
        progress: 'better',
        note: 'Has an interview at the bakery on Friday.',
      }).expect(201);
      expect(review.body).toEqual({
        id: expect.any(String),
        date: reviewDate,
        progress: 'better',
        note: 'Has an interview at the bakery on Friday.',
        reviewedBy: counselor.id,
        createdAt: expect.any(String),
      });
      const changed = await patch(counselor, `/clients/${clientId}/care-plan/goals/${goal.body.id}`, {
        status: 'achieved',
        targetDate: null,
      }).expect(200);
      expect(changed.body).toMatchObject({
        status: 'achieved',
        targetDate: null,
        description: 'Find a day job that leaves the mornings free',
      });
      expect(changed.body.reviews).toHaveLength(1);

      const reviewed = await get(counselor, `/clients/${clientId}/care-plan`).expect(200);
      expect(reviewed.body.nextReviewDue).toBe(addDays(reviewDate, 90));
      expect(reviewed.body.goals[0].reviews[0].note).toBe('Has an interview at the bakery on Friday.');

      // The clinic's own interval.
      await patch(coordinator, `/clinics/${clinic.id}/settings`, { carePlanReviewDays: 30 }).expect(200);
      try {
        expect((await get(counselor, `/clients/${clientId}/care-plan`).expect(200)).body.nextReviewDue).toBe(addDays(reviewDate, 30));
      } finally {
        await patch(coordinator, `/clinics/${clinic.id}/settings`, { carePlanReviewDays: 90 }).expect(200);
      }

      // The notes and descriptions are sealed at rest.
      const raw = await t.dataSource.query<Array<{ note: string; description: string }>>(
        'SELECT r.note, g.description FROM care_plan_review r JOIN care_plan_goal g ON g.id = r.goal_id WHERE r.client_id = $1',
        [clientId],
      );
      expect(raw[0].note).not.toContain('bakery');
      expect(raw[0].description).not.toContain('day job');

      expect(await actions(clientId)).toEqual([
        'care_plan.read',
        'care_plan.read',
        'care_plan.read',
        'care_plan.read',
        'care_plan_goal.create',
        'care_plan_goal.create',
        'care_plan_goal.update',
        'care_plan_review.create',
      ]);
    });

    it('shows the coordinator and the physician goals and reviews without the note key, and nurses and peer leaders nothing', async () => {
      const clientId = await newClient();
      const goal = await post(counselor, `/clients/${clientId}/care-plan/goals`, {
        domain: 'health',
        description: 'Hepatitis C treatment',
      }).expect(201);
      await post(counselor, `/clients/${clientId}/care-plan/goals/${goal.body.id}/reviews`, {
        date: clinicDay(t),
        progress: 'same',
        note: 'Worried about the cost.',
      }).expect(201);
      for (const reader of [coordinator, physician]) {
        const res = await get(reader, `/clients/${clientId}/care-plan`).expect(200);
        expect(res.body.goals[0].description).toBe('Hepatitis C treatment');
        expect(Object.keys(res.body.goals[0].reviews[0]).sort()).toEqual(['createdAt', 'date', 'id', 'progress', 'reviewedBy']);
        expect(JSON.stringify(res.body)).not.toContain('cost');
        await post(reader, `/clients/${clientId}/care-plan/goals`, { domain: 'health', description: 'x' }).expect(403);
        await patch(reader, `/clients/${clientId}/care-plan/goals/${goal.body.id}`, { status: 'dropped' }).expect(403);
      }
      for (const outsider of [nurse, peerLeader]) {
        await get(outsider, `/clients/${clientId}/care-plan`).expect(403);
        await post(outsider, `/clients/${clientId}/care-plan/goals`, { domain: 'health', description: 'x' }).expect(403);
        await post(outsider, `/clients/${clientId}/care-plan/goals/${goal.body.id}/reviews`, {
          date: clinicDay(t),
          progress: 'same',
        }).expect(403);
      }
      await get(admin, `/clients/${clientId}/care-plan`).expect(403);
    });

    it('answers a counselor off the care team and another clinic 404, writing no audit event in their name; emergency access opens it', async () => {
      const clientId = await newClient();
      const goal = await post(counselor, `/clients/${clientId}/care-plan/goals`, {
        domain: 'housing',
        description: 'A room of his own',
      }).expect(201);
      for (const hidden of [offTeamCounselor, otherCounselor, otherCoordinator]) {
        const before = await auditCount(clientId, hidden.id);
        expect((await get(hidden, `/clients/${clientId}/care-plan`).expect(404)).body.code).toBe('NOT_FOUND');
        if (hidden.role === Role.Counselor) {
          await post(hidden, `/clients/${clientId}/care-plan/goals`, { domain: 'legal', description: 'x' }).expect(404);
          await patch(hidden, `/clients/${clientId}/care-plan/goals/${goal.body.id}`, { status: 'dropped' }).expect(404);
          await post(hidden, `/clients/${clientId}/care-plan/goals/${goal.body.id}/reviews`, {
            date: clinicDay(t),
            progress: 'worse',
          }).expect(404);
        }
        expect(await auditCount(clientId, hidden.id)).toBe(before);
      }
      await get(counselor, `/clients/${randomUUID()}/care-plan`).expect(404);
      await patch(counselor, `/clients/${clientId}/care-plan/goals/${randomUUID()}`, { status: 'dropped' }).expect(404);

      await grantEmergencyAccess(t, offTeamCounselor, clientId);
      const opened = await get(offTeamCounselor, `/clients/${clientId}/care-plan`).expect(200);
      expect(opened.body.goals).toHaveLength(1);
      const rows = await t.dataSource.query<Array<{ grounds: string }>>(
        `SELECT grounds FROM audit_event WHERE client_id = $1 AND actor_id = $2 AND action = 'care_plan.read'`,
        [clientId, offTeamCounselor.id],
      );
      expect(rows).toEqual([{ grounds: 'emergency' }]);
    });

    it('refuses what is malformed with 400 naming the field, a review in the future, and a plan for a client out of treatment', async () => {
      const clientId = await newClient();
      const path = `/clients/${clientId}/care-plan/goals`;
      expect(fieldsOf((await post(counselor, path, { domain: 'hobbies', description: 'x' }).expect(400)).body)).toEqual(['domain']);
      expect(fieldsOf((await post(counselor, path, { domain: 'health', description: '   ' }).expect(400)).body)).toEqual(['description']);
      expect(
        fieldsOf((await post(counselor, path, { domain: 'health', description: 'x', targetDate: '2026-02-30' }).expect(400)).body),
      ).toEqual(['targetDate']);
      expect(fieldsOf((await post(counselor, path, { domain: 'health', description: 'x', owner: 'me' }).expect(400)).body)).toEqual([
        'owner',
      ]);
      const goal = await post(counselor, path, { domain: 'drug_use', description: 'Fewer days of use' }).expect(201);
      expect(fieldsOf((await patch(counselor, `${path}/${goal.body.id}`, { status: 'done' }).expect(400)).body)).toEqual(['status']);
      expect(fieldsOf((await patch(counselor, `${path}/${goal.body.id}`, { description: null }).expect(400)).body)).toEqual([
        'description',
      ]);
      const reviews = `${path}/${goal.body.id}/reviews`;
      expect(fieldsOf((await post(counselor, reviews, { date: clinicDay(t), progress: 'great' }).expect(400)).body)).toEqual(['progress']);
      expect(fieldsOf((await post(counselor, reviews, { date: clinicDay(t, 1), progress: 'same' }).expect(400)).body)).toEqual(['date']);
      expect(fieldsOf((await post(counselor, reviews, { progress: 'same', note: 7 }).expect(400)).body)).toEqual(['date', 'note']);

      await dischargeClient(t, coordinator, clientId, clinicDay(t), 'completed');
      expect((await post(counselor, path, { domain: 'health', description: 'x' }).expect(422)).body.code).toBe('CLIENT_NOT_ACTIVE');
      // The last episode's plan is still there to read.
      expect((await get(counselor, `/clients/${clientId}/care-plan`).expect(200)).body.goals).toHaveLength(1);
    });

    it('replays a goal created with the same Idempotency-Key instead of setting it twice', async () => {
      const clientId = await newClient();
      const key = randomUUID();
      const body = { domain: 'social_peer_support', description: 'Try the Thursday group' };
      const first = await t.http
        .post(`${API}/clients/${clientId}/care-plan/goals`)
        .set(counselor.auth)
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      const again = await t.http
        .post(`${API}/clients/${clientId}/care-plan/goals`)
        .set(counselor.auth)
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect((await get(counselor, `/clients/${clientId}/care-plan`).expect(200)).body.goals).toHaveLength(1);
    });
  });

  describe('referrals', () => {
    const referral = (fields: Record<string, unknown> = {}) => ({
      service: 'hepatitis_c',
      organisation: 'First People’s Hospital, liver clinic',
      date: clinicDay(t),
      sharesPersonalData: false,
      note: 'Needs the viral load test.',
      ...fields,
    });

    it('needs the referral consent to share personal data: 422 CONSENT_REQUIRED without it, 201 with it, 422 again once revoked', async () => {
      const clientId = await newClient();
      const path = `/clients/${clientId}/referrals`;
      const refused = await post(counselor, path, referral({ sharesPersonalData: true })).expect(422);
      expect(refused.body.code).toBe('CONSENT_REQUIRED');
      expect((await get(counselor, path).expect(200)).body).toMatchObject({ items: [], referralConsentInForce: false });
      // Without sharing personal data no consent is needed.
      await post(counselor, path, referral()).expect(201);

      const consent = await recordConsent(t, counselor, clientId, { scope: 'referral' });
      const made = await post(physician, path, referral({ sharesPersonalData: true, service: 'hiv', organisation: 'CDC clinic' })).expect(
        201,
      );
      expect(made.body).toEqual({
        id: expect.any(String),
        clientId,
        service: 'hiv',
        organisation: 'CDC clinic',
        date: clinicDay(t),
        sharesPersonalData: true,
        note: 'Needs the viral load test.',
        status: 'made',
        outcome: null,
        attendedOn: null,
        followUpDue: addDays(clinicDay(t), 30),
        referredBy: physician.id,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await get(counselor, path).expect(200)).body.referralConsentInForce).toBe(true);

      await revokeConsent(t, counselor, clientId, consent.id);
      expect((await post(counselor, path, referral({ sharesPersonalData: true })).expect(422)).body.code).toBe('CONSENT_REQUIRED');
      const rows = await t.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM referral WHERE client_id = $1', [
        clientId,
      ]);
      expect(rows[0].n).toBe(2);
      const sealed = await t.dataSource.query<Array<{ organisation: string; note: string }>>(
        'SELECT organisation, note FROM referral WHERE client_id = $1',
        [clientId],
      );
      for (const row of sealed) {
        expect(row.organisation).not.toMatch(/Hospital|CDC/);
        expect(row.note).not.toContain('viral');
      }
      expect(await actions(clientId)).toEqual(['referral.create', 'referral.create', 'referral.list', 'referral.list']);
      // Newest first, a page at a time.
      const pages = await readPages<{ id: string; service: string }>(t, counselor, `${API}${path}`, 1);
      expect(pages.flatMap((page) => page.items.map((item) => item.service)).sort()).toEqual(['hepatitis_c', 'hiv']);
    });

    it('moves a referral along its statuses, records the outcome, and keeps closed final', async () => {
      const clientId = await newClient();
      const made = await post(counselor, `/clients/${clientId}/referrals`, referral({ date: clinicDay(t, -3) })).expect(201);
      const path = `/clients/${clientId}/referrals/${made.body.id}`;
      expect(fieldsOf((await patch(counselor, path, { status: 'lost' }).expect(400)).body)).toEqual(['status']);
      expect(fieldsOf((await patch(counselor, path, { status: 'not_attended', attendedOn: clinicDay(t) }).expect(400)).body)).toEqual([
        'attendedOn',
      ]);
      expect(fieldsOf((await patch(counselor, path, { status: 'attended', attendedOn: clinicDay(t, -5) }).expect(400)).body)).toEqual([
        'attendedOn',
      ]);
      const attended = await patch(physician, path, {
        status: 'attended',
        attendedOn: clinicDay(t, -1),
        outcome: 'Started treatment',
      }).expect(200);
      expect(attended.body).toMatchObject({
        status: 'attended',
        attendedOn: clinicDay(t, -1),
        outcome: 'Started treatment',
        followUpDue: null,
      });
      expect((await patch(counselor, path, { status: 'made' }).expect(422)).body.code).toBe('INVALID_TRANSITION');
      await patch(counselor, path, { status: 'closed' }).expect(200);
      expect((await patch(counselor, path, { status: 'attended' }).expect(422)).body.code).toBe('INVALID_TRANSITION');
      await patch(counselor, `/clients/${clientId}/referrals/${randomUUID()}`, { status: 'closed' }).expect(404);

      // The coordinator reads the list without notes or outcomes; nurses and peer leaders not at all.
      const listed = await get(coordinator, `/clients/${clientId}/referrals`).expect(200);
      expect(listed.body.items).toHaveLength(1);
      expect(listed.body.items[0]).not.toHaveProperty('note');
      expect(listed.body.items[0]).not.toHaveProperty('outcome');
      expect(listed.body.items[0]).toMatchObject({ status: 'closed', organisation: 'First People’s Hospital, liver clinic' });
      await post(coordinator, `/clients/${clientId}/referrals`, referral()).expect(403);
      await patch(coordinator, path, { status: 'closed' }).expect(403);
      for (const outsider of [nurse, peerLeader, admin]) {
        await get(outsider, `/clients/${clientId}/referrals`).expect(403);
        await post(outsider, `/clients/${clientId}/referrals`, referral()).expect(403);
      }
    });

    it('hides the client from a counselor off the care team and another clinic (404, no audit event), and validates every field', async () => {
      const clientId = await newClient();
      const path = `/clients/${clientId}/referrals`;
      for (const hidden of [offTeamCounselor, otherCounselor, otherCoordinator]) {
        const before = await auditCount(clientId, hidden.id);
        await get(hidden, path).expect(404);
        if (hidden.role === Role.Counselor) await post(hidden, path, referral()).expect(404);
        expect(await auditCount(clientId, hidden.id)).toBe(before);
      }
      expect(fieldsOf((await post(counselor, path, referral({ service: 'dentist' })).expect(400)).body)).toEqual(['service']);
      expect(fieldsOf((await post(counselor, path, referral({ organisation: '' })).expect(400)).body)).toEqual(['organisation']);
      expect(fieldsOf((await post(counselor, path, referral({ sharesPersonalData: 'yes' })).expect(400)).body)).toEqual([
        'sharesPersonalData',
      ]);
      expect(fieldsOf((await post(counselor, path, referral({ date: clinicDay(t, 2) })).expect(400)).body)).toEqual(['date']);
      expect(fieldsOf((await post(counselor, path, referral({ extra: true })).expect(400)).body)).toEqual(['extra']);
    });
  });

  describe('worklist', () => {
    it('lists care-plan reviews due to the counselor, overdue ones to the coordinator, and referral follow-ups to the referrer', async () => {
      // A clinic of its own, so the items are exactly these.
      const own = await makeClinic(t, admin);
      const [boss, keeper, doctor, bystander] = await Promise.all([
        makeStaff(t, admin, Role.Coordinator, own.id),
        makeStaff(t, admin, Role.Counselor, own.id),
        makeStaff(t, admin, Role.Physician, own.id),
        makeStaff(t, admin, Role.Counselor, own.id),
      ]);
      const start = clinicDay(t);
      const client = await makeClient(t, keeper, { intakeDate: addDays(start, -5) });
      const other = await makeClient(t, bystander, { intakeDate: addDays(start, -5) });
      await post(keeper, `/clients/${client.id}/care-plan/goals`, { domain: 'health', description: 'Sleep better' }).expect(201);
      await post(bystander, `/clients/${other.id}/care-plan/goals`, { domain: 'legal', description: 'Settle the fine' }).expect(201);
      const made = await post(doctor, `/clients/${client.id}/referrals`, referralOf(start)).expect(201);
      await post(keeper, `/clients/${client.id}/referrals`, referralOf(start)).expect(201);

      const sources = t.app.get(WorklistSources);
      const itemsOf = async (who: SignedIn, day: string, kinds = ['care_plan_review', 'referral_follow_up']) =>
        (await sources.itemsFor(callerOf(who), day)).filter((item) => kinds.includes(item.kind));

      expect(await itemsOf(keeper, addDays(start, 89), ['care_plan_review'])).toEqual([]);
      expect(await itemsOf(keeper, addDays(start, 90), ['care_plan_review'])).toEqual([
        {
          kind: 'care_plan_review',
          clientId: client.id,
          code: client.code,
          dueOn: addDays(start, 90),
          detail: { lastReviewedOn: null, overdue: false },
        },
      ]);
      // Due today is not yet overdue for the coordinator; the day after, both plans are.
      expect(await itemsOf(boss, addDays(start, 90), ['care_plan_review'])).toEqual([]);
      expect((await itemsOf(boss, addDays(start, 91), ['care_plan_review'])).map((item) => item.clientId).sort()).toEqual(
        [client.id, other.id].sort(),
      );
      // Referral follow-ups: 30 days on, each to its own referrer.
      expect(await itemsOf(doctor, addDays(start, 29))).toEqual([]);
      expect(await itemsOf(doctor, addDays(start, 30))).toEqual([
        {
          kind: 'referral_follow_up',
          clientId: client.id,
          code: client.code,
          dueOn: addDays(start, 30),
          detail: { referralId: made.body.id, service: 'mental_health', referredOn: start },
        },
      ]);
      expect((await itemsOf(keeper, addDays(start, 30), ['referral_follow_up'])).map((item) => item.kind)).toEqual(['referral_follow_up']);
      await patch(doctor, `/clients/${client.id}/referrals/${made.body.id}`, { status: 'made', outcome: 'Waiting list until May' }).expect(
        200,
      );
      expect(await itemsOf(doctor, addDays(start, 30))).toEqual([]);

      // A review ten days on moves the counselor's next one; a counselor off the care team sees none; nurses nothing.
      const plan = await get(keeper, `/clients/${client.id}/care-plan`).expect(200);
      t.clock.advance(10 * DAY);
      try {
        await post(keeper, `/clients/${client.id}/care-plan/goals/${plan.body.goals[0].id}/reviews`, {
          date: addDays(start, 10),
          progress: 'better',
        }).expect(201);
        expect(await itemsOf(keeper, addDays(start, 90), ['care_plan_review'])).toEqual([]);
        expect((await itemsOf(keeper, addDays(start, 100), ['care_plan_review'])).map((item) => item.dueOn)).toEqual([addDays(start, 100)]);
        expect(await itemsOf(bystander, addDays(start, 90), ['care_plan_review'])).toEqual([
          expect.objectContaining({ clientId: other.id }),
        ]);
        const ownNurse = await makeStaff(t, admin, Role.Nurse, own.id);
        expect(await itemsOf(ownNurse, addDays(start, 200))).toEqual([]);

        // A client out of treatment is no longer due for a review.
        await dischargeClient(t, boss, other.id, addDays(start, 10), 'completed');
        expect(await itemsOf(bystander, addDays(start, 100), ['care_plan_review'])).toEqual([]);
      } finally {
        t.clock.advance(-10 * DAY);
      }
    });

    function referralOf(date: string) {
      return { service: 'mental_health', organisation: 'District mental health centre', date, sharesPersonalData: false };
    }
  });
});
