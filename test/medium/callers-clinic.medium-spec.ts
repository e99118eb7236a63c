import { randomUUID } from 'node:crypto';
import { AuthService } from '@tongban/auth';
import { CallersClinic, ClinicDto, ClinicsService } from '@tongban/clinics';
import { Caller, PlatformException, Role, sql } from '@tongban/platform';
import { startTestContext, TestContext } from '../support/test-context';

/**
 * A request's caller carries their clinic as the session check read it
 * (`Caller.clinic`), and the clinics area hands that out instead of reading
 * the clinic again; where a caller has none, or one of another clinic, the
 * clinic is read.
 */
describe("the caller's clinic, read with the session", () => {
  let t: TestContext;
  let clinics: ClinicsService;
  let clinic: ClinicDto;

  const caller = (over: Partial<Caller> = {}): Caller => ({
    staffId: randomUUID(),
    username: 'nurse',
    role: Role.Nurse,
    clinicId: clinic?.id ?? null,
    sessionId: randomUUID(),
    requestId: 'test',
    ...over,
  });

  beforeAll(async () => {
    t = await startTestContext();
    clinics = t.app.get(ClinicsService);
    const admin = caller({ role: Role.Admin, clinicId: null, username: 'admin' });
    clinic = await clinics.create(admin, { code: 'CC01', name: 'Caller clinic', timeZone: 'Asia/Shanghai' });
  });
  afterAll(() => t.close());

  it('is the clinic as stored, once the session check has read it', async () => {
    const staffId = randomUUID();
    await sql`INSERT INTO staff (id, username, display_name, role, clinic_id, password_hash)
              VALUES (${staffId}::uuid, ${`n-${staffId.slice(0, 8)}`}, 'Nurse', 'nurse', ${clinic.id}::uuid, 'x')`.execute(t.dataSource);
    const sessionId = randomUUID();
    await sql`INSERT INTO auth_session (id, staff_id, expires_at) VALUES (${sessionId}::uuid, ${staffId}::uuid, now() + interval '1 hour')`.execute(
      t.dataSource,
    );
    const signedIn = await t.app.get(AuthService).callerOf({ sub: staffId, sid: sessionId } as never);
    expect(signedIn?.clinic).toBeInstanceOf(CallersClinic);
    expect((signedIn?.clinic as CallersClinic).clinic).toEqual(clinic);
    expect(await clinics.callersClinic({ ...signedIn!, requestId: 'test' })).toEqual(clinic);
  });

  it('is handed out as the session check read it, without reading it again', async () => {
    const read = { ...clinic, name: 'as read with the session' };
    expect(await clinics.callersClinic(caller({ clinic: new CallersClinic(read) }))).toBe(read);
  });

  it('is read where the caller carries none, or one of another clinic', async () => {
    expect(await clinics.callersClinic(caller())).toEqual(clinic);
    const other = new CallersClinic({ ...clinic, id: randomUUID(), name: 'another clinic' });
    expect(await clinics.callersClinic(caller({ clinic: other }))).toEqual(clinic);
    expect(await clinics.callersClinic(caller({ clinic: { ...clinic, name: 'not read by the session check' } }))).toEqual(clinic);
  });

  it("gives today in the caller's own clinic from the clinic the session check read, and reads any other clinic", async () => {
    // Noon in UTC: 2026-06-16 in Kiritimati (UTC+14), 2026-06-15 in Honolulu (UTC−10) and in the stored zone (Asia/Shanghai).
    t.clock.set('2026-06-15T12:00:00Z');
    const kiritimati = new CallersClinic({ ...clinic, timeZone: 'Pacific/Kiritimati' });
    const honolulu = new CallersClinic({ ...clinic, timeZone: 'Pacific/Honolulu' });
    expect(await clinics.today(clinic.id, caller({ clinic: kiritimati }))).toBe('2026-06-16');
    expect(await clinics.today(clinic.id, caller({ clinic: honolulu }))).toBe('2026-06-15');
    // Another clinic's day, or no caller: the clinic as stored.
    t.clock.set('2026-06-15T20:00:00Z'); // 2026-06-16 in Asia/Shanghai
    expect(await clinics.today(clinic.id, caller({ clinicId: randomUUID(), clinic: honolulu }))).toBe('2026-06-16');
    expect(await clinics.today(clinic.id)).toBe('2026-06-16');
  });

  it('is refused to a caller of no clinic', async () => {
    await expect(clinics.callersClinic(caller({ role: Role.Admin, clinicId: null }))).rejects.toBeInstanceOf(PlatformException);
  });

  it('reads a clinic by its id as it was created, and none for an unknown id', async () => {
    expect(await clinics.requireClinic(clinic.id)).toEqual(clinic);
    expect(await clinics.findClinic(randomUUID())).toBeNull();
  });
});
