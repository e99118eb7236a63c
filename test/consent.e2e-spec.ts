import { calendarDate, Role } from '@tongban/platform';
import {
  addToCareTeam,
  ClinicRecord,
  clinicDay,
  forgedCursors,
  makeClient,
  makeClinic,
  makeStaff,
  readPages,
  recordConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY, MINUTE } from './support/test-clock';

interface ConsentItem {
  id: string;
  scope: string;
  status: string;
  validFrom: string;
  validUntil: string | null;
  recordedBy: string;
  revokedBy: string | null;
}

const REASON = 'Client collapsed at the window; need the record now';

describe('consent and emergency access', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let otherClinic: ClinicRecord;
  let coordinator: SignedIn;
  let counselor: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin);
    otherClinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
  });
  afterAll(() => t.close());

  async function consents(clientId: string): Promise<ConsentItem[]> {
    const res = await t.http.get(`/api/v1/clients/${clientId}/consents`).set(coordinator.auth).expect(200);
    return res.body.items as ConsentItem[];
  }

  async function visibleIds(who: SignedIn, q?: string): Promise<string[]> {
    const res = await t.http
      .get('/api/v1/clients')
      .query({ limit: 200, ...(q ? { q } : {}) })
      .set(who.auth)
      .expect(200);
    return res.body.items.map((item: { id: string }) => item.id);
  }

  describe('consents', () => {
    it("starts a consent today in the clinic's time zone when no validFrom is given", async () => {
      const laClinic = await makeClinic(t, admin, { timeZone: 'America/Los_Angeles' });
      const laCoordinator = await makeStaff(t, admin, Role.Coordinator, laClinic.id);
      const here = await makeClient(t, coordinator);
      const there = await makeClient(t, laCoordinator);
      // 20:00 UTC: already tomorrow in Shanghai, still today in Los Angeles.
      const shift = new Date(`${calendarDate(t.clock.now(), 'UTC')}T20:00:00Z`).getTime() - t.clock.now().getTime();
      t.clock.advance(shift);
      try {
        const shanghaiDay = clinicDay(t, 0, 'Asia/Shanghai');
        const losAngelesDay = clinicDay(t, 0, 'America/Los_Angeles');
        expect(shanghaiDay).not.toBe(losAngelesDay);
        expect((await recordConsent(t, coordinator, here.id, { scope: 'sms_reminders' })).validFrom).toBe(shanghaiDay);
        expect((await recordConsent(t, laCoordinator, there.id, { scope: 'sms_reminders' })).validFrom).toBe(losAngelesDay);
      } finally {
        t.clock.advance(-shift);
      }
    });

    it('records a consent and answers with its scope, status, period and who recorded it', async () => {
      const client = await makeClient(t, counselor);
      const validUntil = clinicDay(t, 365);
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/consents`)
        .set(counselor.auth)
        .send({ scope: 'family_contact', validUntil, note: 'Signed with her mother present' })
        .expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        scope: 'family_contact',
        status: 'active',
        validFrom: clinicDay(t),
        validUntil,
        recordedBy: counselor.id,
      });
      expect(await consents(client.id)).toEqual([expect.objectContaining({ id: res.body.id, status: 'active' })]);
    });

    it('pages the consents, the latest recorded first, with limit and cursor, telling apart times within one millisecond', async () => {
      const client = await makeClient(t, coordinator);
      const recorded = [];
      for (const scope of ['research', 'sms_reminders', 'peer_support'])
        recorded.push(await recordConsent(t, coordinator, client.id, { scope }));
      // PostgreSQL keeps microseconds: three consents recorded within one millisecond still have an order, and no page may lose one.
      await t.dataSource.query(
        `UPDATE consent SET recorded_at = '2026-03-01T08:00:00.123000Z'::timestamptz + make_interval(secs => n * 0.0001)
           FROM unnest($1::uuid[]) WITH ORDINALITY AS r(id, n) WHERE consent.id = r.id`,
        [recorded.map((consent) => consent.id)],
      );
      const pages = await readPages<ConsentItem>(t, coordinator, `/api/v1/clients/${client.id}/consents`, 1);
      expect(pages.map((page) => page.items.map((consent) => consent.scope))).toEqual([['peer_support'], ['sms_reminders'], ['research']]);
      expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
      expect(await consents(client.id)).toEqual(pages.flatMap((page) => page.items));
    });

    it('refuses a consents cursor it did not give out with 400', async () => {
      const client = await makeClient(t, coordinator);
      for (const cursor of ['2026-02-30T08:00:00.123456Z', '2026-03-01T08:00:00Z', '2026-03-01'].flatMap(forgedCursors)) {
        const res = await t.http.get(`/api/v1/clients/${client.id}/consents`).query({ cursor }).set(coordinator.auth).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('accepts a validFrom in the past, for a consent signed on paper earlier', async () => {
      const client = await makeClient(t, coordinator);
      const consent = await recordConsent(t, coordinator, client.id, { scope: 'research', validFrom: clinicDay(t, -20) });
      expect(consent).toMatchObject({ validFrom: clinicDay(t, -20), validUntil: null, status: 'active' });
    });

    it('refuses a validUntil before validFrom with 400 naming validUntil', async () => {
      const client = await makeClient(t, coordinator);
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/consents`)
        .set(coordinator.auth)
        .send({ scope: 'peer_support', validFrom: clinicDay(t, -1), validUntil: clinicDay(t, -2) })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual(['validUntil']);
      expect(await consents(client.id)).toEqual([]);
    });

    it('refuses an unknown scope and a malformed date with 400 naming each field', async () => {
      const client = await makeClient(t, coordinator);
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/consents`)
        .set(coordinator.auth)
        .send({ scope: 'everything', validFrom: '2026-13-01' })
        .expect(400);
      expect([...new Set(res.body.errors.map((error: { field: string }) => error.field))].sort()).toEqual(['scope', 'validFrom']);
    });

    it('revokes a consent once; a second revocation is 409 CONSENT_ALREADY_REVOKED', async () => {
      const client = await makeClient(t, coordinator);
      const consent = await recordConsent(t, coordinator, client.id, { scope: 'sms_reminders' });
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/consents/${consent.id}/revoke`)
        .set(coordinator.auth)
        .send({ reason: 'Changed phone' })
        .expect(200);
      expect(res.body).toMatchObject({ id: consent.id, status: 'revoked', revokedBy: coordinator.id });
      const again = await t.http
        .post(`/api/v1/clients/${client.id}/consents/${consent.id}/revoke`)
        .set(coordinator.auth)
        .send({})
        .expect(409);
      expect(again.body.code).toBe('CONSENT_ALREADY_REVOKED');
    });

    it("answers 404 when revoking a consent that is not this client's", async () => {
      const client = await makeClient(t, coordinator);
      const other = await makeClient(t, coordinator);
      const consent = await recordConsent(t, coordinator, other.id, { scope: 'sms_reminders' });
      await t.http.post(`/api/v1/clients/${client.id}/consents/${consent.id}/revoke`).set(coordinator.auth).send({}).expect(404);
      expect((await consents(other.id))[0].status).toBe('active');
    });

    it('lists each consent with its status: active, expired after its last day, revoked', async () => {
      const client = await makeClient(t, coordinator);
      const open = await recordConsent(t, coordinator, client.id, { scope: 'sms_reminders' });
      const ending = await recordConsent(t, coordinator, client.id, { scope: 'research', validUntil: clinicDay(t) });
      const revoked = await recordConsent(t, coordinator, client.id, { scope: 'family_contact' });
      await t.http.post(`/api/v1/clients/${client.id}/consents/${revoked.id}/revoke`).set(coordinator.auth).send({}).expect(200);
      const statusOf = async (): Promise<Record<string, string>> =>
        Object.fromEntries((await consents(client.id)).map((consent) => [consent.id, consent.status]));
      expect(await statusOf()).toEqual({ [open.id]: 'active', [ending.id]: 'active', [revoked.id]: 'revoked' });
      t.clock.advance(2 * DAY);
      expect(await statusOf()).toEqual({ [open.id]: 'active', [ending.id]: 'expired', [revoked.id]: 'revoked' });
    });
  });

  describe('peer leaders', () => {
    it('ends a peer leader’s access on the very next request when peer_support is revoked', async () => {
      const peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
      const client = await makeClient(t, coordinator, { preferredName: 'Little Li' });
      await addToCareTeam(t, coordinator, client.id, peerLeader);
      const consent = await recordConsent(t, coordinator, client.id, { scope: 'peer_support' });

      const read = await t.http.get(`/api/v1/clients/${client.id}`).set(peerLeader.auth).expect(200);
      expect(read.body).toEqual({ id: client.id, code: client.code, preferredName: 'Little Li' });
      expect(await visibleIds(peerLeader)).toEqual([client.id]);

      await t.http.post(`/api/v1/clients/${client.id}/consents/${consent.id}/revoke`).set(coordinator.auth).send({}).expect(200);

      await t.http.get(`/api/v1/clients/${client.id}`).set(peerLeader.auth).expect(404);
      expect(await visibleIds(peerLeader)).toEqual([]);
      expect(await visibleIds(peerLeader, client.code)).toEqual([]);
    });

    it('ends a peer leader’s access once the peer_support consent has expired', async () => {
      const peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
      const client = await makeClient(t, coordinator);
      await addToCareTeam(t, coordinator, client.id, peerLeader);
      await recordConsent(t, coordinator, client.id, { scope: 'peer_support', validUntil: clinicDay(t) });
      await t.http.get(`/api/v1/clients/${client.id}`).set(peerLeader.auth).expect(200);
      expect(await visibleIds(peerLeader)).toEqual([client.id]);

      t.clock.advance(2 * DAY);

      await t.http.get(`/api/v1/clients/${client.id}`).set(peerLeader.auth).expect(404);
      expect(await visibleIds(peerLeader)).toEqual([]);
      expect((await consents(client.id))[0].status).toBe('expired');
    });

    it('gives a peer leader nothing until a peer_support consent is in force', async () => {
      const peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
      const client = await makeClient(t, coordinator);
      await addToCareTeam(t, coordinator, client.id, peerLeader);
      await recordConsent(t, coordinator, client.id, { scope: 'sms_reminders' });
      await recordConsent(t, coordinator, client.id, { scope: 'peer_support', validFrom: clinicDay(t, 3) });
      await t.http.get(`/api/v1/clients/${client.id}`).set(peerLeader.auth).expect(404);
      expect(await visibleIds(peerLeader)).toEqual([]);
      t.clock.advance(3 * DAY);
      await t.http.get(`/api/v1/clients/${client.id}`).set(peerLeader.auth).expect(200);
    });
  });

  describe('emergency access', () => {
    it('gives a counselor not on the care team the full record for 60 minutes and not after', async () => {
      const outsider = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const client = await makeClient(t, coordinator, { phone: '13600001234', email: 'li@example.com', nationalId: '530102199001014321' });
      await t.http.get(`/api/v1/clients/${client.id}`).set(outsider.auth).expect(404);
      expect(await visibleIds(outsider)).toEqual([]);

      const grantedAt = t.clock.now().getTime();
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/emergency-access`)
        .set(outsider.auth)
        .send({ reason: REASON })
        .expect(201);
      expect(res.body).toEqual({ expiresAt: expect.any(String) });
      expect(Math.abs(new Date(res.body.expiresAt).getTime() - grantedAt - 60 * MINUTE)).toBeLessThan(10_000);

      const read = await t.http.get(`/api/v1/clients/${client.id}`).set(outsider.auth).expect(200);
      expect(read.body).toMatchObject({
        id: client.id,
        givenName: client.givenName,
        phone: '13600001234',
        email: 'li@example.com',
        nationalId: '530102199001014321',
      });
      expect(await visibleIds(outsider)).toEqual([client.id]);

      t.clock.advance(59 * MINUTE);
      await t.http.get(`/api/v1/clients/${client.id}`).set(outsider.auth).expect(200);

      t.clock.advance(2 * MINUTE);
      await t.http.get(`/api/v1/clients/${client.id}`).set(outsider.auth).expect(404);
      expect(await visibleIds(outsider)).toEqual([]);
    });

    it('shows the coordinator each emergency access with its reason, client code, staff name and whether it is active', async () => {
      const outsider = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const client = await makeClient(t, coordinator);
      await t.http.post(`/api/v1/clients/${client.id}/emergency-access`).set(outsider.auth).send({ reason: REASON }).expect(201);
      const grantOf = async () => {
        const res = await t.http.get('/api/v1/emergency-access').query({ limit: 200 }).set(coordinator.auth).expect(200);
        return res.body.items.find((item: { clientId: string }) => item.clientId === client.id);
      };
      expect(await grantOf()).toEqual({
        id: expect.any(String),
        clientId: client.id,
        clientCode: client.code,
        staffId: outsider.id,
        staffName: 'Test counselor',
        staffRole: 'counselor',
        reason: REASON,
        grantedAt: expect.any(String),
        expiresAt: expect.any(String),
        active: true,
        renewal: false,
      });
      t.clock.advance(61 * MINUTE);
      expect(await grantOf()).toMatchObject({ clientId: client.id, reason: REASON, active: false });
    });

    it('logs reads under emergency access with grounds emergency in the access log', async () => {
      const outsider = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const client = await makeClient(t, coordinator);
      await t.http.post(`/api/v1/clients/${client.id}/emergency-access`).set(outsider.auth).send({ reason: REASON }).expect(201);
      await t.http.get(`/api/v1/clients/${client.id}`).set(outsider.auth).expect(200);
      const res = await t.http.get(`/api/v1/clients/${client.id}/access-log`).query({ limit: 200 }).set(coordinator.auth).expect(200);
      const byOutsider = res.body.items.filter((item: { actorId: string }) => item.actorId === outsider.id);
      expect(byOutsider).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'emergency_access.grant', grounds: 'emergency', actorRole: 'counselor' }),
          expect.objectContaining({ action: 'client.read', grounds: 'emergency', actorRole: 'counselor', actorName: 'Test counselor' }),
        ]),
      );
    });

    it('refuses a reason shorter than 10 characters with 400 and grants nothing', async () => {
      const outsider = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const client = await makeClient(t, coordinator);
      const res = await t.http
        .post(`/api/v1/clients/${client.id}/emergency-access`)
        .set(outsider.auth)
        .send({ reason: 'urgent' })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual(['reason']);
      await t.http.post(`/api/v1/clients/${client.id}/emergency-access`).set(outsider.auth).send({}).expect(400);
      await t.http.get(`/api/v1/clients/${client.id}`).set(outsider.auth).expect(404);
    });

    it('answers 404 for a client of another clinic', async () => {
      const outsider = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const otherCoordinator = await makeStaff(t, admin, Role.Coordinator, otherClinic.id);
      const client = await makeClient(t, otherCoordinator);
      await t.http.post(`/api/v1/clients/${client.id}/emergency-access`).set(outsider.auth).send({ reason: REASON }).expect(404);
      await t.http.get(`/api/v1/clients/${client.id}`).set(outsider.auth).expect(404);
    });

    describe('by client code (POST /emergency-access)', () => {
      it('opens the client with this code, whom the search does not show, and names them in the answer', async () => {
        const nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
        const client = await makeClient(t, coordinator);
        await t.http
          .post(`/api/v1/clients/${client.id}/discharge`)
          .set(coordinator.auth)
          .send({ date: clinicDay(t), reason: 'other' })
          .expect(200);
        // A nurse sees active clients only: the exact code finds nothing.
        expect(await visibleIds(nurse, client.code)).toEqual([]);
        await t.http.get(`/api/v1/clients/${client.id}`).set(nurse.auth).expect(404);

        const grantedAt = t.clock.now().getTime();
        const res = await t.http
          .post('/api/v1/emergency-access')
          .set(nurse.auth)
          .send({ clientCode: ` ${client.code.toLowerCase()} `, reason: REASON })
          .expect(201);
        expect(res.body).toEqual({ clientId: client.id, expiresAt: expect.any(String) });
        expect(Math.abs(new Date(res.body.expiresAt).getTime() - grantedAt - 60 * MINUTE)).toBeLessThan(10_000);
        await t.http.get(`/api/v1/clients/${client.id}`).set(nurse.auth).expect(200);
        const grants = (await t.http.get('/api/v1/emergency-access').query({ limit: 200 }).set(coordinator.auth).expect(200)).body.items;
        expect(grants).toContainEqual(
          expect.objectContaining({ clientId: client.id, staffId: nurse.id, clientCode: client.code, active: true }),
        );
        const log = (await t.http.get(`/api/v1/clients/${client.id}/access-log`).set(coordinator.auth).expect(200)).body.items;
        expect(log).toContainEqual(expect.objectContaining({ action: 'emergency_access.grant', grounds: 'emergency', actorRole: 'nurse' }));
      });

      it('answers 404 for a code no client of the caller’s clinic has, and for another clinic’s client, granting nothing', async () => {
        const outsider = await makeStaff(t, admin, Role.Physician, clinic.id);
        const otherCoordinator = await makeStaff(t, admin, Role.Coordinator, otherClinic.id);
        const elsewhere = await makeClient(t, otherCoordinator);
        const missing = `${clinic.code}-999999`;
        for (const clientCode of [elsewhere.code, missing]) {
          const res = await t.http.post('/api/v1/emergency-access').set(outsider.auth).send({ clientCode, reason: REASON }).expect(404);
          expect(res.body.code).toBe('NOT_FOUND');
          expect(JSON.stringify(res.body)).not.toContain(elsewhere.id);
        }
        await t.http.get(`/api/v1/clients/${elsewhere.id}`).set(outsider.auth).expect(404);
        const grants = (await t.http.get('/api/v1/emergency-access').query({ limit: 200 }).set(coordinator.auth).expect(200)).body.items;
        expect(grants.filter((grant: { staffId: string }) => grant.staffId === outsider.id)).toEqual([]);
      });

      it('refuses a partial code or a short reason with 400 naming the field, and a coordinator with 403', async () => {
        const client = await makeClient(t, coordinator);
        const number = client.code.split('-')[1];
        const partial = await t.http
          .post('/api/v1/emergency-access')
          .set(counselor.auth)
          .send({ clientCode: number, reason: REASON })
          .expect(400);
        expect(partial.body.errors).toEqual([expect.objectContaining({ field: 'clientCode' })]);
        const short = await t.http
          .post('/api/v1/emergency-access')
          .set(counselor.auth)
          .send({ clientCode: client.code, reason: 'now' })
          .expect(400);
        expect(short.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
        await t.http.post('/api/v1/emergency-access').set(coordinator.auth).send({ clientCode: client.code, reason: REASON }).expect(403);
        await t.http.get(`/api/v1/clients/${client.id}`).set(counselor.auth).expect(404);
      });
    });
  });
});
