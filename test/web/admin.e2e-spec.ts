import { signIn, signInAdmin, SignedIn, STAFF_PASSWORD, unique, uniqueClinicCode } from '../factories';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from '../support/test-app';
import { fillTime, Language, LANGUAGES, startWebSuite, WebPage, WebSuite } from './support/browser';

const WORDS = {
  en: {
    clinicCode: 'Clinic code',
    clinicName: 'Clinic name',
    timeZone: 'Time zone',
    createClinic: 'Create clinic',
    clinicCreated: 'created.',
    settingsOf: (code: string) => `Settings of ${code}`,
    dropoutDays: 'Drop-out after',
    saveSettings: 'Save settings',
    settingsSaved: 'saved.',
    staffOf: (code: string) => `Staff of ${code}`,
    username: 'Username',
    password: 'Initial password',
    displayName: 'Name shown to colleagues',
    role: 'Role',
    createAccount: 'Create account',
    passwordShort: 'The password must have at least 12 characters.',
    usernameTaken: 'That username is already taken.',
    accountCreated: 'created.',
    deactivate: (username: string) => `Deactivate ${username}`,
    confirmDeactivate: 'Deactivate',
    reactivate: (username: string) => `Reactivate ${username}`,
    inactive: 'Deactivated',
    active: 'Active',
    deactivated: 'is deactivated',
    resetPassword: (username: string) => `Reset password of ${username}`,
    newPassword: 'New password',
    setPassword: 'Set password',
    passwordReset: 'was reset',
  },
  'zh-CN': {
    clinicCode: '门诊代码',
    clinicName: '门诊名称',
    timeZone: '时区',
    createClinic: '创建门诊',
    clinicCreated: '已创建门诊',
    settingsOf: (code: string) => `${code} 的设置`,
    dropoutDays: '连续几天未服药算脱失',
    saveSettings: '保存设置',
    settingsSaved: '的设置已保存',
    staffOf: (code: string) => `${code} 的员工`,
    username: '用户名',
    password: '初始密码',
    displayName: '显示给同事的姓名',
    role: '角色',
    createAccount: '创建账号',
    passwordShort: '密码至少需要 12 个字符。',
    usernameTaken: '该用户名已被使用。',
    accountCreated: '已创建账号',
    deactivate: (username: string) => `停用 ${username}`,
    confirmDeactivate: '停用',
    reactivate: (username: string) => `重新启用 ${username}`,
    inactive: '已停用',
    active: '在用',
    deactivated: '已停用',
    resetPassword: (username: string) => `重置密码：${username}`,
    newPassword: '新密码',
    setPassword: '设置密码',
    passwordReset: '的密码已重置',
  },
} satisfies Record<Language, Record<string, string | ((value: string) => string)>>;

/** The test machine is shared: a cold first page load can take longer than the harness's 15 seconds. */
const SLOW_MACHINE_MS = 30_000;

describe('web app: administrator', () => {
  let suite: WebSuite;
  let admin: SignedIn;

  beforeAll(async () => {
    suite = await startWebSuite();
    admin = await signInAdmin(suite.t);
  });
  afterAll(() => suite?.close());

  it.each(LANGUAGES)(
    'in %s an administrator creates a clinic and edits its settings, creates a nurse, is told a username is taken, and deactivates the nurse so they can no longer sign in',
    async (language) => {
      const words = WORDS[language];
      const t = suite.t;
      const web = await WebPage.open(suite, language);
      web.page.setDefaultTimeout(SLOW_MACHINE_MS);
      await web.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
      const { page } = web;

      // A clinic in Los Angeles, through the form on the clinics screen (the administrator's home).
      const code = uniqueClinicCode();
      const clinicName = unique('Clinic');
      await page.getByLabel(words.clinicCode).fill(code);
      await page.getByLabel(words.clinicName).fill(clinicName);
      await page.getByLabel(words.timeZone).selectOption('America/Los_Angeles');
      await page.getByRole('button', { name: words.createClinic }).click();
      await web.waitForText('clinic-done', words.clinicCreated);
      await web.waitForText(`clinic-${code}`, 'America/Los_Angeles');
      const clinics = await t.http.get('/api/v1/clinics').query({ limit: 200 }).set(admin.auth).expect(200);
      const clinic = clinics.body.items.find((item: { code: string }) => item.code === code);
      expect(clinic).toMatchObject({ name: clinicName, timeZone: 'America/Los_Angeles' });

      // Its settings: drop-out after 14 days, quiet from 22:00.
      await page.getByRole('button', { name: words.settingsOf(code) }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(words.dropoutDays).fill('14');
      await fillTime(page, 'settings-quietHoursStart', '22:00');
      await dialog.getByRole('button', { name: words.saveSettings }).click();
      await web.waitForText('clinic-done', words.settingsSaved);
      await dialog.waitFor({ state: 'detached' });
      const settings = await t.http.get(`/api/v1/clinics/${clinic.id}`).set(admin.auth).expect(200);
      expect(settings.body.settings).toMatchObject({ dropoutDays: 14, quietHoursStart: '22:00', timeZone: 'America/Los_Angeles' });
      await web.waitForText(`clinic-${code}`, '22:00');
      await web.checkAccessibility();
      await web.screenshot('admin-clinics');

      // The clinic's staff: a nurse, after a password that is too short.
      await page.getByRole('link', { name: words.staffOf(code) }).click();
      await page.locator(`select[name="clinicId"] option[value="${clinic.id}"]`).waitFor({ state: 'attached' });
      expect(await page.locator('select[name="clinicId"]').inputValue()).toBe(clinic.id);
      const username = unique('nurse');
      await page.getByLabel(words.username).fill(username);
      await page.getByLabel(words.password).fill('too short');
      await page.getByLabel(words.displayName).fill('Nurse Wang');
      await page.getByLabel(words.role).selectOption('nurse');
      await page.getByRole('button', { name: words.createAccount }).click();
      await page.getByText(words.passwordShort).waitFor();
      await page.getByLabel(words.password).fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: words.createAccount }).click();
      await web.waitForText('staff-done', words.accountCreated);
      await web.waitForText(`staff-${username}`, 'Nurse Wang');
      const nurse = await signIn(t, username, STAFF_PASSWORD);
      expect(nurse).toMatchObject({ role: 'nurse', clinicId: clinic.id });

      // The same username again: explained.
      await page.getByLabel(words.username).fill(username.toUpperCase());
      await page.getByLabel(words.password).fill(STAFF_PASSWORD);
      await page.getByLabel(words.displayName).fill('Another nurse');
      await page.getByLabel(words.role).selectOption('nurse');
      web.expectApiError(409);
      await page.getByRole('button', { name: words.createAccount }).click();
      await web.waitForText('error', words.usernameTaken);

      // Deactivated: the nurse can no longer sign in, and their session has ended.
      await page.getByRole('button', { name: words.deactivate(username) }).click();
      await page.getByRole('dialog').getByRole('button', { name: words.confirmDeactivate, exact: true }).click();
      await web.waitForText('staff-done', words.deactivated);
      await page.getByTestId(`staff-${username}`).getByTestId('staff-status').filter({ hasText: words.inactive }).waitFor();
      await t.http.post('/api/v1/auth/login').send({ username, password: STAFF_PASSWORD }).expect(401);
      await t.http.get('/api/v1/auth/me').set(nurse.auth).expect(401);
      await web.checkAccessibility();
      await web.screenshot('admin-staff');

      // Reactivated with a new password: only the new one works.
      await page.getByRole('button', { name: words.reactivate(username) }).click();
      await page.getByTestId(`staff-${username}`).getByTestId('staff-status').filter({ hasText: words.active }).waitFor();
      await page.getByRole('button', { name: words.resetPassword(username) }).click();
      const newPassword = 'a new password for the nurse';
      await page.getByRole('dialog').getByLabel(words.newPassword).fill(newPassword);
      await page.getByRole('dialog').getByRole('button', { name: words.setPassword }).click();
      await web.waitForText('staff-done', words.passwordReset);
      await signIn(t, username, newPassword);
      await t.http.post('/api/v1/auth/login').send({ username, password: STAFF_PASSWORD }).expect(401);
      await web.finish();
    },
    180_000,
  );
});
