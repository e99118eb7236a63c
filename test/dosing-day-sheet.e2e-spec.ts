import { Role } from '@tongban/platform';
import { ClientRecord, clinicDay, makeClient, makeClinic, makeDoseOrder, makeStaff, pinClock, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';

/** GET /dosing/day-sheet: the day's dispensing record with its totals, as JSON, CSV and a printable PDF. */
describe('the day sheet', () => {
  let t: TestApp;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let counselor: SignedIn;
  let foreignNurse: SignedIn;
  let wang: ClientRecord;
  let li: ClientRecord;
  let voidedDoseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin, { name: '昆明第一门诊' });
    const otherClinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    foreignNurse = await makeStaff(t, admin, Role.Nurse, otherClinic.id);
    wang = await makeClient(t, coordinator, { intakeDate: clinicDay(t), givenName: '小明', familyName: '王', preferredName: '阿明' });
    li = await makeClient(t, coordinator, { intakeDate: clinicDay(t), givenName: 'Hua', familyName: 'Li' });
    await makeDoseOrder(t, physician, wang.id, { doseMg: 60, takeHomeDaysPerWeek: 2 });
    await makeDoseOrder(t, physician, li.id, { doseMg: 45.5 });
    const dose = (body: Record<string, unknown>, clientId: string) =>
      t.http.post(`/api/v1/clients/${clientId}/doses`).set(nurse.auth).send(body).expect(201);
    await dose({ doseMg: 60, kind: 'observed' }, wang.id);
    await dose({ doseMg: 60, kind: 'take_home', coversDays: 2 }, wang.id);
    const mistaken = await dose({ doseMg: 45.5, kind: 'observed' }, li.id);
    voidedDoseId = (mistaken.body as { id: string }).id;
    await t.http.post(`/api/v1/clients/${li.id}/doses/${voidedDoseId}/void`).set(nurse.auth).send({ reason: 'wrong client' }).expect(200);
    await dose({ doseMg: 40, kind: 'observed', reason: 'asked for less' }, li.id);
  });
  afterAll(() => t.close());

  it('lists the day’s doses with code and name, and totals without the voided one', async () => {
    const res = await t.http.get('/api/v1/dosing/day-sheet').set(nurse.auth).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.date).toBe(clinicDay(t));
    expect(res.body.totals).toEqual({ doses: 3, observedMg: 100, takeHomeMg: 120, totalMg: 220 });
    expect(res.body.doses).toHaveLength(4);
    expect(res.body.doses.find((dose: { id: string }) => dose.id === voidedDoseId)).toMatchObject({
      code: li.code,
      givenName: 'Hua',
      familyName: 'Li',
      voided: true,
      voidReason: 'wrong client',
    });
    expect(res.body.doses[0]).toMatchObject({
      code: wang.code,
      givenName: '小明',
      familyName: '王',
      preferredName: '阿明',
      kind: 'observed',
      recordedBy: { id: nurse.id, displayName: 'Test nurse' },
    });
  });

  it('records the read as one audit event naming the clients shown', async () => {
    const before = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'dosing.day_sheet'`,
    );
    await t.http.get('/api/v1/dosing/day-sheet').set(coordinator.auth).expect(200);
    const events = await t.dataSource.query<Array<{ details: { clientIds: string[] } }>>(
      `SELECT details FROM audit_event WHERE action = 'dosing.day_sheet' ORDER BY occurred_at DESC, id DESC`,
    );
    expect(events).toHaveLength(before[0].n + 1);
    expect([...events[0].details.clientIds].sort()).toEqual([wang.id, li.id].sort());
  });

  it('answers another day’s sheet, empty when nothing was dispensed', async () => {
    const res = await t.http
      .get('/api/v1/dosing/day-sheet')
      .query({ date: clinicDay(t, -1) })
      .set(physician.auth)
      .expect(200);
    expect(res.body).toEqual({ date: clinicDay(t, -1), doses: [], totals: { doses: 0, observedMg: 0, takeHomeMg: 0, totalMg: 0 } });
  });

  it('exports CSV in UTF-8 with a byte order mark and a header row in the language asked for', async () => {
    const zh = await t.http
      .get('/api/v1/dosing/day-sheet')
      .query({ format: 'csv', lang: 'zh-CN' })
      .set(nurse.auth)
      .buffer(true)
      .expect(200);
    expect(zh.headers['content-type']).toMatch(/^text\/csv/);
    expect(zh.headers['cache-control']).toBe('no-store');
    const text = zh.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0].split(',')[0]).toBe('编号');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain('王小明 (阿明)');
    const en = await t.http
      .get('/api/v1/dosing/day-sheet')
      .query({ format: 'csv' })
      .set('Accept-Language', 'en-US,en;q=0.8')
      .set(nurse.auth)
      .expect(200);
    expect(en.text.slice(1).split('\r\n')[0].split(',')[0]).toBe('Code');
  });

  it('prints a one-page PDF with the Chinese font embedded', async () => {
    const res = await t.http
      .get('/api/v1/dosing/day-sheet')
      .query({ format: 'pdf', lang: 'zh-CN' })
      .set(nurse.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    const pdf = (res.body as Buffer).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/NotoSansSC/);
    expect(pdf.match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it('refuses a counselor with 403, and shows another clinic’s nurse nothing of this clinic', async () => {
    await t.http.get('/api/v1/dosing/day-sheet').set(counselor.auth).expect(403);
    const res = await t.http.get('/api/v1/dosing/day-sheet').set(foreignNurse.auth).expect(200);
    expect(res.body.doses).toEqual([]);
  });

  it.each([
    ['a date that does not exist', { date: '2026-02-30' }],
    ['an unknown format', { format: 'xlsx' }],
    ['an unknown language', { lang: 'fr' }],
  ])('refuses %s with 400', async (_what, query) => {
    const res = await t.http.get('/api/v1/dosing/day-sheet').query(query).set(nurse.auth).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
