import { Role } from '@tongban/platform';
import {
  addToCareTeam,
  ClientRecord,
  ClinicRecord,
  clinicDay,
  grantEmergencyAccess,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makeFamilyContact,
  makePeerGroup,
  makeStaff,
  recordConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Emergency access opens the record to read and the clinical acts of the
 * caller's role; it never lets anyone record or revoke consents, change
 * identity, or manage family contacts and groups (product.md).
 */
describe('emergency access opens reading and clinical acts only', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let teamCounselor: SignedIn;
  let glassCounselor: SignedIn;
  let leader: SignedIn;
  let client: ClientRecord;
  let consentId: string;
  let contactId: string;
  let groupId: string;
  let otherGroupId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    teamCounselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    glassCounselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    client = await makeClient(t, coordinator);
    await addToCareTeam(t, coordinator, client.id, teamCounselor);
    consentId = (await recordConsent(t, coordinator, client.id, { scope: 'peer_support' })).id;
    await recordConsent(t, coordinator, client.id, { scope: 'family_contact' });
    contactId = (await makeFamilyContact(t, teamCounselor, client.id)).id;
    groupId = (await makePeerGroup(t, coordinator, [leader])).id;
    otherGroupId = (await makePeerGroup(t, coordinator, [leader])).id;
    await joinPeerGroup(t, coordinator, groupId, client.id);
    await grantEmergencyAccess(t, glassCounselor, client.id);
  });
  afterAll(() => t.close());

  it('lets the counselor who broke the glass read the whole record', async () => {
    const res = await t.http.get(`/api/v1/clients/${client.id}`).set(glassCounselor.auth).expect(200);
    expect(res.body.phone).toBeDefined();
    await t.http.get(`/api/v1/clients/${client.id}/consents`).set(glassCounselor.auth).expect(200);
    await t.http.get(`/api/v1/clients/${client.id}/family-contacts`).set(glassCounselor.auth).expect(200);
  });

  it('lets the counselor who broke the glass log a counseling session, the clinical act of their role', async () => {
    await t.http
      .post(`/api/v1/clients/${client.id}/counseling-sessions`)
      .set(glassCounselor.auth)
      .send({ date: clinicDay(t), type: 'individual', minutes: 30 })
      .expect(201);
  });

  it('answers 404 to recording a consent on emergency grounds, and records none', async () => {
    const before = await t.http.get(`/api/v1/clients/${client.id}/consents`).set(coordinator.auth).expect(200);
    const res = await t.http.post(`/api/v1/clients/${client.id}/consents`).set(glassCounselor.auth).send({ scope: 'research' }).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    const after = await t.http.get(`/api/v1/clients/${client.id}/consents`).set(coordinator.auth).expect(200);
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('answers 404 to revoking a consent on emergency grounds, and the consent stays in force', async () => {
    await t.http.post(`/api/v1/clients/${client.id}/consents/${consentId}/revoke`).set(glassCounselor.auth).send({}).expect(404);
    const res = await t.http.get(`/api/v1/clients/${client.id}/consents`).set(coordinator.auth).expect(200);
    expect(res.body.items.find((consent: { id: string }) => consent.id === consentId).status).toBe('active');
  });

  it('answers 404 to an identity edit on emergency grounds, and the name stays', async () => {
    await t.http.patch(`/api/v1/clients/${client.id}`).set(glassCounselor.auth).send({ givenName: 'Changed' }).expect(404);
    const res = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200);
    expect(res.body.givenName).toBe(client.givenName);
  });

  it('answers 404 to adding, changing or logging contact with a family contact on emergency grounds', async () => {
    await t.http
      .post(`/api/v1/clients/${client.id}/family-contacts`)
      .set(glassCounselor.auth)
      .send({ name: 'Someone', relationship: 'brother', mayContact: true })
      .expect(404);
    await t.http
      .patch(`/api/v1/clients/${client.id}/family-contacts/${contactId}`)
      .set(glassCounselor.auth)
      .send({ mayContact: false })
      .expect(404);
    await t.http
      .post(`/api/v1/clients/${client.id}/family-contacts/${contactId}/interactions`)
      .set(glassCounselor.auth)
      .send({ date: clinicDay(t), channel: 'phone' })
      .expect(404);
    const res = await t.http.get(`/api/v1/clients/${client.id}/family-contacts`).set(coordinator.auth).expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].mayContact).toBe(true);
  });

  it('answers 404 to adding the client to a group or removing them from one on emergency grounds', async () => {
    await t.http.post(`/api/v1/peer-groups/${otherGroupId}/members`).set(glassCounselor.auth).send({ clientId: client.id }).expect(404);
    await t.http.delete(`/api/v1/peer-groups/${groupId}/members/${client.id}`).set(glassCounselor.auth).expect(404);
    const res = await t.http.get(`/api/v1/peer-groups/${groupId}/members`).set(coordinator.auth).expect(200);
    expect(res.body.items.map((member: { clientId: string }) => member.clientId)).toEqual([client.id]);
  });

  it('still lets the care-team counselor record consents and manage family contacts', async () => {
    await t.http.post(`/api/v1/clients/${client.id}/consents`).set(teamCounselor.auth).send({ scope: 'research' }).expect(201);
    await t.http
      .patch(`/api/v1/clients/${client.id}/family-contacts/${contactId}`)
      .set(teamCounselor.auth)
      .send({ notes: 'Calls on Sundays' })
      .expect(200);
  });
});
