import { randomBytes } from 'node:crypto';
import { Role } from '@tongban/platform';
import { clinicDay, ClinicRecord, makeClient, makeClinic, makeDoseOrder, makeStaff, pinClock, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY } from './support/test-clock';

const API = '/api/v1';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(512)]);

interface AuditEvent {
  action: string;
  actorId: string | null;
  clientId: string | null;
  clinicId: string | null;
  grounds: string | null;
}

/**
 * Guest dosing (product.md "Clinical rules", api.md "Guest dosing and
 * transfer"): for the arranged days only, the host clinic's nurses and
 * physicians see the client at their window and dose them under the home
 * order; nothing else of the client opens to the host, nothing at all outside
 * the days; every access is in both clinics' audit chains; the host's doses
 * cover the home clinic's days; one observed dose per client and day holds
 * across clinics.
 */
describe('guest dosing', () => {
  let t: TestApp;
  let home: ClinicRecord;
  let host: ClinicRecord;
  let homeCoordinator: SignedIn;
  let homePhysician: SignedIn;
  let homeNurse: SignedIn;
  let homeCounselor: SignedIn;
  let hostCoordinator: SignedIn;
  let hostNurse: SignedIn;
  let hostPhysician: SignedIn;

  const get = (who: SignedIn, path: string) => t.http.get(`${API}${path}`).set(who.auth);
  const post = (who: SignedIn, path: string, body: object = {}) => t.http.post(`${API}${path}`).set(who.auth).send(body);

  /** A client of the home clinic in treatment, with a 60 mg order from today. */
  async function homeClient(): Promise<{ id: string; code: string }> {
    const client = await makeClient(t, homeCoordinator, { intakeDate: clinicDay(t) });
    await makeDoseOrder(t, homePhysician, client.id);
    return client;
  }

  function arrange(clientId: string, fields: Record<string, unknown> = {}, by: SignedIn = homeCoordinator) {
    return post(by, `/clients/${clientId}/guest-dosing`, {
      hostClinicId: host.id,
      from: clinicDay(t),
      until: clinicDay(t, 9),
      clientAgreed: true,
      ...fields,
    });
  }

  function dose(who: SignedIn, clientId: string) {
    return post(who, `/clients/${clientId}/doses`, { doseMg: 60, kind: 'observed' });
  }

  /** Every event of a clinic's chain as its coordinator reads it. */
  async function chain(coordinator: SignedIn): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(coordinator, '/audit-events')
        .query({ limit: 200, ...(cursor ? { cursor } : {}) })
        .expect(200);
      events.push(...(res.body.items as AuditEvent[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return events;
  }

  async function windowItem(who: SignedIn, clientId: string): Promise<Record<string, unknown> | undefined> {
    const res = await get(who, '/dosing/today').query({ limit: 200 }).expect(200);
    return (res.body.items as Array<Record<string, unknown>>).find((item) => item.clientId === clientId);
  }

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    home = await makeClinic(t, admin);
    host = await makeClinic(t, admin);
    [homeCoordinator, homePhysician, homeNurse, homeCounselor, hostCoordinator, hostNurse, hostPhysician] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, home.id),
      makeStaff(t, admin, Role.Physician, home.id),
      makeStaff(t, admin, Role.Nurse, home.id),
      makeStaff(t, admin, Role.Counselor, home.id),
      makeStaff(t, admin, Role.Coordinator, host.id),
      makeStaff(t, admin, Role.Nurse, host.id),
      makeStaff(t, admin, Role.Physician, host.id),
    ]);
  });
  afterAll(() => t?.close());

  it('lets the host nurse dose a guest on an arranged day and see nothing else of them, and nothing at all after the days', async () => {
    pinClock(t);
    const client = await homeClient();
    await t.http.put(`${API}/clients/${client.id}/photo`).set(homeCoordinator.auth).set('Content-Type', 'image/png').send(PNG).expect(204);
    // Before any arrangement the host's window does not know the client.
    await dose(hostNurse, client.id).expect(404);
    expect(await windowItem(hostNurse, client.id)).toBeUndefined();

    const made = await arrange(client.id, { until: clinicDay(t, 2) }).expect(201);
    expect(made.body).toMatchObject({
      clientId: client.id,
      clientCode: client.code,
      homeClinicCode: home.code,
      hostClinicId: host.id,
      hostClinicCode: host.code,
      from: clinicDay(t),
      until: clinicDay(t, 2),
      status: 'in_force',
      endedAt: null,
    });

    // The host's window lists the guest, marked with the home clinic's code, with identity and the home order.
    const item = await windowItem(hostNurse, client.id);
    expect(item).toMatchObject({ code: client.code, guest: { homeClinicCode: home.code }, guestAt: null, hasPhoto: true });
    expect(item?.activeOrder).toMatchObject({ doseMg: 60 });
    expect(typeof item?.givenName).toBe('string');
    // The home window says where the client doses.
    expect(await windowItem(homeNurse, client.id)).toMatchObject({
      guest: null,
      guestAt: { clinicCode: host.code, until: clinicDay(t, 2) },
    });
    // The host's coordinator has no window work for guests.
    expect(await windowItem(hostCoordinator, client.id)).toBeUndefined();

    expect((await get(hostNurse, `/clients/${client.id}/dosing-status`).expect(200)).body).toMatchObject({
      guest: { homeClinicCode: home.code },
      activeOrder: { doseMg: 60 },
    });
    const photo = await get(hostNurse, `/clients/${client.id}/photo`).expect(200);
    expect(Buffer.from(photo.body as Buffer).equals(PNG)).toBe(true);
    const given = await dose(hostNurse, client.id).expect(201);
    expect(given.body).toMatchObject({ clinicDay: clinicDay(t), doseMg: 60, recordedBy: hostNurse.id });

    // Nothing else of the client opens to the host, at any time.
    const closed = [
      `/clients/${client.id}`,
      `/clients/${client.id}/episodes`,
      `/clients/${client.id}/care-team`,
      `/clients/${client.id}/dose-orders`,
      `/clients/${client.id}/doses`,
    ];
    for (const path of closed) {
      for (const who of [hostNurse, hostPhysician]) await get(who, path).expect(404);
    }
    for (const path of [`/clients/${client.id}`, `/clients/${client.id}/access-log`, `/clients/${client.id}/consents`]) {
      await get(hostCoordinator, path).expect(404);
    }
    await post(hostPhysician, `/clients/${client.id}/dose-orders`, { doseMg: 40, effectiveDate: clinicDay(t) }).expect(404);
    await post(hostPhysician, `/clients/${client.id}/discharge`, { date: clinicDay(t), reason: 'completed' }).expect(404);
    // The host's coordinator never sees a guest: not even the dose given at her clinic.
    await post(hostCoordinator, `/clients/${client.id}/doses/${given.body.id as string}/void`, { reason: 'wrong client' }).expect(404);
    await post(hostPhysician, `/clients/${client.id}/guest-dosing`, {
      hostClinicId: home.id,
      from: clinicDay(t),
      until: clinicDay(t, 1),
      clientAgreed: true,
    }).expect(404);
    const search = await get(hostNurse, '/clients').query({ q: client.code }).expect(200);
    expect(search.body.items).toEqual([]);

    // Each access is in both clinics' chains, on the grounds of the arrangement; the home access log shows it.
    const homeEvents = await chain(homeCoordinator);
    const hostEvents = await chain(hostCoordinator);
    for (const action of ['guest_dosing.create', 'dose.record', 'dosing.status', 'client_photo.read']) {
      expect(homeEvents.some((e) => e.action === action && e.clientId === client.id && e.clinicId === home.id)).toBe(true);
      expect(hostEvents.some((e) => e.action === action && e.clientId === client.id && e.clinicId === host.id)).toBe(true);
    }
    const log = await get(homeCoordinator, `/clients/${client.id}/access-log`).query({ limit: 200 }).expect(200);
    expect(log.body.items).toContainEqual(
      expect.objectContaining({ actorId: hostNurse.id, action: 'dose.record', grounds: 'guest_dosing' }),
    );
    expect(log.body.items).toContainEqual(expect.objectContaining({ actorId: homeCoordinator.id, action: 'guest_dosing.create' }));

    // The day after the range: 404, off the window, and no event in the nurse's name in either chain.
    t.clock.advance(3 * DAY);
    const before = [(await chain(homeCoordinator)).length, (await chain(hostCoordinator)).length];
    await dose(hostNurse, client.id).expect(404);
    await get(hostNurse, `/clients/${client.id}/dosing-status`).expect(404);
    await get(hostNurse, `/clients/${client.id}/photo`).expect(404);
    const after = await get(hostNurse, '/dosing/today').query({ limit: 200 }).expect(200);
    expect((after.body.items as Array<{ clientId: string }>).map((row) => row.clientId)).not.toContain(client.id);
    const homeAfter = await chain(homeCoordinator);
    const hostAfter = await chain(hostCoordinator);
    expect(homeAfter.slice(0, homeAfter.length - before[0]).filter((e) => e.actorId === hostNurse.id)).toEqual([]);
    expect(hostAfter.slice(0, hostAfter.length - before[1]).filter((e) => e.actorId === hostNurse.id && e.clientId === client.id)).toEqual(
      [],
    );
  });

  it('gives exactly one 201 when the home and the host window dose the client on the same day at once', async () => {
    pinClock(t);
    const client = await homeClient();
    await arrange(client.id).expect(201);
    const answers = await Promise.all([dose(homeNurse, client.id), dose(hostNurse, client.id)]);
    expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
    expect(answers.find((res) => res.status === 409)?.body.code).toBe('DOSE_ALREADY_GIVEN');
    const doses = await get(homeCoordinator, `/clients/${client.id}/doses`).expect(200);
    expect(doses.body.items).toHaveLength(1);
  });

  it('keeps the home clinic’s missed days at 0 across a 10-day stay dosed at the host', async () => {
    pinClock(t);
    const client = await homeClient();
    const until = clinicDay(t, 9);
    await arrange(client.id, { until }).expect(201);
    for (let day = 0; day < 10; day += 1) {
      await dose(hostNurse, client.id).expect(201);
      const status = await get(homeCoordinator, `/clients/${client.id}/dosing-status`).expect(200);
      expect(status.body).toMatchObject({ consecutiveMissedDays: 0, flag: 'ok', lastDoseDay: clinicDay(t), guest: null });
      expect(await windowItem(homeNurse, client.id)).toMatchObject({ dosed: true, guestAt: { clinicCode: host.code, until } });
      t.clock.advance(DAY);
    }
    // Home again on the 11th day: yesterday was covered at the host, so nothing is missed.
    const back = await get(homeNurse, `/clients/${client.id}/dosing-status`).expect(200);
    expect(back.body).toMatchObject({ consecutiveMissedDays: 0, flag: 'ok', lastDoseDay: clinicDay(t, -1) });
    expect(await windowItem(homeNurse, client.id)).toMatchObject({ guestAt: null, dosed: false });
    await dose(homeNurse, client.id).expect(201);
    await dose(hostNurse, client.id).expect(404);
    const clientRecord = await get(homeCoordinator, `/clients/${client.id}`).expect(200);
    expect(clientRecord.body.status).toBe('active');
  });

  it('flags a guest at the host window by the home clinic’s thresholds, as the dose itself is checked', async () => {
    pinClock(t);
    const admin = await signInAdmin(t);
    const settings = (clinic: ClinicRecord, body: object) =>
      t.http.patch(`${API}/clinics/${clinic.id}/settings`).set(admin.auth).send(body).expect(200);
    // The host asks for an assessment after one missed day; the home clinic after three (the default).
    await settings(host, { missedDosesAssess: 1 });
    try {
      const client = await homeClient();
      await arrange(client.id).expect(201);
      // Dosed at the host on the first day, not on the second: on the third, one day missed.
      await dose(hostNurse, client.id).expect(201);
      t.clock.advance(2 * DAY);
      const item = await windowItem(hostNurse, client.id);
      expect(item).toMatchObject({ consecutiveMissedDays: 1, flag: 'ok', assessmentRequired: false, guest: { homeClinicCode: home.code } });
      // The home clinic's rules let the dose through without an assessment note.
      await dose(hostNurse, client.id).expect(201);
    } finally {
      await settings(host, { missedDosesAssess: 3 });
    }
  });

  it('takes arrangements from the home coordinator or physician only, with the client’s agreement, and refuses bad ones with clear codes', async () => {
    pinClock(t);
    const client = await homeClient();
    // Validation: agreement, types, unknown fields.
    for (const body of [
      { clientAgreed: false },
      { clientAgreed: undefined },
      { from: '2026-02-30' },
      { hostClinicId: 'x' },
      { extra: 1 },
    ]) {
      const res = await arrange(client.id, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await arrange(client.id, { until: clinicDay(t, -1) }).expect(400)).body.errors).toContainEqual(
      expect.objectContaining({ field: 'until' }),
    );
    // An empty or missing day is named as required, not as a wrong form (the web app words the key).
    for (const until of ['', undefined]) {
      expect((await arrange(client.id, { until }).expect(400)).body.errors).toContainEqual(
        expect.objectContaining({ field: 'until', key: 'required' }),
      );
    }
    // Rule violations.
    expect((await arrange(client.id, { hostClinicId: home.id }).expect(422)).body.code).toBe('HOST_IS_HOME_CLINIC');
    expect((await arrange(client.id, { hostClinicId: '00000000-0000-4000-8000-000000000000' }).expect(422)).body.code).toBe(
      'UNKNOWN_CLINIC',
    );
    expect((await arrange(client.id, { from: clinicDay(t, -1) }).expect(422)).body.code).toBe('GUEST_DOSING_IN_PAST');
    expect((await arrange(client.id, { until: clinicDay(t, 30) }).expect(422)).body.code).toBe('GUEST_DOSING_TOO_LONG');
    await arrange(client.id, { until: clinicDay(t, 29) }, homePhysician).expect(201);
    expect((await arrange(client.id, { from: clinicDay(t, 5), until: clinicDay(t, 6) }).expect(409)).body.code).toBe(
      'GUEST_DOSING_OVERLAPS',
    );
    // Roles that may never arrange it, and another clinic's coordinator (hidden: 404, no event in their name).
    await arrange(client.id, {}, homeNurse).expect(403);
    await arrange(client.id, {}, homeCounselor).expect(403);
    const hostBefore = await chain(hostCoordinator);
    await arrange(client.id, {}, hostCoordinator).expect(404);
    const hostAfter = await chain(hostCoordinator);
    expect(hostAfter.length).toBe(hostBefore.length);
  });

  it('lists arrangements for both clinics and lets the home clinic end one early, which closes the window to the guest at once', async () => {
    pinClock(t);
    const client = await homeClient();
    const made = await arrange(client.id, {}, homePhysician).expect(201);
    const id = made.body.id as string;
    const outgoing = await get(homeCoordinator, '/guest-dosing').query({ direction: 'outgoing' }).expect(200);
    expect(outgoing.body.items).toContainEqual(expect.objectContaining({ id, clientCode: client.code, status: 'in_force' }));
    const incoming = await get(hostNurse, '/guest-dosing').query({ direction: 'incoming' }).expect(200);
    expect(incoming.body.items).toContainEqual(expect.objectContaining({ id, homeClinicCode: home.code }));
    expect((await get(hostCoordinator, '/guest-dosing').query({ direction: 'outgoing' }).expect(200)).body.items).not.toContainEqual(
      expect.objectContaining({ id }),
    );
    // Both coordinators find it on their worklist: the home one on the client, the host one by the home code only.
    const worklistItem = async (who: SignedIn) =>
      ((await get(who, '/worklist').expect(200)).body.items as Array<Record<string, unknown>>).find(
        (item) => item.kind === 'guest_dosing' && (item.detail as { id: string }).id === id,
      );
    expect(await worklistItem(homeCoordinator)).toMatchObject({
      clientId: client.id,
      code: client.code,
      dueOn: clinicDay(t),
      detail: { direction: 'outgoing', clinicCode: host.code, from: clinicDay(t), until: clinicDay(t, 9) },
    });
    expect(await worklistItem(hostCoordinator)).toMatchObject({
      clientId: null,
      code: client.code,
      detail: { direction: 'incoming', clinicCode: home.code },
    });
    expect(await worklistItem(hostNurse)).toBeUndefined();
    await get(homeNurse, '/guest-dosing').query({ direction: 'outgoing' }).expect(403);
    await get(homeCoordinator, '/guest-dosing').query({ direction: 'sideways' }).expect(400);
    await get(homeCounselor, '/guest-dosing').expect(403);

    // The host may not end it: to them it is a hidden client's.
    await post(hostCoordinator, `/guest-dosing/${id}/end`).expect(404);
    await post(homeNurse, `/guest-dosing/${id}/end`).expect(403);
    await post(hostPhysician, `/guest-dosing/${id}/end`).expect(404);
    const ended = await post(homeCoordinator, `/guest-dosing/${id}/end`).expect(200);
    expect(ended.body).toMatchObject({ id, status: 'ended' });
    expect(await worklistItem(homeCoordinator)).toBeUndefined();
    expect(await worklistItem(hostCoordinator)).toBeUndefined();
    expect((await post(homeCoordinator, `/guest-dosing/${id}/end`).expect(409)).body.code).toBe('GUEST_DOSING_OVER');
    await dose(hostNurse, client.id).expect(404);
    expect(await windowItem(hostNurse, client.id)).toBeUndefined();
    const hostEvents = await chain(hostCoordinator);
    expect(hostEvents.some((e) => e.action === 'guest_dosing.end' && e.clientId === client.id && e.actorId === homeCoordinator.id)).toBe(
      true,
    );
  });

  /** The clinic's day sheet of today, as its caller reads it. */
  async function daySheet(who: SignedIn): Promise<{ doses: Array<Record<string, unknown>>; totals: Record<string, number> }> {
    return (
      await get(who, '/dosing/day-sheet')
        .query({ date: clinicDay(t) })
        .expect(200)
    ).body;
  }

  /** Methadone dispensed today by the coordinator's clinic, from the dosing report. */
  async function dispensedToday(coordinator: SignedIn): Promise<number> {
    const res = await get(coordinator, '/reports/dosing')
      .query({ from: clinicDay(t), to: clinicDay(t) })
      .expect(200);
    return (res.body.days as Array<{ day: string; dispensedMg: number }>).find((d) => d.day === clinicDay(t))?.dispensedMg ?? 0;
  }

  it('lists a guest’s dose on the host clinic’s day sheet and in its methadone dispensed, not the home clinic’s, whose days it still covers', async () => {
    pinClock(t);
    const client = await homeClient();
    const record = (await get(homeCoordinator, `/clients/${client.id}`).expect(200)).body as { givenName: string; familyName: string };
    // Dosed at home on the first day, then away from the next.
    await dose(homeNurse, client.id).expect(201);
    await arrange(client.id, { from: clinicDay(t, 1), until: clinicDay(t, 2) }).expect(201);
    t.clock.advance(DAY);
    const given = await dose(hostNurse, client.id).expect(201);
    const id = given.body.id as string;

    // The host's sheet lists it, marked as a guest, with the client's code and the home clinic's code, nothing more.
    const hostSheet = await daySheet(hostNurse);
    expect(hostSheet.doses).toEqual([
      expect.objectContaining({
        id,
        clientId: client.id,
        code: client.code,
        givenName: null,
        familyName: null,
        preferredName: null,
        guest: { homeClinicCode: home.code },
        doseMg: 60,
        kind: 'observed',
        voided: false,
        recordedBy: expect.objectContaining({ id: hostNurse.id }),
      }),
    ]);
    expect(hostSheet.totals).toEqual({ doses: 1, observedMg: 60, takeHomeMg: 0, totalMg: 60 });
    expect(await daySheet(hostCoordinator)).toEqual(hostSheet);
    // The home clinic's sheet does not: the methadone left the host's stock.
    const homeSheet = await daySheet(homeNurse);
    expect(homeSheet.doses.map((d) => d.id)).not.toContain(id);
    expect(homeSheet.totals).toEqual({ doses: 0, observedMg: 0, takeHomeMg: 0, totalMg: 0 });

    // CSV: the guest's row names the home clinic in place of a name.
    const csv = await get(hostNurse, '/dosing/day-sheet')
      .query({ date: clinicDay(t), format: 'csv', lang: 'en' })
      .buffer(true)
      .expect(200);
    const rows = csv.text.slice(1).trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1].split(',').slice(0, 5)).toEqual([client.code, `Guest · ${home.code}`, 'observed', '1', '60']);
    expect(csv.text).not.toContain(record.givenName);
    expect(csv.text).not.toContain(record.familyName);
    const zh = await get(hostNurse, '/dosing/day-sheet')
      .query({ date: clinicDay(t), format: 'csv', lang: 'zh-CN' })
      .buffer(true)
      .expect(200);
    expect(zh.text).toContain(`${client.code},外院 · ${home.code},服药`);
    const pdf = await get(hostNurse, '/dosing/day-sheet')
      .query({ date: clinicDay(t), format: 'pdf' })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    // The dosing report: the host's methadone dispensed counts it, the home clinic's does not.
    expect(await dispensedToday(hostCoordinator)).toBe(60);
    expect(await dispensedToday(homeCoordinator)).toBe(0);

    // The home clinic still sees the day covered, and where.
    expect(await windowItem(homeNurse, client.id)).toMatchObject({ dosed: true, guestAt: { clinicCode: host.code } });
    t.clock.advance(DAY);
    const status = await get(homeCoordinator, `/clients/${client.id}/dosing-status`).expect(200);
    expect(status.body).toMatchObject({ consecutiveMissedDays: 0, lastDoseDay: clinicDay(t, -1) });

    // The host's sheet read is a read across clinics: the home clinic's chain records it too.
    const homeEvents = await chain(homeCoordinator);
    expect(homeEvents.some((e) => e.action === 'dosing.day_sheet' && e.actorId === hostNurse.id && e.clinicId === home.id)).toBe(true);
  });

  it('lets the host nurse void her own guest dose that clinic day only, and the host physician while the arrangement lasts', async () => {
    pinClock(t);
    const admin = await signInAdmin(t);
    const otherHostNurse = await makeStaff(t, admin, Role.Nurse, host.id);
    const client = await homeClient();
    // Dosed at home on the first day, then away from the next.
    await dose(homeNurse, client.id).expect(201);
    await arrange(client.id, { from: clinicDay(t, 1), until: clinicDay(t, 2) }).expect(201);
    t.clock.advance(DAY);
    const voidDose = (who: SignedIn, doseId: string) => post(who, `/clients/${client.id}/doses/${doseId}/void`, { reason: 'wrong dose' });

    const first = (await dose(hostNurse, client.id).expect(201)).body.id as string;
    // Another nurse of the host, the host's coordinator (who never sees a guest), and a nurse of the home clinic may not.
    expect((await voidDose(otherHostNurse, first).expect(403)).body.code).toBe('FORBIDDEN');
    await voidDose(hostCoordinator, first).expect(404);
    await voidDose(homeNurse, first).expect(403);
    const voided = await voidDose(hostNurse, first).expect(200);
    expect(voided.body).toMatchObject({ id: first, voided: true, voidReason: 'wrong dose', recordedBy: { id: hostNurse.id } });
    expect((await voidDose(hostNurse, first).expect(409)).body.code).toBe('DOSE_ALREADY_VOIDED');
    const sheet = await daySheet(hostNurse);
    expect(sheet.doses).toEqual([expect.objectContaining({ id: first, voided: true, guest: { homeClinicCode: home.code } })]);
    expect(sheet.totals).toMatchObject({ doses: 0, totalMg: 0 });
    expect(await dispensedToday(hostCoordinator)).toBe(0);
    // The day is free again.
    const second = (await dose(hostNurse, client.id).expect(201)).body.id as string;

    // The next clinic day (the arrangement still covers it): not the nurse any more; the host's physician may.
    t.clock.advance(DAY);
    expect((await get(homeNurse, `/clients/${client.id}/dosing-status`).expect(200)).body.consecutiveMissedDays).toBe(0);
    await voidDose(hostNurse, second).expect(403);
    await voidDose(hostPhysician, second).expect(200);
    // The voided day is missed again at home.
    expect((await get(homeNurse, `/clients/${client.id}/dosing-status`).expect(200)).body).toMatchObject({
      consecutiveMissedDays: 1,
      lastDoseDay: clinicDay(t, -2),
    });
    // The home clinic's physician keeps her right to a dose given at the host.
    const third = (await dose(hostNurse, client.id).expect(201)).body.id as string;
    await voidDose(homePhysician, third).expect(200);

    // Every void is in both clinics' chains.
    const homeEvents = await chain(homeCoordinator);
    const hostEvents = await chain(hostCoordinator);
    for (const who of [hostNurse, hostPhysician, homePhysician]) {
      for (const [events, clinicId] of [
        [homeEvents, home.id],
        [hostEvents, host.id],
      ] as const) {
        expect(
          events.some((e) => e.action === 'dose.void' && e.actorId === who.id && e.clientId === client.id && e.clinicId === clinicId),
        ).toBe(true);
      }
    }

    // After the arrangement's days the host reaches none of the guest's doses.
    t.clock.advance(DAY);
    await voidDose(hostPhysician, third).expect(404);
  });
});
