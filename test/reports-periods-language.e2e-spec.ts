import { Role } from '@tongban/platform';
import {
  ClientRecord,
  importDosingHistory,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makePeerGroup,
  makePeerMeeting,
  makeStaff,
  recordAttendance,
  recordConsent,
  signInAdmin,
  SignedIn,
} from './factories';
import { addDays, daysFromTo } from './support/test-clock';
import { startTestApp, TestApp } from './support/test-app';
import { binaryBody } from './support/binary-body';

const TODAY = '2026-06-30';

function csvLines(body: Buffer): string[] {
  return body.subarray(3).toString('utf8').trimEnd().split('\r\n');
}

describe('reports: 10-year windows, dosing periods, attendance per member, cohorts by quarter and year, exports in the asked language', () => {
  let t: TestApp;
  let admin: SignedIn;
  let coordinator: SignedIn;
  let counselor: SignedIn;
  let peerLeader: SignedIn;
  let nurse: SignedIn;
  let groupId: string;
  let regular: ClientRecord;
  let missing: ClientRecord;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-30T04:00:00Z');
    admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin, { name: '昆明第二诊所' });
    coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    peerLeader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    // Cohorts: two episodes begun in 2025-Q4 (one drops out), three in 2026-Q1 (still dosing), one in 2026-Q2.
    const q4a = await makeClient(t, coordinator, { intakeDate: '2025-11-03' });
    const q4b = await makeClient(t, coordinator, { intakeDate: '2025-12-20' });
    regular = await makeClient(t, coordinator, { intakeDate: '2026-01-05' });
    missing = await makeClient(t, coordinator, { intakeDate: '2026-02-10' });
    const q1c = await makeClient(t, coordinator, { intakeDate: '2026-03-31' });
    const q2 = await makeClient(t, coordinator, { intakeDate: '2026-04-01' });
    const rows: Array<[string, string, ('observed' | 'take_home')?]> = [];
    for (const day of daysFromTo('2025-11-03', '2025-11-20')) rows.push([q4a.code, day]); // drops out after 2025-11-20
    const intake = new Map(
      [q4b, regular, missing, q1c, q2].map((c, i) => [c.id, ['2025-12-20', '2026-01-05', '2026-02-10', '2026-03-31', '2026-04-01'][i]]),
    );
    for (const c of [q4b, regular, missing, q1c, q2]) {
      for (const day of daysFromTo(intake.get(c.id)!, addDays(TODAY, -1))) {
        // q2's dose of 06-25 is taken at home: a take-home dispensed on 06-24, covering 06-25.
        rows.push([c.code, day, c.id === q2.id && day === '2026-06-25' ? 'take_home' : 'observed']);
      }
    }
    await importDosingHistory(t, coordinator, rows);

    // A peer group with three meetings in June: `regular` present at all, `missing` absent, absent, excused.
    for (const c of [regular, missing]) await recordConsent(t, coordinator, c.id, { scope: 'peer_support', validFrom: '2026-01-01' });
    const group = await makePeerGroup(t, coordinator, [peerLeader], { name: '周五小组' });
    groupId = group.id;
    for (const c of [regular, missing]) await joinPeerGroup(t, coordinator, groupId, c.id);
    const statuses: Array<'absent' | 'excused'> = ['absent', 'absent', 'excused'];
    for (const [i, date] of ['2026-06-05', '2026-06-12', '2026-06-19'].entries()) {
      const meeting = await makePeerMeeting(t, coordinator, groupId, { date });
      await recordAttendance(t, coordinator, groupId, meeting.id, [
        { clientId: regular.id, status: 'present' },
        { clientId: missing.id, status: statuses[i] },
      ]);
    }
  });
  afterAll(() => t.close());

  describe('windows', () => {
    it('accepts a retention window of 10 years and refuses a longer one with a message naming the limit', async () => {
      await t.http.get('/api/v1/reports/retention').query({ from: '2016-07-01', to: TODAY }).set(coordinator.auth).expect(200);
      for (const query of [{ from: '2016-06-30', to: TODAY }, { from: '2010-01-01' }]) {
        const res = await t.http.get('/api/v1/reports/retention').query(query).set(coordinator.auth).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors).toEqual([{ field: 'from', message: expect.stringContaining('at most 10 years') }]);
      }
    });

    it('accepts a 10-year attendance window and refuses one day more', async () => {
      await t.http
        .get('/api/v1/reports/attendance')
        .query({ from: '2016-07-01', to: TODAY, by: 'member' })
        .set(coordinator.auth)
        .expect(200);
      const res = await t.http.get('/api/v1/reports/attendance').query({ from: '2016-06-30', to: TODAY }).set(coordinator.auth).expect(400);
      expect(res.body.errors[0].message).toMatch(/at most 10 years: from must be on or after 2016-07-01/);
    });
  });

  describe('dosing by day, week and month', () => {
    it('gives methadone dispensed per day: observed doses plus take-homes as dose × days', async () => {
      const res = await t.http
        .get('/api/v1/reports/dosing')
        .query({ from: '2026-06-23', to: '2026-06-25' })
        .set(coordinator.auth)
        .expect(200);
      expect(res.body.groupBy).toBe('day');
      expect(res.body.periods).toBeUndefined();
      // Five clients in treatment; on 06-24 q2 also takes 1 day home (60 mg); on 06-25 q2 is covered by it.
      expect(
        res.body.days.map((d: { day: string; doses: number; dispensedMg: number; missedRate: number }) => [
          d.day,
          d.doses,
          d.dispensedMg,
          d.missedRate,
        ]),
      ).toEqual([
        ['2026-06-23', 5, 300, 0],
        ['2026-06-24', 5, 360, 0],
        ['2026-06-25', 4, 240, 0],
      ]);
    });

    it('sums ISO weeks (Monday first) clipped to the window, with the mean census', async () => {
      const res = await t.http
        .get('/api/v1/reports/dosing')
        .query({ from: '2026-06-20', to: TODAY, groupBy: 'week' })
        .set(coordinator.auth)
        .expect(200);
      expect(res.body.days).toBeUndefined();
      expect(res.body.periods).toEqual([
        { period: '2026-06-15', from: '2026-06-20', to: '2026-06-21', days: 2, census: 5, doses: 10, missedRate: 0, dispensedMg: 600 },
        { period: '2026-06-22', from: '2026-06-22', to: '2026-06-28', days: 7, census: 5, doses: 34, missedRate: 0, dispensedMg: 2100 },
        // 06-29 ended with 5 doses; today has not ended, so only 06-29 counts for the rate.
        { period: '2026-06-29', from: '2026-06-29', to: TODAY, days: 2, census: 5, doses: 5, missedRate: 0, dispensedMg: 300 },
      ]);
    });

    it('sums calendar months and exports them as CSV with Chinese headers', async () => {
      const res = await t.http
        .get('/api/v1/reports/dosing')
        .query({ from: '2025-11-01', to: '2025-12-31', groupBy: 'month' })
        .set(coordinator.auth)
        .expect(200);
      // November: q4a dosed 03–20 (18 days), in treatment 03–20 (drop-out ends on its last dose).
      expect(
        res.body.periods.map((p: { period: string; doses: number; dispensedMg: number }) => [p.period, p.doses, p.dispensedMg]),
      ).toEqual([
        ['2025-11', 18, 1080],
        ['2025-12', 12, 720],
      ]);
      const csv = await t.http
        .get('/api/v1/reports/dosing')
        .query({ from: '2025-11-01', to: '2025-12-31', groupBy: 'month', format: 'csv', lang: 'zh-CN' })
        .set(coordinator.auth)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      const lines = csvLines(csv.body as Buffer);
      expect(lines[0]).toBe('诊所,期间,起始日期,结束日期,天数,日均在治人数,在治人日,服药人次,漏服人日,漏服率,发放美沙酮(mg)');
      expect(lines[1]).toBe('昆明第二诊所,2025-11,2025-11-01,2025-11-30,30,0.6,18,18,0,0,1080');
    });

    it('refuses a grouping it does not know', async () => {
      const res = await t.http.get('/api/v1/reports/dosing').query({ groupBy: 'year' }).set(coordinator.auth).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('attendance per member', () => {
    it('counts each member’s meetings, present, absent and excused, and the last meeting attended', async () => {
      const res = await t.http
        .get('/api/v1/reports/attendance')
        .query({ from: '2026-06-01', to: TODAY, by: 'member' })
        .set(coordinator.auth)
        .expect(200);
      expect(res.body.groups).toBeUndefined();
      const byCode = [...res.body.members].sort((a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code));
      expect(byCode).toEqual(
        [
          {
            groupId,
            groupName: '周五小组',
            clientId: regular.id,
            code: regular.code,
            meetings: 3,
            present: 3,
            absent: 0,
            excused: 0,
            lastAttended: '2026-06-19',
          },
          {
            groupId,
            groupName: '周五小组',
            clientId: missing.id,
            code: missing.code,
            meetings: 3,
            present: 0,
            absent: 2,
            excused: 1,
            lastAttended: null,
          },
        ].sort((a, b) => a.code.localeCompare(b.code)),
      );
    });

    it('puts the read in the access log of each client shown', async () => {
      await t.http
        .get('/api/v1/reports/attendance')
        .query({ from: '2026-06-01', to: TODAY, by: 'member' })
        .set(coordinator.auth)
        .expect(200);
      for (const client of [regular, missing]) {
        const log = await t.http.get(`/api/v1/clients/${client.id}/access-log`).set(coordinator.auth).expect(200);
        const items = (log.body.items ?? log.body) as Array<{ action: string }>;
        expect(items.map((e) => e.action)).toContain('report.member_attendance');
      }
    });

    it('exports members as CSV with codes and no names, in the language of Accept-Language', async () => {
      const res = await t.http
        .get('/api/v1/reports/attendance')
        .query({ from: '2026-06-01', to: TODAY, by: 'member', format: 'csv' })
        .set(coordinator.auth)
        .set('Accept-Language', 'fr;q=1, zh-TW;q=0.9, en;q=0.8')
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      const lines = csvLines(res.body as Buffer);
      expect(lines[0]).toBe('诊所,起始日期,结束日期,小组编号,小组名称,服务对象编号,会议数,出席,缺席,请假,最近出席');
      expect(lines.slice(1).some((line) => line.endsWith(`,周五小组,${missing.code},3,0,2,1,`))).toBe(true);
    });

    it('is a report: other roles may not read it', async () => {
      for (const who of [peerLeader, nurse, counselor]) {
        await t.http.get('/api/v1/reports/attendance').query({ by: 'member' }).set(who.auth).expect(403);
      }
      const res = await t.http.get('/api/v1/reports/attendance').query({ by: 'client' }).set(coordinator.auth).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('retention', () => {
    it('groups intake cohorts by quarter and by year, in date order', async () => {
      const quarter = await t.http
        .get('/api/v1/reports/retention')
        .query({ compare: 'cohort', cohortBy: 'quarter' })
        .set(coordinator.auth)
        .expect(200);
      expect(quarter.body.groups.map((g: { key: string; episodes: number }) => [g.key, g.episodes])).toEqual([
        ['2025-Q4', 2],
        ['2026-Q1', 3],
        ['2026-Q2', 1],
      ]);
      const year = await t.http
        .get('/api/v1/reports/retention')
        .query({ compare: 'cohort', cohortBy: 'year' })
        .set(coordinator.auth)
        .expect(200);
      expect(year.body.groups.map((g: { key: string; episodes: number }) => [g.key, g.episodes])).toEqual([
        ['2025', 2],
        ['2026', 4],
      ]);
      await t.http.get('/api/v1/reports/retention').query({ compare: 'cohort', cohortBy: 'week' }).set(coordinator.auth).expect(400);
    });

    it('tells how far each curve is followed up (last censoring, not only the last drop-out), with a band for every group', async () => {
      const res = await t.http
        .get('/api/v1/reports/retention')
        .query({ compare: 'cohort', cohortBy: 'year' })
        .set(coordinator.auth)
        .expect(200);
      // The only drop-out is on day 17 of q4a's episode; q4b is followed from 2025-12-20 to today: 192 days.
      expect(res.body.curve[res.body.curve.length - 1].day).toBe(17);
      expect(res.body.followUp).toBe(192);
      const [y2025, y2026] = res.body.groups;
      expect(y2025.followUp).toBe(192);
      expect(y2026.followUp).toBe(176); // 2026-01-05 to today
      expect(y2025.curve[1]).toMatchObject({ day: 17, survival: 0.5, lower: expect.any(Number), upper: expect.any(Number) });
      expect(y2025.curve[1].lower).toBeLessThan(0.5);
      expect(y2025.curve[1].upper).toBeGreaterThan(0.5);
    });

    it('exports the CSV with Chinese headers and values when asked', async () => {
      const res = await t.http
        .get('/api/v1/reports/retention')
        .query({ compare: 'cohort', cohortBy: 'quarter', format: 'csv', lang: 'zh-CN' })
        .set(coordinator.auth)
        .set('Accept-Language', 'en')
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      const lines = csvLines(res.body as Buffer);
      expect(lines[0].split(',').slice(0, 10)).toEqual([
        '诊所',
        '截至日期',
        '起始日期',
        '结束日期',
        '比较方式',
        '界标天数',
        '组别',
        '疗程数',
        '脱失数',
        '删失数',
      ]);
      expect(lines[1].startsWith(`昆明第二诊所,${TODAY},,,入组队列,,全部,6,1,5,`)).toBe(true);
      expect(lines.some((line) => line.includes(',2025-Q4,2,1,1,'))).toBe(true);
      const english = await t.http
        .get('/api/v1/reports/retention')
        .query({ format: 'csv' })
        .set(coordinator.auth)
        .set('Accept-Language', 'en-GB,zh;q=0.5')
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      expect(csvLines(english.body as Buffer)[0].startsWith('clinic,as_of,from,to,compare,')).toBe(true);
      await t.http.get('/api/v1/reports/retention').query({ format: 'csv', lang: 'fr' }).set(coordinator.auth).expect(400);
    });

    it('exports a zh-CN PDF whose headings are Chinese text, drawn in an embedded CJK font', async () => {
      const res = await t.http
        .get('/api/v1/reports/retention')
        .query({ format: 'pdf', compare: 'cohort', cohortBy: 'quarter', lang: 'zh-CN' })
        .set(coordinator.auth)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      const pdf = res.body as Buffer;
      const page = await renderFirstPage(pdf);
      expect(page.pages).toBe(1);
      // Text extraction: the headings and labels as Unicode text (a font without the glyphs would extract as missing or map to nothing).
      for (const heading of [
        '治疗保持率报告',
        '各组 Kaplan-Meier 保持率曲线及 95% 置信区间',
        '疗程数',
        '脱失',
        '删失',
        '分组: 入组队列 (按季度)',
      ]) {
        expect(page.text).toContain(heading);
      }
      expect(page.text).toContain('少于 10 个疗程');
      expect(page.text).not.toContain('Retention in treatment');
      // The font is embedded (a subset of Noto Sans SC), not left to the reader's system.
      expect(page.fonts.some((font) => /NotoSansSC/.test(font))).toBe(true);
      // The rendered page: the title line (y 80–95 pt) holds ink, so the glyphs were drawn, not blank boxes of nothing.
      expect(page.inkedIn({ top: 78, bottom: 96, left: 50, right: 200 })).toBeGreaterThan(150);
      // Three cohorts' curves: orange and green ink as well as blue.
      expect(page.colourful).toBeGreaterThan(100);
    });
  });
});

interface RenderedPage {
  pages: number;
  text: string;
  fonts: string[];
  colourful: number;
  inkedIn: (box: { top: number; bottom: number; left: number; right: number }) => number;
}

/** Renders the PDF's first page with MuPDF (WebAssembly) at 1 pixel per point, and reads its text and its fonts. */
async function renderFirstPage(pdf: Buffer): Promise<RenderedPage> {
  const specifier = 'mupdf';
  const mupdf = await import(specifier);
  const document = mupdf.Document.openDocument(new Uint8Array(pdf), 'application/pdf');
  const page = document.loadPage(0);
  const pixmap = page.toPixmap(mupdf.Matrix.scale(1, 1), mupdf.ColorSpace.DeviceRGB, false, true);
  const samples = pixmap.getPixels() as Uint8ClampedArray;
  const channels = pixmap.getNumberOfComponents() as number;
  const width = pixmap.getWidth() as number;
  let colourful = 0;
  for (let i = 0; i < samples.length; i += channels) {
    const [r, g, b] = [samples[i], samples[i + 1], samples[i + 2]];
    if ((r > g + 40 && r > b + 40) || (g > r + 30 && g > b + 30)) colourful++;
  }
  const raw = pdf.toString('latin1');
  const fonts = [...raw.matchAll(/\/BaseFont\s*\/([A-Za-z0-9+_-]+)/g)].map((m) => m[1]);
  return {
    pages: document.countPages() as number,
    text: page.toStructuredText('').asText() as string,
    fonts,
    colourful,
    inkedIn: ({ top, bottom, left, right }) => {
      let inked = 0;
      for (let y = top; y < bottom; y++) {
        for (let x = left; x < right; x++) {
          const i = (y * width + x) * channels;
          if (samples[i] < 160 && samples[i + 1] < 160 && samples[i + 2] < 160) inked++;
        }
      }
      return inked;
    },
  };
}
