import { Role } from '@tongban/platform';
import type { Locator, Page } from 'playwright-core';
import {
  addToCareTeam,
  clinicDay,
  importDosingHistory,
  joinPeerGroup,
  makeClient,
  makeClinic,
  makeCounselingSession,
  makeDoseOrder,
  makeFamilyContact,
  makePeerGroup,
  makePeerMeeting,
  makeReminder,
  makeStaff,
  recordConsent,
  signInAdmin,
  SignedIn,
  STAFF_PASSWORD,
  unique,
} from '../factories';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from '../support/test-app';
import { LANGUAGES, startWebSuite, WebPage, WebSuite } from './support/browser';

/** An iPad held sideways, and the smallest laptop screen the clinics use. */
const TABLET = { width: 1024, height: 768 };
const LAPTOP = { width: 1366, height: 768 };
/** Screenshots show a screen's top two screens' worth: enough for its tables, small enough to keep in the repository. */
const SCREENSHOT_MAX_HEIGHT = 1536;
/** The same tablet held upright. */
const PORTRAIT = { width: 768, height: 1024 };

/** The test machine is shared: a cold first page load can take longer than the harness's 15 seconds. */
const SLOW_MACHINE_MS = 30_000;

interface Clinic {
  admin: SignedIn;
  coordinator: SignedIn;
  physician: SignedIn;
  nurse: SignedIn;
  counselor: SignedIn;
  leader: SignedIn;
  clientId: string;
  groupId: string;
  meetingId: string;
}

/** One clinic with a client on every screen: a dose order and history, consents, a family contact, a session, a group and reminders. */
async function clinicWithAClient(suite: WebSuite): Promise<Clinic> {
  const { t } = suite;
  const admin = await signInAdmin(t);
  const clinic = await makeClinic(t, admin);
  const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
  const physician = await makeStaff(t, admin, Role.Physician, clinic.id);
  const nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
  const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
  const leader = await makeStaff(t, admin, Role.PeerLeader, clinic.id);
  const client = await makeClient(t, coordinator, { preferredName: unique('小明'), phone: '13900000001', intakeDate: clinicDay(t, -20) });
  for (const member of [physician, counselor]) await addToCareTeam(t, coordinator, client.id, member);
  for (const scope of ['peer_support', 'family_contact', 'sms_reminders']) {
    await recordConsent(t, coordinator, client.id, { scope, validFrom: clinicDay(t, -20) });
  }
  await importDosingHistory(
    t,
    coordinator,
    Array.from({ length: 10 }, (_, i): [string, string] => [client.code, clinicDay(t, -12 + i)]),
  );
  await makeDoseOrder(t, physician, client.id, { effectiveDate: clinicDay(t, -2), note: '稳定期维持剂量，每周复查一次' });
  await makeDoseOrder(t, physician, client.id, { doseMg: 70, note: '按医嘱增加剂量，观察一周后复评' });
  const contact = await makeFamilyContact(t, counselor, client.id, { name: unique('姐姐'), phone: '13800138000' });
  await suite.t.http
    .post(`/api/v1/clients/${client.id}/family-contacts/${contact.id}/interactions`)
    .set(counselor.auth)
    .send({ date: clinicDay(t, -1), channel: 'phone' })
    .expect(201);
  await makeCounselingSession(t, counselor, client.id, { date: clinicDay(t, -1) });
  const group = await makePeerGroup(t, coordinator, [leader], { location: '二楼活动室' });
  await joinPeerGroup(t, coordinator, group.id, client.id);
  const meeting = await makePeerMeeting(t, leader, group.id, { date: clinicDay(t, -1) });
  // No SMS gateway is configured in tests: the reminder due now fails, with its error in the list.
  await makeReminder(t, coordinator, client.id);
  await makeReminder(t, coordinator, client.id, { sendAt: new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString() });
  return { admin, coordinator, physician, nurse, counselor, leader, clientId: client.id, groupId: group.id, meetingId: meeting.id };
}

/** Every header cell is one line of text tall (with its padding): one broken a character per line would be several. */
async function expectHeadersOnOneLine(headers: Locator): Promise<void> {
  const measured = await headers.evaluateAll((cells) =>
    cells.map((th) => {
      const style = getComputedStyle(th);
      const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
      const tall = th.getBoundingClientRect().height > padding + 1.5 * parseFloat(style.lineHeight);
      return { text: th.textContent, tall };
    }),
  );
  expect(measured.filter((header) => header.tall)).toEqual([]);
}

/** Whether the menu is on the screen and usable (not slid away and inert). */
function navigationOnScreen(): boolean {
  const navigation = document.getElementById('app-navigation');
  if (!navigation || navigation.inert) return false;
  const box = navigation.getBoundingClientRect();
  return box.right > 0 && box.left >= 0;
}
const navigationShown = (page: Page) => page.evaluate(navigationOnScreen);

/** How far from the screen's left edge the page's content starts (the menu's width beside it, or the padding alone). */
const contentInset = (page: Page) => page.locator('main').evaluate((main) => parseFloat(getComputedStyle(main).paddingInlineStart));

/** The burger of the header, whatever its label says. */
const menuToggle = (page: Page) => page.getByTestId('menu-toggle');

/** The roles whose screens are walked in English too. */
const ENGLISH_WALKS = new Set(['coordinator', 'counselor']);

describe('web app: a tablet at 1024×768', () => {
  let suite: WebSuite;
  let clinic: Clinic;

  beforeAll(async () => {
    suite = await startWebSuite();
    clinic = await clinicWithAClient(suite);
  });
  afterAll(() => suite?.close());

  it('hides the menu behind a burger that opens it over the screen and closes on navigation; a laptop keeps it open (zh-CN)', async () => {
    const web = await WebPage.open(suite, 'zh-CN', TABLET);
    web.page.setDefaultTimeout(SLOW_MACHINE_MS);
    const { page } = web;
    await web.signIn(clinic.coordinator.username, STAFF_PASSWORD);
    const menu = page.getByRole('navigation', { name: '菜单' });
    const reminders = menu.getByRole('link', { name: '提醒', exact: true });

    await page.getByRole('button', { name: '打开菜单' }).waitFor();
    expect(await navigationShown(page)).toBe(false);
    expect(await page.locator('#app-navigation').getAttribute('inert')).not.toBeNull();
    expect(await menuToggle(page).getAttribute('aria-expanded')).toBe('false');

    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.waitForFunction(navigationOnScreen);
    expect(await menuToggle(page).getAttribute('aria-expanded')).toBe('true');
    // Over the screen, not beside it: the page's content does not move aside.
    expect(await contentInset(page)).toBeLessThan(40);
    await web.checkAccessibility();

    await page.getByRole('button', { name: '关闭菜单' }).click();
    await page.waitForFunction(() => !document.getElementById('app-navigation')!.matches(':not([inert])'));
    expect(await navigationShown(page)).toBe(false);

    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.waitForFunction(navigationOnScreen);
    await reminders.click();
    await page.waitForURL((url) => url.pathname === '/reminders');
    await page.getByTestId('reminders').waitFor();
    expect(await navigationShown(page)).toBe(false);
    expect(await menuToggle(page).getAttribute('aria-expanded')).toBe('false');

    // From 1366 px on, the menu stays beside the screen and there is no burger.
    await page.setViewportSize(LAPTOP);
    await page.waitForFunction(navigationOnScreen);
    expect(await menuToggle(page).isVisible()).toBe(false);
    // The content moves aside for the menu (Mantine animates the move: wait for its end, not a fixed time).
    await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
    await page.waitForFunction(() => parseFloat(getComputedStyle(document.querySelector('main')!).paddingInlineStart) >= 220);
    expect(await contentInset(page)).toBeGreaterThanOrEqual(220);
    await reminders.click();
    await page.getByTestId('reminders').waitFor();
    expect(await navigationShown(page)).toBe(true);
    await web.finish();
  });

  it('keeps each header of a wide table on one line, and scrolls the table sideways to its last column where the screen is narrower (zh-CN)', async () => {
    const web = await WebPage.open(suite, 'zh-CN', TABLET);
    web.page.setDefaultTimeout(SLOW_MACHINE_MS);
    const { page } = web;
    await web.signIn(clinic.coordinator.username, STAFF_PASSWORD);
    await web.goto('/reminders');
    const table = page.getByTestId('reminders');
    await table.locator('tbody tr').first().waitFor();
    await web.settled();
    const scroller = page.locator('[data-table-scroll]').filter({ has: table });
    const lastHeader = table.locator('thead th').last();
    const scrollbar = page
      .locator('.mantine-ScrollArea-root')
      .filter({ has: table })
      .locator('.mantine-ScrollArea-scrollbar[data-orientation="horizontal"]');

    /** Scrolls the table's own container to its end: the last column is then wholly on the screen. */
    const revealLastColumn = async (viewportWidth: number) => {
      await scroller.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
      await page.waitForFunction(
        (element) => element.scrollLeft + element.clientWidth >= element.scrollWidth - 1,
        await scroller.elementHandle(),
      );
      const box = (await lastHeader.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(viewportWidth);
    };

    // Held sideways (1024 px), the menu hidden: the headers keep their words whole and the last column is on the screen.
    await expectHeadersOnOneLine(table.locator('thead th'));
    expect(await table.locator('thead th').count()).toBeGreaterThan(5);
    await revealLastColumn(TABLET.width);
    expect(await scrollbar.isVisible()).toBe(false);
    await web.checkAccessibility();

    // Held upright (768 px), the table is wider than the screen: it scrolls in its own container, the page does not.
    await page.setViewportSize(PORTRAIT);
    await web.settled();
    await scroller.evaluate((element) => element.scrollTo({ left: 0 }));
    await expectHeadersOnOneLine(table.locator('thead th'));
    expect(await table.locator('thead th').count()).toBeGreaterThan(5);
    const widths = await scroller.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
    expect(widths.scroll).toBeGreaterThan(widths.client);
    // The table's own scrollbar shows (a tablet's browser hides its native one until one scrolls).
    await scrollbar.waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PORTRAIT.width);
    expect((await lastHeader.boundingBox())!.x).toBeGreaterThan(PORTRAIT.width);
    await revealLastColumn(PORTRAIT.width);
    await web.checkAccessibility();
    await web.screenshot('tablet-portrait-reminders-scrolled', { maxHeight: SCREENSHOT_MAX_HEIGHT });
    await web.finish();
  });

  /**
   * Every screen of every role, in both languages: axe-core at 1366×768 and at 1024×768, and with SCREENSHOTS=1
   * a picture at 1024×768 (docs/screenshots/tablet-<role>-<screen>.<language>.png). The screens are the ones the
   * role's menu offers, the client's record tab by tab, and a peer meeting.
   */
  const seen: string[] = [];
  const roles: Array<[role: string, staff: () => { username: string; password?: string }]> = [
    ['admin', () => ({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD })],
    ['coordinator', () => clinic.coordinator],
    ['physician', () => clinic.physician],
    ['nurse', () => clinic.nurse],
    ['counselor', () => clinic.counselor],
    ['peer-leader', () => clinic.leader],
  ];

  for (const language of LANGUAGES) {
    it(`passes axe-core on the sign-in screen at 1366×768 and at 1024×768 (${language})`, async () => {
      const web = await WebPage.open(suite, language, LAPTOP);
      await web.goto('/');
      await web.page.locator('input[name="username"]').waitFor();
      await web.checkAccessibility();
      await web.page.setViewportSize(TABLET);
      await web.checkAccessibility();
      await web.screenshot('tablet-sign-in', { maxHeight: SCREENSHOT_MAX_HEIGHT });
      await web.finish();
    });

    // Every role in Chinese; in English the coordinator and the counselor, who between them open every screen and every
    // tab of the record (the last test checks it), so the longer English words meet each screen at both sizes once.
    for (const [role, staff] of roles.filter(([name]) => language === 'zh-CN' || ENGLISH_WALKS.has(name))) {
      it(`passes axe-core on every screen of a ${role} at 1366×768 and at 1024×768 (${language})`, async () => {
        const web = await WebPage.open(suite, language, LAPTOP);
        web.page.setDefaultTimeout(SLOW_MACHINE_MS);
        const { page } = web;
        await web.signIn(staff().username, staff().password ?? STAFF_PASSWORD);
        await web.settled();
        const menuPaths = await page
          .getByRole('navigation')
          .getByRole('link')
          .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
        expect(menuPaths.length).toBeGreaterThan(0);
        const paths = [...menuPaths];
        if (menuPaths.includes('/groups')) paths.push(`/groups/${clinic.groupId}/meetings/${clinic.meetingId}`);
        // Everyone's own notices, reached from the header rather than the menu.
        paths.push('/notifications');

        // The client's record, tab by tab, for those who open one.
        if (role !== 'admin' && role !== 'peer-leader') {
          await web.navigate(`/clients/${clinic.clientId}`);
          await page.getByTestId('client-code').waitFor();
          const tabs = await page
            .locator('[data-testid^="tab-"]')
            .evaluateAll((elements) => elements.map((e) => e.getAttribute('data-testid')!));
          expect(tabs.length).toBeGreaterThan(1);
          for (const tab of tabs) paths.push(`/clients/${clinic.clientId}${tab === 'tab-overview' ? '' : `?tab=${tab.slice(4)}`}`);
        }

        // Screen to screen as the app's links go: the app was loaded once, by signing in.
        for (const path of paths) {
          await page.setViewportSize(LAPTOP);
          await web.navigate(path);
          await page.getByTestId('whoami').waitFor({ state: 'attached' });
          await page.waitForURL((url) => `${url.pathname}${url.search}` === path);
          await web.settled();
          await web.checkAccessibility();
          await page.setViewportSize(TABLET);
          await web.settled();
          await web.checkAccessibility();
          await expectHeadersOnOneLine(page.locator('[data-table-scroll] thead th'));
          const name = path
            .replace(clinic.clientId, 'client')
            .replace(`${clinic.groupId}/meetings/${clinic.meetingId}`, 'meeting')
            .replace(/[/?=]+/g, '-')
            .replace(/^-|-$/g, '');
          await web.screenshot(`tablet-${role}-${name}`, { maxHeight: SCREENSHOT_MAX_HEIGHT });
          seen.push(path);
        }
        await web.finish();
      }, 300_000);
    }
  }

  it('has walked every route of the app', () => {
    const routes = [
      '/admin/clinics',
      '/admin/staff',
      '/dashboard',
      '/dosing',
      '/dosing/day-sheet',
      '/dosing/import',
      '/clients',
      `/clients/${clinic.clientId}`,
      '/groups',
      `/groups/${clinic.groupId}/meetings/${clinic.meetingId}`,
      '/reports/retention',
      '/reports/attendance',
      '/reports/dosing',
      '/access',
      '/reminders',
      '/notifications',
    ];
    expect(routes.filter((route) => !seen.includes(route))).toEqual([]);
  });
});
