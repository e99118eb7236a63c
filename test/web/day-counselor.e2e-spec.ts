import { Role } from '@tongban/platform';
import {
  addToCareTeam,
  clinicDay,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeCounselingSession,
  makeFamilyContact,
  makeStaff,
  pinClock,
  recordConsent,
  signInAdmin,
  STAFF_PASSWORD,
} from '../factories';
import { InlineDelivery } from '@tongban/reminders/delivery/inline-delivery';
import { SweepRemindersJob } from '@tongban/reminders/jobs/sweep-reminders.job';
import { addDays } from '../support/test-clock';
import { fillDateTime, WebPage } from './support/browser';
import { dayWalk } from './support/ui-only';

const TZ = 'Asia/Shanghai';

describe('a day in the web app: the counselor (zh-CN)', () => {
  const walk = dayWalk();

  it('reads a notice of a consent about to end and renews it, then works through the caseload: a flagged client’s family and consents, two sessions with their reminders, a walk-in registered, and a client off the caseload opened in an emergency', async () => {
    const { suite, t } = walk;
    // Set-up: the counselor's caseload as the day starts. 王强 has an appointment tomorrow and takes SMS reminders;
    // 李芳 has missed three days and her mother is on file, with a phone number that has since changed;
    // 赵磊 is another counselor's client.
    // The morning after the daily send time (the night's notices are due), whatever the hour the test runs.
    pinClock(t, '10:30', TZ);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin, { timeZone: TZ });
    const [coordinator, counselor] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
    ]);
    const intake = clinicDay(t, -30, TZ);
    const wang = await makeClient(t, coordinator, { intakeDate: intake, familyName: '王', givenName: '强', phone: '13900000011' });
    const li = await makeClient(t, coordinator, { intakeDate: intake, familyName: '李', givenName: '芳' });
    const zhao = await makeClient(t, coordinator, { intakeDate: intake, familyName: '赵', givenName: '磊' });
    for (const client of [wang, li]) await addToCareTeam(t, coordinator, client.id, counselor);
    await recordConsent(t, coordinator, wang.id, { scope: 'sms_reminders', validFrom: intake });
    const rows = (code: string, to: number): Array<[string, string]> => {
      const days: Array<[string, string]> = [];
      for (let day = intake; day <= clinicDay(t, to, TZ); day = addDays(day, 1)) days.push([code, day]);
      return days;
    };
    await importDosingHistory(t, coordinator, [...rows(wang.code, 0), ...rows(li.code, -4)]);
    const tomorrow = clinicDay(t, 1, TZ);
    await makeCounselingSession(t, counselor, wang.id, {
      date: clinicDay(t, -7, TZ),
      nextAppointmentAt: new Date(`${tomorrow}T10:00:00+08:00`).toISOString(),
    });
    await makeFamilyContact(t, counselor, li.id, { name: '李母', relationship: '母亲', phone: '13800000001', mayContact: true });
    // 王强's research consent ends in five days: the night's sweep has told his counselor in the app.
    await recordConsent(t, coordinator, wang.id, { scope: 'research', validFrom: intake, validUntil: clinicDay(t, 5, TZ) });
    await t.app.get(SweepRemindersJob).run();
    await t.app.get(InlineDelivery).runDue();
    const inbox = await t.http.get('/api/v1/notifications').set(counselor.auth).expect(200);
    expect(inbox.body.items).toEqual([expect.objectContaining({ kind: 'consent_expiry', clientId: wang.id, readAt: null })]);
    walk.uiOnly();

    const web = await WebPage.open(suite, 'zh-CN');
    const { page } = web;
    // The device's clock as the server's.
    await page.clock.install({ time: t.clock.now() });
    await web.signIn(counselor.username, STAFF_PASSWORD);

    // First the notices: 王强's consent about to end. Read, and his record opened from it.
    await web.waitForText('notifications-unread', /^1$/);
    await page.getByTestId('notifications-link').click();
    const notice = page.getByTestId('notification').filter({ hasText: wang.code });
    await notice.getByTestId('notification-state').filter({ hasText: '未读' }).waitFor();
    await web.checkAccessibility();
    await notice.getByTestId('notification-mark-read').click();
    await notice.getByTestId('notification-state').filter({ hasText: '已读' }).waitFor();
    await page.getByTestId('notifications-unread').waitFor({ state: 'detached' });
    await notice.getByTestId('notification-client').click();
    await web.waitForText('client-name', '王强');
    await page.getByTestId('tab-consents').click();
    await page.locator('[data-testid="consent"][data-scope="research"]').waitFor();
    // He agrees to go on taking part: the consent renewed, without an end date this time.
    await page.getByTestId('consent-scope-research').check();
    await page.getByTestId('consent-submit').click();
    await page.locator('[data-testid="consent-result"][data-scope="research"][data-outcome="renewed"]').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: '我的个案', exact: true }).click();

    // The caseload: 李芳 flagged for missed doses, 王强's appointment tomorrow and last session a week ago; 赵磊 is not there.
    const row = (code: string) => page.getByTestId('client-row').filter({ hasText: code });
    await row(li.code).getByTestId('client-flag').filter({ hasText: '服药前需评估' }).waitFor();
    await row(wang.code).getByTestId('client-flag').filter({ hasText: '正常' }).waitFor();
    await row(wang.code).getByTestId('client-nextAppointmentAt').filter({ hasText: '10:00' }).waitFor();
    expect(await row(wang.code).getByTestId('client-lastSessionDate').textContent()).not.toBe('—');
    expect(await page.getByTestId('client-row').count()).toBe(2);
    await web.checkAccessibility();

    // 李芳 first. Her mother came in this morning, worried, with her new phone number.
    await row(li.code).getByTestId('client-link').click();
    await web.waitForText('client-name', '李芳');
    await page.getByTestId('tab-family').click();
    const mother = page.getByTestId('family-contact').filter({ hasText: '李母' });
    await mother.getByTestId('family-contactable').filter({ hasText: '不可联系' }).waitFor();
    await mother.getByTestId('contact-edit').click();
    await mother.getByTestId('edit-contact-phone').fill('13800000002');
    await mother.getByTestId('edit-contact-submit').click();
    await mother.getByTestId('contact-edited').filter({ hasText: '联系人已保存' }).waitFor();
    await mother.getByTestId('fact-phone').filter({ hasText: '13800000002' }).waitFor();
    // A visit the relative started needs no consent.
    await mother.getByTestId('interaction-initiator').getByText('家属', { exact: true }).click();
    await mother.getByTestId('interaction-channel').selectOption('visit');
    await mother.getByTestId('interaction-summary').fill('母亲来门诊，担心她这几天没来服药');
    await mother.getByTestId('interaction-submit').click();
    const visit = mother.getByTestId('interaction').filter({ hasText: '母亲来门诊' });
    await visit.getByTestId('interaction-initiator-cell').filter({ hasText: '家属' }).waitFor();
    await web.checkAccessibility();

    // 李芳 agrees that the clinic may call her mother: recorded, and the clinic's own call is then logged.
    await page.getByTestId('tab-consents').click();
    await page.getByTestId('consent-scope-family_contact').check();
    await page.getByTestId('consent-note').fill('服务对象同意门诊联系母亲');
    await page.getByTestId('consent-submit').click();
    await page
      .locator('[data-testid="consent"][data-scope="family_contact"]')
      .getByTestId('consent-status')
      .filter({ hasText: '有效' })
      .waitFor();
    await page.getByTestId('tab-family').click();
    await mother.getByTestId('family-contactable').filter({ hasText: '今日可联系' }).waitFor();
    await mother.getByTestId('interaction-initiator').getByText('门诊', { exact: true }).click();
    await mother.getByTestId('interaction-channel').selectOption('phone');
    await mother.getByTestId('interaction-summary').fill('电话告知母亲下次咨询的时间');
    await mother.getByTestId('interaction-submit').click();
    await mother
      .getByTestId('interaction')
      .filter({ hasText: '电话告知母亲' })
      .getByTestId('interaction-initiator-cell')
      .filter({ hasText: '门诊' })
      .waitFor();

    // A session with 李芳 about the missed days; she takes no reminders, and the form says so.
    await page.getByTestId('tab-sessions').click();
    await page.getByTestId('session-minutes-input').fill('30');
    await page.getByTestId('session-topics-input').fill('漏服，家庭支持');
    await page.getByTestId('session-notes-input').fill('这几天身体不适没来，答应明天来窗口');
    await fillDateTime(page, 'session-next-input', `${clinicDay(t, 3, TZ)}T10:00`);
    await page.getByTestId('session-submit').click();
    await web.waitForText('session-notes', '这几天身体不适没来');
    await page
      .locator('[data-testid="session-reminder"][data-status="not_scheduled"]')
      .filter({ hasText: '没有短信或电子邮件提醒同意' })
      .waitFor();
    await web.checkAccessibility();

    // 王强 drops in with his wife: a family session, and the reminder of the appointment it sets goes out by SMS.
    await page.getByRole('navigation').getByRole('link', { name: '我的个案', exact: true }).click();
    await row(wang.code).getByTestId('client-link').click();
    await web.waitForText('client-name', '王强');
    await page.getByTestId('tab-sessions').click();
    await page.getByTestId('session-type-input').selectOption('family');
    await page.getByTestId('session-minutes-input').fill('50');
    await page.getByTestId('session-topics-input').fill('就业');
    await page.getByTestId('session-notes-input').fill('找到了一份送货的工作，家里很支持');
    const next = clinicDay(t, 14, TZ);
    await fillDateTime(page, 'session-next-input', `${next}T10:00`);
    await page.getByTestId('session-submit').click();
    await web.waitForText('session-notes', '找到了一份送货的工作');
    const reminder = page.getByTestId('session-reminder').filter({ hasText: '通过短信发送' });
    await reminder.waitFor();
    expect(['scheduled', 'held']).toContain(await reminder.getAttribute('data-status'));
    await page
      .getByTestId('session')
      .filter({ hasText: '找到了一份送货的工作' })
      .getByTestId('session-type')
      .filter({ hasText: '家庭咨询' })
      .waitFor();

    // A walk-in: registered, and on the counselor's own care team.
    await page.getByRole('navigation').getByRole('link', { name: '我的个案', exact: true }).click();
    await page.getByTestId('register-toggle').click();
    await page.getByTestId('register-familyName').fill('孙');
    await page.getByTestId('register-givenName').fill('亮');
    await page.getByTestId('register-dateOfBirth').fill('1979-11-02');
    await page.getByTestId('register-sex').selectOption('male');
    await page.getByTestId('register-phone').fill('13900000033');
    await page.getByTestId('register-intakeDate').fill(clinicDay(t, 0, TZ));
    await page.keyboard.press('Escape');
    await page.getByTestId('register-submit').click();
    await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    await web.waitForText('client-name', '孙亮');
    await web.waitForText('client-status', '在治');
    await web.waitForText('care-team-member', 'Test counselor');
    await web.checkAccessibility();

    // 赵磊 collapses in the waiting room; his counselor is away. His exact code opens the record in an emergency.
    await page.getByRole('navigation').getByRole('link', { name: '我的个案', exact: true }).click();
    await page.getByTestId('caseload-search').fill(zhao.code);
    await page.getByTestId('caseload-search-submit').click();
    await page.getByTestId('emergency-by-code').waitFor();
    await web.checkAccessibility();
    await page.getByTestId('emergency-code-reason').fill('服务对象在候诊室晕倒，其咨询员不在');
    await page.getByTestId('emergency-code-submit').click();
    await web.waitForText('client-name', '赵磊');
    await web.waitForText('emergency-granted', '紧急访问有效至');

    // The caseload at the end of the day: the walk-in is on it; 王强's last session is today's, and his next
    // appointment is still the earliest one to come (tomorrow's), not the one set today.
    await page.getByRole('navigation').getByRole('link', { name: '我的个案', exact: true }).click();
    await page.getByTestId('client-row').filter({ hasText: '孙亮' }).waitFor();
    const monthDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
    await row(wang.code)
      .getByTestId('client-lastSessionDate')
      .filter({ hasText: monthDay(clinicDay(t, 0, TZ)) })
      .waitFor();
    await row(wang.code)
      .getByTestId('client-nextAppointmentAt')
      .filter({ hasText: monthDay(tomorrow) })
      .filter({ hasText: '10:00' })
      .waitFor();
    await web.checkAccessibility();
    await web.finish();
  }, 150_000);
});
