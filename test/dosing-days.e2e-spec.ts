import { Role } from '@tongban/platform';
import {
  ClientRecord,
  ClinicRecord,
  clinicDay,
  localInstant,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  pinClock,
  signInAdmin,
  SignedIn,
} from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { DAY, MINUTE } from './support/test-clock';

interface DosingStatus {
  clinicDay: string;
  lastDoseDay: string | null;
  consecutiveMissedDays: number;
  flag: string;
  activeOrder: { id: string; doseMg: number } | null;
}

interface TodayItem {
  clientId: string;
  flag: string;
  consecutiveMissedDays: number;
  dosed: boolean;
}

/**
 * Dosing as the days pass: missed days, flags, re-titration, take-home
 * cover, drop-out and clinic days in the clinic's own time zone. The clock
 * only ever moves forward (each test makes its own clients, admitted on the
 * day it starts), and starts at noon in Shanghai so whole-day steps never
 * cross a clinic midnight by accident.
 */
describe('dosing over days', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin);
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
  });
  afterAll(() => t.close());

  function day(offset = 0, timeZone = 'Asia/Shanghai'): string {
    return clinicDay(t, offset, timeZone);
  }

  /** Moves the clinic day on by `days`, one day at a time. */
  function advanceDays(days: number): void {
    for (let i = 0; i < days; i++) t.clock.advance(DAY);
  }

  function recordDose(who: SignedIn, clientId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/clients/${clientId}/doses`).set(who.auth).send(body);
  }

  async function statusOf(clientId: string, who: SignedIn = nurse): Promise<DosingStatus> {
    const res = await t.http.get(`/api/v1/clients/${clientId}/dosing-status`).set(who.auth).expect(200);
    return res.body as DosingStatus;
  }

  async function todayItemOf(who: SignedIn, clientId: string): Promise<TodayItem | undefined> {
    const res = await t.http.get('/api/v1/dosing/today').query({ limit: 200 }).set(who.auth).expect(200);
    return (res.body.items as TodayItem[]).find((item) => item.clientId === clientId);
  }

  /** A client admitted today with a 60 mg order from today, dosed today. */
  async function dosedClient(
    coordinatorHere: SignedIn,
    physicianHere: SignedIn,
    nurseHere: SignedIn,
    order: Record<string, unknown> = {},
  ): Promise<ClientRecord> {
    const client = await makeClient(t, coordinatorHere, { intakeDate: day() });
    await makeDoseOrder(t, physicianHere, client.id, order);
    await recordDose(nurseHere, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
    return client;
  }

  describe('missed days and flags', () => {
    it('does not count today as missed until it has ended, then counts each clinic day without a dose', async () => {
      const client = await makeClient(t, coordinator, { intakeDate: day() });
      await makeDoseOrder(t, physician, client.id);
      const start = day();
      expect(await statusOf(client.id)).toMatchObject({ clinicDay: start, lastDoseDay: null, consecutiveMissedDays: 0, flag: 'ok' });
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);

      t.clock.set(localInstant(`${start}T23:59`, 'Asia/Shanghai'));
      expect(await statusOf(client.id)).toMatchObject({ clinicDay: start, lastDoseDay: start, consecutiveMissedDays: 0 });

      pinClock(t);
      expect(await statusOf(client.id)).toMatchObject({ clinicDay: day(), lastDoseDay: start, consecutiveMissedDays: 0, flag: 'ok' });
      expect(await todayItemOf(nurse, client.id)).toMatchObject({ consecutiveMissedDays: 0, dosed: false });
      advanceDays(1);
      expect(await statusOf(client.id)).toMatchObject({ lastDoseDay: start, consecutiveMissedDays: 1, flag: 'ok' });
      advanceDays(1);
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 2, flag: 'ok' });
      advanceDays(1);
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 3, flag: 'assess' });
      expect(await todayItemOf(nurse, client.id)).toMatchObject({ consecutiveMissedDays: 3, flag: 'assess', dosed: false });
    });

    it('counts from the day after intake when no dose was ever given', async () => {
      const client = await makeClient(t, coordinator, { intakeDate: day() });
      advanceDays(1);
      expect(await statusOf(client.id)).toMatchObject({ lastDoseDay: null, consecutiveMissedDays: 0 });
      advanceDays(2);
      expect(await statusOf(client.id)).toMatchObject({ lastDoseDay: null, consecutiveMissedDays: 2, flag: 'ok' });
    });

    it('requires an assessment note after 3 missed days (422 ASSESSMENT_REQUIRED) and takes the dose with one', async () => {
      const client = await dosedClient(coordinator, physician, nurse);
      advanceDays(4);
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 3, flag: 'assess' });
      const refused = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(422);
      expect(refused.body.code).toBe('ASSESSMENT_REQUIRED');
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed', assessmentNote: 'was ill at home; no withdrawal signs' }).expect(
        201,
      );
      expect(await statusOf(client.id)).toMatchObject({ lastDoseDay: day(), consecutiveMissedDays: 0, flag: 'ok' });
      advanceDays(1);
      expect(await statusOf(client.id)).toMatchObject({ lastDoseDay: day(-1), consecutiveMissedDays: 0, flag: 'ok' });
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
    });

    it('asks for the assessment once a day: the second part of a split dose needs no second note', async () => {
      const client = await dosedClient(coordinator, physician, nurse);
      await makeDoseOrder(t, physician, client.id, { doseMg: 60, splitDose: true });
      advanceDays(4);
      const refused = await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(422);
      expect(refused.body.code).toBe('ASSESSMENT_REQUIRED');
      await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed', assessmentNote: 'seen by the nurse' }).expect(201);
      await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(201);
    });

    it('suspends the order after 5 missed days (422 ORDER_SUSPENDED) until a physician writes a new one, which still needs an assessment', async () => {
      const client = await dosedClient(coordinator, physician, nurse);
      advanceDays(6);
      const status = await statusOf(client.id);
      expect(status).toMatchObject({ consecutiveMissedDays: 5, flag: 'retitrate' });
      for (const body of [
        { doseMg: 60, kind: 'observed' },
        { doseMg: 60, kind: 'observed', assessmentNote: 'assessed' },
        { doseMg: 30, kind: 'observed', assessmentNote: 'assessed', reason: 'lower after the gap' },
      ]) {
        const res = await recordDose(physician, client.id, body).expect(422);
        expect(res.body.code).toBe('ORDER_SUSPENDED');
      }

      const reorder = await makeDoseOrder(t, physician, client.id, { doseMg: 30 });
      expect((await statusOf(client.id)).activeOrder?.id).toBe(reorder.id);
      const withoutNote = await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed' }).expect(422);
      expect(withoutNote.body.code).toBe('ASSESSMENT_REQUIRED');
      await recordDose(nurse, client.id, { doseMg: 30, kind: 'observed', assessmentNote: 'assessed; re-titrating' }).expect(201);
      advanceDays(1);
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 0, flag: 'ok' });
    });

    it('keeps the order suspended when the only new order takes effect before the fifth missed day', async () => {
      const client = await dosedClient(coordinator, physician, nurse);
      advanceDays(3);
      await makeDoseOrder(t, physician, client.id, { doseMg: 50, effectiveDate: day(1) });
      advanceDays(3);
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 5, flag: 'retitrate', activeOrder: { doseMg: 50 } });
      const res = await recordDose(nurse, client.id, { doseMg: 50, kind: 'observed', assessmentNote: 'assessed' }).expect(422);
      expect(res.body.code).toBe('ORDER_SUSPENDED');
    });

    it("raises the flags at the clinic's own thresholds", async () => {
      const clinicHere = await makeClinic(t, admin);
      const coordinatorHere = await makeStaff(t, admin, Role.Coordinator, clinicHere.id);
      const physicianHere = await makeStaff(t, admin, Role.Physician, clinicHere.id);
      const nurseHere = await makeStaff(t, admin, Role.Nurse, clinicHere.id);
      const settings = await t.http
        .patch(`/api/v1/clinics/${clinicHere.id}/settings`)
        .set(coordinatorHere.auth)
        .send({ missedDosesAssess: 2, dropoutDays: 7 })
        .expect(200);
      expect(settings.body).toMatchObject({ missedDosesAssess: 2, missedDosesRetitrate: 5, dropoutDays: 7 });

      const client = await dosedClient(coordinatorHere, physicianHere, nurseHere);
      advanceDays(2);
      expect(await statusOf(client.id, nurseHere)).toMatchObject({ consecutiveMissedDays: 1, flag: 'ok' });
      advanceDays(1);
      expect(await statusOf(client.id, nurseHere)).toMatchObject({ consecutiveMissedDays: 2, flag: 'assess' });
      const refused = await recordDose(nurseHere, client.id, { doseMg: 60, kind: 'observed' }).expect(422);
      expect(refused.body.code).toBe('ASSESSMENT_REQUIRED');
      advanceDays(3);
      expect(await statusOf(client.id, nurseHere)).toMatchObject({ consecutiveMissedDays: 5, flag: 'retitrate' });
      advanceDays(1);
      expect(await statusOf(client.id, nurseHere)).toMatchObject({ consecutiveMissedDays: 6, flag: 'retitrate' });
      advanceDays(1);
      expect(await statusOf(client.id, coordinatorHere)).toMatchObject({
        consecutiveMissedDays: 7,
        flag: 'dropped_out',
        activeOrder: null,
      });
    });
  });

  describe('take-home cover', () => {
    it('counts the days a take-home dispense covers as dosed, not missed', async () => {
      const client = await dosedClient(coordinator, physician, nurse, { takeHomeDaysPerWeek: 3 });
      const start = day();
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 3 }).expect(201);
      expect(await todayItemOf(nurse, client.id)).toMatchObject({ dosed: true, consecutiveMissedDays: 0 });

      for (let covered = 1; covered <= 3; covered++) {
        advanceDays(1);
        expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 0, flag: 'ok', lastDoseDay: day() });
        expect(await todayItemOf(nurse, client.id)).toMatchObject({ dosed: true, consecutiveMissedDays: 0, flag: 'ok' });
      }

      advanceDays(1);
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 0, lastDoseDay: day(-1) });
      expect(await todayItemOf(nurse, client.id)).toMatchObject({ dosed: false, consecutiveMissedDays: 0 });
      advanceDays(3);
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 3, flag: 'assess', lastDoseDay: clinicDayAfter(start, 3) });
    });

    it('covers no day from a take-home dispense that was refused', async () => {
      const client = await dosedClient(coordinator, physician, nurse, { takeHomeDaysPerWeek: 1 });
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'take_home', coversDays: 2 }).expect(422);
      advanceDays(2);
      expect(await statusOf(client.id)).toMatchObject({ consecutiveMissedDays: 1 });
    });
  });

  describe('drop-out', () => {
    let clinicHere: ClinicRecord;
    let coordinatorHere: SignedIn;
    let physicianHere: SignedIn;
    let nurseHere: SignedIn;

    beforeAll(async () => {
      clinicHere = await makeClinic(t, admin);
      coordinatorHere = await makeStaff(t, admin, Role.Coordinator, clinicHere.id);
      physicianHere = await makeStaff(t, admin, Role.Physician, clinicHere.id);
      nurseHere = await makeStaff(t, admin, Role.Nurse, clinicHere.id);
      await t.http.patch(`/api/v1/clinics/${clinicHere.id}/settings`).set(coordinatorHere.auth).send({ dropoutDays: 7 }).expect(200);
    });

    async function episodesOf(clientId: string) {
      const res = await t.http.get(`/api/v1/clients/${clientId}/episodes`).set(coordinatorHere.auth).expect(200);
      return res.body as Array<{ id: string; startDate: string; endDate: string | null; endReason: string | null }>;
    }

    it('ends the episode on the last covered day after dropoutDays without a dose, refuses doses until readmission, then doses again', async () => {
      const client = await dosedClient(coordinatorHere, physicianHere, nurseHere, { takeHomeDaysPerWeek: 2 });
      const start = day();
      await recordDose(nurseHere, client.id, { doseMg: 60, kind: 'take_home', coversDays: 2 }).expect(201);
      const lastCovered = clinicDayAfter(start, 2);

      advanceDays(9);
      expect(await statusOf(client.id, nurseHere)).toMatchObject({ lastDoseDay: lastCovered, consecutiveMissedDays: 6, flag: 'retitrate' });
      expect((await t.http.get(`/api/v1/clients/${client.id}`).set(coordinatorHere.auth).expect(200)).body.status).toBe('active');

      advanceDays(1);
      expect(await statusOf(client.id, physicianHere)).toMatchObject({ clinicDay: day(), flag: 'dropped_out', activeOrder: null });
      const read = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinatorHere.auth).expect(200);
      expect(read.body.status).toBe('dropped_out');
      expect(await episodesOf(client.id)).toEqual([
        { id: expect.any(String), startDate: start, endDate: lastCovered, endReason: 'dropout' },
      ]);

      const refused = await recordDose(physicianHere, client.id, { doseMg: 60, kind: 'observed', assessmentNote: 'back' }).expect(422);
      expect(refused.body.code).toBe('CLIENT_NOT_ACTIVE');
      const reorder = await t.http
        .post(`/api/v1/clients/${client.id}/dose-orders`)
        .set(physicianHere.auth)
        .send({ doseMg: 30, effectiveDate: day() })
        .expect(422);
      expect(reorder.body.code).toBe('CLIENT_NOT_ACTIVE');
      expect(await todayItemOf(nurseHere, client.id)).toBeUndefined();

      const readmission = await t.http
        .post(`/api/v1/clients/${client.id}/readmit`)
        .set(coordinatorHere.auth)
        .send({ date: day() })
        .expect(201);
      expect(await statusOf(client.id, nurseHere)).toMatchObject({ clinicDay: day(), consecutiveMissedDays: 0, flag: 'ok' });
      const order = await makeDoseOrder(t, physicianHere, client.id, { doseMg: 30 });
      expect(await todayItemOf(nurseHere, client.id)).toMatchObject({ flag: 'ok', dosed: false, activeOrder: { id: order.id } });
      const dose = await recordDose(nurseHere, client.id, { doseMg: 30, kind: 'observed' }).expect(201);
      expect(dose.body.clinicDay).toBe(day());
      expect(await episodesOf(client.id)).toEqual([
        { id: expect.any(String), startDate: start, endDate: lastCovered, endReason: 'dropout' },
        readmission.body,
      ]);
      expect((await t.http.get(`/api/v1/clients/${client.id}`).set(nurseHere.auth).expect(200)).body.status).toBe('active');
    });

    it('ends the episode on its first day when no dose was ever given', async () => {
      const client = await makeClient(t, coordinatorHere, { intakeDate: day() });
      const start = day();
      advanceDays(8);
      expect(await statusOf(client.id, coordinatorHere)).toMatchObject({ flag: 'dropped_out' });
      expect(await episodesOf(client.id)).toEqual([{ id: expect.any(String), startDate: start, endDate: start, endReason: 'dropout' }]);
    });

    it('finds the drop-out when the dispensing window list is read, and leaves the client off the list from then on', async () => {
      const client = await dosedClient(coordinatorHere, physicianHere, nurseHere);
      const start = day();
      advanceDays(8);
      // The read that finds the drop-out settles it before listing: the client is not on the list, then or after.
      expect(await todayItemOf(coordinatorHere, client.id)).toBeUndefined();
      expect(await todayItemOf(coordinatorHere, client.id)).toBeUndefined();
      const read = await t.http.get(`/api/v1/clients/${client.id}`).set(coordinatorHere.auth).expect(200);
      expect(read.body.status).toBe('dropped_out');
      expect(await episodesOf(client.id)).toEqual([{ id: expect.any(String), startDate: start, endDate: start, endReason: 'dropout' }]);
    });

    it('answers a nurse 404 on a dropped-out client, as on any client out of treatment', async () => {
      const client = await dosedClient(coordinatorHere, physicianHere, nurseHere);
      advanceDays(8);
      expect(await statusOf(client.id, physicianHere)).toMatchObject({ flag: 'dropped_out' });
      await t.http.get(`/api/v1/clients/${client.id}/dosing-status`).set(nurseHere.auth).expect(404);
      await recordDose(nurseHere, client.id, { doseMg: 60, kind: 'observed', assessmentNote: 'back' }).expect(404);
    });
  });

  describe('clinic days in the clinic time zone', () => {
    let laClinic: ClinicRecord;
    let laCoordinator: SignedIn;
    let laPhysician: SignedIn;
    let laNurse: SignedIn;

    beforeAll(async () => {
      laClinic = await makeClinic(t, admin, { timeZone: 'America/Los_Angeles' });
      laCoordinator = await makeStaff(t, admin, Role.Coordinator, laClinic.id);
      laPhysician = await makeStaff(t, admin, Role.Physician, laClinic.id);
      laNurse = await makeStaff(t, admin, Role.Nurse, laClinic.id);
    });

    it.each([
      ['Asia/Shanghai', () => ({ coordinator, physician, nurse })],
      ['America/Los_Angeles', () => ({ coordinator: laCoordinator, physician: laPhysician, nurse: laNurse })],
    ])('puts doses at 23:30 and at 00:30 %s time on two clinic days', async (timeZone, staff) => {
      const { coordinator: coordinatorHere, physician: physicianHere, nurse: nurseHere } = staff();
      const evening = day(2, timeZone);
      const lateAt = localInstant(`${evening}T23:30`, timeZone);
      t.clock.set(lateAt);
      const client = await makeClient(t, coordinatorHere, { intakeDate: evening });
      await makeDoseOrder(t, physicianHere, client.id, { effectiveDate: evening }, timeZone);

      const late = await recordDose(nurseHere, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      expect(late.body.clinicDay).toBe(evening);
      expect(Math.abs(Date.parse(late.body.recordedAt) - lateAt.getTime())).toBeLessThan(MINUTE);

      t.clock.advance(60 * MINUTE);
      const next = clinicDayAfter(evening, 1);
      expect(day(0, timeZone)).toBe(next);
      const early = await recordDose(nurseHere, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      expect(early.body.clinicDay).toBe(next);
      const doses = await t.http.get(`/api/v1/clients/${client.id}/doses`).set(nurseHere.auth).expect(200);
      expect(doses.body.items.map((dose: { clinicDay: string }) => dose.clinicDay)).toEqual([evening, next]);
      expect(await statusOf(client.id, nurseHere)).toMatchObject({ clinicDay: next, lastDoseDay: next, consecutiveMissedDays: 0 });
    });

    it('refuses a second dose at 23:59 on the clinic day of one at 23:30 with 409 DOSE_ALREADY_GIVEN', async () => {
      const evening = day(2);
      t.clock.set(localInstant(`${evening}T23:30`, 'Asia/Shanghai'));
      const client = await makeClient(t, coordinator, { intakeDate: evening });
      await makeDoseOrder(t, physician, client.id, { effectiveDate: evening });
      await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      t.clock.advance(29 * MINUTE);
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(409);
      expect(res.body.code).toBe('DOSE_ALREADY_GIVEN');
    });

    it('records a dose at 07:00 Shanghai time (23:00 UTC the day before) on the Shanghai date', async () => {
      const shanghaiDate = day(2);
      const morning = localInstant(`${shanghaiDate}T07:00`, 'Asia/Shanghai');
      const utcDate = clinicDayAfter(shanghaiDate, -1);
      expect(morning.toISOString()).toBe(`${utcDate}T23:00:00.000Z`);
      t.clock.set(morning);

      const client = await makeClient(t, coordinator, { intakeDate: shanghaiDate });
      await makeDoseOrder(t, physician, client.id, { effectiveDate: shanghaiDate });
      const res = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      expect(res.body.clinicDay).toBe(shanghaiDate);
      expect(await statusOf(client.id)).toMatchObject({ clinicDay: shanghaiDate, lastDoseDay: shanghaiDate });
      const today = await t.http.get('/api/v1/dosing/today').query({ limit: 1 }).set(nurse.auth).expect(200);
      expect(today.body.clinicDay).toBe(shanghaiDate);
      const ahead = await recordDose(nurse, client.id, { doseMg: 60, kind: 'observed', clinicDay: clinicDayAfter(shanghaiDate, 1) });
      expect(ahead.status).toBe(400);
    });

    it('gives the same instant its own clinic day in each clinic: the Los Angeles clinic is still on the day before', async () => {
      const shanghaiDate = day(2);
      t.clock.set(localInstant(`${shanghaiDate}T07:00`, 'Asia/Shanghai'));
      const laDate = day(0, 'America/Los_Angeles');
      expect(laDate).toBe(clinicDayAfter(shanghaiDate, -1));

      const client = await makeClient(t, laCoordinator, { intakeDate: laDate });
      await makeDoseOrder(t, laPhysician, client.id, { effectiveDate: laDate }, 'America/Los_Angeles');
      const res = await recordDose(laNurse, client.id, { doseMg: 60, kind: 'observed' }).expect(201);
      expect(res.body.clinicDay).toBe(laDate);
      const ahead = await recordDose(laNurse, client.id, { doseMg: 60, kind: 'observed', clinicDay: shanghaiDate }).expect(400);
      expect(ahead.body.code).toBe('VALIDATION_FAILED');
      const today = await t.http.get('/api/v1/dosing/today').query({ limit: 1 }).set(laNurse.auth).expect(200);
      expect(today.body.clinicDay).toBe(laDate);
    });
  });
});

/** The calendar date `days` after `date` (YYYY-MM-DD). */
function clinicDayAfter(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}
