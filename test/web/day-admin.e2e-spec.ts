import { Role } from '@tongban/platform';
import { makeClinic, makeStaff, signInAdmin, STAFF_PASSWORD, unique, uniqueClinicCode } from '../factories';
import { fillTime, WebPage } from './support/browser';
import { dayWalk } from './support/ui-only';

/** The words an administrator reads and clicks, in Chinese. */
const WORDS = {
  clinicCode: '门诊代码',
  clinicName: '门诊名称',
  timeZone: '时区',
  createClinic: '创建门诊',
  clinicCreated: '已创建门诊',
  settingsOf: (code: string) => `${code} 的设置`,
  dropoutDays: '连续几天未服药算脱失',
  saveSettings: '保存设置',
  settingsSaved: '的设置已保存',
  renameOf: (code: string) => `改名：${code}`,
  save: '保存',
  clinicRenamed: '的名称已修改',
  staffOf: (code: string) => `${code} 的员工`,
  username: '用户名',
  initialPassword: '初始密码',
  displayName: '显示给同事的姓名',
  role: '角色',
  createAccount: '创建账号',
  accountCreated: '已创建账号',
  editNameOf: (username: string) => `修改姓名：${username}`,
  name: '姓名',
  nameChanged: '的姓名已修改',
  resetPasswordOf: (username: string) => `重置密码：${username}`,
  newPassword: '新密码',
  setPassword: '设置密码',
  passwordReset: '的密码已重置',
  deactivateOf: (username: string) => `停用 ${username}`,
  deactivate: '停用',
  deactivated: '已停用',
  active: '在用',
  changePassword: '修改密码',
  passwordChanged: '密码已修改',
  signOut: '退出登录',
  forcedTitle: '请设置您自己的密码',
  wrongCredentials: '用户名或密码错误',
};

/** The test machine is shared: a cold first page load can take longer than the harness's 15 seconds. */
const SLOW_MACHINE_MS = 30_000;

describe('a day in the web app: the administrator (zh-CN)', () => {
  const walk = dayWalk();

  it('once the set-up is done, the test can no longer reach the API or the database, until they are reopened', async () => {
    const { suite, t } = walk;
    walk.uiOnly();
    expect(() => suite.t.http.get('/health/live')).toThrow(/web app only: the test reached for http\.get/);
    expect(() => suite.t.dataSource.query('select 1')).toThrow(/web app only: the test reached for dataSource\.query/);
    // The factories go through the same client: a set-up step left in the walk fails too.
    await expect(signInAdmin(t)).rejects.toThrow(/the test reached for http\./);
    walk.reopen();
    await suite.t.http.get('/health/live').expect(200);
    expect(await suite.t.dataSource.query('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('sets up a new clinic with its rules and staff, looks after the accounts of an existing one, and changes their own password', async () => {
    const { suite, t } = walk;
    // Set-up: an administrator of their own (the suite's keeps its password), and a clinic already at work
    // where a nurse has forgotten her password and a counselor has left.
    const admin = await signInAdmin(t);
    const me = await makeStaff(t, admin, Role.Admin, null);
    const existing = await makeClinic(t, admin, { name: '昆明第一门诊' });
    const [forgetful, leaving] = await Promise.all([
      makeStaff(t, admin, Role.Nurse, existing.id),
      makeStaff(t, admin, Role.Counselor, existing.id),
    ]);
    walk.uiOnly();

    const web = await WebPage.open(suite, 'zh-CN');
    web.page.setDefaultTimeout(SLOW_MACHINE_MS);
    const { page } = web;
    await web.signIn(me.username, STAFF_PASSWORD);

    // A new clinic opens next week: created on the clinics screen (the administrator's home).
    const code = uniqueClinicCode();
    await page.getByLabel(WORDS.clinicCode).fill(code);
    await page.getByLabel(WORDS.clinicName).fill('昆明第二门诊');
    await page.getByLabel(WORDS.timeZone).selectOption('Asia/Shanghai');
    await page.getByRole('button', { name: WORDS.createClinic }).click();
    await web.waitForText('clinic-done', WORDS.clinicCreated);
    const row = page.getByTestId(`clinic-${code}`);
    await row.filter({ hasText: '昆明第二门诊' }).filter({ hasText: 'Asia/Shanghai' }).waitFor();

    // Its rules: drop-out after 7 days (the stricter of the two the studies use), quiet from 22:00.
    await page.getByRole('button', { name: WORDS.settingsOf(code) }).click();
    const settings = page.getByRole('dialog');
    await settings.getByLabel(WORDS.dropoutDays).fill('7');
    await fillTime(page, 'settings-quietHoursStart', '22:00');
    await web.checkAccessibility();
    await settings.getByRole('button', { name: WORDS.saveSettings }).click();
    await web.waitForText('clinic-done', WORDS.settingsSaved);
    await settings.waitFor({ state: 'detached' });
    await row.filter({ hasText: '7 天脱失' }).filter({ hasText: '22:00' }).waitFor();

    // The health bureau's name for it.
    await page.getByRole('button', { name: WORDS.renameOf(code) }).click();
    const rename = page.getByRole('dialog');
    await rename.getByLabel(WORDS.clinicName).fill('昆明市第二美沙酮维持治疗门诊');
    await rename.getByRole('button', { name: WORDS.save }).click();
    await web.waitForText('clinic-done', WORDS.clinicRenamed);
    await row.filter({ hasText: '昆明市第二美沙酮维持治疗门诊' }).waitFor();
    await web.checkAccessibility();

    // Its first staff: a coordinator and a nurse, each with an initial password handed over in person.
    await page.getByRole('link', { name: WORDS.staffOf(code) }).click();
    await page.getByRole('heading', { name: '员工', exact: true }).waitFor();
    const coordinatorName = unique('coord');
    const nurseName = unique('nurse');
    const initialPassword = 'handed over in person';
    const createAccount = async (username: string, displayName: string, role: string) => {
      await page.getByLabel(WORDS.username).fill(username);
      await page.getByLabel(WORDS.initialPassword).fill(initialPassword);
      await page.getByLabel(WORDS.displayName).fill(displayName);
      await page.getByLabel(WORDS.role).selectOption(role);
      await page.getByRole('button', { name: WORDS.createAccount }).click();
      await web.waitForText('staff-done', `${WORDS.accountCreated} ${username}`);
      await web.waitForText(`staff-${username}`, displayName);
    };
    await createAccount(coordinatorName, '李协调', 'coordinator');
    await createAccount(nurseName, '王户士', 'nurse');
    // A typo in the nurse's name, corrected.
    await page.getByRole('button', { name: WORDS.editNameOf(nurseName) }).click();
    const nameDialog = page.getByRole('dialog');
    await nameDialog.getByLabel(WORDS.name).fill('王护士');
    await nameDialog.getByRole('button', { name: WORDS.save }).click();
    await web.waitForText('staff-done', WORDS.nameChanged);
    await web.waitForText(`staff-${nurseName}`, '王护士');
    await web.checkAccessibility();

    // The existing clinic: the nurse who forgot her password gets a new one.
    // The screen's choice of clinic (the new account's form has its own).
    await page.locator('select[name="clinic"]').selectOption(existing.id);
    await page.getByTestId(`staff-${forgetful.username}`).waitFor();
    await page.getByRole('button', { name: WORDS.resetPasswordOf(forgetful.username) }).click();
    const resetPassword = 'a new one for the nurse';
    await page.getByRole('dialog').getByLabel(WORDS.newPassword).fill(resetPassword);
    await web.checkAccessibility();
    await page.getByRole('dialog').getByRole('button', { name: WORDS.setPassword }).click();
    await web.waitForText('staff-done', WORDS.passwordReset);

    // The counselor who left: deactivated, after the confirmation names them.
    await page.getByRole('button', { name: WORDS.deactivateOf(leaving.username) }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(leaving.username).first().waitFor();
    await web.checkAccessibility();
    await confirm.getByRole('button', { name: WORDS.deactivate, exact: true }).click();
    const leftRow = page.getByTestId(`staff-${leaving.username}`);
    await leftRow.getByTestId('staff-status').filter({ hasText: WORDS.deactivated }).waitFor();
    await page.getByTestId(`staff-${forgetful.username}`).getByTestId('staff-status').filter({ hasText: WORDS.active }).waitFor();

    // Their own password, from the account menu.
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: WORDS.changePassword }).click();
    const own = page.getByTestId('change-password');
    const myNewPassword = 'the administrator chose this';
    await own.locator('input[name="currentPassword"]').fill(STAFF_PASSWORD);
    await own.locator('input[name="newPassword"]').fill(myNewPassword);
    await own.locator('input[name="confirmPassword"]').fill(myNewPassword);
    await own.getByRole('button', { name: WORDS.changePassword }).click();
    await web.waitForText('password-done', WORDS.passwordChanged);

    // What the day's work means for each person, seen at the sign-in screen.
    const signInAs = async (username: string, password: string) => {
      const other = await WebPage.open(suite, 'zh-CN');
      other.page.setDefaultTimeout(SLOW_MACHINE_MS);
      await other.goto('/');
      await other.page.locator('input[name="username"]').fill(username);
      await other.page.locator('input[name="password"]').fill(password);
      await other.page.locator('button[type="submit"]').click();
      return other;
    };
    // The new coordinator, and the nurse with her reset password, are first asked to choose their own.
    for (const [username, password] of [
      [coordinatorName, initialPassword],
      [forgetful.username, resetPassword],
    ]) {
      const other = await signInAs(username, password);
      await other.page.getByRole('heading', { name: WORDS.forcedTitle }).waitFor();
      await other.finish();
    }
    // The counselor who left can no longer sign in.
    const departed = await signInAs(leaving.username, STAFF_PASSWORD);
    departed.expectApiError(401);
    await departed.waitForText('error', WORDS.wrongCredentials);
    await departed.finish();

    // Signed out at the end of the day; the next sign-in takes the new password.
    await page.getByRole('button', { name: WORDS.signOut }).click();
    await page.locator('input[name="username"]').waitFor();
    await web.signIn(me.username, myNewPassword);
    await web.waitForText(`clinic-${code}`, '昆明市第二美沙酮维持治疗门诊');
    await web.finish();
  }, 120_000);
});
