import { randomUUID } from 'node:crypto';
import { Role } from '@tongban/platform';
import {
  addToCareTeam,
  ClientRecord,
  ClinicRecord,
  clinicDay,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makePeerGroup,
  makePeerMeeting,
  makeStaff,
  PeerGroupRecord,
  PeerMeetingRecord,
  pinClock,
  recordConsent,
  signInAdmin,
  SignedIn,
  unique,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { MINUTE } from './support/test-clock';

interface Member {
  clientId: string;
  code: string;
  preferredName: string | null;
  joinedAt: string;
}

interface Attendance {
  meetingId: string;
  records: Array<{ clientId: string; code: string; preferredName: string | null; status: string; reason?: string | null }>;
}

interface AuditItem {
  action: string;
  clientId: string | null;
  actorId: string | null;
  grounds: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Peer groups, members, meetings and attendance through HTTP: who may do
 * what, the rules of each route, consent that ends visibility at once, and
 * the history the care team keeps. The clock is pinned to noon in Shanghai.
 */
describe('peer groups', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let otherClinic: ClinicRecord;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let otherCounselor: SignedIn;
  let leader: SignedIn;
  let otherLeader: SignedIn;
  let nurse: SignedIn;
  let otherClinicCoordinator: SignedIn;
  let otherClinicLeader: SignedIn;
  let otherClinicCounselor: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin);
    otherClinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    otherCounselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    otherLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    otherClinicCoordinator = await makeStaff(t, admin, Role.Coordinator, otherClinic.id);
    otherClinicLeader = await makeStaff(t, admin, Role.PeerLeader, otherClinic.id);
    otherClinicCounselor = await makeStaff(t, admin, Role.Counselor, otherClinic.id);
  });
  afterAll(() => t.close());

  function day(offset = 0): string {
    return clinicDay(t, offset);
  }

  /** A client registered by `owner` (who joins its care team), with a peer_support consent unless told otherwise. */
  async function peerClient(owner: SignedIn = counselor, consent = true): Promise<ClientRecord> {
    const client = await makeClient(t, owner, { preferredName: unique('Pref') });
    if (consent) await recordConsent(t, owner, client.id, { scope: 'peer_support' });
    return client;
  }

  function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
    return [...new Set((body.errors ?? []).map((error) => error.field))].sort();
  }

  async function membersOf(who: SignedIn, groupId: string): Promise<Member[]> {
    const res = await t.http.get(`/api/v1/peer-groups/${groupId}/members`).set(who.auth).expect(200);
    return res.body.items as Member[];
  }

  function putAttendance(who: SignedIn, groupId: string, meetingId: string, records: unknown) {
    return t.http.put(`/api/v1/peer-groups/${groupId}/meetings/${meetingId}/attendance`).set(who.auth).send({ records });
  }

  async function attendanceOf(who: SignedIn, groupId: string, meetingId: string): Promise<Attendance> {
    const res = await t.http.get(`/api/v1/peer-groups/${groupId}/meetings/${meetingId}/attendance`).set(who.auth).expect(200);
    return res.body as Attendance;
  }

  async function auditOf(clientId: string): Promise<AuditItem[]> {
    const res = await t.http.get('/api/v1/audit-events').query({ clientId, limit: 200 }).set(coordinator.auth).expect(200);
    return res.body.items as AuditItem[];
  }

  async function revokePeerSupport(client: ClientRecord, consentOwner: SignedIn = counselor): Promise<void> {
    const res = await t.http.get(`/api/v1/clients/${client.id}/consents`).set(consentOwner.auth).expect(200);
    for (const consent of (res.body.items as Array<{ id: string; scope: string; status: string }>).filter(
      (item) => item.scope === 'peer_support' && item.status === 'active',
    )) {
      await t.http.post(`/api/v1/clients/${client.id}/consents/${consent.id}/revoke`).set(consentOwner.auth).send({}).expect(200);
    }
  }

  /** Stored attendance rows of a meeting (to prove what a refused or repeated request left alone). */
  async function storedAttendance(meetingId: string): Promise<Array<{ client_id: string; status: string; recorded_at: string }>> {
    return t.dataSource.query(
      `SELECT client_id, status, recorded_at::text AS recorded_at FROM peer_attendance WHERE meeting_id = $1 ORDER BY client_id`,
      [meetingId],
    );
  }

  describe('groups', () => {
    it('lets the coordinator create a group and answers 201 with it', async () => {
      const res = await t.http
        .post('/api/v1/peer-groups')
        .set(coordinator.auth)
        .send({
          name: 'Tuesday circle',
          leaderIds: [otherLeader.id, leader.id],
          meetingDay: 'tuesday',
          meetingTime: '19:30',
          location: 'Room 2',
        })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Tuesday circle',
        leaderIds: [leader.id, otherLeader.id].sort(),
        meetingDay: 'tuesday',
        meetingTime: '19:30',
        location: 'Room 2',
        createdAt: expect.any(String),
      });
      const read = await t.http.get(`/api/v1/peer-groups/${res.body.id}`).set(coordinator.auth).expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('leaves meeting day, time and place empty when not given', async () => {
      const group = await makePeerGroup(t, coordinator, [leader]);
      expect(group).toMatchObject({ leaderIds: [leader.id], meetingDay: null, meetingTime: null, location: null });
    });

    it('refuses a leader who is not an active peer leader of the clinic with 422 INVALID_LEADER, naming the position only', async () => {
      const inactive = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
      await t.http.patch(`/api/v1/staff/${inactive.id}`).set(admin.auth).send({ active: false }).expect(200);
      const name = unique('Refused');
      for (const wrong of [counselor.id, otherClinicLeader.id, UNKNOWN_ID, inactive.id]) {
        const res = await t.http
          .post('/api/v1/peer-groups')
          .set(coordinator.auth)
          .send({ name, leaderIds: [leader.id, wrong] })
          .expect(422);
        expect(res.body).toMatchObject({ code: 'INVALID_LEADER' });
        expect(res.body.detail).toContain('leaderIds[1]');
      }
      const list = await t.http.get('/api/v1/peer-groups').query({ limit: 200 }).set(coordinator.auth).expect(200);
      expect((list.body.items as PeerGroupRecord[]).some((group) => group.name === name)).toBe(false);
    });

    it.each([
      ['a blank name', () => ({ name: '   ' }), 'name'],
      ['a name over 100 characters', () => ({ name: 'x'.repeat(101) }), 'name'],
      ['no leaders', () => ({ leaderIds: [] }), 'leaderIds'],
      ['more than 10 leaders', () => ({ leaderIds: Array.from({ length: 11 }, () => randomUUID()) }), 'leaderIds'],
      ['the same leader twice', () => ({ leaderIds: [leader.id, leader.id] }), 'leaderIds'],
      ['a leader id that is not a UUID', () => ({ leaderIds: ['someone'] }), 'leaderIds'],
      ['an unknown meeting day', () => ({ meetingDay: 'funday' }), 'meetingDay'],
      ['a meeting time out of range', () => ({ meetingTime: '24:00' }), 'meetingTime'],
      ['a meeting time without minutes', () => ({ meetingTime: '7pm' }), 'meetingTime'],
      ['a location over 200 characters', () => ({ location: 'x'.repeat(201) }), 'location'],
      ['an unknown property', () => ({ color: 'blue' }), 'color'],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, fields, field) => {
      const res = await t.http
        .post('/api/v1/peer-groups')
        .set(coordinator.auth)
        .send({ name: unique('Bad'), leaderIds: [leader.id], ...fields() })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toContain(field);
    });

    it.each([
      ['a counselor', () => counselor],
      ['a peer leader', () => leader],
      ['a nurse', () => nurse],
    ])('lets %s neither create nor change a group (403)', async (_label, who) => {
      const group = await makePeerGroup(t, coordinator, [leader]);
      await t.http
        .post('/api/v1/peer-groups')
        .set(who().auth)
        .send({ name: 'x', leaderIds: [leader.id] })
        .expect(403);
      await t.http.patch(`/api/v1/peer-groups/${group.id}`).set(who().auth).send({ name: 'x' }).expect(403);
    });

    it('changes only the fields sent; leaderIds replaces the leaders and null clears a field', async () => {
      const group = await makePeerGroup(t, coordinator, [leader], { meetingDay: 'monday', meetingTime: '10:00', location: 'Hall' });
      const renamed = await t.http.patch(`/api/v1/peer-groups/${group.id}`).set(coordinator.auth).send({ name: 'Renamed' }).expect(200);
      expect(renamed.body).toEqual({ ...group, name: 'Renamed' });
      const moved = await t.http
        .patch(`/api/v1/peer-groups/${group.id}`)
        .set(coordinator.auth)
        .send({ leaderIds: [otherLeader.id], meetingDay: null, location: null })
        .expect(200);
      expect(moved.body).toEqual({ ...group, name: 'Renamed', leaderIds: [otherLeader.id], meetingDay: null, location: null });
      await t.http.get(`/api/v1/peer-groups/${group.id}`).set(leader.auth).expect(404);
      await t.http.get(`/api/v1/peer-groups/${group.id}`).set(otherLeader.auth).expect(200);
    });

    it('refuses a PATCH with a null name, no leaders, an invalid leader or an unknown property, changing nothing', async () => {
      const group = await makePeerGroup(t, coordinator, [leader]);
      for (const body of [{ name: null }, { leaderIds: null }, { leaderIds: [] }, { colour: 'red' }]) {
        const res = await t.http.patch(`/api/v1/peer-groups/${group.id}`).set(coordinator.auth).send(body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      const invalid = await t.http
        .patch(`/api/v1/peer-groups/${group.id}`)
        .set(coordinator.auth)
        .send({ name: 'Changed', leaderIds: [nurse.id] })
        .expect(422);
      expect(invalid.body.code).toBe('INVALID_LEADER');
      const read = await t.http.get(`/api/v1/peer-groups/${group.id}`).set(coordinator.auth).expect(200);
      expect(read.body).toEqual(group);
    });

    it('answers 404 for a group of another clinic and for an unknown group', async () => {
      const group = await makePeerGroup(t, coordinator, [leader]);
      await t.http.get(`/api/v1/peer-groups/${group.id}`).set(otherClinicCoordinator.auth).expect(404);
      await t.http.patch(`/api/v1/peer-groups/${group.id}`).set(otherClinicCoordinator.auth).send({ name: 'Mine' }).expect(404);
      await t.http.get(`/api/v1/peer-groups/${UNKNOWN_ID}`).set(coordinator.auth).expect(404);
      await t.http.get('/api/v1/peer-groups/not-a-uuid').set(coordinator.auth).expect(400);
    });

    it('lists the clinic’s groups for the coordinator and counselors, and only the groups they lead for a peer leader', async () => {
      const led = await makePeerGroup(t, coordinator, [leader]);
      const notLed = await makePeerGroup(t, coordinator, [otherLeader]);
      const ids = async (who: SignedIn) =>
        ((await t.http.get('/api/v1/peer-groups').query({ limit: 200 }).set(who.auth).expect(200)).body.items as PeerGroupRecord[]).map(
          (group) => group.id,
        );
      for (const who of [coordinator, counselor]) expect(await ids(who)).toEqual(expect.arrayContaining([led.id, notLed.id]));
      expect(await ids(leader)).toContain(led.id);
      expect(await ids(leader)).not.toContain(notLed.id);
      expect(await ids(otherClinicCoordinator)).not.toContain(led.id);
      await t.http.get(`/api/v1/peer-groups/${notLed.id}`).set(leader.auth).expect(404);
      await t.http.get(`/api/v1/peer-groups/${led.id}`).set(leader.auth).expect(200);
      await t.http.get(`/api/v1/peer-groups/${notLed.id}`).set(counselor.auth).expect(200);
      await t.http.get('/api/v1/peer-groups').set(nurse.auth).expect(403);
    });

    it('pages the list by name with an opaque cursor', async () => {
      const clinicForPaging = await makeClinic(t, admin);
      const pagingCoordinator = await makeStaff(t, admin, Role.Coordinator, clinicForPaging.id);
      const pagingLeader = await makeStaff(t, admin, Role.PeerLeader, clinicForPaging.id);
      for (const name of ['C group', 'A group', 'B group']) await makePeerGroup(t, pagingCoordinator, [pagingLeader], { name });
      const first = await t.http.get('/api/v1/peer-groups').query({ limit: 2 }).set(pagingCoordinator.auth).expect(200);
      expect((first.body.items as PeerGroupRecord[]).map((group) => group.name)).toEqual(['A group', 'B group']);
      const next = await t.http
        .get('/api/v1/peer-groups')
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(pagingCoordinator.auth)
        .expect(200);
      expect(next.body).toEqual({ items: [expect.objectContaining({ name: 'C group' })], nextCursor: null });
      await t.http.get('/api/v1/peer-groups').query({ cursor: 'garbage' }).set(pagingCoordinator.auth).expect(400);
    });

    it('records group changes as events without a client', async () => {
      const group = await makePeerGroup(t, coordinator, [leader]);
      const res = await t.http.get('/api/v1/audit-events').query({ limit: 200 }).set(coordinator.auth).expect(200);
      const created = (res.body.items as AuditItem[]).find((event) => event.action === 'peer_group.create' && event.targetId === group.id);
      expect(created).toMatchObject({ clientId: null, targetType: 'peer_group', details: { leaders: 1 } });
    });
  });

  describe('members', () => {
    let group: PeerGroupRecord;

    beforeAll(async () => {
      group = await makePeerGroup(t, coordinator, [leader]);
    });

    it('lets the client’s counselor add a consenting client and answers 201 with the pseudonym', async () => {
      const client = await peerClient();
      const res = await t.http
        .post(`/api/v1/peer-groups/${group.id}/members`)
        .set(counselor.auth)
        .send({ clientId: client.id })
        .expect(201);
      expect(res.body).toEqual({
        clientId: client.id,
        code: client.code,
        preferredName: client.preferredName,
        joinedAt: expect.any(String),
      });
      expect(await membersOf(coordinator, group.id)).toContainEqual(res.body);
      const events = await auditOf(client.id);
      expect(events).toContainEqual(
        expect.objectContaining({ action: 'peer_group_member.add', actorId: counselor.id, grounds: 'care_team', targetId: group.id }),
      );
    });

    it('refuses a client without an active peer_support consent with 422 CONSENT_REQUIRED', async () => {
      const client = await peerClient(counselor, false);
      await recordConsent(t, counselor, client.id, { scope: 'sms_reminders' });
      const res = await t.http
        .post(`/api/v1/peer-groups/${group.id}/members`)
        .set(counselor.auth)
        .send({ clientId: client.id })
        .expect(422);
      expect(res.body.code).toBe('CONSENT_REQUIRED');
      const future = await peerClient(counselor, false);
      await recordConsent(t, counselor, future.id, { scope: 'peer_support', validFrom: day(3) });
      await t.http.post(`/api/v1/peer-groups/${group.id}/members`).set(counselor.auth).send({ clientId: future.id }).expect(422);
      const history = await t.http.get(`/api/v1/clients/${client.id}/peer-groups`).set(counselor.auth).expect(200);
      expect(history.body).toEqual([]);
    });

    it('answers 404 for an unknown client, a client of another clinic, and a client not on the counselor’s care team', async () => {
      const othersClient = await peerClient(otherCounselor);
      const otherClinicClient = await makeClient(t, otherClinicCounselor);
      await recordConsent(t, otherClinicCounselor, otherClinicClient.id, { scope: 'peer_support' });
      for (const [who, clientId] of [
        [counselor, UNKNOWN_ID],
        [counselor, othersClient.id],
        [coordinator, otherClinicClient.id],
      ] as const) {
        const res = await t.http.post(`/api/v1/peer-groups/${group.id}/members`).set(who.auth).send({ clientId }).expect(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      expect((await membersOf(coordinator, group.id)).map((member) => member.clientId)).not.toContain(othersClient.id);
    });

    it('refuses bad input with 400 and a group the caller may not see with 404', async () => {
      const client = await peerClient();
      for (const body of [{}, { clientId: 'someone' }, { clientId: client.id, role: 'member' }]) {
        const res = await t.http.post(`/api/v1/peer-groups/${group.id}/members`).set(counselor.auth).send(body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      await t.http.post(`/api/v1/peer-groups/${UNKNOWN_ID}/members`).set(counselor.auth).send({ clientId: client.id }).expect(404);
      await t.http
        .post(`/api/v1/peer-groups/${group.id}/members`)
        .set(otherClinicCoordinator.auth)
        .send({ clientId: client.id })
        .expect(404);
      await t.http.post(`/api/v1/peer-groups/${group.id}/members`).set(leader.auth).send({ clientId: client.id }).expect(403);
      await t.http.post(`/api/v1/peer-groups/${group.id}/members`).set(nurse.auth).send({ clientId: client.id }).expect(403);
      expect((await membersOf(coordinator, group.id)).map((member) => member.clientId)).not.toContain(client.id);
    });

    it('answers 409 ALREADY_MEMBER for a current member', async () => {
      const client = await peerClient();
      await joinPeerGroup(t, counselor, group.id, client.id);
      const res = await t.http
        .post(`/api/v1/peer-groups/${group.id}/members`)
        .set(coordinator.auth)
        .send({ clientId: client.id })
        .expect(409);
      expect(res.body.code).toBe('ALREADY_MEMBER');
    });

    it('lets one of several concurrent joins of the same client through and answers the rest 409', async () => {
      const client = await peerClient();
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, index) =>
          t.http
            .post(`/api/v1/peer-groups/${group.id}/members`)
            .set((index % 2 === 0 ? counselor : coordinator).auth)
            .send({ clientId: client.id }),
        ),
      );
      expect(answers.map((res) => res.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect(answers.filter((res) => res.status === 409).every((res) => res.body.code === 'ALREADY_MEMBER')).toBe(true);
      const stored = await t.dataSource.query<Array<{ n: number }>>(
        'SELECT count(*)::int AS n FROM peer_group_member WHERE group_id = $1 AND client_id = $2',
        [group.id, client.id],
      );
      expect(stored[0].n).toBe(1);
    });

    it('removes a member with 204, keeps the membership as history and lets the client join again', async () => {
      const client = await peerClient();
      await joinPeerGroup(t, counselor, group.id, client.id);
      await t.http.delete(`/api/v1/peer-groups/${group.id}/members/${client.id}`).set(counselor.auth).expect(204);
      expect((await membersOf(coordinator, group.id)).map((member) => member.clientId)).not.toContain(client.id);
      await t.http.delete(`/api/v1/peer-groups/${group.id}/members/${client.id}`).set(counselor.auth).expect(404);
      const history = await t.http.get(`/api/v1/clients/${client.id}/peer-groups`).set(counselor.auth).expect(200);
      expect(history.body).toEqual([
        { groupId: group.id, groupName: group.name, joinedAt: expect.any(String), leftAt: expect.any(String), attendance: [] },
      ]);
      await joinPeerGroup(t, coordinator, group.id, client.id);
      const again = await t.http.get(`/api/v1/clients/${client.id}/peer-groups`).set(coordinator.auth).expect(200);
      expect(again.body).toHaveLength(2);
      expect(again.body[1]).toMatchObject({ groupId: group.id, leftAt: null });
      expect(await auditOf(client.id)).toContainEqual(
        expect.objectContaining({ action: 'peer_group_member.remove', actorId: counselor.id }),
      );
    });

    it('refuses to remove a member for a counselor who is not on the client’s care team (404) and for a peer leader (403)', async () => {
      const client = await peerClient();
      await joinPeerGroup(t, counselor, group.id, client.id);
      await t.http.delete(`/api/v1/peer-groups/${group.id}/members/${client.id}`).set(otherCounselor.auth).expect(404);
      await t.http.delete(`/api/v1/peer-groups/${group.id}/members/${client.id}`).set(leader.auth).expect(403);
      await t.http.delete(`/api/v1/peer-groups/${group.id}/members/${UNKNOWN_ID}`).set(coordinator.auth).expect(404);
      expect((await membersOf(coordinator, group.id)).map((member) => member.clientId)).toContain(client.id);
    });

    it('lists only current members with a peer_support consent, and to a counselor only their own clients', async () => {
      const own = await makePeerGroup(t, coordinator, [leader]);
      const mine = await peerClient(counselor);
      const theirs = await peerClient(otherCounselor);
      const gone = await peerClient(counselor);
      const revoked = await peerClient(counselor);
      for (const client of [mine, theirs, gone, revoked]) await joinPeerGroup(t, coordinator, own.id, client.id);
      await t.http.delete(`/api/v1/peer-groups/${own.id}/members/${gone.id}`).set(coordinator.auth).expect(204);
      await revokePeerSupport(revoked);
      const ids = async (who: SignedIn) => (await membersOf(who, own.id)).map((member) => member.clientId).sort();
      expect(await ids(coordinator)).toEqual([mine.id, theirs.id].sort());
      expect(await ids(leader)).toEqual([mine.id, theirs.id].sort());
      expect(await ids(counselor)).toEqual([mine.id]);
      expect(await ids(otherCounselor)).toEqual([theirs.id]);
      const members = await membersOf(leader, own.id);
      for (const member of members) expect(Object.keys(member).sort()).toEqual(['clientId', 'code', 'joinedAt', 'preferredName']);
    });

    it('records one audit event per member shown, on the grounds the policy gives', async () => {
      const own = await makePeerGroup(t, coordinator, [leader]);
      const first = await peerClient();
      const second = await peerClient();
      for (const client of [first, second]) await joinPeerGroup(t, coordinator, own.id, client.id);
      const before = (await auditOf(first.id)).filter((event) => event.action === 'peer_group_member.list').length;
      await membersOf(leader, own.id);
      const after = (await auditOf(first.id)).filter((event) => event.action === 'peer_group_member.list');
      expect(after).toHaveLength(before + 1);
      expect(after[0]).toMatchObject({ actorId: leader.id, grounds: 'consent', details: { groupId: own.id } });
      expect(
        (await auditOf(second.id)).filter((event) => event.action === 'peer_group_member.list' && event.actorId === leader.id),
      ).toHaveLength(1);
    });

    it('never shows a peer leader another leader’s group or its members (404)', async () => {
      const theirs = await makePeerGroup(t, coordinator, [otherLeader]);
      const client = await peerClient();
      await joinPeerGroup(t, coordinator, theirs.id, client.id);
      await t.http.get(`/api/v1/peer-groups/${theirs.id}`).set(leader.auth).expect(404);
      await t.http.get(`/api/v1/peer-groups/${theirs.id}/members`).set(leader.auth).expect(404);
      await t.http.get(`/api/v1/clients/${client.id}`).set(leader.auth).expect(404);
      await t.http.get(`/api/v1/peer-groups/${theirs.id}/members`).set(otherClinicCoordinator.auth).expect(404);
      expect((await membersOf(otherLeader, theirs.id)).map((member) => member.clientId)).toEqual([client.id]);
    });

    it('shows a peer leader a member through GET /clients/:id with only id, code and preferred name', async () => {
      const own = await makePeerGroup(t, coordinator, [leader]);
      const client = await peerClient();
      await t.http.get(`/api/v1/clients/${client.id}`).set(leader.auth).expect(404);
      await joinPeerGroup(t, counselor, own.id, client.id);
      const res = await t.http.get(`/api/v1/clients/${client.id}`).set(leader.auth).expect(200);
      expect(res.body).toEqual({ id: client.id, code: client.code, preferredName: client.preferredName });
    });
  });

  describe('meetings', () => {
    let group: PeerGroupRecord;

    beforeAll(async () => {
      group = await makePeerGroup(t, coordinator, [leader]);
    });

    it('lets the group’s leader schedule a meeting and answers 201 with it; the topic is sealed at rest', async () => {
      const topic = unique('Topic-about-work');
      const res = await t.http
        .post(`/api/v1/peer-groups/${group.id}/meetings`)
        .set(leader.auth)
        .send({ date: day(7), startsAt: '19:00', topic })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        groupId: group.id,
        date: day(7),
        startsAt: '19:00',
        topic,
        createdAt: expect.any(String),
      });
      const stored = await t.dataSource.query<Array<{ topic: string }>>('SELECT topic FROM peer_meeting WHERE id = $1', [res.body.id]);
      expect(stored[0].topic).not.toContain(topic);
      const events = await t.http.get('/api/v1/audit-events').query({ limit: 200 }).set(coordinator.auth).expect(200);
      expect(events.body.items).toContainEqual(
        expect.objectContaining({ action: 'peer_meeting.create', clientId: null, targetId: res.body.id, actorId: leader.id }),
      );
    });

    it('lets the coordinator schedule one, and a past day or 90 days ahead, but not 91 days ahead', async () => {
      await makePeerMeeting(t, coordinator, group.id, { date: day(-200) });
      await makePeerMeeting(t, leader, group.id, { date: day(90) });
      const res = await t.http
        .post(`/api/v1/peer-groups/${group.id}/meetings`)
        .set(leader.auth)
        .send({ date: day(91) })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual(['date']);
    });

    it.each([
      ['a date that is not YYYY-MM-DD', { date: '12/01/2026' }, 'date'],
      ['a date that does not exist', { date: '2026-02-30' }, 'date'],
      ['a start time out of range', { startsAt: '25:00' }, 'startsAt'],
      ['a topic over 500 characters', { topic: 'x'.repeat(501) }, 'topic'],
      ['an unknown property', { room: 'A' }, 'room'],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, fields, field) => {
      const res = await t.http
        .post(`/api/v1/peer-groups/${group.id}/meetings`)
        .set(leader.auth)
        .send({ date: day(), ...fields })
        .expect(400);
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('lets neither another group’s leader (404) nor a counselor (403) schedule a meeting', async () => {
      await t.http.post(`/api/v1/peer-groups/${group.id}/meetings`).set(otherLeader.auth).send({ date: day() }).expect(404);
      await t.http.post(`/api/v1/peer-groups/${group.id}/meetings`).set(counselor.auth).send({ date: day() }).expect(403);
      await t.http.post(`/api/v1/peer-groups/${group.id}/meetings`).set(otherClinicCoordinator.auth).send({ date: day() }).expect(404);
    });

    it('lists the group’s meetings newest first, to its leader and the coordinator only', async () => {
      const own = await makePeerGroup(t, coordinator, [leader]);
      const old = await makePeerMeeting(t, leader, own.id, { date: day(-14) });
      const next = await makePeerMeeting(t, leader, own.id, { date: day(7), topic: 'Looking for work' });
      const recent = await makePeerMeeting(t, leader, own.id, { date: day(-7) });
      const res = await t.http.get(`/api/v1/peer-groups/${own.id}/meetings`).set(leader.auth).expect(200);
      expect(res.body).toEqual({ items: [next, recent, old], nextCursor: null });
      const page = await t.http.get(`/api/v1/peer-groups/${own.id}/meetings`).query({ limit: 2 }).set(coordinator.auth).expect(200);
      expect(page.body.items).toEqual([next, recent]);
      const rest = await t.http
        .get(`/api/v1/peer-groups/${own.id}/meetings`)
        .query({ limit: 2, cursor: page.body.nextCursor })
        .set(coordinator.auth)
        .expect(200);
      expect(rest.body).toEqual({ items: [old], nextCursor: null });
      await t.http.get(`/api/v1/peer-groups/${own.id}/meetings`).set(otherLeader.auth).expect(404);
      await t.http.get(`/api/v1/peer-groups/${own.id}/meetings`).set(counselor.auth).expect(403);
    });
  });

  describe('weekly meeting series and the daily cap', () => {
    const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
    /** The clinic day `offset` days from today, as the group's meeting day. */
    function weekdayOf(offset: number): string {
      return WEEKDAYS[new Date(`${day(offset)}T00:00:00Z`).getUTCDay()];
    }

    function planSeries(who: SignedIn, groupId: string, body: Record<string, unknown>) {
      return t.http.post(`/api/v1/peer-groups/${groupId}/meetings/series`).set(who.auth).send(body);
    }

    async function meetingDates(groupId: string): Promise<Array<{ date: string; startsAt: string | null }>> {
      const res = await t.http.get(`/api/v1/peer-groups/${groupId}/meetings`).query({ limit: 200 }).set(coordinator.auth).expect(200);
      return (res.body.items as PeerMeetingRecord[]).map((meeting) => ({ date: meeting.date, startsAt: meeting.startsAt })).reverse();
    }

    it('plans the group’s weekly meetings on its day at its time, skips days that have one, and reminds members as single meetings do', async () => {
      const group = await makePeerGroup(t, coordinator, [leader], { meetingDay: weekdayOf(2), meetingTime: '18:30' });
      const member = await makeClient(t, counselor, { phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` });
      for (const scope of ['peer_support', 'sms_reminders']) await recordConsent(t, counselor, member.id, { scope });
      await joinPeerGroup(t, coordinator, group.id, member.id);
      const existing = await makePeerMeeting(t, leader, group.id, { date: day(9), startsAt: '10:00' });

      const res = await planSeries(leader, group.id, { from: day(0), until: day(23) }).expect(201);
      const planned = [day(2), day(16), day(23)];
      expect(res.body).toEqual({
        created: 3,
        meetings: planned.map((date) => ({
          id: expect.any(String),
          groupId: group.id,
          date,
          startsAt: '18:30',
          topic: null,
          createdAt: expect.any(String),
        })),
        skippedDates: [day(9)],
      });
      expect(await meetingDates(group.id)).toEqual([
        { date: day(2), startsAt: '18:30' },
        { date: day(9), startsAt: '10:00' },
        { date: day(16), startsAt: '18:30' },
        { date: day(23), startsAt: '18:30' },
      ]);
      const reminders = await t.dataSource.query<Array<{ source_id: string; kind: string; status: string }>>(
        `SELECT source_id, kind, status FROM reminder WHERE client_id = $1 AND kind = 'meeting' ORDER BY event_date`,
        [member.id],
      );
      const ids = (res.body.meetings as PeerMeetingRecord[]).map((meeting) => meeting.id);
      expect(reminders.map((row) => row.source_id)).toEqual(expect.arrayContaining(ids));
      expect(reminders.filter((row) => ids.includes(row.source_id))).toHaveLength(3);
      // The meeting that was there already made its own when it was planned, and no second one now.
      expect(reminders.filter((row) => row.source_id === existing.id)).toHaveLength(1);
      const events = await t.http.get('/api/v1/audit-events').query({ limit: 200 }).set(coordinator.auth).expect(200);
      for (const id of ids) {
        expect(events.body.items).toContainEqual(
          expect.objectContaining({ action: 'peer_meeting.create', targetId: id, actorId: leader.id, clientId: null }),
        );
      }

      // Planning the same range again creates nothing: every day has its meeting.
      const again = await planSeries(coordinator, group.id, { from: day(0), until: day(23) }).expect(201);
      expect(again.body).toEqual({ created: 0, meetings: [], skippedDates: [day(2), day(9), day(16), day(23)] });
      expect(await meetingDates(group.id)).toHaveLength(4);
    });

    it('plans up to 90 days ahead and refuses 91 days, a range that ends before it starts and a start before today with 400', async () => {
      const group = await makePeerGroup(t, coordinator, [leader], { meetingDay: weekdayOf(1), meetingTime: '19:00' });
      for (const [body, field] of [
        [{ from: day(0), until: day(91) }, 'until'],
        [{ from: day(10), until: day(3) }, 'until'],
        [{ from: day(-1), until: day(10) }, 'from'],
        [{ from: '2026-02-30', until: day(10) }, 'from'],
        [{ from: day(0) }, 'until'],
        [{ from: day(0), until: day(7), weeks: 2 }, 'weeks'],
      ] as const) {
        const res = await planSeries(leader, group.id, body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(fieldsOf(res.body)).toEqual([field]);
      }
      expect(await meetingDates(group.id)).toEqual([]);
      const res = await planSeries(leader, group.id, { from: day(84), until: day(90) }).expect(201);
      expect(res.body.created).toBe(1);
      expect(res.body.meetings[0]).toMatchObject({ date: day(85), startsAt: '19:00' });
    });

    it('refuses a series for a group without a meeting day or time with 422 NO_MEETING_SCHEDULE, creating nothing', async () => {
      const noDay = await makePeerGroup(t, coordinator, [leader], { meetingTime: '19:00' });
      const noTime = await makePeerGroup(t, coordinator, [leader], { meetingDay: 'monday' });
      for (const group of [noDay, noTime]) {
        const res = await planSeries(leader, group.id, { from: day(0), until: day(30) }).expect(422);
        expect(res.body).toMatchObject({ status: 422, code: 'NO_MEETING_SCHEDULE' });
        expect(res.body.detail).toMatch(/meeting day and time/);
        expect(await meetingDates(group.id)).toEqual([]);
      }
    });

    it('lets neither another group’s leader (404) nor a counselor (403) plan a series', async () => {
      const group = await makePeerGroup(t, coordinator, [leader], { meetingDay: 'friday', meetingTime: '19:00' });
      await planSeries(otherLeader, group.id, { from: day(0), until: day(30) }).expect(404);
      await planSeries(otherClinicCoordinator, group.id, { from: day(0), until: day(30) }).expect(404);
      await planSeries(counselor, group.id, { from: day(0), until: day(30) }).expect(403);
      await planSeries(leader, UNKNOWN_ID, { from: day(0), until: day(30) }).expect(404);
      expect(await meetingDates(group.id)).toEqual([]);
    });

    it('allows three meetings of a group on one day and refuses a fourth with 422 TOO_MANY_MEETINGS', async () => {
      const group = await makePeerGroup(t, coordinator, [leader]);
      const other = await makePeerGroup(t, coordinator, [leader]);
      for (const startsAt of ['09:00', '14:00', '19:00']) await makePeerMeeting(t, leader, group.id, { date: day(3), startsAt });
      const res = await t.http
        .post(`/api/v1/peer-groups/${group.id}/meetings`)
        .set(coordinator.auth)
        .send({ date: day(3), startsAt: '20:00' })
        .expect(422);
      expect(res.body).toMatchObject({ status: 422, code: 'TOO_MANY_MEETINGS' });
      expect(res.body.detail).toMatch(/at most 3 meetings a day/);
      expect(await meetingDates(group.id)).toHaveLength(3);
      // Another day of the group, and the same day of another group, are not limited by it.
      await makePeerMeeting(t, leader, group.id, { date: day(4) });
      await makePeerMeeting(t, leader, other.id, { date: day(3) });
    });

    it('lets only three of several concurrent meetings on one day through', async () => {
      const group = await makePeerGroup(t, coordinator, [leader]);
      const answers = await Promise.all(
        [1, 2, 3, 4, 5].map(() =>
          t.http
            .post(`/api/v1/peer-groups/${group.id}/meetings`)
            .set(leader.auth)
            .send({ date: day(5) }),
        ),
      );
      expect(answers.map((res) => res.status).sort()).toEqual([201, 201, 201, 422, 422]);
      expect(await meetingDates(group.id)).toHaveLength(3);
    });
  });

  describe('attendance', () => {
    let group: PeerGroupRecord;
    let anna: ClientRecord;
    let bo: ClientRecord;
    let chen: ClientRecord;

    beforeAll(async () => {
      group = await makePeerGroup(t, coordinator, [leader]);
      anna = await peerClient();
      bo = await peerClient();
      chen = await peerClient(otherCounselor);
      for (const client of [anna, bo, chen]) await joinPeerGroup(t, coordinator, group.id, client.id);
    });

    function byCode<T extends { code: string }>(items: T[]): T[] {
      return [...items].sort((a, b) => a.code.localeCompare(b.code));
    }

    it('lets the leader record attendance and answers 200 with the meeting’s attendance', async () => {
      const meeting = await makePeerMeeting(t, leader, group.id);
      const res = await putAttendance(leader, group.id, meeting.id, [
        { clientId: anna.id, status: 'present' },
        { clientId: bo.id, status: 'excused' },
      ]).expect(200);
      const expected = {
        meetingId: meeting.id,
        records: byCode([
          { clientId: anna.id, code: anna.code, preferredName: anna.preferredName, status: 'present', reason: null },
          { clientId: bo.id, code: bo.code, preferredName: bo.preferredName, status: 'excused', reason: null },
        ]),
      };
      expect(res.body).toEqual(expected);
      expect(await attendanceOf(leader, group.id, meeting.id)).toEqual(expected);
      expect(await attendanceOf(coordinator, group.id, meeting.id)).toEqual(expected);
      expect(await auditOf(anna.id)).toContainEqual(
        expect.objectContaining({
          action: 'peer_attendance.write',
          actorId: leader.id,
          grounds: 'consent',
          targetId: meeting.id,
          details: { groupId: group.id, meetingId: meeting.id, change: 'added' },
        }),
      );
    });

    it('records why a member was absent, answers and returns it, and rewrites a record whose reason changed', async () => {
      const meeting = await makePeerMeeting(t, leader, group.id, { date: day(-20) });
      const res = await putAttendance(leader, group.id, meeting.id, [
        { clientId: anna.id, status: 'absent', reason: 'transport' },
        { clientId: bo.id, status: 'absent' },
        { clientId: chen.id, status: 'present', reason: null },
      ]).expect(200);
      const expected = {
        meetingId: meeting.id,
        records: byCode([
          { clientId: anna.id, code: anna.code, preferredName: anna.preferredName, status: 'absent', reason: 'transport' },
          { clientId: bo.id, code: bo.code, preferredName: bo.preferredName, status: 'absent', reason: null },
          { clientId: chen.id, code: chen.code, preferredName: chen.preferredName, status: 'present', reason: null },
        ]),
      };
      expect(res.body).toEqual(expected);
      expect(await attendanceOf(coordinator, group.id, meeting.id)).toEqual(expected);

      const writes = async () => (await auditOf(anna.id)).filter((event) => event.action === 'peer_attendance.write');
      const before = (await writes()).length;
      t.clock.advance(MINUTE);
      await putAttendance(leader, group.id, meeting.id, [
        { clientId: anna.id, status: 'absent', reason: 'work' },
        { clientId: bo.id, status: 'absent' },
        { clientId: chen.id, status: 'present' },
      ]).expect(200);
      const after = await attendanceOf(leader, group.id, meeting.id);
      expect(after.records.find((record) => record.clientId === anna.id)).toMatchObject({ status: 'absent', reason: 'work' });
      const events = await writes();
      expect(events).toHaveLength(before + 1);
      expect(events).toContainEqual(
        expect.objectContaining({
          action: 'peer_attendance.write',
          details: { groupId: group.id, meetingId: meeting.id, change: 'changed' },
        }),
      );
      const stored = await t.dataSource.query<Array<{ reason: string | null }>>(
        'SELECT reason FROM peer_attendance WHERE meeting_id = $1 AND client_id = $2',
        [meeting.id, anna.id],
      );
      expect(stored).toEqual([{ reason: 'work' }]);
    });

    it.each([
      ['a reason for a member who was present', { status: 'present', reason: 'work' }, -21, 'records[1].reason'],
      ['a reason for an excused member', { status: 'excused', reason: 'health' }, -22, 'records[1].reason'],
      ['an unknown reason', { status: 'absent', reason: 'weather' }, -23, 'records.1.reason'],
    ])('refuses %s with 400 naming the record’s reason and changes nothing', async (_label, record, offset, field) => {
      // A meeting on a day of its own: a group has at most three a day.
      const meeting = await makePeerMeeting(t, leader, group.id, { date: day(offset) });
      await putAttendance(leader, group.id, meeting.id, [{ clientId: anna.id, status: 'absent', reason: 'privacy' }]).expect(200);
      const stored = await storedAttendance(meeting.id);
      const res = await putAttendance(leader, group.id, meeting.id, [
        { clientId: anna.id, status: 'present' },
        { clientId: bo.id, ...record },
      ]).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(await storedAttendance(meeting.id)).toEqual(stored);
    });

    it('changes nothing when the same attendance is sent twice: no row rewritten, no new audit event', async () => {
      const meeting = await makePeerMeeting(t, leader, group.id);
      const body = [
        { clientId: anna.id, status: 'present' },
        { clientId: chen.id, status: 'absent' },
      ];
      const first = await putAttendance(leader, group.id, meeting.id, body).expect(200);
      const stored = await storedAttendance(meeting.id);
      const events = (await auditOf(anna.id)).length + (await auditOf(chen.id)).length;
      t.clock.advance(MINUTE);
      const second = await putAttendance(leader, group.id, meeting.id, body).expect(200);
      expect(second.body).toEqual(first.body);
      expect(await storedAttendance(meeting.id)).toEqual(stored);
      expect((await auditOf(anna.id)).length + (await auditOf(chen.id)).length).toBe(events);
    });

    it('replaces the attendance with a different body: members left out lose their record, changed ones are rewritten', async () => {
      const meeting = await makePeerMeeting(t, leader, group.id);
      await putAttendance(leader, group.id, meeting.id, [
        { clientId: anna.id, status: 'present' },
        { clientId: bo.id, status: 'present' },
        { clientId: chen.id, status: 'present' },
      ]).expect(200);
      const before = new Map((await storedAttendance(meeting.id)).map((row) => [row.client_id, row]));
      t.clock.advance(MINUTE);
      const res = await putAttendance(coordinator, group.id, meeting.id, [
        { clientId: anna.id, status: 'present' },
        { clientId: bo.id, status: 'absent' },
      ]).expect(200);
      expect(res.body.records.map((record: { clientId: string; status: string }) => [record.clientId, record.status]).sort()).toEqual(
        [
          [anna.id, 'present'],
          [bo.id, 'absent'],
        ].sort(),
      );
      const after = new Map((await storedAttendance(meeting.id)).map((row) => [row.client_id, row]));
      expect(after.has(chen.id)).toBe(false);
      expect(after.get(anna.id)).toEqual(before.get(anna.id));
      expect(after.get(bo.id)?.status).toBe('absent');
      expect(after.get(bo.id)?.recorded_at).not.toBe(before.get(bo.id)?.recorded_at);
      expect(await auditOf(chen.id)).toContainEqual(
        expect.objectContaining({
          action: 'peer_attendance.write',
          details: { groupId: group.id, meetingId: meeting.id, change: 'removed' },
        }),
      );
      await putAttendance(leader, group.id, meeting.id, []).expect(200);
      expect(await attendanceOf(leader, group.id, meeting.id)).toEqual({ meetingId: meeting.id, records: [] });
    });

    it('keeps the records of clients who are no longer visible members untouched', async () => {
      const own = await makePeerGroup(t, coordinator, [leader]);
      const staying = await peerClient();
      const leaving = await peerClient();
      const withdrawing = await peerClient();
      for (const client of [staying, leaving, withdrawing]) await joinPeerGroup(t, coordinator, own.id, client.id);
      const meeting = await makePeerMeeting(t, leader, own.id, { date: day(-1) });
      await putAttendance(leader, own.id, meeting.id, [
        { clientId: staying.id, status: 'present' },
        { clientId: leaving.id, status: 'present' },
        { clientId: withdrawing.id, status: 'excused' },
      ]).expect(200);
      const before = await storedAttendance(meeting.id);
      await t.http.delete(`/api/v1/peer-groups/${own.id}/members/${leaving.id}`).set(coordinator.auth).expect(204);
      await revokePeerSupport(withdrawing);
      t.clock.advance(MINUTE);
      const res = await putAttendance(leader, own.id, meeting.id, [{ clientId: staying.id, status: 'present' }]).expect(200);
      expect(res.body.records.map((record: { clientId: string }) => record.clientId)).toEqual([staying.id]);
      expect(await storedAttendance(meeting.id)).toEqual(before);
      await putAttendance(leader, own.id, meeting.id, []).expect(200);
      const kept = await storedAttendance(meeting.id);
      expect(kept.map((row) => row.client_id).sort()).toEqual([leaving.id, withdrawing.id].sort());
    });

    describe('refuses bad requests and changes nothing', () => {
      let meeting: { id: string };
      let stored: Array<{ client_id: string; status: string; recorded_at: string }>;

      beforeAll(async () => {
        meeting = await makePeerMeeting(t, leader, group.id, { date: day(-2) });
        await putAttendance(leader, group.id, meeting.id, [{ clientId: anna.id, status: 'present' }]).expect(200);
        stored = await storedAttendance(meeting.id);
      });

      afterEach(async () => {
        expect(await storedAttendance(meeting.id)).toEqual(stored);
      });

      it('answers 404 for a meeting of another group and for an unknown meeting', async () => {
        const other = await makePeerGroup(t, coordinator, [leader]);
        const foreign = await makePeerMeeting(t, leader, other.id, { date: day(-2) });
        await putAttendance(leader, group.id, foreign.id, [{ clientId: anna.id, status: 'absent' }]).expect(404);
        await putAttendance(leader, other.id, meeting.id, [{ clientId: anna.id, status: 'absent' }]).expect(404);
        await putAttendance(leader, group.id, UNKNOWN_ID, [{ clientId: anna.id, status: 'absent' }]).expect(404);
        await t.http.get(`/api/v1/peer-groups/${other.id}/meetings/${meeting.id}/attendance`).set(leader.auth).expect(404);
      });

      it('answers 422 NOT_A_MEMBER naming the position of a client who is not a visible member', async () => {
        const outsider = await peerClient();
        const res = await putAttendance(leader, group.id, meeting.id, [
          { clientId: anna.id, status: 'absent' },
          { clientId: bo.id, status: 'present' },
          { clientId: outsider.id, status: 'present' },
          { clientId: UNKNOWN_ID, status: 'present' },
        ]).expect(422);
        expect(res.body.code).toBe('NOT_A_MEMBER');
        expect(res.body.detail).toContain('records[2], records[3]');
        expect(res.body.detail).not.toContain(outsider.code);
      });

      it('answers 400 naming records[i].clientId for a client sent twice', async () => {
        const res = await putAttendance(leader, group.id, meeting.id, [
          { clientId: anna.id, status: 'absent' },
          { clientId: bo.id, status: 'present' },
          { clientId: anna.id, status: 'present' },
        ]).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(fieldsOf(res.body)).toEqual(['records[2].clientId']);
      });

      it.each([
        ['an invalid status', [{ clientId: 'anna', status: 'late' }]],
        ['a client id that is not a UUID', [{ clientId: 'someone', status: 'present' }]],
        ['an unknown property in a record', [{ clientId: 'anna', status: 'present', note: 'x' }]],
        ['a record that is not an object', ['present']],
        ['records that are not a list', 'present'],
        ['more than 500 records', Array.from({ length: 501 }, () => ({ clientId: 'anna', status: 'present' }))],
      ])('answers 400 VALIDATION_FAILED for %s', async (_label, records) => {
        const body = JSON.parse(JSON.stringify(records).replaceAll('"anna"', JSON.stringify(anna.id)));
        const res = await putAttendance(leader, group.id, meeting.id, body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      });

      it('answers 400 for an unknown property next to records', async () => {
        const res = await t.http
          .put(`/api/v1/peer-groups/${group.id}/meetings/${meeting.id}/attendance`)
          .set(leader.auth)
          .send({ records: [], complete: true })
          .expect(400);
        expect(fieldsOf(res.body)).toEqual(['complete']);
      });

      it('answers 422 MEETING_NOT_HELD for a meeting dated after today', async () => {
        const later = await makePeerMeeting(t, leader, group.id, { date: day(1) });
        const res = await putAttendance(leader, group.id, later.id, [{ clientId: anna.id, status: 'present' }]).expect(422);
        expect(res.body.code).toBe('MEETING_NOT_HELD');
        expect(await storedAttendance(later.id)).toEqual([]);
      });

      it('lets neither another group’s leader (404) nor a counselor or nurse (403) record or read attendance', async () => {
        await putAttendance(otherLeader, group.id, meeting.id, []).expect(404);
        await t.http.get(`/api/v1/peer-groups/${group.id}/meetings/${meeting.id}/attendance`).set(otherLeader.auth).expect(404);
        for (const who of [counselor, nurse]) {
          await putAttendance(who, group.id, meeting.id, []).expect(403);
          await t.http.get(`/api/v1/peer-groups/${group.id}/meetings/${meeting.id}/attendance`).set(who.auth).expect(403);
        }
        await putAttendance(otherClinicCoordinator, group.id, meeting.id, []).expect(404);
      });
    });
  });

  describe('when a member’s peer_support consent ends', () => {
    it('hides the member from a leader’s members and attendance and from GET /clients/:id in the very next request', async () => {
      const group = await makePeerGroup(t, coordinator, [leader]);
      const client = await peerClient();
      const other = await peerClient();
      for (const member of [client, other]) await joinPeerGroup(t, counselor, group.id, member.id);
      const meeting = await makePeerMeeting(t, leader, group.id);
      await putAttendance(leader, group.id, meeting.id, [
        { clientId: client.id, status: 'present' },
        { clientId: other.id, status: 'present' },
      ]).expect(200);
      await t.http.get(`/api/v1/clients/${client.id}`).set(leader.auth).expect(200);

      await revokePeerSupport(client);

      await t.http.get(`/api/v1/clients/${client.id}`).set(leader.auth).expect(404);
      expect((await membersOf(leader, group.id)).map((member) => member.clientId)).toEqual([other.id]);
      expect((await attendanceOf(leader, group.id, meeting.id)).records.map((record) => record.clientId)).toEqual([other.id]);
      expect((await membersOf(coordinator, group.id)).map((member) => member.clientId)).toEqual([other.id]);
      const res = await putAttendance(leader, group.id, meeting.id, [{ clientId: client.id, status: 'absent' }]).expect(422);
      expect(res.body.code).toBe('NOT_A_MEMBER');
    });

    it('still shows the client’s care-team counselor the whole history through GET /clients/:id/peer-groups', async () => {
      const group = await makePeerGroup(t, coordinator, [leader]);
      const client = await peerClient();
      await joinPeerGroup(t, counselor, group.id, client.id);
      const first = await makePeerMeeting(t, leader, group.id, { date: day(-7) });
      const second = await makePeerMeeting(t, leader, group.id, { date: day(-1) });
      await putAttendance(leader, group.id, first.id, [{ clientId: client.id, status: 'present' }]).expect(200);
      await putAttendance(leader, group.id, second.id, [{ clientId: client.id, status: 'excused' }]).expect(200);

      await revokePeerSupport(client);

      const res = await t.http.get(`/api/v1/clients/${client.id}/peer-groups`).set(counselor.auth).expect(200);
      expect(res.body).toEqual([
        {
          groupId: group.id,
          groupName: group.name,
          joinedAt: expect.any(String),
          leftAt: null,
          attendance: [
            { meetingId: first.id, date: day(-7), status: 'present' },
            { meetingId: second.id, date: day(-1), status: 'excused' },
          ],
        },
      ]);
      expect(await auditOf(client.id)).toContainEqual(
        expect.objectContaining({ action: 'peer_group.history', actorId: counselor.id, grounds: 'care_team' }),
      );
    });
  });

  describe('a client’s groups', () => {
    it('shows the history to the coordinator and the care-team counselor only', async () => {
      const client = await peerClient();
      const group = await makePeerGroup(t, coordinator, [leader]);
      await joinPeerGroup(t, counselor, group.id, client.id);
      await t.http.get(`/api/v1/clients/${client.id}/peer-groups`).set(coordinator.auth).expect(200);
      await t.http.get(`/api/v1/clients/${client.id}/peer-groups`).set(otherCounselor.auth).expect(404);
      await t.http.get(`/api/v1/clients/${client.id}/peer-groups`).set(otherClinicCoordinator.auth).expect(404);
      await t.http.get(`/api/v1/clients/${client.id}/peer-groups`).set(leader.auth).expect(403);
      await t.http.get(`/api/v1/clients/${client.id}/peer-groups`).set(nurse.auth).expect(403);
      await t.http.get(`/api/v1/clients/${UNKNOWN_ID}/peer-groups`).set(coordinator.auth).expect(404);
    });

    it('shows a counselor added to the care team later the client’s groups', async () => {
      const client = await peerClient();
      const group = await makePeerGroup(t, coordinator, [leader]);
      await joinPeerGroup(t, counselor, group.id, client.id);
      await addToCareTeam(t, coordinator, client.id, otherCounselor);
      const res = await t.http.get(`/api/v1/clients/${client.id}/peer-groups`).set(otherCounselor.auth).expect(200);
      expect(res.body.map((membership: { groupId: string }) => membership.groupId)).toEqual([group.id]);
    });
  });
});
