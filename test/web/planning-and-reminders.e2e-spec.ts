import { Role } from '@tongban/platform';
import {
  clinicDay,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makeFamilyContact,
  makePeerGroup,
  makePeerMeeting,
  makeStaff,
  recordConsent,
  signInAdmin,
  SignedIn,
  STAFF_PASSWORD,
  unique,
} from '../factories';
import { DESKTOP, fillDateTime, PHONE, startWebSuite, WebPage, WebSuite } from './support/browser';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The test machine is shared: a cold first page load can take longer than the harness's 15 seconds. */
const SLOW_MACHINE_MS = 30_000;

/**
 * In zh-CN: a peer leader plans a group's weekly meetings and records
 * absences with their reasons; a counselor sees where a session's
 * appointment reminder stands; a family contact is edited and a call the
 * relative started is logged without a family-contact consent.
 */
describe('web app: weekly meetings, absence reasons, appointment reminders and family contacts (zh-CN)', () => {
  let suite: WebSuite;
  let admin: SignedIn;

  beforeAll(async () => {
    suite = await startWebSuite();
    admin = await signInAdmin(suite.t);
  });
  afterAll(() => suite?.close());

  it('lets a peer leader plan weekly meetings until a day, skipping a day that has one, and mark absences with a reason in one tap', async () => {
    const { t } = suite;
    const clinic = await makeClinic(t, admin);
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    const leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    const meetingDay = WEEKDAYS[new Date(`${clinicDay(t, 2)}T00:00:00Z`).getUTCDay()];
    const group = await makePeerGroup(t, coordinator, [leader], { meetingDay, meetingTime: '19:00' });
    const anna = await makeClient(t, coordinator, { preferredName: unique('阿') });
    const bo = await makeClient(t, coordinator, { preferredName: unique('波') });
    for (const client of [anna, bo]) {
      await recordConsent(t, coordinator, client.id, { scope: 'peer_support' });
      await joinPeerGroup(t, coordinator, group.id, client.id);
    }
    const planned = await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, 9), startsAt: '10:00' });
    const yesterday = await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, -1) });

    const web = await WebPage.open(suite, 'zh-CN', PHONE);
    web.page.setDefaultTimeout(SLOW_MACHINE_MS);
    await web.signIn(leader.username, STAFF_PASSWORD);
    const { page } = web;
    await web.goto('/groups');
    await page.getByRole('button', { name: group.name }).click();

    // Weekly meetings from today until the day offered (four weeks ahead): four of the group's days, one of which has a meeting.
    await page.getByRole('button', { name: '按周安排活动' }).click();
    await web.waitForText('series-form', '最多提前 90 天');
    await web.checkAccessibility();
    await web.screenshot('peer-leader-series');
    await page.getByRole('button', { name: '安排活动', exact: true }).click();
    await web.waitForText('meeting-done', '已安排 3 次活动。');
    await web.waitForText('meeting-done', '1 天已有活动，已跳过。');
    const meetings = await t.http.get(`/api/v1/peer-groups/${group.id}/meetings`).set(leader.auth).expect(200);
    const dates = (meetings.body.items as Array<{ id: string; date: string; startsAt: string | null }>)
      .filter((meeting) => meeting.id !== planned.id && meeting.id !== yesterday.id)
      .map((meeting) => [meeting.date, meeting.startsAt])
      .sort();
    expect(dates).toEqual([
      [clinicDay(t, 2), '19:00'],
      [clinicDay(t, 16), '19:00'],
      [clinicDay(t, 23), '19:00'],
    ]);

    // Yesterday's meeting: Anna present, Bo absent for transport, each one tap.
    await web.goto(`/groups/${group.id}/meetings/${yesterday.id}`);
    const annaRow = page.getByTestId(`attendance-${anna.id}`);
    const boRow = page.getByTestId(`attendance-${bo.id}`);
    await annaRow.locator('label', { hasText: '出席' }).click();
    await boRow.locator('label', { hasText: '缺席' }).click();
    const reasons = page.getByTestId(`reasons-${bo.id}`);
    await reasons.getByRole('button', { name: '交通' }).click();
    expect(await reasons.getByRole('button', { name: '交通' }).getAttribute('aria-pressed')).toBe('true');
    expect(await annaRow.getByRole('button', { name: '交通' }).count()).toBe(0);
    await web.checkAccessibility();
    await web.screenshot('peer-leader-absence-reasons');
    await page.getByRole('button', { name: '保存出勤' }).click();
    await web.waitForText('attendance-saved', '出勤已保存。');
    const attendance = await t.http.get(`/api/v1/peer-groups/${group.id}/meetings/${yesterday.id}/attendance`).set(leader.auth).expect(200);
    expect(attendance.body.records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clientId: anna.id, status: 'present', reason: null }),
        expect.objectContaining({ clientId: bo.id, status: 'absent', reason: 'transport' }),
      ]),
    );

    // Prefilled after a reload; another reason replaces the first.
    await page.reload();
    await page.locator(`[data-testid="reasons-${bo.id}"] button[aria-pressed="true"]`, { hasText: '交通' }).waitFor();
    await page.getByTestId(`reasons-${bo.id}`).getByRole('button', { name: '工作' }).click();
    await page.getByRole('button', { name: '保存出勤' }).click();
    await web.waitForText('attendance-saved', '出勤已保存。');
    const again = await t.http.get(`/api/v1/peer-groups/${group.id}/meetings/${yesterday.id}/attendance`).set(leader.auth).expect(200);
    expect(again.body.records).toContainEqual(expect.objectContaining({ clientId: bo.id, status: 'absent', reason: 'work' }));
    await web.finish();
  }, 180_000);

  it('tells the counselor after saving a session where the appointment reminder stands: held for quiet hours, or not sent without consent', async () => {
    const { t } = suite;
    const clinic = await makeClinic(t, admin);
    const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    const consenting = await makeClient(t, counselor, { phone: '13900001111' });
    await recordConsent(t, counselor, consenting.id, { scope: 'sms_reminders' });
    const unconsenting = await makeClient(t, counselor, { phone: '13900002222' });

    const web = await WebPage.open(suite, 'zh-CN', DESKTOP);
    web.page.setDefaultTimeout(SLOW_MACHINE_MS);
    await web.signIn(counselor.username, STAFF_PASSWORD);
    const { page } = web;

    // 22:30 in three days: a day before is in the quiet hours (21:00–08:00), so the reminder waits until 08:00.
    await web.goto(`/clients/${consenting.id}`);
    await page.getByTestId('tab-sessions').click();
    await page.getByTestId('session-minutes-input').fill('40');
    await fillDateTime(page, 'session-next-input', `${clinicDay(t, 3)}T22:30`);
    await page.getByTestId('session-submit').click();
    await web.waitForText('session-reminder', '免打扰时段');
    await web.waitForText('session-reminder', '短信');
    expect(await page.getByTestId('session-reminder').getAttribute('data-status')).toBe('held');
    await web.checkAccessibility();
    await web.screenshot('counselor-session-reminder');
    const reminders = await t.dataSource.query<Array<{ status: string }>>(
      `SELECT status FROM reminder WHERE client_id = $1 AND kind = 'appointment'`,
      [consenting.id],
    );
    expect(reminders).toEqual([{ status: 'held' }]);

    // Without a reminder consent, nothing goes out, and the form says why.
    await web.goto(`/clients/${unconsenting.id}`);
    await page.getByTestId('tab-sessions').click();
    await page.getByTestId('session-minutes-input').fill('30');
    await fillDateTime(page, 'session-next-input', `${clinicDay(t, 5)}T10:00`);
    await page.getByTestId('session-submit').click();
    await web.waitForText('session-reminder', '没有短信或电子邮件提醒同意');
    expect(await page.getByTestId('session-reminder').getAttribute('data-status')).toBe('not_scheduled');
    await web.finish();
  }, 180_000);

  it('lets the counselor edit a family contact, confirming that the client withdrew permission, and log a call the relative started without consent', async () => {
    const { t } = suite;
    const clinic = await makeClinic(t, admin);
    const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
    const client = await makeClient(t, counselor);
    const contact = await makeFamilyContact(t, counselor, client.id, { mayContact: true });

    const web = await WebPage.open(suite, 'zh-CN', DESKTOP);
    web.page.setDefaultTimeout(SLOW_MACHINE_MS);
    await web.signIn(counselor.username, STAFF_PASSWORD);
    const { page } = web;
    await web.goto(`/clients/${client.id}`);
    await page.getByTestId('tab-family').click();
    await web.waitForText('family-contact-name', contact.name);

    // Edit: a new phone number and notes, and the client no longer allows contact (confirmed first).
    await page.getByTestId('contact-edit').click();
    await page.getByTestId('edit-contact-phone').fill('+86 139 0000 3333');
    await page.getByTestId('edit-contact-notes').fill('每周日来门诊');
    await page.getByTestId('edit-contact-may-contact').uncheck();
    await page.getByTestId('edit-contact-submit').click();
    await web.waitForText('contact-edit-confirm', '不再允许门诊联系');
    await web.checkAccessibility();
    await page.getByRole('button', { name: '确定保存' }).click();
    await web.waitForText('contact-edited', '联系人已保存。');
    await web.waitForText('family-why-not', '服务对象未同意门诊联系此人。');
    const edited = await t.http.get(`/api/v1/clients/${client.id}/family-contacts/${contact.id}`).set(counselor.auth).expect(200);
    expect(edited.body).toMatchObject({ phone: '+86 139 0000 3333', notes: '每周日来门诊', mayContact: false, contactable: false });

    // The relative phoned the clinic: recorded without a family-contact consent.
    await page.getByTestId('interaction-initiator').locator('label', { hasText: '家属' }).click();
    await page.getByTestId('interaction-summary').fill('家属来电询问家庭会谈时间');
    await page.getByTestId('interaction-submit').click();
    await web.waitForText('interaction', '家属来电询问家庭会谈时间');
    await web.waitForText('interaction-initiator-cell', '家属');
    await web.checkAccessibility();
    await web.screenshot('counselor-family-initiated');
    const interactions = await t.http
      .get(`/api/v1/clients/${client.id}/family-contacts/${contact.id}/interactions`)
      .set(counselor.auth)
      .expect(200);
    expect(interactions.body.items).toEqual([expect.objectContaining({ initiatedBy: 'family', channel: 'phone', date: clinicDay(t) })]);
    await web.finish();
  }, 180_000);
});
