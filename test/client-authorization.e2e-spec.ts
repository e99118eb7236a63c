import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '@tongban/platform';
import type { Response } from 'supertest';
import { makeClinic, makeStaff, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { MINUTE } from './support/test-clock';

/**
 * Who may do what to a client, cell by cell: one describe per caller, one row
 * per route. The table below is the contract (product.md "Who uses it",
 * api.md "Clients" and "Consent and emergency access"); to cover a new route,
 * add it to `Route`, to `perform` and to the rows of each caller.
 */

// ---------------------------------------------------------------- the table

const FULL = [
  'id',
  'code',
  'clinicId',
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'sex',
  'phone',
  'email',
  'nationalId',
  'preferredLanguage',
  'status',
  'createdAt',
  'updatedAt',
] as const;
const CLINICAL = [
  'id',
  'code',
  'clinicId',
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'sex',
  'preferredLanguage',
  'status',
] as const;
const PSEUDONYM = ['id', 'code', 'preferredName'] as const;

/** The list answers 200 but without the subject client. */
const ABSENT = 'absent';
/** GET /emergency-access lists no grant on a client of clinic A. */
const NO_CLINIC_A_GRANTS = 'no clinic A grants';
/** The answer is exactly `{ expiresAt }`, 60 minutes ahead. */
const EXPIRES_IN_60_MINUTES = 'expires in 60 minutes';

type Fields = typeof FULL | typeof CLINICAL | typeof PSEUDONYM;
type Detail = Fields | typeof ABSENT | typeof NO_CLINIC_A_GRANTS | typeof EXPIRES_IN_60_MINUTES;

const ROUTES = [
  'POST /clients',
  'GET /clients',
  'GET /clients/:id',
  'PATCH /clients/:id',
  'POST /clients/:id/care-team',
  'GET /clients/:id/care-team',
  'DELETE /clients/:id/care-team/:staffId',
  'POST /clients/:id/discharge',
  'POST /clients/:id/readmit',
  'GET /clients/:id/episodes',
  'POST /clients/:id/consents',
  'POST /clients/:id/consents/:consentId/revoke',
  'GET /clients/:id/consents',
  'POST /clients/:id/emergency-access',
  'GET /emergency-access',
  'GET /clients/:id/access-log',
] as const;

/** Rows only some callers have (the subject is a discharged client). */
type ExtraRoute = 'GET /clients (discharged subject)' | 'GET /clients/:id (discharged subject)';

type Route = (typeof ROUTES)[number] | ExtraRoute;
type Row = readonly [route: Route, expectedStatus: number, expected?: Detail];

/** Every route answers `status`, except those listed. */
function everyRoute(status: number, except: Partial<Record<Route, readonly [number, Detail?]>> = {}): Row[] {
  return ROUTES.map((route): Row => [route, ...(except[route] ?? [status])]);
}

const COUNSELOR_ON_TEAM: Row[] = [
  ['POST /clients', 201],
  ['GET /clients', 200, FULL],
  ['GET /clients/:id', 200, FULL],
  ['PATCH /clients/:id', 200],
  ['POST /clients/:id/care-team', 403],
  ['GET /clients/:id/care-team', 200],
  ['DELETE /clients/:id/care-team/:staffId', 403],
  ['POST /clients/:id/discharge', 200],
  ['POST /clients/:id/readmit', 201],
  ['GET /clients/:id/episodes', 200],
  ['POST /clients/:id/consents', 201],
  ['POST /clients/:id/consents/:consentId/revoke', 200],
  ['GET /clients/:id/consents', 200],
  ['POST /clients/:id/emergency-access', 201],
  ['GET /emergency-access', 403],
  ['GET /clients/:id/access-log', 403],
];

type CallerKey =
  | 'admin'
  | 'coordinator'
  | 'coordinatorB'
  | 'physician'
  | 'nurse'
  | 'counselorOnTeam'
  | 'counselorOffTeam'
  | 'counselorEmergency'
  | 'peerWithConsent'
  | 'peerWithoutConsent'
  | 'peerUnrelated';

const TABLE: Record<CallerKey, { label: string; rows: Row[] }> = {
  admin: { label: 'admin', rows: everyRoute(403) },
  coordinator: {
    label: 'coordinator',
    rows: [
      ['POST /clients', 201],
      ['GET /clients', 200, FULL],
      ['GET /clients/:id', 200, FULL],
      ['PATCH /clients/:id', 200, FULL],
      ['POST /clients/:id/care-team', 201],
      ['GET /clients/:id/care-team', 200],
      ['DELETE /clients/:id/care-team/:staffId', 204],
      ['POST /clients/:id/discharge', 200],
      ['POST /clients/:id/readmit', 201],
      ['GET /clients/:id/episodes', 200],
      ['POST /clients/:id/consents', 201],
      ['POST /clients/:id/consents/:consentId/revoke', 200],
      ['GET /clients/:id/consents', 200],
      ['POST /clients/:id/emergency-access', 403],
      ['GET /emergency-access', 200],
      ['GET /clients/:id/access-log', 200],
    ],
  },
  coordinatorB: {
    label: 'coordinator of clinic B',
    rows: everyRoute(404, {
      'POST /clients': [201],
      'GET /clients': [200, ABSENT],
      'POST /clients/:id/emergency-access': [403],
      'GET /emergency-access': [200, NO_CLINIC_A_GRANTS],
    }),
  },
  physician: {
    label: 'physician',
    rows: [
      ['POST /clients', 403],
      ['GET /clients', 200, CLINICAL],
      ['GET /clients/:id', 200, CLINICAL],
      ['PATCH /clients/:id', 403],
      ['POST /clients/:id/care-team', 403],
      ['GET /clients/:id/care-team', 200],
      ['DELETE /clients/:id/care-team/:staffId', 403],
      ['POST /clients/:id/discharge', 200],
      ['POST /clients/:id/readmit', 201],
      ['GET /clients/:id/episodes', 200],
      ['POST /clients/:id/consents', 403],
      ['POST /clients/:id/consents/:consentId/revoke', 403],
      ['GET /clients/:id/consents', 403],
      ['POST /clients/:id/emergency-access', 201, EXPIRES_IN_60_MINUTES],
      ['GET /emergency-access', 403],
      ['GET /clients/:id/access-log', 403],
    ],
  },
  nurse: {
    label: 'nurse',
    rows: [
      ['POST /clients', 403],
      ['GET /clients', 200, CLINICAL],
      ['GET /clients/:id', 200, CLINICAL],
      ['PATCH /clients/:id', 403],
      ['POST /clients/:id/care-team', 403],
      ['GET /clients/:id/care-team', 200],
      ['DELETE /clients/:id/care-team/:staffId', 403],
      ['POST /clients/:id/discharge', 403],
      ['POST /clients/:id/readmit', 403],
      ['GET /clients/:id/episodes', 200],
      ['POST /clients/:id/consents', 403],
      ['POST /clients/:id/consents/:consentId/revoke', 403],
      ['GET /clients/:id/consents', 403],
      ['POST /clients/:id/emergency-access', 201],
      ['GET /emergency-access', 403],
      ['GET /clients/:id/access-log', 403],
      ['GET /clients/:id (discharged subject)', 404],
      ['GET /clients (discharged subject)', 200, ABSENT],
    ],
  },
  counselorOnTeam: { label: 'counselor on the care team', rows: COUNSELOR_ON_TEAM },
  counselorOffTeam: {
    label: 'counselor not on the care team',
    rows: everyRoute(404, {
      'POST /clients': [201],
      'GET /clients': [200, ABSENT],
      'POST /clients/:id/care-team': [403],
      'DELETE /clients/:id/care-team/:staffId': [403],
      'POST /clients/:id/emergency-access': [201],
      'GET /emergency-access': [403],
      'GET /clients/:id/access-log': [403],
    }),
  },
  counselorEmergency: { label: 'counselor after emergency access', rows: COUNSELOR_ON_TEAM },
  peerWithConsent: {
    label: 'peer leader on the team with peer_support consent',
    rows: everyRoute(403, { 'GET /clients': [200, PSEUDONYM], 'GET /clients/:id': [200, PSEUDONYM] }),
  },
  peerWithoutConsent: {
    label: 'peer leader on the team without peer_support consent',
    rows: everyRoute(403, { 'GET /clients': [200, ABSENT], 'GET /clients/:id': [404] }),
  },
  peerUnrelated: {
    label: 'peer leader of no relation',
    rows: everyRoute(403, { 'GET /clients': [200, ABSENT], 'GET /clients/:id': [404] }),
  },
};

// ------------------------------------------------------------- the harness

const API = '/api/v1';
const INTAKE_DATE = '2024-01-02';
const DISCHARGE_DATE = '2024-06-03';
const READMIT_DATE = '2024-09-02';
const EMERGENCY_REASON = 'patient collapsed at the window';

function describeDetail(expected: Detail | undefined, route: Route): string {
  if (expected === undefined) return '';
  if (expected === ABSENT) return ' without the client';
  if (expected === NO_CLINIC_A_GRANTS) return ' without clinic A’s grants';
  if (expected === EXPIRES_IN_60_MINUTES) return ' { expiresAt } 60 minutes ahead';
  const name = expected === FULL ? 'full' : expected === CLINICAL ? 'clinical' : 'pseudonym';
  return route.startsWith('GET /clients (') || route === 'GET /clients' ? ` with the client, ${name} fields` : ` ${name} fields`;
}

function sorted(keys: readonly string[]): string[] {
  return [...keys].sort();
}

function withoutRequestId(body: Record<string, unknown>): Record<string, unknown> {
  const { requestId: _requestId, ...rest } = body;
  return rest;
}

/** Throws with the body, so a differing cell says what the app answered. */
function expectStatus(res: Response, status: number): void {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

describe('client authorization', () => {
  let t: TestApp;
  let clinicAId: string;
  let clinicBId: string;
  const staff = {} as Record<CallerKey, SignedIn>;
  /** Staff of clinic A who are not callers: put on care teams so that relations are per staff member. */
  let sparePhysician: SignedIn;
  let bystanderCounselor: SignedIn;
  let bystanderPeerLeader: SignedIn;
  let clinicBClientId: string;
  const clinicAClientIds = new Set<string>();

  const api = {
    get: (who: SignedIn, path: string) => t.http.get(`${API}${path}`).set(who.auth),
    post: (who: SignedIn, path: string, body: object = {}) => t.http.post(`${API}${path}`).set(who.auth).send(body),
    patch: (who: SignedIn, path: string, body: object) => t.http.patch(`${API}${path}`).set(who.auth).send(body),
    delete: (who: SignedIn, path: string) => t.http.delete(`${API}${path}`).set(who.auth),
  };

  function registration(): Record<string, string> {
    return {
      givenName: '伟',
      familyName: '张',
      preferredName: 'Xiao Zhang',
      dateOfBirth: '1985-04-12',
      sex: 'male',
      phone: '+86 138 0013 8000',
      email: 'w.zhang@example.com',
      nationalId: randomBytes(8).toString('hex'),
      preferredLanguage: 'zh-CN',
      intakeDate: INTAKE_DATE,
    };
  }

  /** An active client registered by `by` (clinic A's coordinator unless said otherwise). */
  async function register(by: SignedIn = staff.coordinator): Promise<string> {
    const res = await api.post(by, '/clients', registration());
    expectStatus(res, 201);
    const id = res.body.id as string;
    if (by.clinicId === clinicAId) clinicAClientIds.add(id);
    return id;
  }

  async function addToTeam(clientId: string, member: SignedIn, role: 'counselor' | 'physician' | 'peer_leader'): Promise<void> {
    expectStatus(await api.post(staff.coordinator, `/clients/${clientId}/care-team`, { staffId: member.id, role }), 201);
  }

  async function recordConsent(clientId: string, scope: string): Promise<string> {
    const res = await api.post(staff.coordinator, `/clients/${clientId}/consents`, { scope });
    expectStatus(res, 201);
    return res.body.id as string;
  }

  async function breakGlass(who: SignedIn, clientId: string): Promise<void> {
    expectStatus(await api.post(who, `/clients/${clientId}/emergency-access`, { reason: EMERGENCY_REASON }), 201);
  }

  async function discharge(clientId: string): Promise<void> {
    expectStatus(await api.post(staff.coordinator, `/clients/${clientId}/discharge`, { date: DISCHARGE_DATE, reason: 'completed' }), 200);
  }

  /** What ties each caller to a subject client (done before the cell, by the coordinator unless said otherwise). */
  const relate: Record<CallerKey, (clientId: string) => Promise<void>> = {
    admin: async () => {},
    coordinator: async () => {},
    coordinatorB: async () => {},
    physician: async () => {},
    nurse: async () => {},
    counselorOnTeam: (id) => addToTeam(id, staff.counselorOnTeam, 'counselor'),
    counselorOffTeam: (id) => addToTeam(id, bystanderCounselor, 'counselor'),
    counselorEmergency: (id) => breakGlass(staff.counselorEmergency, id),
    peerWithConsent: async (id) => {
      await addToTeam(id, staff.peerWithConsent, 'peer_leader');
      await recordConsent(id, 'peer_support');
    },
    peerWithoutConsent: (id) => addToTeam(id, staff.peerWithoutConsent, 'peer_leader'),
    peerUnrelated: async (id) => {
      await addToTeam(id, bystanderPeerLeader, 'peer_leader');
      await recordConsent(id, 'peer_support');
    },
  };

  /** Every item of a list, page by page; the first page's answer decides the status. */
  async function listAll(who: SignedIn, path: string): Promise<{ res: Response; items: Array<Record<string, unknown>> }> {
    const first = await api.get(who, path).query({ limit: 200 });
    const items: Array<Record<string, unknown>> = first.status === 200 ? [...first.body.items] : [];
    let cursor: string | null = first.status === 200 ? first.body.nextCursor : null;
    while (cursor) {
      const next = await api.get(who, path).query({ limit: 200, cursor });
      expectStatus(next, 200);
      items.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    return { res: first, items };
  }

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await signInAdmin(t);
    clinicAId = (await makeClinic(t, admin)).id;
    clinicBId = (await makeClinic(t, admin)).id;
    const [coordinator, coordinatorB, physician, nurse, counselorOnTeam, counselorOffTeam, counselorEmergency] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinicAId),
      makeStaff(t, admin, Role.Coordinator, clinicBId),
      makeStaff(t, admin, Role.Physician, clinicAId),
      makeStaff(t, admin, Role.Nurse, clinicAId),
      makeStaff(t, admin, Role.Counselor, clinicAId),
      makeStaff(t, admin, Role.Counselor, clinicAId),
      makeStaff(t, admin, Role.Counselor, clinicAId),
    ]);
    const [peerWithConsent, peerWithoutConsent, peerUnrelated, spare, counselor, peer] = await Promise.all([
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
      makeStaff(t, admin, Role.Physician, clinicAId),
      makeStaff(t, admin, Role.Counselor, clinicAId),
      makeStaff(t, admin, Role.PeerLeader, clinicAId),
    ]);
    Object.assign(staff, {
      admin,
      coordinator,
      coordinatorB,
      physician,
      nurse,
      counselorOnTeam,
      counselorOffTeam,
      counselorEmergency,
      peerWithConsent,
      peerWithoutConsent,
      peerUnrelated,
    });
    sparePhysician = spare;
    bystanderCounselor = counselor;
    bystanderPeerLeader = peer;
    clinicBClientId = await register(coordinatorB);
  });
  afterAll(() => t?.close());

  for (const key of Object.keys(TABLE) as CallerKey[]) {
    const { label, rows } = TABLE[key];

    describe(label, () => {
      /** The caller's read subject: an active client of clinic A, related to the caller as the table says. */
      let subjectId: string;

      beforeAll(async () => {
        subjectId = await register();
        await relate[key](subjectId);
      });

      /** A subject of its own for a write cell, so cells do not disturb each other. */
      async function freshSubject(): Promise<string> {
        const id = await register();
        await relate[key](id);
        return id;
      }

      async function perform(
        route: Route,
        expected: Detail | undefined,
      ): Promise<{ res: Response; clientId?: string; items?: Array<Record<string, unknown>> }> {
        const who = staff[key];
        switch (route) {
          case 'POST /clients':
            return { res: await api.post(who, '/clients', registration()) };
          case 'GET /clients':
            return { ...(await listAll(who, '/clients')), clientId: subjectId };
          case 'GET /clients/:id':
            return { res: await api.get(who, `/clients/${subjectId}`), clientId: subjectId };
          case 'PATCH /clients/:id': {
            const id = await freshSubject();
            return { res: await api.patch(who, `/clients/${id}`, { preferredName: 'Ah Wei' }), clientId: id };
          }
          case 'POST /clients/:id/care-team': {
            const id = await freshSubject();
            return { res: await api.post(who, `/clients/${id}/care-team`, { staffId: sparePhysician.id, role: 'physician' }) };
          }
          case 'GET /clients/:id/care-team':
            return { res: await api.get(who, `/clients/${subjectId}/care-team`) };
          case 'DELETE /clients/:id/care-team/:staffId': {
            const id = await freshSubject();
            await addToTeam(id, sparePhysician, 'physician');
            return { res: await api.delete(who, `/clients/${id}/care-team/${sparePhysician.id}`) };
          }
          case 'POST /clients/:id/discharge': {
            const id = await freshSubject();
            return { res: await api.post(who, `/clients/${id}/discharge`, { date: DISCHARGE_DATE, reason: 'completed' }) };
          }
          case 'POST /clients/:id/readmit': {
            const id = await freshSubject();
            await discharge(id);
            return { res: await api.post(who, `/clients/${id}/readmit`, { date: READMIT_DATE }) };
          }
          case 'GET /clients/:id/episodes':
            return { res: await api.get(who, `/clients/${subjectId}/episodes`) };
          case 'POST /clients/:id/consents': {
            const id = await freshSubject();
            return { res: await api.post(who, `/clients/${id}/consents`, { scope: 'sms_reminders' }) };
          }
          case 'POST /clients/:id/consents/:consentId/revoke': {
            const id = await freshSubject();
            const consentId = await recordConsent(id, 'research');
            return { res: await api.post(who, `/clients/${id}/consents/${consentId}/revoke`, { reason: 'client changed their mind' }) };
          }
          case 'GET /clients/:id/consents':
            return { res: await api.get(who, `/clients/${subjectId}/consents`) };
          case 'POST /clients/:id/emergency-access': {
            const id = await freshSubject();
            return { res: await api.post(who, `/clients/${id}/emergency-access`, { reason: EMERGENCY_REASON }) };
          }
          case 'GET /emergency-access':
            if (expected === NO_CLINIC_A_GRANTS) {
              // Make sure clinic A has a grant the caller could wrongly see.
              const id = await register();
              await breakGlass(staff.physician, id);
              const { items } = await listAll(staff.coordinator, '/emergency-access');
              expect(items.map((grant) => grant.clientId)).toContain(id);
            }
            return listAll(who, '/emergency-access');
          case 'GET /clients/:id/access-log':
            return { res: await api.get(who, `/clients/${subjectId}/access-log`) };
          case 'GET /clients/:id (discharged subject)': {
            const id = await freshSubject();
            await discharge(id);
            return { res: await api.get(who, `/clients/${id}`), clientId: id };
          }
          case 'GET /clients (discharged subject)': {
            const id = await freshSubject();
            await discharge(id);
            return { ...(await listAll(who, '/clients')), clientId: id };
          }
        }
      }

      async function check(route: Route, status: number, expected: Detail | undefined): Promise<void> {
        const startedAt = t.clock.now().getTime();
        const { res, clientId, items } = await perform(route, expected);
        const finishedAt = t.clock.now().getTime();
        expectStatus(res, status);
        if (status === 403) expect(res.body.code).toBe('FORBIDDEN');
        if (status === 404) expect(res.body.code).toBe('NOT_FOUND');
        if (status !== 200 && status !== 201) return;

        if (route === 'POST /clients') expect(res.body.clinicId).toBe(staff[key].clinicId);

        if (items && clientId) {
          const item = items.find((candidate) => candidate.id === clientId);
          if (expected === ABSENT) expect(item).toBeUndefined();
          else if (expected) {
            expect(item).toBeDefined();
            expect(sorted(Object.keys(item ?? {}))).toEqual(sorted(expected as Fields));
          }
          return;
        }
        if (items && expected === NO_CLINIC_A_GRANTS) {
          expect(items.filter((grant) => clinicAClientIds.has(grant.clientId as string))).toEqual([]);
          return;
        }
        if (expected === EXPIRES_IN_60_MINUTES) {
          expect(Object.keys(res.body)).toEqual(['expiresAt']);
          const expiresAt = new Date(res.body.expiresAt as string).getTime();
          expect(expiresAt).toBeGreaterThanOrEqual(startedAt + 60 * MINUTE - 1);
          expect(expiresAt).toBeLessThanOrEqual(finishedAt + 60 * MINUTE + 1);
          return;
        }
        if (Array.isArray(expected)) {
          expect(res.body.id).toBe(clientId);
          expect(sorted(Object.keys(res.body))).toEqual(sorted(expected));
        }
      }

      const cells = rows.map(([route, status, expected]) => ({
        title: `${label} ${route} → ${status}${describeDetail(expected, route)}`,
        route,
        status,
        expected,
      }));
      it.each(cells)('$title', ({ route, status, expected }) => check(route, status, expected));

      const readStatus = rows.find(([route]) => route === 'GET /clients/:id')?.[1] ?? 404;
      const hiddenStatus = readStatus === 403 ? 403 : 404;
      it(`${label} GET /clients/:id → ${hiddenStatus} alike for a hidden client and a missing one`, async () => {
        // A client the caller may not see: its own subject when that is hidden, else one of the other clinic.
        const hiddenId = readStatus === 200 ? (staff[key].clinicId === clinicBId ? subjectId : clinicBClientId) : subjectId;
        const hidden = await api.get(staff[key], `/clients/${hiddenId}`);
        const missing = await api.get(staff[key], `/clients/${randomUUID()}`);
        expectStatus(hidden, hiddenStatus);
        expectStatus(missing, hiddenStatus);
        expect(hidden.body.code).toBe(hiddenStatus === 404 ? 'NOT_FOUND' : 'FORBIDDEN');
        expect(withoutRequestId(hidden.body)).toEqual(withoutRequestId(missing.body));
      });
    });
  }

  describe('access log', () => {
    it('coordinator GET /clients/:id/access-log → 200, every event on care_team, role, consent or emergency grounds', async () => {
      const id = await register();
      await addToTeam(id, staff.counselorOnTeam, 'counselor');
      await addToTeam(id, staff.peerWithConsent, 'peer_leader');
      await recordConsent(id, 'peer_support');
      await breakGlass(staff.counselorEmergency, id);
      for (const who of [staff.counselorOnTeam, staff.peerWithConsent, staff.counselorEmergency, staff.physician]) {
        expectStatus(await api.get(who, `/clients/${id}`), 200);
      }

      const res = await api.get(staff.coordinator, `/clients/${id}/access-log`).query({ limit: 200 });
      expectStatus(res, 200);
      const events = res.body.items as Array<{ actorId: string; action: string; grounds: string }>;
      for (const event of events) expect(['care_team', 'role', 'consent', 'emergency']).toContain(event.grounds);
      expect(new Set(events.map((event) => event.grounds))).toEqual(new Set(['care_team', 'role', 'consent', 'emergency']));
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'client.create', actorId: staff.coordinator.id, grounds: 'role' }),
          expect.objectContaining({ action: 'emergency_access.grant', actorId: staff.counselorEmergency.id, grounds: 'emergency' }),
          expect.objectContaining({ action: 'client.read', actorId: staff.counselorEmergency.id, grounds: 'emergency' }),
          expect.objectContaining({ action: 'client.read', actorId: staff.counselorOnTeam.id, grounds: 'care_team' }),
          expect.objectContaining({ action: 'client.read', actorId: staff.peerWithConsent.id, grounds: 'consent' }),
          expect.objectContaining({ action: 'client.read', actorId: staff.physician.id, grounds: 'role' }),
        ]),
      );
    });
  });
});
