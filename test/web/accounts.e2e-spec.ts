import { Role } from '@tongban/platform';
import { makeClinic, makeStaff, signIn, signInAdmin, SignedIn, STAFF_PASSWORD, unique } from '../factories';
import { startWebSuite, WebPage, WebSuite } from './support/browser';

/** The words the tests look for, in Chinese (the clinics' language). */
const WORDS = {
  username: '用户名',
  password: '密码',
  signIn: '登录',
  forcedTitle: '请设置您自己的密码',
  current: '当前密码',
  newPassword: '新密码',
  again: '再次输入新密码',
  change: '修改密码',
  same: '新密码不能与当前密码相同。',
  mismatch: '两次输入的新密码不一致。',
  tooShort: '新密码至少需要 12 个字符',
  wrongCurrent: '当前密码错误。',
  account: '账户',
  passwordDone: '密码已修改',
  renameOf: (code: string) => `改名：${code}`,
  clinicName: '门诊名称',
  save: '保存',
  clinicRenamed: '的名称已修改',
  nameLength: '个字符，最多 200 个',
  nameTooLong: '最多 200 个字符',
  editNameOf: (username: string) => `修改姓名：${username}`,
  displayName: '姓名',
  nameChanged: '的姓名已修改',
  deactivateOf: (username: string) => `停用 ${username}`,
  deactivate: '停用',
  cancel: '取消',
  deactivated: '已停用',
  active: '在用',
  clinicsNav: '门诊',
  staffNav: '员工',
};

const SLOW_MACHINE_MS = 30_000;

describe('web app: own accounts (zh-CN)', () => {
  let suite: WebSuite;
  let admin: SignedIn;

  beforeAll(async () => {
    suite = await startWebSuite();
    admin = await signInAdmin(suite.t);
  });
  afterAll(() => suite?.close());

  /** Fills the sign-in form without waiting for the app's first screen. */
  async function submitSignIn(web: WebPage, username: string, password: string): Promise<void> {
    await web.goto('/');
    await web.page.locator('input[name="username"]').fill(username);
    await web.page.locator('input[name="password"]').fill(password);
    await web.page.locator('button[type="submit"]').click();
  }

  async function fillPasswordForm(web: WebPage, current: string, next: string, again = next): Promise<void> {
    const form = web.page.getByTestId('change-password');
    await form.locator('input[name="currentPassword"]').fill(current);
    await form.locator('input[name="newPassword"]').fill(next);
    await form.locator('input[name="confirmPassword"]').fill(again);
    await form.getByRole('button', { name: WORDS.change }).click();
  }

  it('makes a newly created nurse choose their own password before anything else, then lets them work', async () => {
    const t = suite.t;
    const clinic = await makeClinic(t, admin);
    const username = unique('new-nurse');
    await t.http
      .post('/api/v1/staff')
      .set(admin.auth)
      .send({ username, password: STAFF_PASSWORD, displayName: '新护士', role: Role.Nurse, clinicId: clinic.id })
      .expect(201);

    const web = await WebPage.open(suite, 'zh-CN');
    web.page.setDefaultTimeout(SLOW_MACHINE_MS);
    await submitSignIn(web, username, STAFF_PASSWORD);
    await web.page.getByRole('heading', { name: WORDS.forcedTitle }).waitFor();
    // Nothing else is reachable: no menu, no screens, whatever the address.
    expect(await web.page.getByTestId('whoami').count()).toBe(0);
    expect(await web.page.getByRole('navigation').count()).toBe(0);
    await web.page.goto(`${suite.baseUrl}/dosing`);
    await web.page.getByRole('heading', { name: WORDS.forcedTitle }).waitFor();
    expect(await web.page.getByTestId('whoami').count()).toBe(0);

    // Checked before it is sent: too short, the same as the given one, typed differently twice.
    await fillPasswordForm(web, STAFF_PASSWORD, 'short');
    await web.page.getByText(WORDS.tooShort).waitFor();
    await fillPasswordForm(web, STAFF_PASSWORD, STAFF_PASSWORD);
    await web.page.getByText(WORDS.same).waitFor();
    await fillPasswordForm(web, STAFF_PASSWORD, 'the nurse chose this', 'the nurse chose that');
    await web.page.getByText(WORDS.mismatch).waitFor();
    // The server's answer at its field: a wrong current password.
    web.expectApiError(422);
    await fillPasswordForm(web, 'not the given password', 'the nurse chose this');
    await web.page.getByTestId('change-password').getByText(WORDS.wrongCurrent).first().waitFor();
    await web.checkAccessibility();
    await web.screenshot('password-required');

    await fillPasswordForm(web, STAFF_PASSWORD, 'the nurse chose this');
    await web.page.getByTestId('whoami').waitFor({ state: 'attached' });
    await web.waitForText('whoami', '新护士');
    // Working now: the dosing window opens.
    await web.page.waitForURL(/\/dosing$/);
    await web.finish();

    const login = await t.http.post('/api/v1/auth/login').send({ username, password: 'the nurse chose this' }).expect(200);
    expect(login.body.user.mustChangePassword).toBe(false);
    await t.http.post('/api/v1/auth/login').send({ username, password: STAFF_PASSWORD }).expect(401);
  }, 180_000);

  it('lets an administrator rename a clinic, edit a display name, deactivate after confirming, and change their own password', async () => {
    const t = suite.t;
    const clinic = await makeClinic(t, admin, { name: '昆明第三门诊' });
    const nurse = await makeStaff(t, admin, Role.Nurse, clinic.id);
    // A second administrator, so the suite's own keeps its password.
    const other = await makeStaff(t, admin, Role.Admin, null);

    const web = await WebPage.open(suite, 'zh-CN');
    web.page.setDefaultTimeout(SLOW_MACHINE_MS);
    await web.signIn(other.username, STAFF_PASSWORD);
    const { page } = web;

    // Rename the clinic: the length is shown against the limit; too long is refused, never cut.
    await page.getByRole('button', { name: WORDS.renameOf(clinic.code) }).click();
    const rename = page.getByRole('dialog');
    await rename.getByText(WORDS.nameLength).waitFor();
    await rename.getByLabel(WORDS.clinicName).fill('名'.repeat(201));
    await rename.getByRole('button', { name: WORDS.save }).click();
    await rename.getByText(WORDS.nameTooLong).waitFor();
    await rename.getByLabel(WORDS.clinicName).fill('昆明市第三美沙酮门诊');
    await rename.getByRole('button', { name: WORDS.save }).click();
    await web.waitForText('clinic-done', WORDS.clinicRenamed);
    await web.waitForText(`clinic-${clinic.code}`, '昆明市第三美沙酮门诊');
    const renamed = await t.http.get(`/api/v1/clinics/${clinic.id}`).set(admin.auth).expect(200);
    expect(renamed.body.name).toBe('昆明市第三美沙酮门诊');

    // The clinic's staff: edit the nurse's display name.
    await page.goto(`${suite.baseUrl}/admin/staff?clinic=${clinic.id}`);
    await page.getByTestId(`staff-${nurse.username}`).waitFor();
    await page.getByRole('button', { name: WORDS.editNameOf(nurse.username) }).click();
    const nameDialog = page.getByRole('dialog');
    await nameDialog.getByLabel(WORDS.displayName).fill('王护士');
    await nameDialog.getByRole('button', { name: WORDS.save }).click();
    await web.waitForText('staff-done', WORDS.nameChanged);
    await web.waitForText(`staff-${nurse.username}`, '王护士');
    const staff = await t.http.get('/api/v1/staff').query({ clinicId: clinic.id }).set(admin.auth).expect(200);
    expect(staff.body.items.find((item: { id: string }) => item.id === nurse.id).displayName).toBe('王护士');

    // Deactivating asks first: cancelled, nothing changes; confirmed, the nurse is signed out.
    await page.getByRole('button', { name: WORDS.deactivateOf(nurse.username) }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('王护士').waitFor();
    await web.checkAccessibility();
    await confirm.getByRole('button', { name: WORDS.cancel, exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(200);
    await page.getByTestId(`staff-${nurse.username}`).getByTestId('staff-status').filter({ hasText: WORDS.active }).waitFor();
    await page.getByRole('button', { name: WORDS.deactivateOf(nurse.username) }).click();
    await page.getByRole('dialog').getByRole('button', { name: WORDS.deactivate, exact: true }).click();
    await page.getByTestId(`staff-${nurse.username}`).getByTestId('staff-status').filter({ hasText: WORDS.deactivated }).waitFor();
    await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(401);

    // Their own password, from the account menu.
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: WORDS.change }).click();
    await page.getByRole('dialog').waitFor();
    await fillPasswordForm(web, STAFF_PASSWORD, 'the administrator chose this');
    await web.waitForText('password-done', WORDS.passwordDone);
    await web.checkAccessibility();
    await web.finish();
    await signIn(t, other.username, 'the administrator chose this');
    await t.http.post('/api/v1/auth/login').send({ username: other.username, password: STAFF_PASSWORD }).expect(401);
  }, 180_000);
});
