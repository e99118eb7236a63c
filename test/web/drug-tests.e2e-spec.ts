import { selectedTestDays } from '@tongban/drug-tests';
import { FieldCipher, Role } from '@tongban/platform';
import { ClientRecord, clinicDay, makeClient, makeClinic, makeStaff, signInAdmin, STAFF_PASSWORD } from '../factories';
import { LANGUAGES, startWebSuite, WebPage, WebSuite } from './support/browser';

const TEXT = {
  'zh-CN': { due: '今日需尿检', refused: '服务对象拒绝检测', recorded: '已为', reportTitle: '尿检' },
  en: { due: 'Drug test due today', refused: 'The client refused the test', recorded: 'Drug test recorded for', reportTitle: 'Drug tests' },
} as const;

describe('web app: random drug tests at the dispensing window and their report', () => {
  let suite: WebSuite;

  beforeAll(async () => {
    suite = await startWebSuite();
  });
  afterAll(() => suite?.close());

  it.each(LANGUAGES)(
    'marks a client due a test today at the window, the nurse records a refusal there, the coordinator reads the report (%s)',
    async (language) => {
      const t = suite.t;
      const text = TEXT[language];
      const admin = await signInAdmin(t);
      const clinic = await makeClinic(t, admin);
      const [nurse, coordinator] = await Promise.all([Role.Nurse, Role.Coordinator].map((role) => makeStaff(t, admin, role, clinic.id)));
      await t.http.patch(`/api/v1/clinics/${clinic.id}/settings`).set(coordinator.auth).send({ drugTestsPerMonth: 8 }).expect(200);
      // The clinic's secret is made on the first read of the due list that has a client to choose.
      const today = clinicDay(t);
      let client = await makeClient(t, coordinator, { intakeDate: today });
      await t.http.get('/api/v1/drug-tests/due').set(nurse.auth).expect(200);
      const [key] = await t.dataSource.query<Array<{ secret: string }>>('SELECT secret FROM drug_test_key WHERE clinic_id = $1', [
        clinic.id,
      ]);
      const secret = Buffer.from(t.app.get(FieldCipher).open(key.secret), 'base64');
      // Clients until one is chosen for today (each is, 8 days in a month, about one time in four).
      let chosen: ClientRecord | undefined;
      for (let i = 0; i < 60; i += 1) {
        if (selectedTestDays(secret, client.id, today.slice(0, 7), 8).includes(today)) {
          chosen = client;
          break;
        }
        client = await makeClient(t, coordinator, { intakeDate: today });
      }
      if (!chosen) throw new Error('No client was chosen for today.');

      const web = await WebPage.open(suite, language);
      await web.signIn(nurse.username, STAFF_PASSWORD);
      await web.goto('/dosing');
      const row = web.page.getByTestId(`row-${chosen.code}`);
      await row.getByTestId('drug-test-due').waitFor();
      expect(await row.getByTestId('drug-test-due').textContent()).toBe(text.due);
      await web.screenshot('nurse-window-drug-test-due');

      await row.getByTestId('record-drug-test').click();
      await web.page.getByTestId('window-drug-test-form').waitFor();
      await web.checkAccessibility();
      await web.screenshot('nurse-drug-test-form');
      await web.page.getByRole('switch', { name: text.refused }).click();
      await web.page.getByTestId('drug-test-submit').click();
      await web.waitForText('drug-test-recorded', text.recorded);
      await row.getByTestId('drug-test-due').waitFor({ state: 'detached' });
      const tests = await t.http.get(`/api/v1/clients/${chosen.id}/drug-tests`).set(nurse.auth).expect(200);
      expect(tests.body.items).toEqual([
        expect.objectContaining({ date: today, refused: true, observed: false, results: [], positiveOpiate: true }),
      ]);
      await web.finish();

      const report = await WebPage.open(suite, language);
      await report.signIn(coordinator.username, STAFF_PASSWORD);
      await report.goto('/reports/drug-tests');
      const month = report.page.locator(`[data-testid="drug-test-row"][data-month="${today.slice(0, 7)}"]`);
      await month.waitFor();
      expect(await month.getByTestId('drug-test-tests').textContent()).toBe('1');
      expect(await month.getByTestId('drug-test-positive').textContent()).toBe('1');
      expect(await month.getByTestId('drug-test-rate').textContent()).toBe('100%');
      await report.checkAccessibility();
      await report.screenshot('coordinator-drug-test-report');
      await report.finish();
    },
  );
});
