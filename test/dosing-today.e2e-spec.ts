import { Role } from '@tongban/platform';
import { clinicDay, makeClient, makeClinic, makeDoseOrder, makeStaff, pinClock, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';

interface TodayItem {
  clientId: string;
  code: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  hasPhoto: boolean;
  orderSuspended: boolean;
  assessmentRequired: boolean;
  givenTodayMg: number;
  remainingTodayMg: number;
  dosed: boolean;
  activeOrder: { note: string | null } | null;
}

/** GET /dosing/today: who stands at the window (identity), what they may be given, and search as GET /clients does. */
describe('the dispensing window list', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
  });
  afterAll(() => t.close());

  function day(offset = 0): string {
    return clinicDay(t, offset);
  }

  async function today(query: Record<string, string> = {}, who: SignedIn = nurse): Promise<TodayItem[]> {
    const res = await t.http
      .get('/api/v1/dosing/today')
      .query({ limit: '200', ...query })
      .set(who.auth)
      .expect(200);
    return res.body.items as TodayItem[];
  }

  it('shows each client’s full name, date of birth and what may still be given today', async () => {
    const client = await makeClient(t, coordinator, {
      intakeDate: day(),
      givenName: 'Xiaoming',
      familyName: 'Wang',
      dateOfBirth: '1979-02-03',
      phone: '13800138000',
    });
    await makeDoseOrder(t, physician, client.id, { doseMg: 60, splitDose: true, note: 'evening part after 17:00' });
    await t.http.post(`/api/v1/clients/${client.id}/doses`).set(nurse.auth).send({ doseMg: 20, kind: 'observed' }).expect(201);
    const item = (await today()).find((candidate) => candidate.clientId === client.id);
    expect(item).toMatchObject({
      givenName: 'Xiaoming',
      familyName: 'Wang',
      dateOfBirth: '1979-02-03',
      hasPhoto: false,
      orderSuspended: false,
      assessmentRequired: false,
      givenTodayMg: 20,
      remainingTodayMg: 40,
      dosed: true,
      activeOrder: { note: 'evening part after 17:00' },
    });
  });

  it('searches by code, full name and phone (the person at the counter may give any), never by national ID, and finds nothing for a stranger', async () => {
    const client = await makeClient(t, coordinator, {
      intakeDate: day(),
      givenName: 'Hua',
      familyName: 'Li',
      phone: '13900139000',
      nationalId: '530102198001011234',
    });
    const other = await makeClient(t, coordinator, { intakeDate: day() });
    for (const q of [client.code, 'Li Hua', 'LiHua', ' li hua ']) {
      expect((await today({ q })).map((item) => item.clientId)).toEqual([client.id]);
    }
    // At the window the nurse finds the client by phone too; never by national ID, which her view does not show.
    expect((await today({ q: '13900139000' })).map((item) => item.clientId)).toEqual([client.id]);
    expect((await today({ q: '139 0013 9000' }, coordinator)).map((item) => item.clientId)).toEqual([client.id]);
    expect((await today({ q: '530102198001011234' })).map((item) => item.clientId)).toEqual([]);
    expect((await today({ q: 'Nobody Here' })).map((item) => item.clientId)).toEqual([]);
    expect((await today({}, coordinator)).map((item) => item.clientId)).toEqual(expect.arrayContaining([client.id, other.id]));
  });

  it('refuses a search longer than 200 characters with 400', async () => {
    const res = await t.http
      .get('/api/v1/dosing/today')
      .query({ q: 'x'.repeat(201) })
      .set(nurse.auth)
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('records the read in each shown client’s access log', async () => {
    const client = await makeClient(t, coordinator, { intakeDate: day() });
    await today({ q: client.code });
    const log = await t.http.get(`/api/v1/clients/${client.id}/access-log`).set(coordinator.auth).expect(200);
    expect((log.body.items as Array<{ action: string; actorId: string }>).filter((event) => event.action === 'dosing.today')).toEqual([
      expect.objectContaining({ actorId: nurse.id }),
    ]);
  });
});
