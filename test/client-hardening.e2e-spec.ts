import { randomUUID } from 'node:crypto';
import { Role } from '@tongban/platform';
import {
  addToCareTeam,
  ClinicRecord,
  clinicDay,
  makeClient,
  makeClinic,
  makeStaff,
  recordConsent,
  revokeConsent,
  signInAdmin,
  SignedIn,
  unique,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY, MINUTE } from './support/test-clock';

const REASON = 'Client unwell at the window; need the record now';

/** Issue #16: findings of the security test on the client record, each with the test that would have caught it. */
describe('client record hardening', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let nurse: SignedIn;
  let leader: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin);
    [coordinator, counselor, nurse, leader] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
      makeStaff(t, admin, Role.Nurse, clinic.id),
      makeStaff(t, admin, Role.PeerLeader, clinic.id),
    ]);
  });
  afterAll(() => t.close());

  async function accessLog(clientId: string): Promise<Array<{ action: string; actorId: string | null; grounds: string | null }>> {
    const res = await t.http.get(`/api/v1/clients/${clientId}/access-log`).query({ limit: 200 }).set(coordinator.auth).expect(200);
    return res.body.items;
  }

  describe('status filter', () => {
    it('refuses a peer leader’s GET /clients?status= with 403 FORBIDDEN', async () => {
      for (const status of ['active', 'deceased', 'dropped_out']) {
        const res = await t.http.get('/api/v1/clients').query({ status }).set(leader.auth).expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      await t.http.get('/api/v1/clients').set(leader.auth).expect(200);
    });

    it('lets staff who see the status filter by it', async () => {
      await t.http.get('/api/v1/clients').query({ status: 'active' }).set(nurse.auth).expect(200);
      await t.http.get('/api/v1/clients').query({ status: 'deceased' }).set(coordinator.auth).expect(200);
    });
  });

  describe('duplicate national ID', () => {
    it('answers 409 DUPLICATE_CLIENT naming no client, and writes the attempt to that client’s access log', async () => {
      const nationalId = `5301021980${String(Date.now()).slice(-7)}X`;
      const existing = await makeClient(t, coordinator, { nationalId });
      const res = await t.http
        .post('/api/v1/clients')
        .set(counselor.auth)
        .send({ givenName: 'Other', familyName: 'Person', dateOfBirth: '1981-01-01', sex: 'male', intakeDate: clinicDay(t), nationalId })
        .expect(409);
      expect(res.body.code).toBe('DUPLICATE_CLIENT');
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(existing.id);
      expect(text).not.toContain(existing.code);
      expect(await accessLog(existing.id)).toEqual(
        expect.arrayContaining([expect.objectContaining({ action: 'client.duplicate_attempt', actorId: counselor.id })]),
      );
    });

    it('writes an attempt to give another client that national ID by PATCH to the holder’s access log', async () => {
      const nationalId = `5301021980${String(Date.now() + 1).slice(-7)}X`;
      const holder = await makeClient(t, coordinator, { nationalId });
      const other = await makeClient(t, coordinator);
      const res = await t.http.patch(`/api/v1/clients/${other.id}`).set(coordinator.auth).send({ nationalId }).expect(409);
      expect(JSON.stringify(res.body)).not.toContain(holder.id);
      const attempts = (await accessLog(holder.id)).filter((event) => event.action === 'client.duplicate_attempt');
      expect(attempts).toEqual([expect.objectContaining({ actorId: coordinator.id })]);
    });

    it('writes no attempt when the national ID is free', async () => {
      const client = await makeClient(t, coordinator, { nationalId: `5301021980${String(Date.now() + 2).slice(-7)}X` });
      expect((await accessLog(client.id)).map((event) => event.action)).not.toContain('client.duplicate_attempt');
    });
  });

  describe('Idempotency-Key replays', () => {
    it('answers 404 to a replayed create once the caller lost access to the client, and the stored answer otherwise', async () => {
      const teamCounselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const client = await makeClient(t, coordinator);
      await addToCareTeam(t, coordinator, client.id, teamCounselor);
      const key = randomUUID();
      const body = { name: unique('Relative'), relationship: 'mother', mayContact: true };
      const first = await t.http
        .post(`/api/v1/clients/${client.id}/family-contacts`)
        .set(teamCounselor.auth)
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      const again = await t.http
        .post(`/api/v1/clients/${client.id}/family-contacts`)
        .set(teamCounselor.auth)
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      await t.http.delete(`/api/v1/clients/${client.id}/care-team/${teamCounselor.id}`).set(coordinator.auth).expect(204);
      const replay = await t.http
        .post(`/api/v1/clients/${client.id}/family-contacts`)
        .set(teamCounselor.auth)
        .set('Idempotency-Key', key)
        .send(body)
        .expect(404);
      expect(replay.body.code).toBe('NOT_FOUND');
      expect(JSON.stringify(replay.body)).not.toContain(body.name);
    });

    it('answers 404 to a replayed registration once the counselor who registered the client left its care team', async () => {
      const registrar = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const key = randomUUID();
      const body = {
        givenName: unique('Given'),
        familyName: unique('Family'),
        dateOfBirth: '1985-02-03',
        sex: 'female',
        intakeDate: clinicDay(t),
      };
      const created = await t.http.post('/api/v1/clients').set(registrar.auth).set('Idempotency-Key', key).send(body).expect(201);
      await t.http.delete(`/api/v1/clients/${created.body.id}/care-team/${registrar.id}`).set(coordinator.auth).expect(204);
      const replay = await t.http.post('/api/v1/clients').set(registrar.auth).set('Idempotency-Key', key).send(body).expect(404);
      expect(JSON.stringify(replay.body)).not.toContain(body.givenName);
    });
  });

  describe('Cache-Control', () => {
    it('marks every API answer no-store: a client, a list and an error', async () => {
      const client = await makeClient(t, coordinator);
      const one = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
      expect(one.headers['cache-control']).toBe('no-store');
      const list = await t.http.get('/api/v1/clients').set(coordinator.auth).expect(200);
      expect(list.headers['cache-control']).toBe('no-store');
      const missing = await t.http.get(`/api/v1/clients/${randomUUID()}`).set(coordinator.auth).expect(404);
      expect(missing.headers['cache-control']).toBe('no-store');
    });
  });

  describe('emergency access', () => {
    it('refuses a reason with fewer than 10 characters other than spaces with 400, and grants nothing', async () => {
      const client = await makeClient(t, coordinator);
      for (const reason of [
        '            ',
        'a b c d e f g h i',
        '\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000abc',
        ' \t\n 123456789 ',
      ]) {
        const res = await t.http.post(`/api/v1/clients/${client.id}/emergency-access`).set(nurse.auth).send({ reason }).expect(400);
        expect(res.body.errors).toEqual([
          { field: 'reason', message: 'reason must have at least 10 characters other than spaces', key: 'format' },
        ]);
      }
      await t.http.get(`/api/v1/clients/${client.id}/consents`).set(nurse.auth).expect(403);
      await t.http.post(`/api/v1/clients/${client.id}/emergency-access`).set(nurse.auth).send({ reason: '  1234567890  ' }).expect(201);
    });

    it('grants one staff member at most 3 times for one client in 24 hours, then 422, listing the later ones as renewals', async () => {
      const glass = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const client = await makeClient(t, coordinator);
      const other = await makeClient(t, coordinator);
      for (let i = 0; i < 3; i++) {
        await t.http.post(`/api/v1/clients/${client.id}/emergency-access`).set(glass.auth).send({ reason: REASON }).expect(201);
        t.clock.advance(61 * MINUTE);
      }
      const refused = await t.http
        .post(`/api/v1/clients/${client.id}/emergency-access`)
        .set(glass.auth)
        .send({ reason: REASON })
        .expect(422);
      expect(refused.body.code).toBe('EMERGENCY_ACCESS_LIMIT_REACHED');
      await t.http.get(`/api/v1/clients/${client.id}`).set(glass.auth).expect(404);
      await t.http.post(`/api/v1/clients/${other.id}/emergency-access`).set(glass.auth).send({ reason: REASON }).expect(201);
      const grants = await t.http.get('/api/v1/emergency-access').query({ limit: 200 }).set(coordinator.auth).expect(200);
      const ofClient = grants.body.items.filter((grant: { clientId: string; staffId: string }) => grant.clientId === client.id);
      expect(ofClient.map((grant: { renewal: boolean }) => grant.renewal)).toEqual([true, true, false]);
      t.clock.advance(DAY);
      await t.http.post(`/api/v1/clients/${client.id}/emergency-access`).set(glass.auth).send({ reason: REASON }).expect(201);
    });

    it('holds the limit for concurrent grants', async () => {
      const glass = await makeStaff(t, admin, Role.Nurse, clinic.id);
      const client = await makeClient(t, coordinator);
      const statuses = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.http
            .post(`/api/v1/clients/${client.id}/emergency-access`)
            .set(glass.auth)
            .send({ reason: REASON })
            .then((res) => res.status),
        ),
      );
      expect(statuses.filter((status) => status === 201)).toHaveLength(3);
      expect(statuses.filter((status) => status === 422)).toHaveLength(7);
    });
  });

  describe('one consent per client and scope', () => {
    it('renews the consent in force with 200 and the same id, to the new validUntil, instead of copying it', async () => {
      const client = await makeClient(t, coordinator);
      const first = await recordConsent(t, coordinator, client.id, { scope: 'sms_reminders', validUntil: clinicDay(t, 30) });
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/consents`)
        .set(coordinator.auth)
        .send({ scope: 'sms_reminders', validUntil: clinicDay(t, 365) })
        .expect(200);
      expect(res.body).toEqual(
        expect.objectContaining({ id: first.id, status: 'active', validFrom: first.validFrom, validUntil: clinicDay(t, 365) }),
      );
      const list = await t.http.get(`/api/v1/clients/${client.id}/consents`).set(coordinator.auth).expect(200);
      expect(list.body.items.filter((consent: { scope: string }) => consent.scope === 'sms_reminders')).toHaveLength(1);
      expect((await accessLog(client.id)).map((event) => event.action)).toContain('consent.renew');
    });

    it('records and revokes a referral consent, a scope of api.md', async () => {
      const client = await makeClient(t, coordinator);
      const referral = await recordConsent(t, coordinator, client.id, { scope: 'referral' });
      expect(referral).toEqual(expect.objectContaining({ scope: 'referral', status: 'active' }));
      expect((await revokeConsent(t, coordinator, client.id, referral.id)).status).toBe('revoked');
    });

    it('records a new consent once the one before was revoked or has expired', async () => {
      const client = await makeClient(t, coordinator);
      const revoked = await recordConsent(t, coordinator, client.id, { scope: 'research' });
      await revokeConsent(t, coordinator, client.id, revoked.id);
      const next = await recordConsent(t, coordinator, client.id, { scope: 'research' });
      expect(next.id).not.toBe(revoked.id);
      const expired = await recordConsent(t, coordinator, client.id, {
        scope: 'email_reminders',
        validFrom: clinicDay(t, -20),
        validUntil: clinicDay(t, -1),
      });
      const fresh = await recordConsent(t, coordinator, client.id, { scope: 'email_reminders' });
      expect(fresh.id).not.toBe(expired.id);
    });

    it('keeps one row for 20 concurrent records of one scope: one 201, the rest 200 with the same consent', async () => {
      const client = await makeClient(t, coordinator);
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.http.post(`/api/v1/clients/${client.id}/consents`).set(coordinator.auth).send({ scope: 'family_contact' }),
        ),
      );
      const statuses = responses.map((res) => res.status).sort();
      expect(statuses).toEqual([...Array(19).fill(200), 201]);
      expect(new Set(responses.map((res) => res.body.id)).size).toBe(1);
      const rows = await t.dataSource.query(`SELECT id FROM consent WHERE client_id = $1 AND scope = 'family_contact'`, [client.id]);
      expect(rows).toHaveLength(1);
    });

    it('ends access at once when the consent is revoked', async () => {
      const client = await makeClient(t, coordinator);
      await addToCareTeam(t, coordinator, client.id, leader);
      const consent = await recordConsent(t, coordinator, client.id, { scope: 'peer_support' });
      await t.http.get(`/api/v1/clients/${client.id}`).set(leader.auth).expect(200);
      await revokeConsent(t, coordinator, client.id, consent.id);
      await t.http.get(`/api/v1/clients/${client.id}`).set(leader.auth).expect(404);
    });

    it('replays a renewal sent again with its Idempotency-Key as the same 200', async () => {
      const client = await makeClient(t, coordinator);
      await recordConsent(t, coordinator, client.id, { scope: 'sms_reminders' });
      const key = randomUUID();
      const send = () =>
        t.http
          .post(`/api/v1/clients/${client.id}/consents`)
          .set(coordinator.auth)
          .set('Idempotency-Key', key)
          .send({ scope: 'sms_reminders' });
      const first = await send().expect(200);
      const again = await send().expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });
  });
});
