import { Role } from '@tongban/platform';
import { randomInt } from 'node:crypto';
import {
  clinicDay,
  importDosingHistory,
  makeClient,
  makeClinic,
  makeDoseOrder,
  makeStaff,
  signInAdmin,
  STAFF_PASSWORD,
  unique,
} from '../factories';
import { fillDateTime, fillTime, Language, LANGUAGES, pickDate, startWebSuite, WebPage, WebSuite } from './support/browser';

/** What the tests read on the screen, in each language (the rest is found by test id). */
const TEXT: Record<Language, Record<string, string>> = {
  en: {
    clients: 'Clients',
    active: 'Active',
    duplicate: 'already registered at this clinic',
    notPermitted: 'This relative may not be contacted',
    noConsent: 'There is no family-contact consent in force',
    contactable: 'May be contacted today',
    notContactable: 'May not be contacted',
    inForce: 'In force',
    revoked: 'Revoked',
    withheld: 'Topics and notes are shown only to the client’s counselor',
    minutes: '50 min',
    bothParts: 'Choose both a date and a time.',
    notFound: 'Not found, or you do not have access to it.',
    emergencyGranted: 'Emergency access until',
    visit: 'Visit',
    assess: 'Assess before dosing',
    noGroups: 'Not a member of any peer group.',
    required: 'Required',
    tooLong: 'At most 100 characters',
    future: 'This date must not lie in the future',
    oneOf: 'Choose one of the offered values',
    format: 'This is not in the expected form',
  },
  'zh-CN': {
    clients: '服务对象',
    active: '在治',
    duplicate: '本门诊已登记过相同身份证号的服务对象',
    notPermitted: '不能联系这位家属',
    noConsent: '目前没有有效的家属联系同意',
    contactable: '今日可联系',
    notContactable: '不可联系',
    inForce: '有效',
    revoked: '已撤回',
    withheld: '咨询主题和内容仅限该服务对象的咨询员查看',
    minutes: '50 分钟',
    bothParts: '请同时选择日期和时间。',
    notFound: '未找到，或您无权查看。',
    emergencyGranted: '紧急访问有效至',
    visit: '家访',
    assess: '服药前需评估',
    noGroups: '未参加任何同伴小组。',
    required: '必填',
    tooLong: '最多 100 个字符',
    future: '日期不能晚于今天',
    oneOf: '请从给出的选项中选择',
    format: '格式不正确',
  },
};

/** An 18-character national ID number no other test uses. */
function nationalId(): string {
  return `5301${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e5)).padStart(5, '0')}`;
}

describe('web app: the counselor’s caseload and client record', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  it.each(LANGUAGES)(
    'in %s, a counselor registers a client, logs a session, records family contacts and consents; a coordinator sees the session without its notes',
    async (language) => {
      const text = TEXT[language];
      const { t } = suite;
      const admin = await signInAdmin(t);
      const clinic = await makeClinic(t, admin);
      const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
      const physician = await makeStaff(t, admin, Role.Physician, clinic.id);
      // A client the coordinator registered already, whose ID number the counselor will type by mistake.
      const takenId = nationalId();
      await makeClient(t, coordinator, { nationalId: takenId });

      const web = await WebPage.open(suite, language);
      const page = web.page;
      await web.signIn(counselor.username, STAFF_PASSWORD);
      await web.openFromMenu(language === 'en' ? 'Caseload' : '我的个案');
      await page.getByRole('heading', { level: 2, name: text.clients }).waitFor();
      await page.getByTestId('caseload-empty').waitFor();

      // Five mistakes at once come back in one answer, each said at its own field in the page's language.
      await page.getByTestId('register-toggle').click();
      await page.getByTestId('register-givenName').fill('伟'.repeat(101));
      await page.getByTestId('register-dateOfBirth').fill('2199-01-01');
      await page.getByTestId('register-phone').fill('call me');
      web.expectApiError(400);
      await page.getByTestId('register-submit').click();
      const fieldErrors = {
        familyName: text.required,
        givenName: text.tooLong,
        dateOfBirth: text.future,
        sex: text.oneOf,
        phone: text.format,
      };
      for (const [field, message] of Object.entries(fieldErrors)) {
        const input = page.getByTestId(`register-${field}`);
        await page
          .locator(`[id="${await input.getAttribute('id')}-error"]`)
          .filter({ hasText: message })
          .waitFor();
        expect(await input.getAttribute('aria-invalid')).toBe('true');
      }
      // The name was kept whole (nothing typed is cut off); the counter says how far over it is.
      expect(await page.getByTestId('register-givenName').inputValue()).toHaveLength(101);
      await web.checkAccessibility();

      // Register 张伟 through the form; the ID number of another client is refused and explained.
      await page.getByTestId('register-familyName').fill('张');
      await page.getByTestId('register-givenName').fill('伟');
      await page.getByTestId('register-preferredName').fill('小伟');
      await page.getByTestId('register-dateOfBirth').fill('1985-04-12');
      await page.getByTestId('register-sex').selectOption('male');
      await page.getByTestId('register-phone').fill('+86 138 0013 8000');
      await page.getByTestId('register-email').fill('zhang.wei@example.cn');
      await page.getByTestId('register-nationalId').fill(takenId);
      await page.getByTestId('register-preferredLanguage').selectOption('zh-CN');
      // Intake four days ago; with a dose on that day on paper (imported below), three days without one: the "assess" flag.
      await page.getByTestId('register-intakeDate').fill(clinicDay(t, -4));
      // The typed date is taken; the calendar that opened beside the field is closed.
      await page.keyboard.press('Escape');
      await web.checkAccessibility();
      web.expectApiError(409);
      await page.getByTestId('register-submit').click();
      await web.waitForText('error', text.duplicate);
      expect(await page.getByTestId('register-nationalId').getAttribute('aria-invalid')).toBe('true');

      const idNumber = nationalId();
      await page.getByTestId('register-nationalId').fill(idNumber);
      await page.getByTestId('register-submit').click();
      await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
      const clientId = /\/clients\/([0-9a-f-]{36})$/.exec(page.url())![1];
      await web.waitForText('client-name', '张伟');
      const registered = (await t.http.get(`/api/v1/clients/${clientId}`).set(counselor.auth).expect(200)).body;
      expect(registered).toMatchObject({
        familyName: '张',
        givenName: '伟',
        preferredName: '小伟',
        dateOfBirth: '1985-04-12',
        sex: 'male',
        nationalId: idNumber,
        preferredLanguage: 'zh-CN',
        status: 'active',
      });
      await web.waitForText('client-code', registered.code);
      await web.waitForText('client-status', text.active);
      await web.waitForText('fact-nationalId', idNumber);
      await web.waitForText('care-team-member', 'Test counselor');
      await page.getByTestId('episode').first().waitFor();
      await web.checkAccessibility();
      await web.screenshot('counselor-client-overview');

      // The caseload finds the client by full name; the row opens the record.
      await web.goto('/clients');
      await page.getByTestId('caseload-search').fill('张伟');
      await page.getByTestId('caseload-search-submit').click();
      await web.waitForText('client-name', '张伟');
      await web.waitForText('client-code', registered.code);
      expect(await page.getByTestId('client-row').count()).toBe(1);
      await web.checkAccessibility();
      await web.screenshot('counselor-caseload');
      await page.getByTestId('client-link').click();
      await web.waitForText('client-name', '张伟');

      // Log a session with topics, notes and the next appointment.
      const notes = language === 'en' ? `Talked about going back to work ${unique('n')}` : `谈到重新就业的打算 ${unique('n')}`;
      const topics = language === 'en' ? 'employment, family support' : '就业，家庭支持';
      const nextDay = clinicDay(t, 7);
      await page.getByTestId('tab-sessions').click();
      await page.getByTestId('session-minutes-input').fill('50');
      await page.getByTestId('session-topics-input').fill(topics);
      await page.getByTestId('session-notes-input').fill(notes);
      // A day without a time is named as incomplete under the field, not taken for no appointment.
      await pickDate(page, 'session-next-input-date', nextDay);
      await web.waitForText('session-next-input', text.bothParts);
      await fillTime(page, 'session-next-input-time', '09:30');
      expect(await page.getByTestId('session-next-input').textContent()).not.toContain(text.bothParts);
      await page.getByTestId('session-submit').click();
      await web.waitForText('session-notes', notes);
      await web.waitForText('session-minutes', text.minutes);
      const sessions = (await t.http.get(`/api/v1/clients/${clientId}/counseling-sessions`).set(counselor.auth).expect(200)).body.items;
      expect(sessions).toHaveLength(1);
      expect(sessions[0]).toMatchObject({ type: 'individual', minutes: 50, notes, topics: topics.split(/[,，]\s*/) });
      // The clinic (and this browser) runs in Asia/Shanghai: 09:30 there.
      expect(Date.parse(sessions[0].nextAppointmentAt)).toBe(Date.parse(`${nextDay}T09:30:00+08:00`));
      await web.checkAccessibility();
      await web.screenshot('counselor-sessions');

      // A family contact; without a family-contact consent no contact may be logged.
      const relative = language === 'en' ? 'Li Xiuying' : '李秀英';
      await page.getByTestId('tab-family').click();
      await page.getByTestId('contact-name').fill(relative);
      await page.getByTestId('contact-relationship').fill(language === 'en' ? 'sister' : '姐姐');
      await page.getByTestId('contact-phone').fill('+86 139 0000 1111');
      await page.getByTestId('contact-may-contact').check();
      await page.getByTestId('contact-lives-with').selectOption('no');
      await page.getByTestId('contact-notes').fill(language === 'en' ? 'Comes to family sessions' : '参加家庭会谈');
      await page.getByTestId('contact-submit').click();
      await web.waitForText('family-contact-name', relative);
      await web.waitForText('family-contactable', text.notContactable);
      await web.waitForText('family-why-not', text.noConsent);
      const summary = language === 'en' ? 'Visited the family at home' : '到家中家访';
      await page.getByTestId('interaction-channel').selectOption('visit');
      await page.getByTestId('interaction-summary').fill(summary);
      web.expectApiError(422);
      await page.getByTestId('interaction-submit').click();
      await web.waitForText('error', text.notPermitted);
      await web.waitForText('error', text.noConsent);

      // Record the family-contact consent, then the contact is logged.
      await page.getByTestId('tab-consents').click();
      await page.getByTestId('consent-scope-family_contact').check();
      await page.getByTestId('consent-note').fill(language === 'en' ? 'Signed at intake' : '入组时签署');
      await page.getByTestId('consent-submit').click();
      const consentRow = page.locator('[data-testid="consent"][data-scope="family_contact"]');
      await consentRow.getByTestId('consent-status').filter({ hasText: text.inForce }).waitFor();
      const consents = (await t.http.get(`/api/v1/clients/${clientId}/consents`).set(counselor.auth).expect(200)).body.items;
      expect(consents).toEqual([expect.objectContaining({ scope: 'family_contact', status: 'active', recordedBy: counselor.id })]);

      await page.getByTestId('tab-family').click();
      await web.waitForText('family-contactable', text.contactable);
      await page.getByTestId('interaction-channel').selectOption('visit');
      await page.getByTestId('interaction-summary').fill(summary);
      await page.getByTestId('interaction-submit').click();
      await web.waitForText('interaction', summary);
      await web.waitForText('interaction', text.visit);
      const contacts = (await t.http.get(`/api/v1/clients/${clientId}/family-contacts`).set(counselor.auth).expect(200)).body.items;
      expect(contacts).toEqual([expect.objectContaining({ name: relative, mayContact: true, livesWithClient: false, contactable: true })]);
      const interactions = (
        await t.http.get(`/api/v1/clients/${clientId}/family-contacts/${contacts[0].id}/interactions`).set(counselor.auth).expect(200)
      ).body.items;
      expect(interactions).toEqual([expect.objectContaining({ channel: 'visit', summary, date: clinicDay(t) })]);
      await web.checkAccessibility();
      await web.screenshot('counselor-family');

      // Revoke the consent with a reason: it shows as revoked, and the relative is no longer contactable.
      const reason = language === 'en' ? 'Client withdrew consent' : '服务对象撤回同意';
      await page.getByTestId('tab-consents').click();
      await consentRow.getByTestId('consent-revoke').click();
      await page.getByTestId('revoke-reason').fill(reason);
      await page.getByTestId('revoke-submit').click();
      await consentRow.getByTestId('consent-status').filter({ hasText: text.revoked }).waitFor();
      await web.waitForText('consent-revoked', reason);
      const revoked = (await t.http.get(`/api/v1/clients/${clientId}/consents`).set(counselor.auth).expect(200)).body.items;
      expect(revoked).toEqual([expect.objectContaining({ scope: 'family_contact', status: 'revoked', revokeReason: reason })]);
      await web.checkAccessibility();
      await web.screenshot('counselor-consents');
      await page.getByTestId('tab-family').click();
      await web.waitForText('family-contactable', text.notContactable);
      await web.finish();

      // The coordinator sees the session as metadata only: no notes, no topics, no form to log one.
      const coord = await WebPage.open(suite, language);
      await coord.signIn(coordinator.username, STAFF_PASSWORD);
      await coord.goto(`/clients/${clientId}?tab=sessions`);
      await coord.waitForText('session-minutes', text.minutes);
      await coord.waitForText('notes-withheld', text.withheld);
      await coord.waitForText('session-counselor', 'Test counselor');
      const html = await coord.page.content();
      expect(html).not.toContain(notes);
      expect(html).not.toContain(topics.split(/[,，]/)[0]);
      expect(await coord.page.getByTestId('session-form').count()).toBe(0);
      await coord.checkAccessibility();
      await coord.screenshot('coordinator-client-sessions');
      const seen = (await t.http.get(`/api/v1/clients/${clientId}/counseling-sessions`).set(coordinator.auth).expect(200)).body.items;
      expect(seen).toHaveLength(1);
      expect(seen[0]).not.toHaveProperty('notes');

      // The coordinator's dosing and peer-group tabs (read-only here). Missed days count from the intake's dose on paper.
      await importDosingHistory(t, coordinator, [[registered.code as string, clinicDay(t, -4)]]);
      await makeDoseOrder(t, physician, clientId, { doseMg: 65 });
      await coord.page.getByTestId('tab-dosing').click();
      await coord.waitForText('dose-order', '65');
      await coord.waitForText('dosing-flag', text.assess);
      await coord.checkAccessibility();
      await coord.page.getByTestId('tab-groups').click();
      await coord.waitForText('groups', text.noGroups);
      await coord.checkAccessibility();
      await coord.finish();

      // A physician sees the clinical identity only (no phone, e-mail or ID number) and the overview, dosing, care-plan and referral tabs.
      const doctor = await WebPage.open(suite, language);
      await doctor.signIn(physician.username, STAFF_PASSWORD);
      await doctor.goto(`/clients/${clientId}`);
      await doctor.waitForText('client-name', '张伟');
      await doctor.page.getByTestId('fact-dateOfBirth').waitFor();
      // Overview and dosing, and the drug tests, assessment scores, care plan (without review notes) and referrals a
      // physician reads too.
      expect(await doctor.page.getByRole('tab').count()).toBe(6);
      for (const hidden of ['fact-phone', 'fact-email', 'fact-nationalId']) expect(await doctor.page.getByTestId(hidden).count()).toBe(0);
      await doctor.finish();
    },
    240_000,
  );

  it.each(LANGUAGES)(
    "in %s, a counselor whose device is set to UTC types and reads the next appointment on the clinic's clock (America/Los_Angeles)",
    async (language) => {
      const { t } = suite;
      const zone = 'America/Los_Angeles';
      const admin = await signInAdmin(t);
      const clinic = await makeClinic(t, admin, { timeZone: zone });
      const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const client = await makeClient(t, counselor, { intakeDate: clinicDay(t, -30, zone) });

      const web = await WebPage.open(suite, language, undefined, 'UTC');
      const page = web.page;
      await web.signIn(counselor.username, STAFF_PASSWORD);
      await web.goto(`/clients/${client.id}?tab=sessions`);
      // Today is the clinic's day, which for eight hours of each day is not UTC's.
      expect(await page.getByTestId('session-form').locator('input[name="date"]').inputValue()).toBe(clinicDay(t, 0, zone));
      // The appointment field says whose clock it reads.
      await page.getByText(zone).waitFor();

      // One appointment in winter time (UTC-8) and one in summer time (UTC-7), whenever the test runs.
      const year = Number(clinicDay(t, 0, zone).slice(0, 4)) + 1;
      const appointments = [
        { day: `${year}-01-15`, offset: '-08:00' },
        { day: `${year}-07-15`, offset: '-07:00' },
      ];
      for (const [index, { day, offset }] of appointments.entries()) {
        await fillDateTime(page, 'session-next-input', `${day}T10:00`);
        await page.getByTestId('session-submit').click();
        await page.getByTestId('session-next').nth(index).waitFor();
        const sessions = (await t.http.get(`/api/v1/clients/${client.id}/counseling-sessions`).set(counselor.auth).expect(200)).body.items;
        const stored = sessions.find((session: { nextAppointmentAt: string | null }) =>
          session.nextAppointmentAt?.startsWith(day.slice(0, 7)),
        );
        expect(Date.parse(stored.nextAppointmentAt)).toBe(Date.parse(`${day}T10:00:00${offset}`));
      }
      // Shown at 10:00, the clinic's time, not 18:00 or 17:00 as UTC would read it.
      const shown = await page.getByTestId('session-next').allTextContents();
      expect(shown).toHaveLength(2);
      for (const text of shown) {
        expect(text).toMatch(/\b10:00\b/);
        expect(text).not.toMatch(/\b(6|5|18|17):00\b/);
      }
      await web.finish();
    },
    120_000,
  );

  it.each(LANGUAGES)(
    'in %s, a counselor not on the care team gets "not found", then opens the record with emergency access',
    async (language) => {
      const text = TEXT[language];
      const { t } = suite;
      const admin = await signInAdmin(t);
      const clinic = await makeClinic(t, admin);
      const coordinator = await makeStaff(t, admin, Role.Coordinator, clinic.id);
      const counselor = await makeStaff(t, admin, Role.Counselor, clinic.id);
      const client = await makeClient(t, coordinator, { familyName: '王', givenName: '芳' });

      const web = await WebPage.open(suite, language);
      await web.signIn(counselor.username, STAFF_PASSWORD);
      web.expectApiError(404);
      await web.goto(`/clients/${client.id}`);
      await web.waitForText('error', text.notFound);
      await web.page.getByTestId('emergency-access').waitFor();
      await web.checkAccessibility();
      await web.screenshot('counselor-emergency-access');

      await web.page
        .getByTestId('emergency-reason')
        .fill(language === 'en' ? 'Client collapsed in the waiting room' : '服务对象在候诊室晕倒');
      await web.page.getByTestId('emergency-submit').click();
      await web.waitForText('client-name', '王芳');
      await web.waitForText('emergency-granted', text.emergencyGranted);
      const grants = (await t.http.get('/api/v1/emergency-access').set(coordinator.auth).expect(200)).body.items;
      expect(grants).toEqual([expect.objectContaining({ clientId: client.id, staffId: counselor.id, active: true })]);
      await web.finish();
    },
    120_000,
  );
});
