import { Role } from '@tongban/platform';
import {
  eventually,
  addToCareTeam,
  clinicDay,
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
  signInAdmin,
  STAFF_PASSWORD,
  unique,
} from '../factories';
import { TestApp } from '../support/test-app';
import { daysFromTo } from '../support/test-clock';
import { fillDateTime, pickDate, WebPage } from './support/browser';
import { dayWalk } from './support/ui-only';

const TZ = 'Asia/Shanghai';
const EMERGENCY_REASON = '服务对象在窗口前身体不适，需要立即查看完整记录';

/**
 * The clinic as the coordinator finds it in the morning: five active clients (one dosed every day up to
 * today and in the peer group, one who has missed three days and whose record a counselor opened in an
 * emergency, one registered yesterday with nobody on the care team, one whose doses are still on paper,
 * one who has finished treatment), a peer-group meeting three days ago, and a reminder that failed.
 */
async function morning(t: TestApp) {
  const admin = await signInAdmin(t);
  const clinic = await makeClinic(t, admin, { timeZone: TZ });
  const [coordinator, counselor, onCall, leader] = await Promise.all([
    makeStaff(t, admin, Role.Coordinator, clinic.id),
    makeStaff(t, admin, Role.Counselor, clinic.id),
    makeStaff(t, admin, Role.Counselor, clinic.id),
    makeStaff(t, admin, Role.PeerLeader, clinic.id),
  ]);
  // Quiet hours far from now, so the reminder due now is tried at once rather than held.
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' }).format(t.clock.now()));
  const at = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  await t.http
    .patch(`/api/v1/clinics/${clinic.id}/settings`)
    .set(coordinator.auth)
    .send({ quietHoursStart: at(hour + 6), quietHoursEnd: at(hour + 7) })
    .expect(200);

  const intake = clinicDay(t, -30, TZ);
  const regular = await makeClient(t, coordinator, { intakeDate: intake, preferredName: '阿明', phone: '13900000001' });
  const missing = await makeClient(t, coordinator, { intakeDate: intake, preferredName: '小芳' });
  const newcomer = await makeClient(t, coordinator, {
    intakeDate: clinicDay(t, -1, TZ),
    familyName: '周',
    givenName: '新',
    phone: '13900000002',
  });
  const onPaper = await makeClient(t, coordinator, { intakeDate: clinicDay(t, -10, TZ) });
  const finishing = await makeClient(t, coordinator, { intakeDate: intake, familyName: '陈', givenName: '平' });
  for (const client of [regular, missing, onPaper, finishing]) await addToCareTeam(t, coordinator, client.id, counselor);

  const groupName = unique('周三互助小组');
  const group = await makePeerGroup(t, coordinator, [leader], { name: groupName });
  await recordConsent(t, coordinator, regular.id, { scope: 'peer_support', validFrom: intake });
  await joinPeerGroup(t, coordinator, group.id, regular.id);
  const meeting = await makePeerMeeting(t, coordinator, group.id, { date: clinicDay(t, -3, TZ) });
  await recordAttendance(t, coordinator, group.id, meeting.id, [{ clientId: regular.id, status: 'present' }]);

  const rows = (code: string, from: string, to: string): Array<[string, string]> => daysFromTo(from, to).map((day) => [code, day]);
  await importDosingHistory(t, coordinator, [
    ...rows(regular.code, intake, clinicDay(t, 0, TZ)),
    ...rows(missing.code, intake, clinicDay(t, -4, TZ)),
    ...rows(finishing.code, intake, clinicDay(t, -1, TZ)),
  ]);

  // A counselor outside the care team broke the glass in the night and read the record.
  await t.http.post(`/api/v1/clients/${missing.id}/emergency-access`).set(onCall.auth).send({ reason: EMERGENCY_REASON }).expect(201);
  await t.http.get(`/api/v1/clients/${missing.id}`).set(onCall.auth).expect(200);

  // No SMS gateway is configured in tests: the reminder due now fails visibly.
  await recordConsent(t, coordinator, regular.id, { scope: 'sms_reminders', validFrom: intake });
  const due = await makeReminder(t, coordinator, regular.id);
  const failed = await eventually(
    async () => (await listReminders(t, coordinator, { status: 'failed' })).find((reminder) => reminder.id === due.id),
    (reminder) => reminder !== undefined,
  );
  expect(failed).toMatchObject({ status: 'failed', lastErrorCode: 'CHANNEL_NOT_CONFIGURED' });
  return { clinic, coordinator, counselor, groupName, regular, missing, newcomer, onPaper, finishing, failed: failed! };
}

describe('a day in the web app: the coordinator (zh-CN)', () => {
  const walk = dayWalk();

  it('reads the dashboard, settles a new client’s care, discharges a client, imports paper records, retries a failed reminder, reviews emergency access and reads the reports', async () => {
    const { suite, t } = walk;
    const day = await morning(t);
    const today = clinicDay(t, 0, TZ);
    const yesterday = clinicDay(t, -1, TZ);
    walk.uiOnly();

    const web = await WebPage.open(suite, 'zh-CN');
    const { page } = web;
    const nav = (name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await web.signIn(day.coordinator.username, STAFF_PASSWORD);
    // Today's work first; the dashboard one click away.
    await page.getByRole('heading', { name: '今日工作' }).waitFor();
    await nav('概览');

    // The dashboard: five clients in treatment, one dosed today, the one who missed three days flagged, the failed reminder.
    await web.waitForText('census-active', /^5$/);
    await web.waitForText('census-dosed', /^1$/);
    await web.waitForText('census-flag-assess', /^1$/);
    const flagged = page.getByTestId('flagged-client').filter({ hasText: day.missing.code });
    await flagged.getByTestId('flag').filter({ hasText: '服药前需评估' }).waitFor();
    await flagged.getByTestId('flagged-missed').filter({ hasText: /^3$/ }).waitFor();
    await web.waitForText('failed-error', '服务器未配置该发送方式');
    await web.checkAccessibility();

    // The flagged client's record, from the dashboard: the dosing tab says why.
    await flagged.getByRole('link', { name: day.missing.code }).click();
    await web.waitForText('client-code', day.missing.code);
    await page.getByTestId('tab-dosing').click();
    await web.waitForText('dosing-flag', '服药前需评估');

    // The client registered yesterday has nobody on the care team: the dashboard lists them, and the coordinator assigns the counselor.
    await nav('概览');
    const unassigned = page.getByTestId('without-counselor-client');
    await unassigned.filter({ hasText: day.newcomer.code }).filter({ hasText: '周新' }).waitFor();
    expect(await unassigned.count()).toBe(1);
    await unassigned.getByRole('link', { name: `为 ${day.newcomer.code} 分配咨询员` }).click();
    await web.waitForText('client-name', '周新');
    await page.getByTestId('team-role').selectOption('counselor');
    await page.getByTestId('team-staff').selectOption(day.counselor.id);
    await page.getByTestId('team-add').click();
    await page.getByTestId('care-team-manager').locator(`[data-testid="team-member"][data-staff-id="${day.counselor.id}"]`).waitFor();
    await web.checkAccessibility();
    await nav('概览');
    await page.getByTestId('without-counselor-empty').filter({ hasText: '每位在治服务对象都已有咨询员' }).waitFor();
    await page.goBack();
    await page.getByTestId('care-team-manager').waitFor();

    // The consents the client signed at intake, in one submission.
    await page.getByTestId('tab-consents').click();
    for (const scope of ['peer_support', 'sms_reminders']) await page.getByTestId(`consent-scope-${scope}`).check();
    await page.getByTestId('consent-submit').click();
    for (const scope of ['peer_support', 'sms_reminders']) {
      await page.locator(`[data-testid="consent-result"][data-scope="${scope}"][data-outcome="recorded"]`).waitFor();
      await page
        .locator(`[data-testid="consent"][data-scope="${scope}"]`)
        .getByTestId('consent-status')
        .filter({ hasText: '有效' })
        .waitFor();
    }
    await web.checkAccessibility();

    // A reminder of the first appointment with the counselor, the day after tomorrow at 10:00.
    await page.getByTestId('tab-manage').click();
    const appointmentDay = clinicDay(t, 2, TZ);
    await fillDateTime(page, 'reminder-send-at', `${appointmentDay}T09:00`);
    await fillDateTime(page, 'reminder-appointment-at', `${appointmentDay}T10:00`);
    await page.getByTestId('reminder-submit').click();
    await page.getByTestId('reminder-form').getByTestId('done').waitFor();

    // 陈平 finished treatment yesterday: discharged, after confirming.
    await nav('我的个案');
    await page.getByTestId('caseload-search').fill('陈平');
    await page.getByTestId('caseload-search-submit').click();
    await page.getByTestId('client-row').filter({ hasText: day.finishing.code }).getByTestId('client-link').click();
    await web.waitForText('client-code', day.finishing.code);
    await pickDate(page, 'discharge-date', yesterday);
    await page.getByTestId('discharge-reason').selectOption('completed');
    await page.getByTestId('discharge-submit').click();
    await page.getByRole('dialog').waitFor();
    await web.checkAccessibility();
    await page.getByTestId('discharge-confirm').click();
    await web.waitForText('client-status', '已出组');
    await page.getByTestId('readmit-form').waitFor();

    // The paper records of the client who came from another programme, imported from the clinic's spreadsheet.
    await nav('导入服药记录');
    const csv = [
      'client_code,clinic_day,dose_mg,kind',
      ...[-3, -2, -1].map((offset) => `${day.onPaper.code},${clinicDay(t, offset, TZ)},60,observed`),
    ];
    await page.getByTestId('import-file').waitFor();
    await page
      .locator('form:has([data-testid="import-file"]) input[type="file"]')
      .setInputFiles({ name: 'paper.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv.join('\n')}\n`) });
    await page.getByTestId('import-submit').click();
    await web.waitForText('done', '已导入 3 行');
    await web.checkAccessibility();

    // The failed reminder, tried again.
    await nav('提醒');
    await page.getByLabel('状态', { exact: true }).selectOption('failed');
    const failedRow = page.locator(`[data-reminder-id="${day.failed.id}"]`);
    await failedRow.getByTestId('reminder-error').filter({ hasText: '服务器未配置该发送方式' }).waitFor();
    await failedRow.getByTestId('retry-reminder').click();
    await page.getByTestId('retry-done').waitFor();
    await web.checkAccessibility();

    // The night's emergency access, with its reason; the client's access log; the audit chain intact.
    await nav('访问记录');
    const grant = page.getByTestId('emergency-row').filter({ hasText: day.missing.code });
    await grant.getByTestId('emergency-reason').filter({ hasText: EMERGENCY_REASON }).waitFor();
    await web.waitForText('audit-verify', '审计记录完整');
    await grant.getByTestId('open-access-log').click();
    await web.waitForText('access-log-grounds', '紧急访问');
    await web.checkAccessibility();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // The reports: retention, the group's attendance, yesterday's doses.
    await nav('保持率');
    await web.waitForText('retention-episodes', /^5$/);
    await page.locator('[data-testid="retention-chart"] path.recharts-line-curve').first().waitFor({ state: 'attached' });
    await web.checkAccessibility();
    await nav('出勤');
    const attendance = page.getByTestId('attendance-row').filter({ hasText: day.groupName });
    await attendance.getByTestId('attendance-meetings').filter({ hasText: /^1$/ }).waitFor();
    await attendance.getByTestId('attendance-members').filter({ hasText: /^1$/ }).waitFor();
    await nav('服药统计');
    // Yesterday: the regular client, 陈平 on their last day, and the paper record imported this morning.
    const dosing = page.locator(`[data-testid="dosing-row"][data-day="${yesterday}"]`);
    await dosing.getByTestId('dosing-doses').filter({ hasText: /^3$/ }).waitFor();
    await page.locator(`[data-testid="dosing-row"][data-day="${today}"]`).getByTestId('dosing-doses').filter({ hasText: /^1$/ }).waitFor();
    await web.checkAccessibility();
    await web.finish();
  }, 150_000);
});
