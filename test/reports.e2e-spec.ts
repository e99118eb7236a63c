import { Role } from '@tongban/platform';
import {
  ClinicRecord,
  dischargeAfterDosing,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  readmitClient,
  signIn,
  signInAdmin,
  SignedIn,
  STAFF_PASSWORD,
} from './factories';
import { addDays, DAY, daysFromTo } from './support/test-clock';
import { startTestApp, TestApp } from './support/test-app';
import { binaryBody } from './support/binary-body';

const TODAY = '2026-06-30';
const CLINIC_NAME = '昆明同伴诊所（一号）, "Kunming"';

interface CurvePoint {
  day: number;
  survival: number;
  lower: number | null;
  upper: number | null;
  atRisk: number;
  events: number;
}

/**
 * The `aml` data set of R's survival package (Miller 1981; "+" = censored),
 * both arms pooled, and R's published `survfit(Surv(time, status) ~ 1, data = aml)`:
 * time, n.risk, n.event, survival and std.err as `summary()` prints them (4 digits).
 */
const AML = '9 13 13+ 18 23 28+ 31 34 45+ 48 161+ 5 5 8 8 12 16+ 23 27 30 33 43 45'.split(' ');
const AML_SURVFIT: Array<[day: number, atRisk: number, events: number, survival: number, stdErr: number]> = [
  [5, 23, 2, 0.913, 0.0588],
  [8, 21, 2, 0.8261, 0.079],
  [9, 19, 1, 0.7826, 0.086],
  [12, 18, 1, 0.7391, 0.0916],
  [13, 17, 1, 0.6957, 0.0959],
  [18, 14, 1, 0.646, 0.1011],
  [23, 13, 2, 0.5466, 0.1073],
  [27, 11, 1, 0.4969, 0.1084],
  [30, 9, 1, 0.4417, 0.1095],
  [31, 8, 1, 0.3865, 0.1089],
  [33, 7, 1, 0.3313, 0.1064],
  [34, 6, 1, 0.2761, 0.102],
  [43, 5, 1, 0.2208, 0.0954],
  [45, 4, 1, 0.1656, 0.086],
  [48, 2, 1, 0.0828, 0.0727],
];

describe('retention report', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicRecord;
  let coordinator: SignedIn;
  let physician: SignedIn;
  let nurse: SignedIn;
  let counselor: SignedIn;
  let peerLeader: SignedIn;
  let liveClientId: string;

  const again = (who: SignedIn) => signIn(t, who.username, STAFF_PASSWORD);

  function retention(who: SignedIn, query: Record<string, string | number> = {}) {
    return t.http.get('/api/v1/reports/retention').query(query).set(who.auth);
  }

  beforeAll(async () => {
    t = await startTestApp();
    // Live dosing happens on its own day, then the clock moves on to TODAY: that client's drop-out is in the records, unread.
    t.clock.set('2026-05-01T04:00:00Z');
    admin = await signInAdmin(t);
    clinic = await makeClinic(t, admin, { name: CLINIC_NAME });
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    physician = await makeStaff(t, admin, Role.Physician, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    const live = await makeClient(t, coordinator, { intakeDate: '2026-05-01' });
    liveClientId = live.id;
    await makeDoseOrder(t, physician, live.id, { effectiveDate: '2026-05-01' });
    await t.http.post(`/api/v1/clients/${live.id}/doses`).set(nurse.auth).send({ doseMg: 60, kind: 'observed' }).expect(201);
    t.clock.advance(DAY);
    await t.http.post(`/api/v1/clients/${live.id}/doses`).set(nurse.auth).send({ doseMg: 60, kind: 'observed' }).expect(201);
    t.clock.set('2026-06-30T04:00:00Z');
    [coordinator, physician, nurse, counselor, peerLeader] = await Promise.all(
      [coordinator, physician, nurse, counselor, peerLeader].map(again),
    );
  });
  afterAll(() => t.close());

  describe('on the aml data set of R survival', () => {
    let amlClinic: ClinicRecord;
    let amlCoordinator: SignedIn;

    beforeAll(async () => {
      amlClinic = await makeClinic(t, admin);
      amlCoordinator = await makeStaff(t, admin, Role.Coordinator, amlClinic.id);
      const start = '2026-01-01';
      const rows: Array<[string, string]> = [];
      for (const entry of AML) {
        const time = Number.parseInt(entry, 10);
        const censored = entry.endsWith('+');
        if (time === 161) {
          // Still in treatment and dosing: followed up to today, 161 days after the start.
          const client = await makeClient(t, amlCoordinator, { intakeDate: addDays(TODAY, -161) });
          for (const day of daysFromTo(addDays(TODAY, -161), addDays(TODAY, -1))) rows.push([client.code, day]);
          continue;
        }
        const client = await makeClient(t, amlCoordinator, { intakeDate: start });
        if (censored) {
          // Dosed every day up to day `time`, then discharged that day (the episode is censored there).
          const reason = ({ 13: 'completed', 28: 'transferred', 45: 'deceased', 16: 'other' } as const)[time]!;
          await dischargeAfterDosing(t, amlCoordinator, client, { from: start, date: addDays(start, time), reason });
        } else {
          // Doses every day up to day `time`, then none: the drop-out ends the episode on its last dose (not yet read by anyone).
          for (const day of daysFromTo(start, addDays(start, time))) rows.push([client.code, day]);
        }
      }
      await importDosingHistory(t, amlCoordinator, rows);
    });

    it("matches R's survfit for all 23 episodes pooled: at-risk, drop-outs, survival and the log-log band", async () => {
      const res = await retention(amlCoordinator).expect(200);
      expect(res.body).toMatchObject({ asOf: TODAY, episodes: 23, events: 18, censored: 5 });
      expect(res.body.groups).toBeUndefined();
      expect(res.body.logRank).toBeUndefined();
      const curve = res.body.curve as CurvePoint[];
      expect(curve[0]).toEqual({ day: 0, survival: 1, lower: 1, upper: 1, atRisk: 23, events: 0 });
      expect(curve.slice(1).map((p) => [p.day, p.atRisk, p.events])).toEqual(AML_SURVFIT.map(([day, n, d]) => [day, n, d]));
      AML_SURVFIT.forEach(([, , , survival, stdErr], i) => {
        const point = curve[i + 1];
        expect(Math.abs(point.survival - survival)).toBeLessThan(1e-4);
        // The log-log band from R's std.err: S^exp(±z·se/(S·|log S|)).
        const h = (1.959963984540054 * stdErr) / (survival * -Math.log(survival));
        expect(Math.abs(point.lower! - survival ** Math.exp(h))).toBeLessThan(3e-3);
        expect(Math.abs(point.upper! - survival ** Math.exp(-h))).toBeLessThan(3e-3);
        expect(point.lower!).toBeLessThan(point.survival);
        expect(point.upper!).toBeGreaterThan(point.survival);
      });
    });

    it('reads retention at day 91 from the curve, and leaves 6 and 12 months null beyond the longest follow-up (161 days)', async () => {
      const res = await retention(amlCoordinator).expect(200);
      expect(res.body.retention.m3).toBeCloseTo(0.0828, 4);
      expect(res.body.retention).toMatchObject({ m6: null, m12: null });
    });
  });

  describe('episodes as history, dosing, discharge and readmission leave them', () => {
    /** Start date of each episode → its time in days and whether it ended in drop-out. */
    const expected: Array<{ start: string; time: number; event: boolean; what: string }> = [
      { start: '2026-01-05', time: 9, event: true, what: 'imported history with a drop-out gap: the first episode' },
      { start: '2026-03-20', time: 4, event: true, what: 'imported history: the episode after the gap, whose drop-out no one has read' },
      { start: '2026-05-01', time: 1, event: true, what: 'live dosing, then no dose for 59 days: drop-out derived, not read' },
      { start: '2026-01-10', time: 30, event: false, what: 'discharged as completed' },
      { start: '2026-01-11', time: 12, event: false, what: 'discharged as other' },
      { start: '2026-02-15', time: 0, event: true, what: 'readmitted, dosed on that day only: drop-out on its first day' },
      { start: '2026-01-12', time: 50, event: false, what: 'transferred' },
      { start: '2026-01-13', time: 79, event: false, what: 'deceased' },
      { start: '2026-04-01', time: 90, event: false, what: 'still dosing: open, followed up to today' },
      { start: '2026-01-20', time: 6, event: true, what: 'last covered by a take-home dose' },
      { start: '2026-06-20', time: 10, event: false, what: 'begun ten days ago, not yet missed enough to drop out' },
    ];
    let gapClientId: string;

    beforeAll(async () => {
      const rows: Array<[string, string, ('observed' | 'take_home')?]> = [];
      const gap = await makeClient(t, coordinator, { intakeDate: '2026-01-05' });
      gapClientId = gap.id;
      for (const day of [...daysFromTo('2026-01-05', '2026-01-14'), ...daysFromTo('2026-03-20', '2026-03-24')]) rows.push([gap.code, day]);
      // Discharged ones were dosed every day up to their discharge, and discharged on that day.
      const completed = await makeClient(t, coordinator, { intakeDate: '2026-01-10' });
      await dischargeAfterDosing(t, coordinator, completed, { from: '2026-01-10', date: '2026-02-09', reason: 'completed' });
      const readmitted = await makeClient(t, coordinator, { intakeDate: '2026-01-11' });
      await dischargeAfterDosing(t, coordinator, readmitted, { from: '2026-01-11', date: '2026-01-23', reason: 'other' });
      await readmitClient(t, coordinator, readmitted.id, '2026-02-15');
      // Paper history: dosed on the day of readmission (before registration here, missed days count from a dose, product.md).
      rows.push([readmitted.code, '2026-02-15']);
      const transferred = await makeClient(t, coordinator, { intakeDate: '2026-01-12' });
      await dischargeAfterDosing(t, coordinator, transferred, { from: '2026-01-12', date: '2026-03-03', reason: 'transferred' });
      const deceased = await makeClient(t, coordinator, { intakeDate: '2026-01-13' });
      await dischargeAfterDosing(t, coordinator, deceased, { from: '2026-01-13', date: '2026-04-02', reason: 'deceased' });
      const dosing = await makeClient(t, coordinator, { intakeDate: '2026-04-01' });
      for (const day of daysFromTo('2026-04-01', '2026-06-29')) rows.push([dosing.code, day]);
      const takeHome = await makeClient(t, coordinator, { intakeDate: '2026-01-20' });
      for (const day of daysFromTo('2026-01-20', '2026-01-25')) rows.push([takeHome.code, day]);
      rows.push([takeHome.code, '2026-01-26', 'take_home']);
      await makeClient(t, coordinator, { intakeDate: '2026-06-20' });
      await importDosingHistory(t, coordinator, rows);
    });

    it('counts each as a drop-out or censored, and the curve follows from their times', async () => {
      const res = await retention(coordinator).expect(200);
      expect(res.body).toMatchObject({ asOf: TODAY, episodes: 11, events: 5, censored: 6 });
      // Drop-outs at days 0, 1, 4, 6 and 9 among 11 episodes; the censored ones all last longer.
      expect(res.body.curve.map((p: CurvePoint) => [p.day, p.atRisk, p.events])).toEqual([
        [0, 11, 1],
        [1, 10, 1],
        [4, 9, 1],
        [6, 8, 1],
        [9, 7, 1],
      ]);
      expect(res.body.curve.map((p: CurvePoint) => p.survival)).toEqual(
        [10 / 11, 9 / 11, 8 / 11, 7 / 11, 6 / 11].map((s) => expect.closeTo(s, 12)),
      );
      // No episode was followed 91 days (the longest: 90), and not all dropped out.
      expect(res.body.retention).toEqual({ m3: null, m6: null, m12: null });
    });

    it.each(expected)('$what: $time days, drop-out $event', async ({ start, time, event }) => {
      const alone = { from: start, to: start };
      const res = await retention(coordinator, alone).expect(200);
      expect(res.body).toMatchObject({ episodes: 1, events: event ? 1 : 0, censored: event ? 0 : 1 });
      if (event) {
        expect(res.body.curve.at(-1)).toMatchObject({ day: time, atRisk: 1, events: 1, survival: 0 });
      } else {
        expect(res.body.curve).toHaveLength(1);
        // Still in treatment on day `time`, not on the day after: a landmark there puts it in a group, one day later in none.
        const at = await retention(coordinator, { ...alone, compare: 'family_involvement', landmarkDays: Math.max(time, 1) }).expect(200);
        expect(at.body.groups.map((g: { episodes: number }) => g.episodes)).toEqual([0, 1]);
        const after = await retention(coordinator, { ...alone, compare: 'family_involvement', landmarkDays: time + 1 }).expect(200);
        expect(after.body.groups.map((g: { episodes: number }) => g.episodes)).toEqual([0, 0]);
      }
    });

    it('gives the same report before and after the drop-outs are read and recorded', async () => {
      const before = await retention(coordinator).expect(200);
      for (const id of [gapClientId, liveClientId]) {
        const status = await t.http.get(`/api/v1/clients/${id}/dosing-status`).set(coordinator.auth).expect(200);
        expect(status.body.flag).toBe('dropped_out');
      }
      const episodes = await t.http.get(`/api/v1/clients/${gapClientId}/episodes`).set(coordinator.auth).expect(200);
      expect(
        episodes.body.map(({ startDate, endDate, endReason }: Record<string, unknown>) => ({ startDate, endDate, endReason })),
      ).toEqual([
        { startDate: '2026-01-05', endDate: '2026-01-14', endReason: 'dropout' },
        { startDate: '2026-03-20', endDate: '2026-03-24', endReason: 'dropout' },
      ]);
      const live = await t.http.get(`/api/v1/clients/${liveClientId}/episodes`).set(coordinator.auth).expect(200);
      expect(live.body).toMatchObject([{ startDate: '2026-05-01', endDate: '2026-05-02', endReason: 'dropout' }]);
      const after = await retention(coordinator).expect(200);
      expect(after.body).toEqual(before.body);
    });

    it('selects episodes by start date, from and to included', async () => {
      const res = await retention(coordinator, { from: '2026-01-10', to: '2026-01-13' }).expect(200);
      expect(res.body).toMatchObject({ episodes: 4, events: 0, censored: 4 });
      const none = await retention(coordinator, { from: '2025-01-01', to: '2025-12-31' }).expect(200);
      expect(none.body).toEqual({
        asOf: TODAY,
        episodes: 0,
        events: 0,
        censored: 0,
        retention: { m3: null, m6: null, m12: null },
        curve: [{ day: 0, survival: 1, lower: 1, upper: 1, atRisk: 0, events: 0 }],
      });
    });

    it('groups by intake month with a log-rank test across the cohorts', async () => {
      const res = await retention(coordinator, { compare: 'cohort' }).expect(200);
      expect(res.body.groups.map((g: { key: string; episodes: number }) => [g.key, g.episodes])).toEqual([
        ['2026-01', 6],
        ['2026-02', 1],
        ['2026-03', 1],
        ['2026-04', 1],
        ['2026-05', 1],
        ['2026-06', 1],
      ]);
      const january = res.body.groups[0];
      expect(january.curve.map((p: CurvePoint) => [p.day, p.atRisk, p.events])).toEqual([
        [0, 6, 0],
        [6, 6, 1],
        [9, 5, 1],
      ]);
      expect(res.body.logRank.chiSquare).toBeGreaterThan(0);
      expect(res.body.logRank.pValue).toBeGreaterThan(0);
      expect(res.body.logRank.pValue).toBeLessThanOrEqual(1);
    });
  });

  describe('exports', () => {
    it('exports CSV as UTF-8 with a byte order mark, the Chinese clinic name intact, as an attachment', async () => {
      const res = await retention(coordinator, { format: 'csv', compare: 'cohort' }).buffer(true).parse(binaryBody).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="retention-${clinic.code}-${TODAY}.csv"`);
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = body.subarray(3).toString('utf8');
      const lines = text.trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'clinic,as_of,from,to,compare,landmark_days,series,episodes,events,censored,retention_m3,retention_m6,retention_m12,' +
          'log_rank_chi_square,log_rank_p_value,curve_days_from,day,survival,lower,upper,at_risk,curve_events',
      );
      const quoted = `"${CLINIC_NAME.replace(/"/g, '""')}"`;
      expect(lines[1].startsWith(`${quoted},${TODAY},,,cohort,,all,`)).toBe(true);
      expect(lines.filter((line) => line.includes(',2026-01,'))).toHaveLength(3);
      expect(text).toContain('昆明同伴诊所（一号）');
    });

    it('exports a one-page PDF with the Chinese clinic name and the curve drawn', async () => {
      const res = await retention(coordinator, { format: 'pdf', compare: 'cohort' }).buffer(true).parse(binaryBody).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="retention-${clinic.code}-${TODAY}.pdf"`);
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const page = await renderFirstPage(pdf);
      expect(page.pages).toBe(1);
      expect(page.text).toContain('昆明同伴诊所（一号）');
      expect(page.text).toContain('Retention in treatment');
      // Ink on at least 2% of the page (text, axes, band and curve), and the band's blue among it.
      expect(page.inked / page.pixels).toBeGreaterThan(0.02);
      expect(page.blueish).toBeGreaterThan(500);
    });

    it('refuses a format it does not know', async () => {
      const res = await retention(coordinator, { format: 'xlsx' }).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('access', () => {
    it('answers only coordinators: every other role is refused with 403', async () => {
      for (const who of [admin, physician, nurse, counselor, peerLeader]) {
        for (const path of ['retention', 'attendance', 'dosing']) {
          const res = await t.http.get(`/api/v1/reports/${path}`).set(who.auth).expect(403);
          expect(res.body.code).toBe('FORBIDDEN');
        }
      }
      await t.http.get('/api/v1/reports/retention').expect(401);
    });

    it("shows a coordinator their own clinic only: another clinic's episodes never appear", async () => {
      const other = await makeClinic(t, admin);
      const otherCoordinator = await makeStaff(t, admin, Role.Coordinator, other.id);
      const res = await retention(otherCoordinator).expect(200);
      expect(res.body).toMatchObject({ episodes: 0, events: 0, censored: 0 });
      const mine = await retention(coordinator).expect(200);
      expect(mine.body.episodes).toBe(11);
      const csv = await retention(otherCoordinator, { format: 'csv' }).buffer(true).parse(binaryBody).expect(200);
      expect((csv.body as Buffer).toString('utf8')).not.toContain('昆明');
    });

    it.each([
      [{ from: '2026-02-01', to: '2026-01-31' }, 'to'],
      [{ from: '2026-02-30' }, 'from'],
      [{ to: '30/06/2026' }, 'to'],
      [{ compare: 'gender' }, 'compare'],
      [{ compare: 'peer_support', landmarkDays: 0 }, 'landmarkDays'],
      [{ landmarkDays: 'ninety' }, 'landmarkDays'],
      [{ landmarkDays: 2.5 }, 'landmarkDays'],
      [{ clinicId: '00000000-0000-4000-8000-000000000000' }, 'clinicId'],
    ])('refuses %j with 400 problem+json naming %s', async (query, field) => {
      const res = await retention(coordinator, query).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('records one clinic-level audit event per report read, with no client in it', async () => {
      const reader = await makeStaff(t, admin, Role.Coordinator, clinic.id);
      await retention(reader, { compare: 'peer_support' }).expect(200);
      await retention(reader, { format: 'csv' }).expect(200);
      await t.http.get('/api/v1/reports/attendance').set(reader.auth).expect(200);
      await t.http.get('/api/v1/reports/dosing').set(reader.auth).expect(200);
      const res = await t.http.get('/api/v1/audit-events').query({ actorId: reader.id }).set(coordinator.auth).expect(200);
      const events = (res.body.items as Array<Record<string, unknown>>).filter((e) => String(e.action).startsWith('report.'));
      expect(events.map((e) => e.action).sort()).toEqual(['report.attendance', 'report.dosing', 'report.retention', 'report.retention']);
      for (const event of events) {
        expect(event).toMatchObject({ clinicId: clinic.id, clientId: null, targetType: 'clinic', targetId: clinic.id, grounds: 'role' });
      }
      const retentionRead = events.find((e) => e.action === 'report.retention' && (e.details as { format: string }).format === 'json');
      expect(retentionRead?.details).toEqual({
        from: null,
        to: null,
        compare: 'peer_support',
        landmarkDays: 90,
        format: 'json',
        episodes: 11,
      });
    });
  });
});

interface RenderedPage {
  pages: number;
  text: string;
  pixels: number;
  inked: number;
  blueish: number;
}

/** Renders the PDF's first page with MuPDF (WebAssembly) and counts its non-white pixels. */
async function renderFirstPage(pdf: Buffer): Promise<RenderedPage> {
  const specifier = 'mupdf'; // an ES module with its own types; loaded at run time
  const mupdf = await import(specifier);
  const document = mupdf.Document.openDocument(new Uint8Array(pdf), 'application/pdf');
  const page = document.loadPage(0);
  const pixmap = page.toPixmap(mupdf.Matrix.scale(1, 1), mupdf.ColorSpace.DeviceRGB, false, true);
  const samples = pixmap.getPixels() as Uint8ClampedArray;
  const channels = pixmap.getNumberOfComponents() as number;
  let inked = 0;
  let blueish = 0;
  for (let i = 0; i < samples.length; i += channels) {
    const [r, g, b] = [samples[i], samples[i + 1], samples[i + 2]];
    if (r < 200 || g < 200 || b < 200) inked++;
    if (b > r + 25 && b > 150) blueish++;
  }
  return {
    pages: document.countPages() as number,
    text: page.toStructuredText('').asText() as string,
    pixels: samples.length / channels,
    inked,
    blueish,
  };
}
