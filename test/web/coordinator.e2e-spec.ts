import { readFileSync } from 'node:fs';
import { Role } from '@tongban/platform';
import { unzipSync } from 'fflate';
import {
  eventually,
  addToCareTeam,
  clinicDay,
  dischargeClient,
  grantEmergencyAccess,
  importDosingHistory,
  joinPeerGroup,
  listReminders,
  makeClient,
  makeClinic,
  makePeerGroup,
  makePeerMeeting,
  makeReminder,
  makeStaff,
  recordAttendance,
  recordConsent,
  ReminderRecord,
  signInAdmin,
  SignedIn,
  STAFF_PASSWORD,
  unique,
} from '../factories';
import { TestApp } from '../support/test-app';
import { addDays, DAY, daysFromTo } from '../support/test-clock';
import { fillDateTime, Language, LANGUAGES, pickDate, startWebSuite, WebPage, WebSuite } from './support/browser';

const TZ = 'Asia/Shanghai';
const EMERGENCY_REASON = 'Client unwell at the window; need the full record now';
/** The retention CSV's header in the language of the screen it was downloaded from. */
const RETENTION_CSV_HEADER: Record<Language, string> = {
  en:
    'clinic,as_of,from,to,compare,landmark_days,series,episodes,events,censored,retention_m3,retention_m6,retention_m12,' +
    'log_rank_chi_square,log_rank_p_value,curve_days_from,day,survival,lower,upper,at_risk,curve_events',
  'zh-CN':
    '诊所,截至日期,起始日期,结束日期,比较方式,界标天数,组别,疗程数,脱失数,删失数,3个月保持率,6个月保持率,12个月保持率,' +
    'Log-rank卡方,Log-rank P值,天数起点,天,保持率,95%置信下限,95%置信上限,风险数,当天脱失数',
};
/** A peer-support group's row of that CSV: comparison, landmark, series `yes`. */
const PEER_YES_ROW: Record<Language, string> = { en: ',peer_support,90,yes,', 'zh-CN': ',同伴小组参与,90,是,' };

/** What the screens say, in each language (the words a coordinator reads and clicks). */
const WORDS = {
  en: {
    retention: 'Retention',
    attendance: 'Attendance',
    dosing: 'Dosing',
    accessLog: 'Access log',
    reminders: 'Reminders',
    compare: 'Compare',
    from: 'From',
    to: 'To',
    status: 'Status',
    clientCode: 'Client code',
    filterClient: 'Show this client',
    attendedPeer: 'Attended a peer group',
    noPeer: 'No peer-group attendance',
    cancelled: 'Cancelled',
    failed: 'Failed',
    channelMissing: 'Channel not set up on the server',
    verifyOk: 'The audit log is intact',
    emergencyGrounds: 'Emergency access',
    assess: 'Assess before dosing',
  },
  'zh-CN': {
    retention: '保持率',
    attendance: '出勤',
    dosing: '服药统计',
    accessLog: '访问记录',
    reminders: '提醒',
    compare: '比较',
    from: '开始日期',
    to: '结束日期',
    status: '状态',
    clientCode: '服务对象编号',
    filterClient: '只看此服务对象',
    attendedPeer: '参加过同伴小组',
    noPeer: '未参加同伴小组',
    cancelled: '已取消',
    failed: '发送失败',
    channelMissing: '服务器未配置该发送方式',
    verifyOk: '审计记录完整',
    emergencyGrounds: '紧急访问',
    assess: '服药前需评估',
  },
} satisfies Record<Language, Record<string, string>>;

interface Clinic {
  coordinator: SignedIn;
  groupName: string;
  /** Active today: dosed today (and a peer-group member with a meeting three days ago). */
  regular: { id: string; code: string };
  /** Active, last dose four days ago: three missed days, flag `assess`; opened with emergency access. */
  missing: { id: string; code: string };
  failed: ReminderRecord;
  scheduled: ReminderRecord;
}

/**
 * A clinic with a history: four episodes that began 200 days ago in the peer group (two attended a
 * meeting before the 90-day landmark, two did not; in each pair one dropped out and one completed),
 * three active clients dosed up to today, four and six days ago, an emergency access, a failed
 * and a scheduled reminder.
 */
async function clinicWithHistory(t: TestApp): Promise<Clinic> {
  const admin = await signInAdmin(t);
  const clinic = await makeClinic(t, admin, { timeZone: TZ });
  const [coordinator, leader, counselor] = await Promise.all([
    makeStaff(t, admin, Role.Coordinator, clinic.id),
    makeStaff(t, admin, Role.PeerLeader, clinic.id),
    makeStaff(t, admin, Role.Counselor, clinic.id),
  ]);
  const settings = (body: Record<string, unknown>) =>
    t.http.patch(`/api/v1/clinics/${clinic.id}/settings`).set(coordinator.auth).send(body).expect(200);
  // Quiet hours far from now, so a reminder due now is tried at once rather than held; drop-out only
  // after a year while the completed episodes are discharged (their records hold no doses).
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' }).format(t.clock.now()));
  const at = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  await settings({ quietHoursStart: at(hour + 6), quietHoursEnd: at(hour + 7), dropoutDays: 365 });

  const groupName = unique('周三互助小组');
  const group = await makePeerGroup(t, coordinator, [leader], { name: groupName });
  const start = clinicDay(t, -200, TZ);
  const member = async (intakeDate = start, fields: Record<string, unknown> = {}) => {
    const client = await makeClient(t, coordinator, { intakeDate, ...fields });
    await recordConsent(t, coordinator, client.id, { scope: 'peer_support', validFrom: intakeDate });
    await joinPeerGroup(t, coordinator, group.id, client.id);
    return client;
  };
  const attendedCompleted = await member();
  const attendedDropped = await member();
  const absentDropped = await member();
  const absentCompleted = await member();
  const early = await makePeerMeeting(t, coordinator, group.id, { date: addDays(start, 10) });
  await recordAttendance(t, coordinator, group.id, early.id, [
    { clientId: attendedCompleted.id, status: 'present' },
    { clientId: attendedDropped.id, status: 'present' },
    { clientId: absentDropped.id, status: 'absent' },
    { clientId: absentCompleted.id, status: 'absent' },
  ]);
  await dischargeClient(t, coordinator, attendedCompleted.id, addDays(start, 150), 'completed');
  await dischargeClient(t, coordinator, absentCompleted.id, addDays(start, 160), 'completed');
  await settings({ dropoutDays: 30 });

  const intake = clinicDay(t, -30, TZ);
  const regular = await member(intake, { preferredName: '阿明', phone: '13900000001' });
  const missing = await makeClient(t, coordinator, { intakeDate: intake, preferredName: '小芳' });
  const suspended = await makeClient(t, coordinator, { intakeDate: intake, preferredName: 'Wei' });
  const recent = await makePeerMeeting(t, coordinator, group.id, { date: clinicDay(t, -3, TZ) });
  await recordAttendance(t, coordinator, group.id, recent.id, [{ clientId: regular.id, status: 'present' }]);

  const rows = (code: string, from: string, to: string): Array<[string, string]> => daysFromTo(from, to).map((day) => [code, day]);
  await importDosingHistory(t, coordinator, [
    ...rows(attendedDropped.code, start, addDays(start, 130)),
    ...rows(absentDropped.code, start, addDays(start, 120)),
    ...rows(regular.code, intake, clinicDay(t, 0, TZ)),
    ...rows(missing.code, intake, clinicDay(t, -4, TZ)),
    ...rows(suspended.code, intake, clinicDay(t, -6, TZ)),
  ]);

  // A counselor outside the care team breaks the glass and reads the record.
  await grantEmergencyAccess(t, counselor, missing.id);
  await t.http.get(`/api/v1/clients/${missing.id}`).set(counselor.auth).expect(200);

  await recordConsent(t, coordinator, regular.id, { scope: 'sms_reminders', validFrom: intake });
  const due = await makeReminder(t, coordinator, regular.id);
  const scheduled = await makeReminder(t, coordinator, regular.id, { sendAt: new Date(t.clock.now().getTime() + 2 * DAY).toISOString() });
  // No SMS gateway is configured in tests: the reminder due now fails visibly.
  const failed = await eventually(
    async () => (await listReminders(t, coordinator, { status: 'failed' })).find((reminder) => reminder.id === due.id),
    (reminder) => reminder !== undefined,
  );
  expect(failed).toMatchObject({ status: 'failed', lastErrorCode: 'CHANNEL_NOT_CONFIGURED' });
  return { coordinator, groupName, regular, missing, failed: failed!, scheduled };
}

describe('web app: the coordinator', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  const get = async <T>(caller: SignedIn, path: string): Promise<T> =>
    (await suite.t.http.get(path).set(caller.auth).expect(200)).body as T;

  const nav = (web: WebPage, name: string) => web.page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

  it.each(LANGUAGES)(
    'sees on the dashboard the census, the clients flagged for missed doses and the failed reminders that the API reports (%s)',
    async (language) => {
      const { coordinator, missing, failed } = await clinicWithHistory(suite.t);
      const words = WORDS[language];
      const web = await WebPage.open(suite, language);
      await web.signIn(coordinator.username, STAFF_PASSWORD);
      await web.openFromMenu(language === 'en' ? 'Dashboard' : '概览');

      const today = await get<{ items: Array<{ clientId: string; flag: string; dosed: boolean; consecutiveMissedDays: number }> }>(
        coordinator,
        '/api/v1/dosing/today?limit=200',
      );
      const count = (predicate: (item: (typeof today.items)[number]) => boolean) => String(today.items.filter(predicate).length);
      await web.waitForText('census-active', new RegExp(`^${today.items.length}$`));
      expect(await web.page.getByTestId('census-dosed').textContent()).toBe(count((item) => item.dosed));
      expect(await web.page.getByTestId('census-not-dosed').textContent()).toBe(count((item) => !item.dosed));
      for (const flag of ['ok', 'assess', 'retitrate']) {
        expect(await web.page.getByTestId(`census-flag-${flag}`).textContent()).toBe(count((item) => item.flag === flag));
      }
      // Drop-outs are no longer active, so the window's list never holds them: the count is the clients whose status reads dropped_out
      // (two here: one who attended the peer group, one who did not; it read 0 when it counted the window's flags).
      const droppedOut = await get<{ items: Array<{ id: string }> }>(coordinator, '/api/v1/clients?status=dropped_out&limit=200');
      expect(droppedOut.items).toHaveLength(2);
      await web.waitForText('census-flag-dropped_out', /^2$/);
      expect(today.items.find((item) => item.clientId === missing.id)).toMatchObject({ flag: 'assess', consecutiveMissedDays: 3 });
      const flaggedRow = web.page.getByTestId('flagged-client').filter({ hasText: missing.code });
      await flaggedRow.getByTestId('flag').filter({ hasText: words.assess }).waitFor();
      expect(await flaggedRow.getByTestId('flagged-missed').textContent()).toBe('3');
      expect(await flaggedRow.getByRole('link', { name: missing.code }).getAttribute('href')).toBe(`/clients/${missing.id}`);

      const failedInApi = await listReminders(suite.t, coordinator, { status: 'failed', limit: '200' });
      expect(await web.page.getByTestId('failed-count').textContent()).toBe(String(failedInApi.length));
      expect(failedInApi.map((reminder) => reminder.id)).toContain(failed.id);
      await web.waitForText('failed-error', words.channelMissing);
      await web.checkAccessibility();
      await web.screenshot('coordinator-dashboard');
      await web.finish();
    },
    180_000,
  );

  it.each(LANGUAGES)(
    'compares retention by peer-group attendance with the log-rank test, downloads it as CSV, and reads the attendance and dosing reports (%s)',
    async (language) => {
      const { coordinator, groupName } = await clinicWithHistory(suite.t);
      const words = WORDS[language];
      const web = await WebPage.open(suite, language);
      await web.signIn(coordinator.username, STAFF_PASSWORD);

      await nav(web, words.retention);
      const all = await get<{ episodes: number }>(coordinator, '/api/v1/reports/retention');
      await web.waitForText('retention-episodes', new RegExp(`^${all.episodes}$`));
      await web.page.locator('[data-testid="retention-chart"] path.recharts-line-curve').first().waitFor({ state: 'attached' });

      await web.page.getByLabel(words.compare).selectOption('peer_support');
      const compared = await get<{
        groups: Array<{ key: string; episodes: number }>;
        logRank: { chiSquare: number; pValue: number };
      }>(coordinator, '/api/v1/reports/retention?compare=peer_support');
      expect(compared.groups.map((group) => [group.key, group.episodes])).toEqual([
        ['yes', 2],
        ['no', 2],
      ]);
      const yes = web.page.locator('[data-testid="retention-series"][data-series="yes"]');
      const no = web.page.locator('[data-testid="retention-series"][data-series="no"]');
      await yes.filter({ hasText: words.attendedPeer }).waitFor();
      await no.filter({ hasText: words.noPeer }).waitFor();
      expect(await yes.getByTestId('series-episodes').textContent()).toBe('2');
      expect(await no.getByTestId('series-episodes').textContent()).toBe('2');
      const number = (value: number, digits: number) => new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
      expect(await web.page.getByTestId('log-rank-chi-square').textContent()).toBe(number(compared.logRank.chiSquare, 2));
      expect(await web.page.getByTestId('log-rank-p-value').textContent()).toBe(
        compared.logRank.pValue < 0.001 ? `< ${number(0.001, 3)}` : number(compared.logRank.pValue, 3),
      );
      await expect(web.page.locator('[data-testid="retention-chart"] path.recharts-line-curve').count()).resolves.toBe(2);
      await web.checkAccessibility();
      await web.screenshot('coordinator-retention');

      const [download] = await Promise.all([web.page.waitForEvent('download'), web.page.getByTestId('export-csv').click()]);
      expect(download.suggestedFilename()).toMatch(/^retention-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync(await download.path());
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.toString('utf8').slice(1).split('\r\n');
      // The export speaks the screen's language.
      expect(lines[0]).toBe(RETENTION_CSV_HEADER[language]);
      expect(lines.some((line) => line.includes(PEER_YES_ROW[language]))).toBe(true);
      const [pdf] = await Promise.all([web.page.waitForEvent('download'), web.page.getByTestId('export-pdf').click()]);
      expect(pdf.suggestedFilename()).toMatch(/^retention-\d{4}-\d{2}-\d{2}\.pdf$/);
      expect(
        readFileSync(await pdf.path())
          .subarray(0, 5)
          .toString('latin1'),
      ).toBe('%PDF-');

      await nav(web, words.attendance);
      const attendance = await get<{ groups: Array<{ name: string; meetings: number; members: number }> }>(
        coordinator,
        '/api/v1/reports/attendance',
      );
      const ours = attendance.groups.find((group) => group.name === groupName)!;
      expect(ours).toMatchObject({ meetings: 1, members: 1, attendanceRate: 1 });
      const row = web.page.getByTestId('attendance-row').filter({ hasText: groupName });
      await row.waitFor();
      expect(await row.getByTestId('attendance-meetings').textContent()).toBe('1');
      expect(await row.getByTestId('attendance-members').textContent()).toBe('1');
      expect(await row.getByTestId('attendance-rate').textContent()).toBe(new Intl.NumberFormat(language, { style: 'percent' }).format(1));
      await web.page.locator('[data-testid="attendance-chart"] .recharts-bar-rectangle').first().waitFor({ state: 'attached' });
      await web.checkAccessibility();
      await web.screenshot('coordinator-attendance-report');

      await nav(web, words.dosing);
      const dosing = await get<{ days: Array<{ day: string; census: number; doses: number }> }>(coordinator, '/api/v1/reports/dosing');
      const yesterday = dosing.days[dosing.days.length - 2];
      const dayRow = web.page.locator(`[data-testid="dosing-row"][data-day="${yesterday.day}"]`);
      await dayRow.waitFor();
      expect(await dayRow.getByTestId('dosing-census').textContent()).toBe(String(yesterday.census));
      expect(await dayRow.getByTestId('dosing-doses').textContent()).toBe(String(yesterday.doses));
      expect(yesterday.doses).toBeGreaterThanOrEqual(1);
      // A flat line has no height, which Playwright calls hidden: wait for the curves to be drawn.
      await web.page.locator('[data-testid="dosing-chart"] path.recharts-line-curve').nth(2).waitFor({ state: 'attached' });
      await web.checkAccessibility();
      await web.screenshot('coordinator-dosing-report');

      // By month: the periods' chart and table, with the methadone dispensed in all.
      const months = await get<{ periods: Array<{ period: string; doses: number; dispensedMg: number }> }>(
        coordinator,
        '/api/v1/reports/dosing?groupBy=month',
      );
      await web.page.locator('select[name="groupBy"]').selectOption('month');
      const latest = months.periods[months.periods.length - 1];
      const monthRow = web.page.locator(`[data-testid="dosing-period"][data-period="${latest.period}"]`);
      await monthRow.waitFor();
      expect(await monthRow.getByTestId('period-doses').textContent()).toBe(String(latest.doses));
      expect(latest.doses).toBeGreaterThanOrEqual(1);
      const monthChart = language === 'en' ? 'Census, doses and missed-dose rate by month' : '每月在治人数、服药人数与漏服率';
      await web.page.getByRole('heading', { name: monthChart }).waitFor();
      await web.page.locator('[data-testid="dosing-chart"] path.recharts-line-curve').nth(2).waitFor({ state: 'attached' });
      await web.checkAccessibility();
      await web.screenshot('coordinator-dosing-report-by-month');
      await web.finish();
    },
    180_000,
  );

  it.each(LANGUAGES)(
    'reviews the emergency access with its reason and the client’s access log, sees the audit chain intact, and cancels a scheduled reminder (%s)',
    async (language) => {
      const { coordinator, missing, regular, failed, scheduled } = await clinicWithHistory(suite.t);
      const words = WORDS[language];
      const web = await WebPage.open(suite, language);
      await web.signIn(coordinator.username, STAFF_PASSWORD);

      await nav(web, words.accessLog);
      const grant = web.page.getByTestId('emergency-row').filter({ hasText: missing.code });
      await grant.getByTestId('emergency-reason').filter({ hasText: EMERGENCY_REASON }).waitFor();
      await web.waitForText('audit-verify', words.verifyOk);
      expect(await web.page.getByTestId('audit-verify').getAttribute('data-ok')).toBe('true');
      await web.page.getByTestId('audit-event').first().waitFor();
      await web.checkAccessibility();
      await web.screenshot('coordinator-access');
      await grant.getByTestId('open-access-log').click();
      await web.waitForText('access-log-grounds', words.emergencyGrounds);
      await web.checkAccessibility();
      await web.page.keyboard.press('Escape');
      await web.page.getByRole('dialog').waitFor({ state: 'detached' });
      // The audit log by day: a month long past holds no events.
      await pickDate(web.page, 'filter-from', '2020-01-01');
      await pickDate(web.page, 'filter-to', '2020-01-31');
      await web.page.getByTestId('apply-filters').click();
      await web.page.getByTestId('audit-empty').waitFor();

      await nav(web, words.reminders);
      const row = web.page.locator(`[data-reminder-id="${scheduled.id}"]`);
      await row.waitFor();
      await web.page.getByLabel(words.clientCode).fill(regular.code);
      await web.page.getByRole('button', { name: words.filterClient }).click();
      await web.page.getByTestId('client-filter').filter({ hasText: regular.code }).waitFor();
      await web.page.getByLabel(words.status, { exact: true }).selectOption('failed');
      const failedRow = web.page.locator(`[data-reminder-id="${failed.id}"]`);
      await failedRow.getByTestId('reminder-error').filter({ hasText: words.channelMissing }).waitFor();
      await row.waitFor({ state: 'detached' });
      await web.page.getByLabel(words.status, { exact: true }).selectOption('');
      await row.waitFor();
      await web.checkAccessibility();
      await web.screenshot('coordinator-reminders');

      await row.getByTestId('cancel-reminder').click();
      await row.getByTestId('reminder-status').filter({ hasText: words.cancelled }).waitFor();
      await web.page.getByTestId('cancel-done').waitFor();
      expect(await row.getByTestId('cancel-reminder').count()).toBe(0);
      const after = await listReminders(suite.t, coordinator, { clientId: regular.id, limit: '200' });
      expect(after.find((reminder) => reminder.id === scheduled.id)).toMatchObject({
        status: 'cancelled',
        lastErrorCode: 'CANCELLED_BY_STAFF',
      });
      expect(after.find((reminder) => reminder.id === failed.id)).toMatchObject({ status: 'failed' });

      // The failed reminder is tried again: scheduled once more, and the retry is in the audit log.
      await web.page.getByLabel(words.status, { exact: true }).selectOption('failed');
      await failedRow.getByTestId('retry-reminder').click();
      await web.page.getByTestId('retry-done').waitFor();
      const events = await get<{ items: Array<{ action: string; targetId: string | null }> }>(
        coordinator,
        `/api/v1/audit-events?clientId=${regular.id}&limit=200`,
      );
      expect(events.items).toContainEqual(expect.objectContaining({ action: 'reminder.retry', targetId: failed.id }));
      await web.finish();
    },
    180_000,
  );
  it('compares retention by intake quarter with a band per group to the end of follow-up, reads attendance per member and filters the audit log (zh-CN)', async () => {
    const { coordinator, regular, missing } = await clinicWithHistory(suite.t);
    const web = await WebPage.open(suite, 'zh-CN');
    await web.signIn(coordinator.username, STAFF_PASSWORD);

    await nav(web, '保持率');
    await web.page.getByLabel('比较').selectOption('cohort');
    await web.page.getByLabel('队列划分').selectOption('quarter');
    const byQuarter = await get<{ followUp: number; groups: Array<{ key: string; episodes: number; followUp: number }> }>(
      coordinator,
      '/api/v1/reports/retention?compare=cohort&cohortBy=quarter',
    );
    expect(byQuarter.groups.length).toBeGreaterThanOrEqual(2);
    const keys = byQuarter.groups.map((group) => group.key);
    expect(keys).toEqual([...keys].sort());
    const chart = web.page.getByTestId('retention-chart');
    // One line and one band per quarter.
    await chart
      .locator('path.recharts-line-curve')
      .nth(byQuarter.groups.length - 1)
      .waitFor({ state: 'attached' });
    expect(await chart.locator('path.recharts-line-curve').count()).toBe(byQuarter.groups.length);
    expect(await chart.locator('.recharts-area-area').count()).toBe(byQuarter.groups.length);
    // The legend in date order, the quarters named in Chinese.
    const legend = (await chart.locator('.recharts-legend-item-text').allTextContents()).map((text) => text.trim());
    const named = byQuarter.groups.map((group) => {
      const [year, quarter] = group.key.split('-Q');
      return `${year}年第${quarter}季度`;
    });
    expect(legend).toEqual(named);
    // Every group here is small: the warning names them.
    const warning = web.page.getByTestId('small-groups');
    await warning.waitFor();
    for (const name of named) expect(await warning.textContent()).toContain(name);
    expect(await web.page.getByTestId('retention-follow-up').textContent()).toContain(`第 ${byQuarter.followUp} 天`);
    const help = await web.page.getByTestId('retention-help').textContent();
    for (const term of ['删失', '界标', 'Log-rank']) expect(help).toContain(term);
    await web.checkAccessibility();
    await web.screenshot('coordinator-retention-quarters');

    await nav(web, '出勤');
    await web.page.getByLabel('查看方式').selectOption('member');
    const members = await get<{ members: Array<{ code: string; present: number; lastAttended: string | null }> }>(
      coordinator,
      '/api/v1/reports/attendance?by=member',
    );
    const mine = members.members.find((member) => member.code === regular.code)!;
    expect(mine).toMatchObject({ present: 1 });
    const row = web.page.locator(`[data-testid="member-row"][data-code="${regular.code}"]`);
    await row.waitFor();
    expect(await row.getByTestId('member-present').textContent()).toBe('1');
    expect(await row.getByTestId('member-last').textContent()).toBe(
      new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${mine.lastAttended}T00:00:00Z`)),
    );
    await web.checkAccessibility();

    await nav(web, '访问记录');
    await web.page.getByTestId('audit-event').first().waitFor();
    await web.page.getByLabel('服务对象编号').fill(missing.code.toLowerCase());
    await web.page.getByLabel('员工', { exact: true }).selectOption(coordinator.id);
    // The screen's own steps (finding the code, reading the log) are audited too: what it lists lies between the
    // client's events by this coordinator before the filter was applied and those after.
    const eventIds = async () => {
      const page = await get<{ items: Array<{ id: string; clientCode: string | null }> }>(
        coordinator,
        `/api/v1/audit-events?clientId=${missing.id}&actorId=${coordinator.id}&limit=200`,
      );
      return page.items;
    };
    const before = await eventIds();
    expect(before.length).toBeGreaterThan(0);
    await web.page.getByTestId('apply-filters').click();
    // Settled on the filtered list: every event found before is shown, and every event shown is one of the
    // client's events by this coordinator (the list before filtering may hold all of the first and others too).
    const shownNow = async () => {
      const ids = await web.page
        .locator('[data-testid="audit-event"]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event-id')!));
      return { ids, after: await eventIds() };
    };
    const { ids: shown, after } = await eventually(
      shownNow,
      ({ ids, after }) => before.every((event) => ids.includes(event.id)) && ids.every((id) => after.some((event) => event.id === id)),
      20_000,
    );
    expect(before.map((event) => event.id).filter((id) => !shown.includes(id))).toEqual([]);
    expect(shown.filter((id) => !after.some((event) => event.id === id))).toEqual([]);
    expect(new Set(after.map((event) => event.clientCode).filter((code) => code !== null))).toEqual(new Set([missing.code]));
    const codes = await web.page.getByTestId('audit-client').allTextContents();
    expect(new Set(codes)).toEqual(new Set([missing.code]));
    // An unknown code says so instead of listing nothing.
    await web.page.getByLabel('服务对象编号').fill('ZZ99-999999');
    await web.page.getByTestId('apply-filters').click();
    await web.page.getByText('本诊所没有这个编号的服务对象。').waitFor();
    await web.checkAccessibility();
    await web.screenshot('coordinator-audit-filters');
    await web.finish();
  }, 240_000);

  it('in zh-CN, assigns a counselor who then sees the client in the caseload, removes a physician after confirming, edits the identity, discharges and readmits, and schedules a reminder', async () => {
    const { t } = suite;
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin, { timeZone: TZ });
    const [coordinator, counselor, physician] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
      makeStaff(t, admin, Role.Physician, clinic.id),
    ]);
    const client = await makeClient(t, coordinator, {
      intakeDate: clinicDay(t, -10, TZ),
      familyName: '赵',
      givenName: '强',
      phone: '13900000088',
    });
    await addToCareTeam(t, coordinator, client.id, physician);
    const today = clinicDay(t, 0, TZ);
    const yesterday = clinicDay(t, -1, TZ);

    // Before: the counselor's caseload is empty.
    const counselorWeb = await WebPage.open(suite, 'zh-CN');
    await counselorWeb.signIn(counselor.username, STAFF_PASSWORD);
    await counselorWeb.openFromMenu('我的个案');
    await counselorWeb.page.getByTestId('caseload-empty').waitFor();

    const web = await WebPage.open(suite, 'zh-CN');
    const page = web.page;
    await web.signIn(coordinator.username, STAFF_PASSWORD);
    await web.goto(`/clients/${client.id}?tab=manage`);
    const manager = page.getByTestId('care-team-manager');
    await manager.getByTestId('team-member').filter({ hasText: 'Test physician' }).waitFor();
    await web.checkAccessibility();
    await web.screenshot('coordinator-client-manage');

    // Assign the counselor.
    await page.getByTestId('team-role').selectOption('counselor');
    await page.getByTestId('team-staff').selectOption(counselor.id);
    await page.getByTestId('team-add').click();
    await manager.locator(`[data-testid="team-member"][data-staff-id="${counselor.id}"]`).waitFor();
    const team = (await t.http.get(`/api/v1/clients/${client.id}/care-team`).set(coordinator.auth).expect(200)).body.items;
    expect(team).toContainEqual(expect.objectContaining({ staffId: counselor.id, role: 'counselor' }));

    // The counselor now finds the client in the caseload.
    await counselorWeb.goto('/clients');
    await counselorWeb.waitForText('client-code', client.code);
    expect(await counselorWeb.page.getByTestId('client-row').count()).toBe(1);
    // The caseload's columns: no dose missed since registration today, no session yet.
    await counselorWeb.waitForText('client-flag', '正常');
    expect(await counselorWeb.page.getByTestId('client-lastSessionDate').textContent()).toBe('—');
    expect(await counselorWeb.page.getByTestId('client-nextAppointmentAt').textContent()).toBe('—');
    await counselorWeb.checkAccessibility();
    await counselorWeb.finish();

    // Removing the physician asks first; cancelling keeps them.
    const physicianRow = manager.locator(`[data-testid="team-member"][data-staff-id="${physician.id}"]`);
    await physicianRow.getByTestId('team-remove').click();
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await physicianRow.count()).toBe(1);
    await physicianRow.getByTestId('team-remove').click();
    await page.getByTestId('team-remove-confirm').waitFor();
    await web.checkAccessibility();
    await page.getByTestId('team-remove-confirm').click();
    await physicianRow.waitFor({ state: 'detached' });
    const teamAfter = (await t.http.get(`/api/v1/clients/${client.id}/care-team`).set(coordinator.auth).expect(200)).body.items;
    expect(teamAfter.map((member: { staffId: string }) => member.staffId)).toEqual([counselor.id]);

    // Identity: an e-mail the browser lets through and the server refuses (no domain) is marked at its field; a valid change is saved.
    await page.getByTestId('identity-email').fill('zhao@qiang');
    web.expectApiError(400);
    await page.getByTestId('identity-submit').click();
    await page.locator('[data-testid="identity-email"][aria-invalid="true"]').waitFor();
    await page.getByTestId('identity-email').fill('zhao.qiang@example.cn');
    await page.getByTestId('identity-preferredName').fill('小强');
    await page.getByTestId('identity-submit').click();
    await page.getByTestId('identity-form').getByTestId('done').waitFor();
    const edited = (await t.http.get(`/api/v1/clients/${client.id}`).set(coordinator.auth).expect(200)).body;
    expect(edited).toMatchObject({ email: 'zhao.qiang@example.cn', preferredName: '小强', familyName: '赵', givenName: '强' });

    // Discharge yesterday, after confirming (on the overview, with the episodes).
    await page.getByTestId('tab-overview').click();
    await pickDate(page, 'discharge-date', yesterday);
    await page.getByTestId('discharge-reason').selectOption('completed');
    await page.getByTestId('discharge-submit').click();
    await page.getByRole('dialog').waitFor();
    await web.checkAccessibility();
    await page.getByTestId('discharge-confirm').click();
    await page.getByTestId('readmit-form').waitFor();
    await web.waitForText('client-status', '已出组');
    let episodes = (await t.http.get(`/api/v1/clients/${client.id}/episodes`).set(coordinator.auth).expect(200)).body;
    expect(episodes).toEqual([expect.objectContaining({ endDate: yesterday, endReason: 'completed' })]);

    // Readmit today: a new episode.
    await page.getByTestId('readmit-submit').click();
    await page.getByTestId('discharge-form').waitFor();
    await web.waitForText('client-status', '在治');
    episodes = (await t.http.get(`/api/v1/clients/${client.id}/episodes`).set(coordinator.auth).expect(200)).body;
    expect(episodes).toHaveLength(2);
    expect(episodes).toContainEqual(expect.objectContaining({ startDate: today, endDate: null }));
    await page.getByTestId('episode').nth(1).waitFor();
    expect(await page.getByTestId('episode').count()).toBe(2);

    // A manual appointment reminder, typed on the clinic's clock.
    await recordConsent(t, coordinator, client.id, { scope: 'sms_reminders' });
    await page.getByTestId('tab-manage').click();
    const sendDay = clinicDay(t, 2, TZ);
    await fillDateTime(page, 'reminder-send-at', `${sendDay}T09:00`);
    await fillDateTime(page, 'reminder-appointment-at', `${sendDay}T15:00`);
    await page.getByTestId('reminder-submit').click();
    await page.getByTestId('reminder-form').getByTestId('done').waitFor();
    const reminders = await listReminders(t, coordinator, { clientId: client.id, limit: '200' });
    expect(reminders).toEqual([expect.objectContaining({ kind: 'appointment', channel: 'sms', status: 'scheduled' })]);
    expect(Date.parse(reminders[0].scheduledFor)).toBe(Date.parse(`${sendDay}T09:00:00+08:00`));
    await web.finish();
  }, 240_000);

  it('in zh-CN, imports dosing history: a bad row is shown with its line and nothing is imported; then the corrected file is; and records several consents at once, renewing them on a second submission', async () => {
    const { t } = suite;
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin, { timeZone: TZ });
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    const client = await makeClient(t, coordinator, { intakeDate: clinicDay(t, -10, TZ) });
    const web = await WebPage.open(suite, 'zh-CN');
    const page = web.page;
    await web.signIn(coordinator.username, STAFF_PASSWORD);

    await nav(web, '导入服药记录');
    const header = 'client_code,clinic_day,dose_mg,kind';
    const good = [`${client.code},${clinicDay(t, -3, TZ)},60,observed`, `${client.code},${clinicDay(t, -2, TZ)},60,observed`];
    const bad = `${clinic.code}-999999,${clinicDay(t, -1, TZ)},60,observed`;
    const file = (lines: string[]) => ({
      name: 'history.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${[header, ...lines].join('\n')}\n`),
    });
    await page.locator('input[type="file"]').setInputFiles(file([good[0], bad, good[1]]));
    web.expectApiError(400);
    await page.getByTestId('import-submit').click();
    const failing = page.locator('[data-testid="import-error"][data-line="3"]');
    await failing.filter({ hasText: '第 3 行' }).waitFor();
    // The row's reason in the user's language (the server's key, not its English message).
    await failing.filter({ hasText: `本门诊没有编号为 ${clinic.code}-999999 的服务对象` }).waitFor();
    await web.waitForText('import-failing', '有 1 行有误');
    expect(await page.getByTestId('import-error').count()).toBe(1);
    await web.checkAccessibility();
    await web.screenshot('coordinator-import');
    const before = (await t.http.get(`/api/v1/clients/${client.id}/doses`).set(coordinator.auth).expect(200)).body.items;
    expect(before).toEqual([]);

    await page.locator('input[type="file"]').setInputFiles(file(good));
    await page.getByTestId('import-submit').click();
    await web.waitForText('done', '已导入 2 行');
    const doses = (await t.http.get(`/api/v1/clients/${client.id}/doses`).set(coordinator.auth).expect(200)).body.items;
    expect(doses).toHaveLength(2);

    // Several consents in one submission; the same again renews them, never a second copy.
    await web.goto(`/clients/${client.id}?tab=consents`);
    for (const scope of ['peer_support', 'sms_reminders', 'research']) await page.getByTestId(`consent-scope-${scope}`).check();
    await page.getByTestId('consent-submit').click();
    for (const scope of ['peer_support', 'sms_reminders', 'research']) {
      await page
        .locator(`[data-testid="consent-result"][data-scope="${scope}"][data-outcome="recorded"]`)
        .filter({ hasText: '已记录' })
        .waitFor();
      await page.locator(`[data-testid="consent"][data-scope="${scope}"]`).waitFor();
    }
    await web.checkAccessibility();
    for (const scope of ['peer_support', 'sms_reminders']) await page.getByTestId(`consent-scope-${scope}`).check();
    await page.getByTestId('consent-submit').click();
    for (const scope of ['peer_support', 'sms_reminders']) {
      await page
        .locator(`[data-testid="consent-result"][data-scope="${scope}"][data-outcome="renewed"]`)
        .filter({ hasText: '已续期' })
        .waitFor();
    }
    const consents = (await t.http.get(`/api/v1/clients/${client.id}/consents`).set(coordinator.auth).expect(200)).body.items;
    expect(consents.map((consent: { scope: string }) => consent.scope).sort()).toEqual(['peer_support', 'research', 'sms_reminders']);
    expect(await page.getByTestId('consent').count()).toBe(3);

    // The one peer-support consent revoked once: the peer leader no longer sees the client in the group.
    const leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    const group = await makePeerGroup(t, coordinator, [leader]);
    await joinPeerGroup(t, coordinator, group.id, client.id);
    const leaderWeb = await WebPage.open(suite, 'zh-CN');
    await leaderWeb.signIn(leader.username, STAFF_PASSWORD);
    const openGroup = async () => {
      await leaderWeb.goto('/groups');
      await leaderWeb.page.getByRole('button', { name: group.name }).click();
    };
    await openGroup();
    await leaderWeb.page.getByTestId(`member-${client.id}`).filter({ hasText: client.code }).waitFor();
    const peerConsent = page.locator('[data-testid="consent"][data-scope="peer_support"]');
    await peerConsent.getByTestId('consent-revoke').click();
    await page.getByTestId('revoke-reason').fill('服务对象不再参加小组');
    await page.getByTestId('revoke-submit').click();
    await peerConsent.getByTestId('consent-status').filter({ hasText: '已撤回' }).waitFor();
    await openGroup();
    // A fresh page (nothing cached): once the list has arrived, the client is not in it.
    await leaderWeb.page.getByTestId('member-count').waitFor();
    expect(await leaderWeb.page.getByTestId(`member-${client.id}`).count()).toBe(0);
    await leaderWeb.finish();
    await web.finish();
  }, 240_000);

  it('in en, downloads a client’s record as FHIR for a referral once the referral consent is recorded, and says why not before', async () => {
    const { t } = suite;
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin, { timeZone: TZ });
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    const client = await makeClient(t, coordinator, { intakeDate: clinicDay(t, -10, TZ) });

    const web = await WebPage.open(suite, 'en');
    await web.signIn(coordinator.username, STAFF_PASSWORD);
    await web.goto(`/clients/${client.id}`);
    web.expectApiError(422);
    await web.page.getByTestId('fhir-download').click();
    await web.page.getByTestId('fhir-no-consent').waitFor();
    expect(await web.page.getByTestId('fhir-no-consent').textContent()).toContain('referral consent');
    await web.checkAccessibility();

    await recordConsent(t, coordinator, client.id, { scope: 'referral' });
    const [download] = await Promise.all([web.page.waitForEvent('download'), web.page.getByTestId('fhir-download').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${client.code}-fhir-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const bundle = JSON.parse(readFileSync(await download.path()).toString('utf8'));
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry[0].resource).toMatchObject({ resourceType: 'Patient', id: client.id });
    expect(await web.page.getByTestId('fhir-no-consent').count()).toBe(0);
    await web.finish();
  }, 120_000);
  it('in zh-CN, shows how many consenting clients the research export holds and suppresses, then downloads it as a ZIP', async () => {
    const { t } = suite;
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin, { timeZone: TZ });
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    // Five men of one age band (exported) and a woman alone in hers (suppressed), all with research consent.
    const people = [...Array(5).fill({ dateOfBirth: '1985-04-12', sex: 'male' }), { dateOfBirth: '1995-02-01', sex: 'female' }];
    for (const person of people) {
      const client = await makeClient(t, coordinator, { ...person, intakeDate: clinicDay(t, -10, TZ) });
      await recordConsent(t, coordinator, client.id, { scope: 'research' });
    }

    const web = await WebPage.open(suite, 'zh-CN');
    await web.signIn(coordinator.username, STAFF_PASSWORD);
    await web.page.getByRole('link', { name: '科研数据导出' }).click();
    await web.waitForText('research-consenting', /^6$/);
    expect(await web.page.getByTestId('research-exported').textContent()).toBe('5');
    expect(await web.page.getByTestId('research-suppressed').textContent()).toBe('1');
    expect(await web.page.getByTestId('research-suppressed-note').textContent()).toContain('1 名服务对象不予导出');
    await web.page.getByTestId('research-project').fill('cohort-2027');
    const [download] = await Promise.all([web.page.waitForEvent('download'), web.page.getByTestId('research-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^research-cohort-2027-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['clients.csv', 'episodes.csv', 'drug_tests.csv', 'codebook.md']));
    expect(Buffer.from(files['clients.csv']).toString('utf8').trim().split('\r\n')).toHaveLength(1 + 5);
    await web.page.getByTestId('research-saved').waitFor();
    await web.checkAccessibility();
    await web.finish();
  }, 120_000);
});
