import { Role } from '@tongban/platform';
import {
  clinicDay,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makePeerGroup,
  makePeerMeeting,
  makeStaff,
  pinClock,
  recordConsent,
  signInAdmin,
  STAFF_PASSWORD,
} from '../factories';
import { PHONE, WebPage } from './support/browser';
import { dayWalk } from './support/ui-only';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** The test machine is shared: a cold first page load on the phone can take longer than the harness's 15 seconds. */
const SLOW_MACHINE_MS = 30_000;

/**
 * The peer leader's working day on a phone, walked through the web app only:
 * set-up (clinic, the group, its consenting members, yesterday's meeting) goes
 * through the API; from sign-in on every step and every check is made on screen.
 */
describe('web app: a peer leader’s whole day, through the UI only', () => {
  const walk = dayWalk();

  it('sees members by code and preferred name only, plans the weekly meetings, records yesterday’s and tonight’s attendance, and cannot mark a meeting to come (zh-CN)', async () => {
    const { suite, t } = walk;
    // The evening of a meeting day: tonight's meeting (19:30) has just ended.
    pinClock(t, '21:00');
    const today = clinicDay(t);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin);
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    const leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    const meetingDay = WEEKDAYS[new Date(`${today}T00:00:00Z`).getUTCDay()];
    const group = await makePeerGroup(t, coordinator, [leader], {
      name: '周会互助组',
      meetingDay,
      meetingTime: '19:30',
      location: '社区活动室',
    });
    const members = [];
    for (const [familyName, givenName, preferredName] of [
      ['黄', '志勇', '阿勇'],
      ['杨', '丽娟', '娟姐'],
      ['吴', '海峰', '海子'],
    ]) {
      const client = await makeClient(t, coordinator, { familyName, givenName, preferredName });
      await recordConsent(t, coordinator, client.id, { scope: 'peer_support' });
      await joinPeerGroup(t, coordinator, group.id, client.id);
      members.push(client);
    }
    const [yong, juan, hai] = members;
    // Yesterday's extra meeting, whose attendance is still on paper.
    const yesterday = await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, -1), startsAt: '15:00', topic: '找工作经验分享' });

    const web = await WebPage.open(suite, 'zh-CN', PHONE);
    web.page.setDefaultTimeout(SLOW_MACHINE_MS);
    // The leader's phone shows the clinic's day (meetings to come cannot be marked yet).
    await web.page.clock.install({ time: t.clock.now() });
    walk.uiOnly();
    const { page } = web;
    const meetingRow = (text: string) => page.locator('li[data-testid^="meeting-"]').filter({ hasText: text });
    const backToGroup = () => page.getByRole('link', { name: /返回小组/ }).click();
    const row = (clientId: string) => page.getByTestId(`attendance-${clientId}`);
    const mark = async (clientId: string, status: string, label: string) => {
      await row(clientId).locator('label', { hasText: label }).click();
      await page.locator(`[data-testid="attendance-${clientId}"][data-status="${status}"]`).waitFor();
    };

    await web.signIn(leader.username, STAFF_PASSWORD);

    // 1. Today's work names yesterday's meeting, whose attendance is still to record, and leads to it.
    await page.getByRole('heading', { name: '今日工作' }).waitFor();
    const meetingItem = page.locator('[data-testid="worklist-item"][data-kind="peer_meeting"]');
    await meetingItem.filter({ hasText: '周会互助组' }).getByTestId('worklist-detail').filter({ hasText: '15:00：记录出勤' }).waitFor();
    expect(await meetingItem.count()).toBe(1);
    expect(await meetingItem.getByRole('link').getAttribute('href')).toBe(`/groups/${group.id}/meetings/${yesterday.id}`);
    // Her groups, one click from today's work; the group shows its members by code and preferred name only.
    // On a phone the menu folds away behind the burger.
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('link', { name: '我的小组', exact: true }).click();
    await page.getByRole('heading', { name: '我的小组' }).waitFor();
    await page.getByRole('button', { name: /周会互助组/ }).click();
    for (const member of members) {
      await page
        .getByTestId(`member-${member.id}`)
        .filter({ hasText: member.code })
        .filter({ hasText: member.preferredName ?? '' })
        .waitFor();
    }
    await web.waitForText('member-count', '3 名成员');
    const shown = await page.locator('body').innerText();
    for (const member of members) {
      expect(shown).not.toContain(member.familyName);
      expect(shown).not.toContain(member.givenName);
    }
    await web.checkAccessibility();

    // 2. The next four weeks of meetings, planned at once on the group's day and time (tonight's included).
    await page.getByTestId('series-open').click();
    await page.getByTestId('series-form').waitFor();
    await page.getByTestId('series-submit').click();
    await web.waitForText('meeting-done', '已安排 4 次活动。');
    await meetingRow('今天').filter({ hasText: '19:30' }).waitFor();
    expect(await meetingRow('未开始').count()).toBe(3);
    await web.checkAccessibility();

    // 3. Yesterday's meeting: one came, one was kept away by transport, one had asked to be excused.
    await meetingRow('找工作经验分享').getByRole('link').click();
    await web.waitForText('meeting-group', '周会互助组');
    await mark(yong.id, 'present', '出席');
    await mark(juan.id, 'absent', '缺席');
    await page.getByTestId(`reasons-${juan.id}`).getByRole('button', { name: '交通' }).click();
    await mark(hai.id, 'excused', '请假');
    await web.waitForText('attendance-unsaved', '有未保存的修改');
    await page.getByRole('button', { name: '保存出勤' }).click();
    await web.waitForText('attendance-saved', '出勤已保存。');
    await web.waitForText('attendance-summary', '出席 1 · 缺席 1 · 请假 1 · 未记录 0');
    await web.checkAccessibility();

    // 4. Tonight's meeting: everyone came.
    await backToGroup();
    await meetingRow('今天').getByRole('link').click();
    await web.waitForText('attendance-summary', '未记录 3');
    await page.getByRole('button', { name: '其余都记为出席' }).click();
    await web.waitForText('attendance-summary', '出席 3 · 缺席 0 · 请假 0 · 未记录 0');
    await page.getByRole('button', { name: '保存出勤' }).click();
    await web.waitForText('attendance-saved', '出勤已保存。');

    // 5. Yesterday's record reads back as saved, the absence with its reason.
    await backToGroup();
    await page.getByTestId(`meeting-${yesterday.id}`).getByRole('link').click();
    await page.locator(`[data-testid="attendance-${juan.id}"][data-status="absent"]`).waitFor();
    await page.locator(`[data-testid="attendance-${yong.id}"][data-status="present"]`).waitFor();
    await page.locator(`[data-testid="attendance-${hai.id}"][data-status="excused"]`).waitFor();
    expect(await page.getByTestId(`reasons-${juan.id}`).getByRole('button', { name: '交通' }).getAttribute('aria-pressed')).toBe('true');

    // 6. Next week's meeting cannot be marked before its day.
    await backToGroup();
    await meetingRow('未开始').first().getByRole('link').click();
    await web.waitForText('meeting-not-held', '还没有到');
    expect(await page.getByRole('button', { name: '保存出勤' }).isDisabled()).toBe(true);
    await web.checkAccessibility();
    await web.finish();
  }, 180_000);
});
