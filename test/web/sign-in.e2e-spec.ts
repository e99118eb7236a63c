import { Role } from '@tongban/platform';
import { makeClinic, makeStaff, signInAdmin, STAFF_PASSWORD } from '../factories';
import { LANGUAGES, startWebSuite, WebPage, WebSuite } from './support/browser';

describe('web app: sign-in and session', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  it.each(LANGUAGES)('shows the sign-in page in %s and explains a wrong password', async (language) => {
    const web = await WebPage.open(suite, language);
    await web.goto('/');
    await web.page.getByRole('heading', { name: language === 'en' ? 'Sign in' : '登录' }).waitFor();
    expect(await web.page.locator('html').getAttribute('lang')).toBe(language);
    await web.checkAccessibility();
    await web.screenshot('sign-in');
    await web.page.locator('input[name="username"]').fill('nobody');
    await web.page.locator('input[name="password"]').fill('wrong password!!');
    web.expectApiError(401);
    await web.page.locator('button[type="submit"]').click();
    await web.waitForText('error', language === 'en' ? 'Wrong username or password' : '用户名或密码错误');
    await web.finish();
  });
});

describe('web app: the session in the browser', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  async function nurse() {
    const admin = await signInAdmin(suite.t);
    const clinic = await makeClinic(suite.t, admin);
    return makeStaff(suite.t, admin, Role.Nurse, clinic.id);
  }

  it('keeps nothing personal in the browser: only the language in localStorage, only the refresh token in sessionStorage', async () => {
    const staff = await nurse();
    const web = await WebPage.open(suite, 'en');
    await web.signIn(staff.username, STAFF_PASSWORD);
    await web.page.getByText('中文', { exact: true }).click();
    await web.page.getByRole('heading', { name: '今日工作' }).waitFor();
    const stored = await web.page.evaluate(() => ({
      local: Object.fromEntries(Object.entries(localStorage)),
      session: Object.keys(sessionStorage),
      cookies: document.cookie,
    }));
    expect(stored).toEqual({ local: { 'tongban.language': 'zh-CN' }, session: ['tongban.refresh'], cookies: '' });
    await web.finish();
  });

  it('offers the screens that the permissions of /auth/me name, and keeps no table of roles of its own', async () => {
    const staff = await nurse();
    const web = await WebPage.open(suite, 'en');
    // The server's own answer, less one of the nurse's permissions: the menu and the routes follow it.
    await web.page.route('**/api/v1/auth/me', async (route) => {
      const response = await route.fetch();
      const user = (await response.json()) as { permissions: string[] };
      expect(user.permissions).toContain('dosing.day_sheet');
      await route.fulfill({ response, json: { ...user, permissions: user.permissions.filter((p) => p !== 'dosing.day_sheet') } });
    });
    await web.signIn(staff.username, STAFF_PASSWORD);
    const menu = web.page.getByRole('navigation');
    await menu.getByRole('link', { name: 'Dosing window', exact: true }).waitFor();
    expect(await menu.getByRole('link').allTextContents()).toEqual(['Today’s work', 'Dosing window']);
    await web.goto('/dosing/day-sheet');
    await web.page.waitForURL((url) => url.pathname === '/today');
    await web.page.getByRole('heading', { name: 'Today’s work' }).waitFor();
    await web.finish();
  });

  it("shows the first screen with the menu at once, after signing in and on a reload: no loader in the screen's place while its code loads", async () => {
    const staff = await nurse();
    const web = await WebPage.open(suite, 'en');
    // Whether the loader that stands for the whole screen (the app's Suspense fallback) was ever in the page.
    await web.page.addInitScript(() => {
      const seen = { screenLoader: false };
      (window as unknown as { firstScreen: typeof seen }).firstScreen = seen;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="screen-loading"]')) seen.screenLoader = true;
      }).observe(document, { subtree: true, childList: true });
    });
    const screenLoader = () =>
      web.page.evaluate(() => (window as unknown as { firstScreen: { screenLoader: boolean } }).firstScreen.screenLoader);
    await web.signIn(staff.username, STAFF_PASSWORD);
    await web.page.getByRole('heading', { name: 'Today’s work' }).waitFor();
    expect(await screenLoader()).toBe(false);
    for (const path of ['/dosing', '/dosing/day-sheet', '/today']) {
      await web.goto(path);
      await web.page.getByTestId('whoami').waitFor({ state: 'attached' });
      await web.settled();
      expect({ path, screenLoader: await screenLoader() }).toEqual({ path, screenLoader: false });
    }
    await web.finish();
  });

  it('refreshes the token on reload, and ends the session when its refresh chain is revoked', async () => {
    const staff = await nurse();
    const web = await WebPage.open(suite, 'en');
    await web.signIn(staff.username, STAFF_PASSWORD);
    const first = await web.page.evaluate(() => sessionStorage.getItem('tongban.refresh'));

    await web.page.reload();
    await web.page.getByTestId('whoami').waitFor();
    const second = await web.page.evaluate(() => sessionStorage.getItem('tongban.refresh'));
    expect(second).not.toEqual(first);

    // Someone replays the first refresh token: the server revokes the whole chain.
    await suite.t.http.post('/api/v1/auth/refresh').send({ refreshToken: first }).expect(401);
    web.expectApiError(401);
    web.expectApiError(401);
    await web.page.reload();
    await web.waitForText('signed-out-notice', 'Your session has ended');
    expect(await web.page.evaluate(() => sessionStorage.getItem('tongban.refresh'))).toBeNull();
    await web.finish();
  });

  it('signs out after 15 minutes without activity, and not before', async () => {
    const staff = await nurse();
    const web = await WebPage.open(suite, 'zh-CN');
    await web.page.clock.install();
    await web.signIn(staff.username, STAFF_PASSWORD);
    await web.page.clock.fastForward('14:00');
    await web.page.getByTestId('whoami').waitFor();
    await web.page.keyboard.press('Shift');
    await web.page.clock.fastForward('14:00');
    await web.page.getByTestId('whoami').waitFor();
    await web.page.clock.fastForward('01:30');
    await web.waitForText('signed-out-notice', '15 分钟无操作');
    expect(await web.page.evaluate(() => sessionStorage.getItem('tongban.refresh'))).toBeNull();
    await web.finish();
  });
});
