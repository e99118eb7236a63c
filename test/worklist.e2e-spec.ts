import { Role } from '@tongban/platform';
import { InlineDelivery } from '@tongban/reminders/delivery/inline-delivery';
import {
  addToCareTeam,
  ClientRecord,
  clinicDay,
  drawNoDrugTests,
  grantEmergencyAccess,
  importDosingHistory,
  joinPeerGroup,
  localInstant,
  makeClient,
  makeClinic,
  makeCounselingSession,
  makeDoseOrder,
  makePeerGroup,
  makePeerMeeting,
  makeReminder,
  makeStaff,
  pinClock,
  recordAttendance,
  recordConsent,
  SignedIn,
  signInAdmin,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY } from './support/test-clock';

interface Item {
  kind: string;
  clientId: string | null;
  code: string | null;
  dueOn: string;
  detail: Record<string, unknown>;
}

/**
 * `GET /worklist` (api.md; product.md "Daily work"): each role gets what is
 * due for it, from the sources the areas register, only for clients of its
 * everyday work: the counselor their care team, the coordinator their clinic.
 */
describe('the daily worklist', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let otherCounselor: SignedIn;
  let nurse: SignedIn;
  let physician: SignedIn;
  let peerLeader: SignedIn;
  let otherCoordinator: SignedIn;
  /** The counselor's client: four missed days (flag `assess`), an appointment today, an SMS consent ending in three days, a failed reminder. */
  let flagged: ClientRecord;
  /** The other counselor's client, with an appointment today; the counselor broke the glass on them. */
  let theirs: ClientRecord;
  /** In treatment, no counselor. */
  let unassigned: ClientRecord;
  /** Of another clinic, with no counselor and a consent ending tomorrow. */
  let elsewhere: ClientRecord;
  let today: string;
  let appointmentAt: string;
  let failedReminderId: string;

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: '', SMS_GATEWAY_URL: '', SMTP_URL: '' });
    pinClock(t, '10:00');
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const otherClinic = await makeClinic(t, admin);
    // Drug tests fall due on days chosen at random: their items are the drug tests' suite's to check, not this one's.
    for (const id of [clinic.id, otherClinic.id]) await drawNoDrugTests(t, admin, id);
    [coordinator, counselor, otherCounselor, nurse, physician, peerLeader, otherCoordinator] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
      makeStaff(t, admin, Role.Nurse, clinic.id),
      makeStaff(t, admin, Role.Physician, clinic.id),
      makeStaff(t, admin, Role.PeerLeader, clinic.id),
      makeStaff(t, admin, Role.Coordinator, otherClinic.id),
    ]);
    today = clinicDay(t);
    appointmentAt = localInstant(`${today}T15:30`, 'Asia/Shanghai').toISOString();

    flagged = await makeClient(t, counselor, { intakeDate: clinicDay(t, -10), phone: '13900000001' });
    await importDosingHistory(
      t,
      coordinator,
      [-10, -9, -8, -7, -6, -5].map((offset): [string, string] => [flagged.code, clinicDay(t, offset)]),
    );
    await makeCounselingSession(t, counselor, flagged.id, { date: clinicDay(t, -3), nextAppointmentAt: appointmentAt });
    await recordConsent(t, counselor, flagged.id, { scope: 'sms_reminders', validFrom: clinicDay(t, -20), validUntil: clinicDay(t, 3) });
    // A reminder that cannot go (no SMS provider) ends failed.
    failedReminderId = (await makeReminder(t, coordinator, flagged.id)).id;
    await t.app.get(InlineDelivery).runDue();

    theirs = await makeClient(t, otherCounselor);
    await makeCounselingSession(t, otherCounselor, theirs.id, { date: clinicDay(t, -2), nextAppointmentAt: appointmentAt });
    await recordConsent(t, otherCounselor, theirs.id, { scope: 'peer_support', validFrom: clinicDay(t, -20), validUntil: today });
    await grantEmergencyAccess(t, counselor, theirs.id);
    // The physician on a care team does not make the client assigned: only a counselor does.
    unassigned = await makeClient(t, coordinator);
    await addToCareTeam(t, coordinator, unassigned.id, physician);
    // A consent ending beyond the renewal window is not due yet.
    await recordConsent(t, coordinator, unassigned.id, { scope: 'research', validUntil: clinicDay(t, 30) });

    elsewhere = await makeClient(t, otherCoordinator);
    await recordConsent(t, otherCoordinator, elsewhere.id, { scope: 'research', validUntil: clinicDay(t, 1) });
  });
  afterAll(() => t?.close());

  async function worklist(who: SignedIn, query: Record<string, string> = {}): Promise<Item[]> {
    const res = await t.http.get('/api/v1/worklist').query(query).set(who.auth).expect(200);
    expect(res.body.date).toBe(query.date ?? today);
    return res.body.items as Item[];
  }

  const brief = (items: Item[]) => items.map((item) => `${item.kind} ${item.code ?? '-'}`).sort();

  it("gives the counselor their care team's appointments, missed doses and expiring consents, never a client opened by emergency access", async () => {
    const items = await worklist(counselor);
    expect(brief(items)).toEqual(
      [`appointment ${flagged.code}`, `consent_expiring ${flagged.code}`, `missed_doses ${flagged.code}`].sort(),
    );
    const byKind = new Map(items.map((item) => [item.kind, item]));
    expect(byKind.get('appointment')).toMatchObject({ clientId: flagged.id, dueOn: today, detail: { at: appointmentAt } });
    expect(byKind.get('missed_doses')).toMatchObject({ dueOn: today, detail: { missedDays: 4, flag: 'assess' } });
    expect(byKind.get('consent_expiring')).toMatchObject({
      dueOn: clinicDay(t, 3),
      detail: { scope: 'sms_reminders', validUntil: clinicDay(t, 3) },
    });
    // Earliest due first.
    expect(items.map((item) => item.dueOn)).toEqual([...items.map((item) => item.dueOn)].sort());

    const theirItems = await worklist(otherCounselor);
    expect(brief(theirItems)).toEqual([`appointment ${theirs.code}`, `consent_expiring ${theirs.code}`]);
  });

  it("gives the coordinator the clinic's unassigned clients, failed reminders and expiring consents, and nothing of another clinic", async () => {
    const items = await worklist(coordinator);
    expect(brief(items)).toEqual(
      [
        `consent_expiring ${flagged.code}`,
        `consent_expiring ${theirs.code}`,
        `reminder_failed ${flagged.code}`,
        `unassigned_client ${unassigned.code}`,
      ].sort(),
    );
    const failed = items.find((item) => item.kind === 'reminder_failed');
    expect(failed).toMatchObject({
      clientId: flagged.id,
      dueOn: today,
      detail: { reminderId: failedReminderId, reminderKind: 'appointment', channel: 'sms', lastErrorCode: 'CHANNEL_NOT_CONFIGURED' },
    });
    // Due since the client came to this clinic (registered today); in treatment since their intake, 30 days back.
    expect(items.find((item) => item.kind === 'unassigned_client')).toMatchObject({
      clientId: unassigned.id,
      dueOn: clinicDay(t, 0),
      detail: { since: clinicDay(t, -30) },
    });
    expect(items.map((item) => item.clientId)).not.toContain(elsewhere.id);

    // The other clinic's coordinator sees their own client only.
    expect(brief(await worklist(otherCoordinator))).toEqual([`consent_expiring ${elsewhere.code}`, `unassigned_client ${elsewhere.code}`]);

    // A week on it is still recent.
    const later = await t.http
      .get('/api/v1/worklist')
      .query({ date: clinicDay(t, 7) })
      .set(coordinator.auth)
      .expect(200);
    expect(brief(later.body.items as Item[])).toContain(`reminder_failed ${flagged.code}`);
  });

  it('audits the answer as one list read of the clients it shows, on the role’s own grounds', async () => {
    await worklist(counselor);
    const [event] = await t.dataSource.query<Array<{ clientIds: string[]; grounds: string; details: { date: string } }>>(
      `SELECT client_ids AS "clientIds", grounds, details FROM audit_event
        WHERE action = 'worklist.list' AND actor_id = $1 ORDER BY seq DESC LIMIT 1`,
      [counselor.id],
    );
    expect(event).toMatchObject({ clientIds: [flagged.id], grounds: 'care_team', details: { date: today } });
  });

  it('gives the physician the clients whose order is suspended until a re-order, until the physician re-orders', async () => {
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    await drawNoDrugTests(t, admin, clinic.id);
    const [lead, doctor] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Physician, clinic.id),
    ]);
    // Last dose a week ago: six days missed, the order (written before the gap) suspended.
    const suspended = await makeClient(t, lead, { intakeDate: clinicDay(t, -20) });
    // Four days missed: assessed at the window, nothing for the physician to write.
    const assess = await makeClient(t, lead, { intakeDate: clinicDay(t, -20) });
    await importDosingHistory(t, lead, [
      ...[-20, -10, -7].map((offset): [string, string] => [suspended.code, clinicDay(t, offset)]),
      ...[-20, -10, -5].map((offset): [string, string] => [assess.code, clinicDay(t, offset)]),
    ]);
    for (const client of [suspended, assess]) await makeDoseOrder(t, doctor, client.id, { effectiveDate: clinicDay(t, -20) });

    const items = await worklist(doctor);
    expect(items).toEqual([
      { kind: 'missed_doses', clientId: suspended.id, code: suspended.code, dueOn: today, detail: { missedDays: 6, flag: 'retitrate' } },
    ]);

    // The re-order lifts the suspension: the item leaves the list (the first dose still needs the assessment).
    await makeDoseOrder(t, doctor, suspended.id, { effectiveDate: today, doseMg: 40 });
    expect(await worklist(doctor)).toEqual([]);
  });

  it('gives the peer leader the meetings of their groups whose attendance is not recorded yet, today and in the week before', async () => {
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    await drawNoDrugTests(t, admin, clinic.id);
    const [lead, leader, otherLeader] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.PeerLeader, clinic.id),
      makeStaff(t, admin, Role.PeerLeader, clinic.id),
    ]);
    const group = await makePeerGroup(t, lead, [leader], { name: '周三同伴小组' });
    const otherGroup = await makePeerGroup(t, lead, [otherLeader]);
    const member = await makeClient(t, lead);
    await recordConsent(t, lead, member.id, { scope: 'peer_support' });
    await joinPeerGroup(t, lead, group.id, member.id);
    const todays = await makePeerMeeting(t, leader, group.id, { startsAt: '14:30' });
    const lastWeek = await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, -7) });
    await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, -8) });
    await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, 1) });
    const recorded = await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, -2) });
    await recordAttendance(t, leader, group.id, recorded.id, [{ clientId: member.id, status: 'present' }]);
    await makePeerMeeting(t, otherLeader, otherGroup.id);

    const items = await worklist(leader);
    expect(items).toEqual([
      {
        kind: 'peer_meeting',
        clientId: null,
        code: null,
        dueOn: clinicDay(t, -7),
        detail: { groupId: group.id, meetingId: lastWeek.id, groupName: '周三同伴小组', startsAt: null },
      },
      {
        kind: 'peer_meeting',
        clientId: null,
        code: null,
        dueOn: today,
        detail: { groupId: group.id, meetingId: todays.id, groupName: '周三同伴小组', startsAt: '14:30' },
      },
    ]);
    // No client is named, so the read audits none.
    const [{ count }] = await t.dataSource.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM audit_event WHERE action = 'worklist.list' AND actor_id = $1`,
      [leader.id],
    );
    expect(count).toBe(0);

    // Recording today's attendance takes the meeting off the list; the coordinator's list never has meetings.
    await recordAttendance(t, leader, group.id, todays.id, [{ clientId: member.id, status: 'absent' }]);
    expect((await worklist(leader)).map((item) => item.detail.meetingId)).toEqual([lastWeek.id]);
    expect((await worklist(lead)).map((item) => item.kind)).not.toContain('peer_meeting');
  });

  it('answers the nurse, physician and peer leader with the kinds of their role only (none of these here), refuses the admin and far-off dates', async () => {
    // The physician's missed_doses are suspended orders only (above); this clinic has none.
    for (const who of [nurse, physician, peerLeader]) {
      const kinds = (await worklist(who)).map((item) => item.kind);
      for (const kind of ['appointment', 'missed_doses', 'consent_expiring', 'unassigned_client', 'reminder_failed']) {
        expect(kinds).not.toContain(kind);
      }
    }
    const admin = await signInAdmin(t);
    await t.http.get('/api/v1/worklist').set(admin.auth).expect(403);
    // Another day within the week: the appointment was for today only.
    expect(brief(await worklist(counselor, { date: clinicDay(t, 1) }))).not.toContain(`appointment ${flagged.code}`);
    for (const date of [clinicDay(t, 8), clinicDay(t, -30), '2026-02-30', 'tomorrow']) {
      const res = await t.http.get('/api/v1/worklist').query({ date }).set(counselor.auth).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(new Set((res.body.errors as Array<{ field: string }>).map((error) => error.field))).toEqual(new Set(['date']));
    }
    await t.http.get('/api/v1/worklist').query({ date: today, extra: '1' }).set(counselor.auth).expect(400);
  });

  it('reports peer-group uptake step by step, with the absences counted by reason, to the coordinator of the clinic only', async () => {
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const [lead, leader, helper] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.PeerLeader, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
    ]);
    const from = clinicDay(t);
    // Eight clients in treatment; six consent to peer support; five of them join the group.
    const clients = [];
    for (let i = 0; i < 8; i++) clients.push(await makeClient(t, lead));
    const [c1, c2, c3, c4, c5, c6] = clients;
    for (const client of [c1, c2, c3, c4, c5, c6]) await recordConsent(t, lead, client.id, { scope: 'peer_support' });
    const group = await makePeerGroup(t, lead, [leader]);
    for (const client of [c1, c2, c3, c4, c5]) await joinPeerGroup(t, lead, group.id, client.id);
    // A client of another clinic counts there only (with the one made before: two).
    await makeClient(t, otherCoordinator);

    const present = (client: ClientRecord) => ({ clientId: client.id, status: 'present' });
    const absent = (client: ClientRecord, reason?: string) => ({ clientId: client.id, status: 'absent', ...(reason ? { reason } : {}) });
    const meetings = [
      [present(c1), present(c2), present(c3), absent(c4, 'work'), absent(c5, 'transport')],
      [present(c1), absent(c2, 'health'), absent(c3, 'privacy'), absent(c4, 'not_interested'), absent(c5)],
      [present(c1), present(c2), absent(c3, 'work'), { clientId: c4.id, status: 'excused' }, absent(c5, 'transport')],
    ];
    for (const [index, records] of meetings.entries()) {
      if (index > 0) t.clock.advance(DAY);
      const meeting = await makePeerMeeting(t, leader, group.id);
      await t.http.put(`/api/v1/peer-groups/${group.id}/meetings/${meeting.id}/attendance`).set(leader.auth).send({ records }).expect(200);
    }

    const res = await t.http
      .get('/api/v1/reports/peer-uptake')
      .query({ from, to: clinicDay(t) })
      .set(lead.auth)
      .expect(200);
    expect(res.body).toEqual({
      from,
      to: clinicDay(t),
      funnel: [
        { step: 'in_treatment', clients: 8 },
        { step: 'consented', clients: 6 },
        { step: 'joined', clients: 5 },
        // c1, c2 and c3 came at least once; c1 (3 of 3) and c2 (2 of 3) to at least half their meetings, c3 (1 of 3) not.
        { step: 'attended_once', clients: 3 },
        { step: 'attended_half', clients: 2 },
      ],
      absenceReasons: [
        { reason: 'work', absences: 2 },
        { reason: 'transport', absences: 2 },
        { reason: 'health', absences: 1 },
        { reason: 'privacy', absences: 1 },
        { reason: 'not_interested', absences: 1 },
        { reason: 'other', absences: 0 },
        { reason: 'unrecorded', absences: 1 },
      ],
    });
    // A window before the meetings: the same clients in treatment, nobody attended yet.
    const before = await t.http
      .get('/api/v1/reports/peer-uptake')
      .query({ from: clinicDay(t, -20), to: clinicDay(t, -3) })
      .set(lead.auth)
      .expect(200);
    expect((before.body.funnel as Array<{ clients: number }>).map((step) => step.clients)).toEqual([8, 0, 0, 0, 0]);

    const theirs = await t.http.get('/api/v1/reports/peer-uptake').set(otherCoordinator.auth).expect(200);
    expect(theirs.body.funnel[0]).toEqual({ step: 'in_treatment', clients: 2 });
    await t.http.get('/api/v1/reports/peer-uptake').set(helper.auth).expect(403);
    await t.http
      .get('/api/v1/reports/peer-uptake')
      .query({ from: clinicDay(t), to: clinicDay(t, -1) })
      .set(lead.auth)
      .expect(400);
  });

  it('leaves a failed reminder out once it is more than two weeks old', async () => {
    t.clock.advance(15 * DAY);
    const items = (await t.http.get('/api/v1/worklist').set(coordinator.auth).expect(200)).body.items as Item[];
    expect(items.filter((item) => item.kind === 'reminder_failed')).toEqual([]);
    expect(brief(items)).toContain(`unassigned_client ${unassigned.code}`);
  });
});
