import { Role } from '@tongban/platform';
import {
  clinicDay,
  importDosingHistory,
  joinPeerGroup,
  localInstant,
  makeClient,
  makeClinic,
  makeCounselingSession,
  makePeerGroup,
  makePeerMeeting,
  makeStaff,
  pinClock,
  recordConsent,
  signInAdmin,
  STAFF_PASSWORD,
} from '../factories';
import { startWebSuite, WebPage, WebSuite } from './support/browser';
import { closeApiToTest } from './support/ui-only';

const TZ = 'Asia/Shanghai';

describe('web app: today’s work and peer-group uptake', () => {
  let suite: WebSuite;
  let reopen: (() => void) | undefined;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(async () => {
    reopen?.();
    await suite?.close();
  });

  it('in zh-CN, the counselor opens on today’s work and follows an item to its task; the coordinator sees where clients fall away from peer groups', async () => {
    const { t } = suite;
    pinClock(t, '10:00', TZ);
    const admin = await signInAdmin(t);
    const clinic = await makeClinic(t, admin, { timeZone: TZ });
    const [coordinator, counselor, leader] = await Promise.all([
      makeStaff(t, admin, Role.Coordinator, clinic.id),
      makeStaff(t, admin, Role.Counselor, clinic.id),
      makeStaff(t, admin, Role.PeerLeader, clinic.id),
    ]);
    // 李芳 (the counselor's) was dosed until five days ago: four days missed; her appointment is at 15:30 today.
    const li = await makeClient(t, counselor, { intakeDate: clinicDay(t, -10, TZ), familyName: '李', givenName: '芳' });
    await importDosingHistory(
      t,
      coordinator,
      [-10, -9, -8, -7, -6, -5].map((offset): [string, string] => [li.code, clinicDay(t, offset, TZ)]),
    );
    await makeCounselingSession(t, counselor, li.id, {
      date: clinicDay(t, -3, TZ),
      nextAppointmentAt: localInstant(`${clinicDay(t, 0, TZ)}T15:30`, TZ).toISOString(),
    });
    // Two members of a peer group (both consented); at today's meeting one came, the other was at work.
    const members = [await makeClient(t, coordinator), await makeClient(t, coordinator)];
    const group = await makePeerGroup(t, coordinator, [leader]);
    for (const member of members) {
      await recordConsent(t, coordinator, member.id, { scope: 'peer_support' });
      await joinPeerGroup(t, coordinator, group.id, member.id);
    }
    const meeting = await makePeerMeeting(t, leader, group.id);
    await t.http
      .put(`/api/v1/peer-groups/${group.id}/meetings/${meeting.id}/attendance`)
      .set(leader.auth)
      .send({
        records: [
          { clientId: members[0].id, status: 'present' },
          { clientId: members[1].id, status: 'absent', reason: 'work' },
        ],
      })
      .expect(200);
    reopen = closeApiToTest(suite);

    // The counselor's day opens on today's work: 李芳's appointment and her missed doses.
    const web = await WebPage.open(suite, 'zh-CN');
    const { page } = web;
    await page.clock.install({ time: t.clock.now() });
    await web.signIn(counselor.username, STAFF_PASSWORD);
    await page.getByRole('heading', { name: '今日工作' }).waitFor();
    const item = (kind: string) => page.locator(`[data-testid="worklist-item"][data-kind="${kind}"][data-code="${li.code}"]`);
    await item('appointment').getByTestId('worklist-detail').filter({ hasText: '15:30' }).waitFor();
    await item('missed_doses').getByTestId('worklist-detail').filter({ hasText: '已连续漏服 4 天' }).waitFor();
    await web.checkAccessibility();
    await web.screenshot('worklist');
    // One click to the task: her dosing tab says why she is flagged.
    await item('missed_doses').getByRole('link').click();
    await page.waitForURL(new RegExp(`/clients/${li.id}\\?tab=dosing$`));
    await web.waitForText('dosing-flag', '服药前需评估');
    await web.finish();

    // The same list in English, for the screenshot.
    const english = await WebPage.open(suite, 'en');
    await english.page.clock.install({ time: t.clock.now() });
    await english.signIn(counselor.username, STAFF_PASSWORD);
    await english.page.getByRole('heading', { name: 'Today’s work' }).waitFor();
    await english.waitForText('worklist-detail', '4 days missed in a row');
    await english.screenshot('worklist');
    await english.finish();

    // The coordinator: the uptake funnel on the attendance report, and the absence counted by its reason.
    const coord = await WebPage.open(suite, 'zh-CN');
    await coord.page.clock.install({ time: t.clock.now() });
    await coord.signIn(coordinator.username, STAFF_PASSWORD);
    await coord.openFromMenu('出勤');
    const step = (name: string) => coord.page.locator(`[data-testid="uptake-step"][data-step="${name}"]`).getByTestId('uptake-clients');
    await step('in_treatment').filter({ hasText: /^3$/ }).waitFor();
    await step('consented').filter({ hasText: /^2$/ }).waitFor();
    await step('joined').filter({ hasText: /^2$/ }).waitFor();
    await step('attended_once').filter({ hasText: /^1$/ }).waitFor();
    await step('attended_half').filter({ hasText: /^1$/ }).waitFor();
    await coord.page
      .locator('[data-testid="uptake-reason"][data-reason="work"]')
      .getByTestId('uptake-absences')
      .filter({ hasText: /^1$/ })
      .waitFor();
    await coord.page.getByTestId('uptake-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await coord.checkAccessibility();
    await coord.finish();
  }, 240_000);
});
