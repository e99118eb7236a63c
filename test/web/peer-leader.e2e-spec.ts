import { Role } from '@tongban/platform';
import {
  clinicDay,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makePeerGroup,
  makePeerMeeting,
  makeStaff,
  recordConsent,
  signInAdmin,
  SignedIn,
  STAFF_PASSWORD,
  unique,
} from '../factories';
import { fillTime, Language, LANGUAGES, PHONE, startWebSuite, WebPage, WebSuite } from './support/browser';

const WORDS = {
  en: {
    menu: 'Menu',
    myGroups: 'My groups',
    newMeeting: 'New meeting',
    startsAt: 'Starts at',
    topic: 'Topic',
    createMeeting: 'Create meeting',
    meetingCreated: 'Meeting on',
    present: 'Present',
    absent: 'Absent',
    save: 'Save attendance',
    saved: 'Attendance saved.',
    summary: '1 present',
    notHeld: 'Attendance can be recorded once the meeting day has come.',
    newGroup: 'New group',
    groupName: 'Group name',
    meetingDay: 'Meeting day',
    meetingTime: 'Meeting time',
    place: 'Place',
    createGroup: 'Create group',
    findClient: 'Find a client',
    search: 'Search',
    joined: 'has joined the group',
    consentRequired: 'has not consented to peer support',
    confirmRemove: 'Yes, remove',
    removed: 'has left the group',
  },
  'zh-CN': {
    menu: '菜单',
    myGroups: '我的小组',
    newMeeting: '新建活动',
    startsAt: '开始时间',
    topic: '主题',
    createMeeting: '创建活动',
    meetingCreated: '的活动',
    present: '出席',
    absent: '缺席',
    save: '保存出勤',
    saved: '出勤已保存。',
    summary: '出席 1',
    notHeld: '活动当天起才能记录出勤。',
    newGroup: '新建小组',
    groupName: '小组名称',
    meetingDay: '活动日',
    meetingTime: '活动时间',
    place: '地点',
    createGroup: '创建小组',
    findClient: '查找服务对象',
    search: '搜索',
    joined: '已加入小组',
    consentRequired: '未同意参加同伴支持',
    confirmRemove: '确定移出',
    removed: '已退出小组',
  },
} satisfies Record<Language, Record<string, string>>;

/** On a phone: no horizontal scrolling, and every control in the page at least 44 px high. */
async function expectTapFriendly(web: WebPage): Promise<void> {
  const problems = await web.page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    const controls = document.querySelectorAll<HTMLElement>(
      'main button, main a[href], main select, main input:not([type=radio]):not([type=checkbox]), main [role=radiogroup] label',
    );
    for (const control of controls) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.height < 44) found.push(`${control.tagName} "${control.textContent?.trim() ?? ''}" is ${Math.round(box.height)} px high`);
    }
    return found;
  });
  expect(problems).toEqual([]);
}

/** The test machine is shared: a cold first page load can take longer than the harness's 15 seconds. */
const SLOW_MACHINE_MS = 30_000;

describe('web app: peer groups and attendance', () => {
  let suite: WebSuite;
  let admin: SignedIn;

  beforeAll(async () => {
    suite = await startWebSuite();
    admin = await signInAdmin(suite.t);
  });
  afterAll(() => suite?.close());

  /** A clinic with a coordinator, a peer leader, and a consenting client who is a member of the leader's group. */
  async function groupWithMember() {
    const t = suite.t;
    const clinic = await makeClinic(t, admin);
    const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
    const leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
    const client = await makeClient(t, coordinator, { preferredName: unique('Ah') });
    await recordConsent(t, coordinator, client.id, { scope: 'peer_support' });
    const group = await makePeerGroup(t, coordinator, [leader], { meetingDay: 'tuesday', meetingTime: '19:30', location: 'Room 2' });
    await joinPeerGroup(t, coordinator, group.id, client.id);
    return { t, clinic, coordinator, leader, client, group };
  }

  it.each(LANGUAGES)(
    'in %s a peer leader on a phone sees members by code and preferred name only, records yesterday’s attendance, and cannot mark a future meeting',
    async (language) => {
      const words = WORDS[language];
      const { t, leader, client, group } = await groupWithMember();
      const yesterday = await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, -1), startsAt: '19:30', topic: 'Family days' });
      const future = await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, 5) });

      const web = await WebPage.open(suite, language, PHONE);
      web.page.setDefaultTimeout(SLOW_MACHINE_MS);
      await web.signIn(leader.username, STAFF_PASSWORD);
      const { page } = web;

      // The navigation folds away behind the burger on a phone.
      await page.getByRole('button', { name: words.menu }).click();
      await page.getByRole('link', { name: words.myGroups }).click();

      await page.getByRole('button', { name: group.name }).click();
      const member = page.getByTestId(`member-${client.id}`);
      await member.filter({ hasText: client.code }).waitFor();
      await member.filter({ hasText: client.preferredName ?? '' }).waitFor();
      const shown = await page.locator('body').innerText();
      expect(shown).not.toContain(client.familyName);
      expect(shown).not.toContain(client.givenName);
      await page.getByTestId(`meeting-${yesterday.id}`).waitFor();
      await expectTapFriendly(web);
      await web.checkAccessibility();
      await web.screenshot('peer-leader-groups');

      // A new meeting, through the form.
      await page.getByRole('button', { name: words.newMeeting }).click();
      await fillTime(page, 'meeting-starts-at', '18:00');
      await page.getByLabel(words.topic, { exact: false }).fill('Finding work');
      const creating = page.waitForRequest(
        (request) => request.method() === 'POST' && new URL(request.url()).pathname === `/api/v1/peer-groups/${group.id}/meetings`,
      );
      await page.getByRole('button', { name: words.createMeeting }).click();
      // A tap retried on a flaky connection must not create a second meeting: the request carries its key.
      expect(await (await creating).headerValue('Idempotency-Key')).toMatch(/^[0-9a-f]{32}$/);
      await web.waitForText('meeting-done', words.meetingCreated);
      const meetings = await t.http.get(`/api/v1/peer-groups/${group.id}/meetings`).set(leader.auth).expect(200);
      expect(meetings.body.items).toHaveLength(3);
      expect(meetings.body.items.map((m: { topic: string | null }) => m.topic)).toContain('Finding work');

      // Yesterday's meeting: tap present, save.
      await page.getByTestId(`meeting-${yesterday.id}`).getByRole('link').click();
      const row = page.getByTestId(`attendance-${client.id}`);
      await row.filter({ hasText: client.code }).waitFor();
      expect(await row.getAttribute('data-status')).toBe('unmarked');
      await row.locator('label', { hasText: words.absent }).click();
      await row.locator('label', { hasText: words.present }).click();
      await page.locator(`[data-testid="attendance-${client.id}"][data-status="present"]`).waitFor();
      await page.getByRole('button', { name: words.save }).click();
      await web.waitForText('attendance-saved', words.saved);
      await web.waitForText('attendance-summary', words.summary);

      const attendance = await t.http
        .get(`/api/v1/peer-groups/${group.id}/meetings/${yesterday.id}/attendance`)
        .set(leader.auth)
        .expect(200);
      expect(attendance.body.records).toEqual([expect.objectContaining({ clientId: client.id, status: 'present' })]);

      // The grid comes back prefilled from what was saved.
      await page.reload();
      await page.locator(`[data-testid="attendance-${client.id}"][data-status="present"]`).waitFor();
      expect(await page.locator('body').innerText()).not.toContain(client.familyName);
      await expectTapFriendly(web);
      await web.checkAccessibility();
      await web.screenshot('peer-leader-meeting');

      // A meeting whose day has not come: explained, nothing to save.
      await web.goto(`/groups/${group.id}/meetings/${future.id}`);
      await web.waitForText('meeting-not-held', words.notHeld);
      expect(await page.getByRole('button', { name: words.save }).isDisabled()).toBe(true);
      await web.checkAccessibility();
      await web.finish();
    },
    180_000,
  );

  it.each(LANGUAGES)(
    'in %s a coordinator creates a group with an active peer leader, adds a consenting member, is told why a client without consent cannot join, and removes a member',
    async (language) => {
      const words = WORDS[language];
      const { t, coordinator, leader } = await groupWithMember();
      const retired = await makeStaff(t, admin, Role.PeerLeader, coordinator.clinicId);
      await t.http.patch(`/api/v1/staff/${retired.id}`).set(admin.auth).send({ active: false }).expect(200);
      const newcomer = await makeClient(t, coordinator, { preferredName: unique('Xiao') });
      await recordConsent(t, coordinator, newcomer.id, { scope: 'peer_support' });
      const unconsenting = await makeClient(t, coordinator);

      const web = await WebPage.open(suite, language, PHONE);
      web.page.setDefaultTimeout(SLOW_MACHINE_MS);
      await web.signIn(coordinator.username, STAFF_PASSWORD);
      await web.goto('/groups');
      const { page } = web;

      const name = unique('Thursday circle');
      await page.getByRole('button', { name: words.newGroup }).click();
      await page.getByLabel(words.groupName).fill(name);
      await page.getByRole('checkbox', { name: leader.username }).click();
      expect(await page.getByRole('checkbox', { name: retired.username }).count()).toBe(0);
      await page.getByLabel(words.meetingDay).selectOption('thursday');
      await fillTime(page, 'group-meeting-time', '19:30');
      await page.getByLabel(words.place).fill('Community room');
      await page.getByRole('button', { name: words.createGroup }).click();

      // The new group opens; add the consenting client by code.
      await page.getByRole('button', { name: name }).waitFor();
      await page.getByLabel(words.findClient).fill(newcomer.code);
      await page.getByRole('button', { name: words.search, exact: true }).click();
      await page.getByTestId(`candidate-${newcomer.id}`).getByRole('button').click();
      await page.getByTestId(`member-${newcomer.id}`).filter({ hasText: newcomer.code }).waitFor();
      await web.waitForText('member-done', words.joined);

      // A client without a peer_support consent: the refusal is explained.
      await page.getByLabel(words.findClient).fill(unconsenting.code);
      await page.getByRole('button', { name: words.search, exact: true }).click();
      web.expectApiError(422);
      await page.getByTestId(`candidate-${unconsenting.id}`).getByRole('button').click();
      await web.waitForText('consent-required', words.consentRequired);
      await expectTapFriendly(web);
      await web.checkAccessibility();
      await web.screenshot('coordinator-groups');

      const groups = await t.http.get('/api/v1/peer-groups').set(coordinator.auth).expect(200);
      const created = groups.body.items.find((group: { name: string }) => group.name === name);
      expect(created).toMatchObject({ leaderIds: [leader.id], meetingDay: 'thursday', meetingTime: '19:30', location: 'Community room' });
      const members = await t.http.get(`/api/v1/peer-groups/${created.id}/members`).set(coordinator.auth).expect(200);
      expect(members.body.items.map((m: { clientId: string }) => m.clientId)).toEqual([newcomer.id]);

      // Remove the member again.
      await page.getByTestId(`member-${newcomer.id}`).getByRole('button').click();
      await page.getByRole('button', { name: words.confirmRemove }).click();
      await web.waitForText('member-done', words.removed);
      await page.getByTestId(`member-${newcomer.id}`).waitFor({ state: 'detached' });
      const after = await t.http.get(`/api/v1/peer-groups/${created.id}/members`).set(coordinator.auth).expect(200);
      expect(after.body.items).toEqual([]);
      await web.finish();
    },
    180_000,
  );
});
