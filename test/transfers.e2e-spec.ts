import { Role } from '@tongban/platform';
import {
  clinicDay,
  ClinicRecord,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makePeerGroup,
  makeStaff,
  pinClock,
  recordConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';

/**
 * Transfers (product.md "Transfer", api.md "Guest dosing and transfer"): the
 * home coordinator proposes, the receiving coordinator accepts or declines;
 * on acceptance the client moves for good, and home is a closed record.
 */
describe('transfers', () => {
  let t: TestApp;
  let home: ClinicRecord;
  let receiving: ClinicRecord;
  let homeCoordinator: SignedIn;
  let homePhysician: SignedIn;
  let homeNurse: SignedIn;
  let homePeerLeader: SignedIn;
  let receivingCoordinator: SignedIn;
  let receivingNurse: SignedIn;

  const get = (who: SignedIn, path: string) => t.http.get(`${API}${path}`).set(who.auth);
  const post = (who: SignedIn, path: string, body: object = {}) => t.http.post(`${API}${path}`).set(who.auth).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    home = await makeClinic(t, admin);
    receiving = await makeClinic(t, admin);
    [homeCoordinator, homePhysician, homeNurse, homePeerLeader, receivingCoordinator, receivingNurse] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, home.id),
      makeStaff(t, admin, Role.Physician, home.id),
      makeStaff(t, admin, Role.Nurse, home.id),
      makeStaff(t, admin, Role.PeerLeader, home.id),
      makeStaff(t, admin, Role.Coordinator, receiving.id),
      makeStaff(t, admin, Role.Nurse, receiving.id),
    ]);
  });
  afterAll(() => t?.close());

  it('moves an accepted client to the receiving clinic under its own code, and closes the home record for good', async () => {
    const client = await makeClient(t, homeCoordinator, { intakeDate: clinicDay(t, -20), nationalId: '110101198001010011' });
    await makeDoseOrder(t, homePhysician, client.id, { doseMg: 70 });
    await post(homeNurse, `/clients/${client.id}/doses`, { doseMg: 70, kind: 'observed' }).expect(201);
    await t.http
      .put(`${API}/clients/${client.id}/photo`)
      .set(homeCoordinator.auth)
      .set('Content-Type', 'image/png')
      .send(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(256, 7)]))
      .expect(204);
    await recordConsent(t, homeCoordinator, client.id, { scope: 'peer_support' });
    await recordConsent(t, homeCoordinator, client.id, { scope: 'sms_reminders' });
    const group = await makePeerGroup(t, homeCoordinator, [homePeerLeader]);
    await joinPeerGroup(t, homeCoordinator, group.id, client.id);
    await get(homePeerLeader, `/clients/${client.id}`).expect(200);
    const retentionBefore = (await get(homeCoordinator, '/reports/retention').expect(200)).body as {
      episodes: number;
      censored: number;
      events: number;
    };

    // Validation and rules of the proposal.
    await post(homeCoordinator, `/clients/${client.id}/transfers`, { toClinicId: receiving.id, date: clinicDay(t) }).expect(400);
    const withoutDay = await post(homeCoordinator, `/clients/${client.id}/transfers`, {
      toClinicId: receiving.id,
      date: '',
      clientAgreed: true,
    }).expect(400);
    expect(withoutDay.body.errors).toContainEqual(expect.objectContaining({ field: 'date', key: 'required' }));
    expect(
      (
        await post(homeCoordinator, `/clients/${client.id}/transfers`, {
          toClinicId: home.id,
          date: clinicDay(t),
          clientAgreed: true,
        }).expect(422)
      ).body.code,
    ).toBe('HOST_IS_HOME_CLINIC');
    await post(homePhysician, `/clients/${client.id}/transfers`, {
      toClinicId: receiving.id,
      date: clinicDay(t),
      clientAgreed: true,
    }).expect(403);
    await post(receivingCoordinator, `/clients/${client.id}/transfers`, {
      toClinicId: receiving.id,
      date: clinicDay(t),
      clientAgreed: true,
    }).expect(404);

    const proposed = await post(homeCoordinator, `/clients/${client.id}/transfers`, {
      toClinicId: receiving.id,
      date: clinicDay(t),
      clientAgreed: true,
    }).expect(201);
    expect(proposed.body).toMatchObject({ status: 'pending', clientId: client.id, clientCode: client.code, toClinicCode: receiving.code });
    const id = proposed.body.id as string;
    expect(
      (
        await post(homeCoordinator, `/clients/${client.id}/transfers`, {
          toClinicId: receiving.id,
          date: clinicDay(t),
          clientAgreed: true,
        }).expect(409)
      ).body.code,
    ).toBe('TRANSFER_PENDING');

    // The receiving coordinator's list of pending transfers; until accepted the client is not theirs.
    const pending = await get(receivingCoordinator, '/transfers').query({ direction: 'incoming', status: 'pending' }).expect(200);
    expect(pending.body.items).toContainEqual(expect.objectContaining({ id, clientCode: client.code, fromClinicCode: home.code }));
    await get(receivingCoordinator, `/clients/${client.id}`).expect(404);
    await post(homeCoordinator, `/transfers/${id}/accept`).expect(404);
    await post(receivingNurse, `/transfers/${id}/accept`).expect(403);

    const accepted = await post(receivingCoordinator, `/transfers/${id}/accept`).expect(200);
    expect(accepted.body).toMatchObject({ id, status: 'accepted' });
    const newId = accepted.body.newClientId as string;
    expect(newId).not.toBe(client.id);
    expect((await post(receivingCoordinator, `/transfers/${id}/accept`).expect(409)).body.code).toBe('TRANSFER_DECIDED');

    // At the receiving clinic: a new code of its own, an open episode, identity, photo, the order and the consents.
    const moved = (await get(receivingCoordinator, `/clients/${newId}`).expect(200)).body as Record<string, unknown>;
    expect(moved).toMatchObject({
      clinicId: receiving.id,
      status: 'active',
      givenName: client.givenName,
      familyName: client.familyName,
      nationalId: '110101198001010011',
      hasPhoto: true,
    });
    expect(moved.code).toMatch(new RegExp(`^${receiving.code}-`));
    const episodes = (await get(receivingCoordinator, `/clients/${newId}/episodes`).expect(200)).body as Array<Record<string, unknown>>;
    expect(episodes).toEqual([expect.objectContaining({ startDate: clinicDay(t), endDate: null })]);
    const consents = await get(receivingCoordinator, `/clients/${newId}/consents`).expect(200);
    expect((consents.body.items as Array<{ scope: string; status: string }>).map((c) => `${c.scope}:${c.status}`).sort()).toEqual([
      'peer_support:active',
      'sms_reminders:active',
    ]);
    const window = await get(receivingNurse, '/dosing/today')
      .query({ q: moved.code as string })
      .expect(200);
    expect(window.body.items).toEqual([
      expect.objectContaining({ clientId: newId, activeOrder: expect.objectContaining({ doseMg: 70 }), guest: null }),
    ]);
    await post(receivingNurse, `/clients/${newId}/doses`, { doseMg: 70, kind: 'observed' }).expect(201);

    // At home: the episode ended `transferred`, the nurse and the peer leader no longer see the client.
    const homeEpisodes = (await get(homeCoordinator, `/clients/${client.id}/episodes`).expect(200)).body as Array<Record<string, unknown>>;
    expect(homeEpisodes).toEqual([expect.objectContaining({ endDate: clinicDay(t), endReason: 'transferred' })]);
    expect((await get(homeCoordinator, `/clients/${client.id}`).expect(200)).body.status).toBe('transferred');
    await get(homeNurse, `/clients/${client.id}`).expect(404);
    await post(homeNurse, `/clients/${client.id}/doses`, { doseMg: 70, kind: 'observed' }).expect(404);
    await get(homePeerLeader, `/clients/${client.id}`).expect(404);
    const members = await get(homePeerLeader, `/peer-groups/${group.id}/members`).expect(200);
    expect((members.body.items as Array<{ clientId: string }>).map((m) => m.clientId)).not.toContain(client.id);
    const homeWindow = await get(homeNurse, '/dosing/today').query({ limit: 200 }).expect(200);
    expect((homeWindow.body.items as Array<{ clientId: string }>).map((row) => row.clientId)).not.toContain(client.id);

    // Retention at home censors the episode at the transfer.
    const retention = (await get(homeCoordinator, '/reports/retention').expect(200)).body as {
      episodes: number;
      censored: number;
      events: number;
    };
    expect(retention.episodes).toBe(retentionBefore.episodes);
    expect(retention.events).toBe(retentionBefore.events);
    expect(retention.censored).toBe(retentionBefore.censored);

    // Both clinics' chains hold the move.
    const homeEvents = (await get(homeCoordinator, '/audit-events').query({ limit: 200 }).expect(200)).body.items as Array<{
      action: string;
    }>;
    const receivingEvents = (await get(receivingCoordinator, '/audit-events').query({ limit: 200 }).expect(200)).body.items as Array<{
      action: string;
    }>;
    for (const action of ['transfer.propose', 'transfer.accept', 'client.transfer_out', 'client.transfer_in']) {
      expect(homeEvents.map((e) => e.action)).toContain(action);
      expect(receivingEvents.map((e) => e.action)).toContain(action);
    }
  });

  it('leaves a declined client at home, in treatment', async () => {
    const client = await makeClient(t, homeCoordinator, { intakeDate: clinicDay(t) });
    const proposed = await post(homeCoordinator, `/clients/${client.id}/transfers`, {
      toClinicId: receiving.id,
      date: clinicDay(t, 3),
      clientAgreed: true,
    }).expect(201);
    const id = proposed.body.id as string;
    // Pending, it is on both coordinators' worklists (the receiving one by the home code only), due on its date.
    const pending = async (who: SignedIn) =>
      ((await get(who, '/worklist').expect(200)).body.items as Array<Record<string, unknown>>).find(
        (item) => item.kind === 'transfer_pending' && (item.detail as { id: string }).id === id,
      );
    expect(await pending(homeCoordinator)).toMatchObject({
      clientId: client.id,
      code: client.code,
      dueOn: clinicDay(t, 3),
      detail: { direction: 'outgoing' },
    });
    expect(await pending(receivingCoordinator)).toMatchObject({ clientId: null, code: client.code, detail: { direction: 'incoming' } });
    expect((await post(receivingCoordinator, `/transfers/${id}/accept`).expect(422)).body.code).toBe('TRANSFER_NOT_DUE');
    const declined = await post(receivingCoordinator, `/transfers/${id}/decline`).expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', newClientId: null });
    expect(await pending(homeCoordinator)).toBeUndefined();
    expect(await pending(receivingCoordinator)).toBeUndefined();
    expect((await get(homeCoordinator, `/clients/${client.id}`).expect(200)).body.status).toBe('active');
    const outgoing = await get(homeCoordinator, '/transfers').query({ direction: 'outgoing' }).expect(200);
    expect(outgoing.body.items).toContainEqual(expect.objectContaining({ id, status: 'declined' }));
  });
});
