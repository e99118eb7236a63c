import { isDeepStrictEqual } from 'node:util';
import { Role } from '@tongban/platform';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { clinicDay, ClinicRecord, makeClient, makeClinic, makeDoseOrder, makeStaff, pinClock, signInAdmin, SignedIn } from './factories';
import { startTestApp, TestApp } from './support/test-app';
import { addDays, DAY } from './support/test-clock';

/**
 * Dosing against a reference model: random dose histories (gaps of every
 * length, split doses, take-home dispenses, doses voided as mistakes or
 * corrected, discharges, readmissions after a drop-out, clients registered
 * with an intake in the past) are played day by day through the real HTTP API, as a nurse, a
 * physician and a coordinator would, and every day the API's
 * `GET /clients/:id/dosing-status`, the client's status,
 * `GET /clients/:id/episodes` and, on visit days, `GET /dosing/today` are
 * compared with a model written from api.md "Dosing" (and "Clients") alone,
 * in plain loops over days. Each day reads the client and their episodes
 * first, so a drop-out must show without any dosing read (settled by the
 * rule in SQL), then the dosing status (the same rule in TypeScript); what a
 * dropped-out client's status reads is a test of its own below.
 *
 * On a disagreement fast-check prints the shrunk history with its seed and
 * path (replay with `{ seed, path }` in PROPERTY_OPTIONS); the error says on
 * which day what differed, after a log of what was done.
 */

// ------------------------------------------------------------ calendar

// ------------------------------------------------------- reference model

interface Settings {
  missedDosesAssess: number;
  missedDosesRetitrate: number;
  dropoutDays: number;
}

type Flag = 'ok' | 'assess' | 'retitrate' | 'dropped_out';
type ClientStatus = 'active' | 'dropped_out' | 'discharged' | 'transferred';
type DischargeReason = 'completed' | 'transferred' | 'other';

interface Episode {
  startDate: string;
  endDate: string | null;
  endReason: string | null;
}

/**
 * api.md "Dosing", literally. A day is covered by an observed dose on it or
 * by a take-home dispense for it. Missed days are the days after the last
 * covered day (or after the episode's start, if none is covered) up to and
 * including yesterday. Flags at the clinic's thresholds. At `dropoutDays`
 * missed days the client is dropped out and the open episode ends at the
 * last covered day (or its start) with `dropout`; nothing waits for a job.
 */
class DosingModel {
  readonly covered = new Set<string>();
  readonly episodes: Episode[];
  status: ClientStatus = 'active';
  /** The effective date of the latest dose order (every order here takes effect the day it is written). */
  orderEffectiveOn: string;

  /** `registeredOn`: the clinic day the client was registered (the intake may lie before it). */
  constructor(
    readonly settings: Settings,
    intakeDate: string,
    readonly registeredOn: string,
  ) {
    this.episodes = [{ startDate: intakeDate, endDate: null, endReason: null }];
    this.orderEffectiveOn = registeredOn;
  }

  private openEpisode(): Episode | null {
    const last = this.episodes[this.episodes.length - 1];
    return last.endDate === null ? last : null;
  }

  /** The last covered day on or before `day`, or null (over the client's whole history). */
  lastCoveredDay(day: string): string | null {
    const first = this.episodes[0].startDate;
    for (let d = day; d >= first; d = addDays(d, -1)) if (this.covered.has(d)) return d;
    return null;
  }

  /**
   * The streak of missed days as of `day`, counted back from yesterday, and
   * the day it counts after: the last covered day of the open episode, or
   * (none covered) the later of the episode's first day and the registration
   * day; `lastCovered` is the last covered day of the episode, or its first day.
   */
  streak(day: string): { missed: number; after: string; lastCovered: string } {
    const episode = this.openEpisode();
    if (!episode) throw new Error('no open episode');
    const from = this.registeredOn > episode.startDate ? this.registeredOn : episode.startDate;
    let missed = 0;
    let d = addDays(day, -1);
    while (d > from && !this.covered.has(d)) {
      missed += 1;
      d = addDays(d, -1);
    }
    let last = d;
    while (last > episode.startDate && !this.covered.has(last)) last = addDays(last, -1);
    // `d` is the last covered day, or where counting starts; today covered means no streak at all.
    if (this.covered.has(day)) return { missed: 0, after: day, lastCovered: day };
    return { missed, after: d < from ? from : d, lastCovered: last < episode.startDate ? episode.startDate : last };
  }

  flag(day: string): Flag {
    if (this.status === 'dropped_out') return 'dropped_out';
    const { missed } = this.streak(day);
    if (missed >= this.settings.dropoutDays) return 'dropped_out';
    if (missed >= this.settings.missedDosesRetitrate) return 'retitrate';
    if (missed >= this.settings.missedDosesAssess) return 'assess';
    return 'ok';
  }

  /** At `retitrate` the order is suspended unless one takes effect on or after the day the threshold's last day was missed. */
  orderSuspended(day: string): boolean {
    if (this.flag(day) !== 'retitrate') return false;
    const missedOn = addDays(this.streak(day).after, this.settings.missedDosesRetitrate);
    return this.orderEffectiveOn < missedOn;
  }

  /** Drop-out is derived: on any day the threshold is reached, the client is out and the episode ended. */
  settle(day: string): void {
    if (this.status !== 'active') return;
    const { missed, lastCovered } = this.streak(day);
    if (missed < this.settings.dropoutDays) return;
    const episode = this.openEpisode();
    if (!episode) throw new Error('no open episode');
    episode.endDate = lastCovered;
    episode.endReason = 'dropout';
    this.status = 'dropped_out';
  }

  observed(day: string): void {
    this.covered.add(day);
  }

  takeHome(day: string, coversDays: number): void {
    for (let i = 1; i <= coversDays; i++) this.covered.add(addDays(day, i));
  }

  discharge(day: string, reason: DischargeReason): void {
    const episode = this.openEpisode();
    if (!episode) throw new Error('no open episode');
    episode.endDate = day;
    episode.endReason = reason;
    this.status = reason === 'transferred' ? 'transferred' : 'discharged';
  }

  /** Readmission needs a day after the last episode ended. */
  mayReadmit(day: string): boolean {
    const last = this.episodes[this.episodes.length - 1];
    return this.status !== 'active' && last.endDate !== null && day > last.endDate;
  }

  readmit(day: string): void {
    this.episodes.push({ startDate: day, endDate: null, endReason: null });
    this.status = 'active';
  }
}

// ----------------------------------------------------------- histories

/** How long a gap without any visit is, relative to the clinic's thresholds (resolved per run). */
type Gap =
  | { band: 'none' }
  | { band: 'few'; days: number }
  | { band: 'assess' | 'retitrate' | 'dropout'; delta: number }
  | { band: 'long'; days: number };

/** What happens on the day after a gap: the client comes for a dose, or is discharged. */
type Visit =
  | {
      kind: 'dose';
      parts: 1 | 2;
      takeHomeDays: number;
      newOrderOnReadmission: boolean;
      /** `mistake`: the dose is voided and the client leaves (the day is missed); `corrected`: voided and recorded again. */
      voided: 'none' | 'mistake' | 'corrected';
    }
  | { kind: 'discharge'; reason: DischargeReason };

interface History {
  /** How many days before registration the intake lies (paper records, no history imported). */
  intakeDaysBack: number;
  thresholds: { assess: number; toRetitrate: number; toDropout: number | 'default' };
  order: { splitDose: boolean; takeHomeDaysPerWeek: number };
  steps: Array<{ gap: Gap; visit: Visit }>;
  tail: Gap;
}

/** Histories are cut at this many days. */
const MAX_DAYS = 60;
const ORDER_MG = 60;

const gapArb: fc.Arbitrary<Gap> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ band: 'none' as const }) },
  { weight: 3, arbitrary: fc.record({ band: fc.constant('few' as const), days: fc.integer({ min: 1, max: 2 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      band: fc.constantFrom('assess' as const, 'retitrate' as const, 'dropout' as const),
      delta: fc.integer({ min: -1, max: 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ band: fc.constant('long' as const), days: fc.integer({ min: 1, max: MAX_DAYS }) }) },
);

const visitArb: fc.Arbitrary<Visit> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({
      kind: fc.constant('dose' as const),
      parts: fc.constantFrom(1 as const, 2 as const),
      takeHomeDays: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
      newOrderOnReadmission: fc.boolean(),
      voided: fc.oneof(
        { weight: 6, arbitrary: fc.constant('none' as const) },
        { weight: 1, arbitrary: fc.constantFrom('mistake' as const, 'corrected' as const) },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('discharge' as const),
      reason: fc.constantFrom('completed' as const, 'transferred' as const, 'other' as const),
    }),
  },
);

const historyArb: fc.Arbitrary<History> = fc.record({
  intakeDaysBack: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }) }),
  thresholds: fc.record({
    assess: fc.integer({ min: 1, max: 4 }),
    toRetitrate: fc.integer({ min: 1, max: 3 }),
    toDropout: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }) },
      { weight: 1, arbitrary: fc.constant('default' as const) },
    ),
  }),
  order: fc.record({ splitDose: fc.boolean(), takeHomeDaysPerWeek: fc.integer({ min: 0, max: 3 }) }),
  steps: fc.array(fc.record({ gap: gapArb, visit: visitArb }), { minLength: 1, maxLength: 25 }),
  tail: gapArb,
});

function settingsOf(history: History): Settings {
  const { assess, toRetitrate, toDropout } = history.thresholds;
  const retitrate = assess + toRetitrate;
  return {
    missedDosesAssess: assess,
    missedDosesRetitrate: retitrate,
    dropoutDays: toDropout === 'default' ? 30 : retitrate + toDropout,
  };
}

function gapDays(gap: Gap, settings: Settings): number {
  switch (gap.band) {
    case 'none':
      return 0;
    case 'few':
    case 'long':
      return gap.days;
    case 'assess':
      return Math.max(0, settings.missedDosesAssess + gap.delta);
    case 'retitrate':
      return Math.max(0, settings.missedDosesRetitrate + gap.delta);
    case 'dropout':
      return Math.max(0, settings.dropoutDays + gap.delta);
  }
}

// ---------------------------------------------------------------- suite

interface DispensingItem {
  clientId: string;
  flag: string;
  consecutiveMissedDays: number;
  dosed: boolean;
}

interface DosingStatus {
  clinicDay: string;
  lastDoseDay: string | null;
  consecutiveMissedDays: number;
  flag: string;
  activeOrder: { id: string } | null;
}

/** fast-check's own output carries the seed and path of a failure; replay by adding them here. */
const PROPERTY_OPTIONS: fc.Parameters<[History]> = {
  numRuns: 15,
  // A history is up to 60 days of HTTP calls: bound the shrinking of a failure, keep the best counterexample found.
  plugins: [fc.interruptAfterTimeLimit(5 * 60_000)],
};

describe('dosing against a reference model', () => {
  let t: TestApp;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    pinClock(t);
    const admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin);
    [coordinator, physician, nurse] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Physician, clinic.id),
      makeStaff(t, admin, Role.Nurse, clinic.id),
    ]);
  });
  afterAll(() => t?.close());

  const API = '/api/v1';

  async function setThresholds(settings: Settings): Promise<void> {
    const res = await t.http.patch(`${API}/clinics/${clinic.id}/settings`).set(coordinator.auth).send(settings);
    if (res.status !== 200) throw new Error(`settings ${JSON.stringify(settings)}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Plays one history through the API, comparing with the model every day; throws on the first disagreement. */
  async function play(history: History): Promise<void> {
    const settings = settingsOf(history);
    await setThresholds(settings);
    pinClock(t); // noon of a new clinic day: whole-day steps never cross a clinic midnight
    let today = clinicDay(t);
    const intake = addDays(today, -history.intakeDaysBack);
    const client = await makeClient(t, coordinator, { intakeDate: intake });
    const model = new DosingModel(settings, intake, today);
    const orderBody = { doseMg: ORDER_MG, ...history.order };
    await makeDoseOrder(t, physician, client.id, { ...orderBody, effectiveDate: today });
    let lastTakeHomeOn: string | null = null;
    const log: string[] = [
      `${today} registered (intake ${intake}); order ${JSON.stringify(orderBody)}; thresholds ${JSON.stringify(settings)}`,
    ];

    function fail(what: string, expected: unknown, actual: unknown): never {
      throw new Error(
        `${what} on ${today}: the model (api.md) says ${JSON.stringify(expected)}, the API says ${JSON.stringify(actual)}\n` +
          `history so far:\n  ${log.join('\n  ')}`,
      );
    }

    function same(what: string, expected: unknown, actual: unknown): void {
      if (!isDeepStrictEqual(expected, actual)) fail(what, expected, actual);
    }

    function answered(what: string, res: Response, status: number, code?: string): void {
      const got = { status: res.status, code: res.body?.code as unknown };
      if (res.status !== status || (code !== undefined && res.body?.code !== code))
        fail(what, { status, code }, { ...got, body: res.body });
    }

    const post = (who: SignedIn, path: string, body: object) => t.http.post(`${API}/clients/${client.id}${path}`).set(who.auth).send(body);
    const get = (who: SignedIn, path: string) => t.http.get(`${API}/clients/${client.id}${path}`).set(who.auth);

    /** The dispensing window's list: the client is on it while in treatment, with today's standing. */
    async function observeWindow(moment: string): Promise<void> {
      const res = await t.http.get(`${API}/dosing/today`).query({ limit: 200 }).set(nurse.auth);
      answered(`GET /dosing/today (${moment})`, res, 200);
      if (res.body.nextCursor !== null) throw new Error('the clinic has more than 200 clients in treatment: page through them');
      const item = (res.body.items as DispensingItem[]).find((candidate) => candidate.clientId === client.id);
      const expected =
        model.status === 'active'
          ? { flag: model.flag(today), consecutiveMissedDays: model.streak(today).missed, dosed: model.covered.has(today) }
          : undefined;
      const actual = item && { flag: item.flag, consecutiveMissedDays: item.consecutiveMissedDays, dosed: item.dosed };
      same(`GET /dosing/today item (${moment})`, expected, actual);
    }

    /** What the API says today, against the model: the client and the episodes first, then the dosing status. */
    async function observe(moment: string): Promise<void> {
      model.settle(today);
      const clientRes = await get(coordinator, '');
      answered(`GET client (${moment})`, clientRes, 200);
      same(`client status (${moment})`, model.status, clientRes.body.status);

      const episodesRes = await get(coordinator, '/episodes');
      answered(`GET episodes (${moment})`, episodesRes, 200);
      const episodes = (episodesRes.body as Episode[]).map(({ startDate, endDate, endReason }) => ({
        startDate,
        endDate,
        endReason,
      }));
      same(`episodes (${moment})`, model.episodes, episodes);

      const statusRes = await get(physician, '/dosing-status');
      answered(`GET dosing-status (${moment})`, statusRes, 200);
      const status = statusRes.body as DosingStatus;
      same(`dosing-status clinicDay (${moment})`, today, status.clinicDay);
      same(`dosing-status lastDoseDay (${moment})`, model.lastCoveredDay(today), status.lastDoseDay);
      if (model.status === 'active') {
        const { missed } = model.streak(today);
        same(
          `dosing-status { consecutiveMissedDays, flag } (${moment})`,
          { consecutiveMissedDays: missed, flag: model.flag(today) },
          {
            consecutiveMissedDays: status.consecutiveMissedDays,
            flag: status.flag,
          },
        );
      } else if (model.status === 'dropped_out') {
        // How many missed days a dropped-out client shows is pinned by its own test below (api.md counts on; product.md
        // stops at drop-out); a discharged client's flag is not said at all.
        same(`dosing-status flag (${moment})`, 'dropped_out', status.flag);
      }
    }

    function nextDay(): void {
      t.clock.advance(DAY);
      today = addDays(today, 1);
      if (clinicDay(t) !== today) throw new Error(`the test clock is on ${clinicDay(t)}, not ${today}`);
    }

    async function passDays(days: number): Promise<void> {
      for (let i = 0; i < days; i++) {
        await observe('a day without a visit');
        nextDay();
      }
    }

    /** A client out of treatment comes for a dose: refused, then readmitted if the day allows (and maybe a new order). */
    async function readmitIfOut(visit: Extract<Visit, { kind: 'dose' }>): Promise<boolean> {
      if (model.status === 'active') return true;
      const refused = await post(physician, '/doses', { doseMg: ORDER_MG, kind: 'observed', assessmentNote: 'came back' });
      answered(`dose for a ${model.status} client`, refused, 422, 'CLIENT_NOT_ACTIVE');
      if (!model.mayReadmit(today)) {
        log.push(`${today} ${model.status}: dose refused, not readmitted on the day the episode ended`);
        return false;
      }
      const readmitted = await post(coordinator, '/readmit', { date: today });
      answered('readmit', readmitted, 201);
      same(
        'readmit answer',
        { startDate: today, endDate: null, endReason: null },
        {
          startDate: readmitted.body.startDate,
          endDate: readmitted.body.endDate,
          endReason: readmitted.body.endReason,
        },
      );
      model.readmit(today);
      log.push(`${today} dose refused (${model.episodes[model.episodes.length - 2].endReason}); readmitted`);
      if (visit.newOrderOnReadmission) {
        answered('new order on readmission', await post(physician, '/dose-orders', { ...orderBody, effectiveDate: today }), 201);
        model.orderEffectiveOn = today;
        log.push(`${today} new order on readmission`);
      }
      return true;
    }

    async function dose(visit: Extract<Visit, { kind: 'dose' }>): Promise<void> {
      if (model.covered.has(today)) {
        log.push(`${today} at home on a take-home day: no visit`);
        return;
      }
      if (!(await readmitIfOut(visit))) return;
      const flag = model.flag(today);
      if (model.orderSuspended(today)) {
        const suspended = await post(nurse, '/doses', { doseMg: ORDER_MG, kind: 'observed', assessmentNote: 'assessed' });
        answered(`dose at ${flag}`, suspended, 422, 'ORDER_SUSPENDED');
        answered('re-titration order', await post(physician, '/dose-orders', { ...orderBody, effectiveDate: today }), 201);
        model.orderEffectiveOn = today;
        log.push(`${today} ${flag}: order suspended, physician re-ordered`);
      }
      const note = flag === 'ok' ? {} : { assessmentNote: `assessed after ${model.streak(today).missed} missed days` };
      if (flag !== 'ok') {
        const unassessed = await post(nurse, '/doses', { doseMg: ORDER_MG, kind: 'observed' });
        answered(`dose at ${flag} without an assessment`, unassessed, 422, 'ASSESSMENT_REQUIRED');
      }
      if (visit.voided !== 'none') {
        const mistaken = await post(nurse, '/doses', { doseMg: ORDER_MG, kind: 'observed', ...note });
        answered(`observed dose recorded in error (${flag})`, mistaken, 201);
        const voided = await post(nurse, `/doses/${mistaken.body.id as string}/void`, { reason: 'recorded in error' });
        answered('void of the mistaken dose', voided, 200);
        if (visit.voided === 'mistake') {
          log.push(`${today} observed dose (${flag}) voided: the client left without a dose`);
          return;
        }
        log.push(`${today} observed dose (${flag}) voided and recorded again`);
      }
      if (history.order.splitDose && visit.parts === 2) {
        answered('first part', await post(nurse, '/doses', { doseMg: ORDER_MG / 2, kind: 'observed', ...note }), 201);
        answered('second part', await post(nurse, '/doses', { doseMg: ORDER_MG / 2, kind: 'observed' }), 201);
      } else {
        answered(`observed dose (${flag})`, await post(nurse, '/doses', { doseMg: ORDER_MG, kind: 'observed', ...note }), 201);
        if (!history.order.splitDose && visit.parts === 2) {
          const again = await post(nurse, '/doses', { doseMg: ORDER_MG, kind: 'observed' });
          answered('a second observed dose the same day', again, 409, 'DOSE_ALREADY_GIVEN');
        }
      }
      model.observed(today);
      let what = `${today} observed dose${history.order.splitDose && visit.parts === 2 ? ' in two parts' : ''} (${flag})`;
      // A take-home dispense at most once a week, for at most the order's days.
      const coversDays = Math.min(visit.takeHomeDays, history.order.takeHomeDaysPerWeek);
      if (coversDays > 0 && (lastTakeHomeOn === null || today >= addDays(lastTakeHomeOn, 7))) {
        answered('take-home dispense', await post(nurse, '/doses', { doseMg: ORDER_MG, kind: 'take_home', coversDays }), 201);
        model.takeHome(today, coversDays);
        lastTakeHomeOn = today;
        what += ` + take-home for ${coversDays} day(s)`;
      }
      log.push(what);
    }

    async function discharge(reason: DischargeReason): Promise<void> {
      if (model.status !== 'active') {
        log.push(`${today} (${model.status}: no discharge)`);
        return;
      }
      const res = await post(coordinator, '/discharge', { date: today, reason });
      answered(`discharge (${reason})`, res, 200);
      model.discharge(today, reason);
      log.push(`${today} discharged (${reason})`);
    }

    let day = 0;
    for (const { gap, visit } of history.steps) {
      const days = gapDays(gap, settings);
      if (day + days >= MAX_DAYS) break;
      await passDays(days);
      await observe('before the visit');
      await observeWindow('before the visit');
      if (visit.kind === 'dose') await dose(visit);
      else await discharge(visit.reason);
      await observe('after the visit');
      await observeWindow('after the visit');
      nextDay();
      day += days + 1;
    }
    await passDays(Math.min(gapDays(history.tail, settings), Math.max(0, MAX_DAYS - day)));
    await observe('at the end');
  }

  it(
    'agrees with the api.md model on missed days, flags, last dose day, drop-out and episodes over random histories',
    async () => {
      await fc.assert(
        fc.asyncProperty(historyArb, (history) => play(history)),
        PROPERTY_OPTIONS,
      );
    },
    15 * 60_000,
  );

  /** A client admitted and dosed today under thresholds 2/3/5, then `days` days later (no dose since). */
  async function dosedThenGone(days: number): Promise<{ id: string; intake: string }> {
    await setThresholds({ missedDosesAssess: 2, missedDosesRetitrate: 3, dropoutDays: 5 });
    pinClock(t);
    const intake = clinicDay(t);
    const client = await makeClient(t, coordinator, { intakeDate: intake });
    await makeDoseOrder(t, physician, client.id, { effectiveDate: intake });
    await t.http.post(`${API}/clients/${client.id}/doses`).set(nurse.auth).send({ doseMg: 60, kind: 'observed' }).expect(201);
    for (let i = 0; i < days; i++) t.clock.advance(DAY);
    return { id: client.id, intake };
  }

  it('reports a dropped-out client the same way on every read: flag dropped_out and at least dropoutDays missed days', async () => {
    const client = await dosedThenGone(6);
    const read = async () =>
      (await t.http.get(`${API}/clients/${client.id}/dosing-status`).set(physician.auth).expect(200)).body as DosingStatus;
    const first = await read();
    const second = await read();
    t.clock.advance(DAY);
    const nextDay = await read();
    // api.md counts the days after the last covered day up to yesterday (5, then 6); product.md counts the days
    // missed while active (5). Either way never 0, which would say the client was covered yesterday.
    for (const status of [first, second, nextDay]) expect(status).toMatchObject({ flag: 'dropped_out', lastDoseDay: client.intake });
    expect(first.consecutiveMissedDays).toBe(5);
    expect(second.consecutiveMissedDays).toBe(first.consecutiveMissedDays);
    expect(nextDay.consecutiveMissedDays).toBeGreaterThanOrEqual(5);
  });
});
